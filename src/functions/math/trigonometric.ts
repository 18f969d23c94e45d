// Trigonometric functions and their inverses (Chainer's trigonometric.py).
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { zerosLike } from '../../array/creation';
import { FunctionNode } from '../../core/function-node';
import { Variable, type VariableLike } from '../../core/variable';
import { sumTo } from '../array/broadcast';
import { add, div, mul, neg, pow, sub } from './basic-math';
import { floatInput } from './input';
import { square } from './sqrt';
import { UnaryFunction, unaryEntry } from './unary';
import { keepsNoGradients } from '../../core/vouched';
import { surplusArguments } from '../../util/options';

export class Sin extends UnaryFunction {
  protected compute(x: NDArray) { return ops.sin(x); }
  protected derivative(x: Variable) { return cos(x); }
}

export class Cos extends UnaryFunction {
  protected compute(x: NDArray) { return ops.cos(x); }
  protected derivative(x: Variable) { return neg(sin(x)); }
}

export class Tan extends UnaryFunction {
  protected compute(x: NDArray) { return ops.tan(x); }
  protected derivative(x: Variable) { return div(1, square(cos(x))); }
  // Chainer's gy / cos^2 x (1 + tan^2 x rounds apart, most near pi / 2).
  protected override gradient(gy: Variable, x: Variable) { return div(gy, square(cos(x))); }
}

/** An inverse function whose gradient is a node of Chainer's from (x, gy). */
abstract class Inverse extends FunctionNode {
  protected abstract compute(x: NDArray): NDArray;
  protected abstract grad(): InverseGrad;
  forward([x]: NDArray[]): NDArray[] {
    this.retainInputs([0]);
    return [this.compute(x)];
  }
  override backward(_: number[], [gy]: (Variable | null)[]): (Variable | null)[] {
    return this.grad().apply([this.getRetainedInputs()[0], gy!]);
  }
}

/**
 * Chainer's ArcsinGrad, ArccosGrad and ArctanGrad: gx from (x, gy) in its order, and its
 * own second derivatives (differentiating 1 / sqrt(1 - x^2) instead rounds apart, and is
 * NaN where Chainer's ggx gy x / (1 - x^2)^1.5 is 0, at |x| = 1e30).
 */
abstract class InverseGrad extends FunctionNode {
  protected abstract gx(x: NDArray, gy: NDArray): NDArray;
  protected abstract ofX(x: Variable, gy: Variable, ggx: Variable): Variable;
  protected abstract ofGy(x: Variable, ggx: Variable): Variable;
  forward([x, gy]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    return [this.gx(x, gy)];
  }
  override backward(indexes: number[], [ggx]: (Variable | null)[]): (Variable | null)[] {
    const [x, gy] = this.getRetainedInputs();
    return [indexes.includes(0) ? this.ofX(x, gy, ggx!) : null, indexes.includes(1) ? this.ofGy(x, ggx!) : null];
  }
}

/** 1 / sqrt(1 - x^2), numpy's reciprocal of the root. */
const inverseRoot = (x: NDArray) => ops.div(1, ops.sqrt(ops.sub(1, ops.square(x))));
/** (1 - x^2)^1.5 of Variables, as Chainer's (1 - x ** 2) ** 1.5. */
const rootCubed = (x: Variable) => pow(sub(1, pow(x, 2)), 1.5);

class ArcsinGrad extends InverseGrad {
  protected gx(x: NDArray, gy: NDArray) { return ops.mul(inverseRoot(x), gy); }
  protected ofX(x: Variable, gy: Variable, ggx: Variable) { return div(mul(mul(ggx, gy), x), rootCubed(x)); }
  protected ofGy(x: Variable, ggx: Variable) { return new ArcsinGrad().apply([x, ggx])[0]; }
}

class ArccosGrad extends InverseGrad {
  protected gx(x: NDArray, gy: NDArray) { return ops.mul(ops.neg(inverseRoot(x)), gy); }
  protected ofX(x: Variable, gy: Variable, ggx: Variable) { return div(mul(neg(ggx), mul(gy, x)), rootCubed(x)); }
  protected ofGy(x: Variable, ggx: Variable) { return new ArccosGrad().apply([x, ggx])[0]; }
}

class ArctanGrad extends InverseGrad {
  protected gx(x: NDArray, gy: NDArray) { return ops.mul(ops.div(1, ops.add(ops.square(x), 1)), gy); }
  // -2 gy x ggx / (x^4 + 2 x^2 + 1) and ggx / (x^2 + 1), with x^4 the square of x^2
  protected ofX(x: Variable, gy: Variable, ggx: Variable) {
    const x2 = square(x);
    return div(mul(mul(mul(gy, -2), x), ggx), add(add(square(x2), mul(x2, 2)), 1));
  }
  protected ofGy(x: Variable, ggx: Variable) { return div(ggx, add(square(x), 1)); }
}

export class Arcsin extends Inverse {
  protected compute(x: NDArray) { return ops.arcsin(x); }
  protected grad() { return new ArcsinGrad(); }
}

export class Arccos extends Inverse {
  protected compute(x: NDArray) { return ops.arccos(x); }
  protected grad() { return new ArccosGrad(); }
}

export class Arctan extends Inverse {
  protected compute(x: NDArray) { return ops.arctan(x); }
  protected grad() { return new ArctanGrad(); }
}

/** atan2(x1, x2) elementwise, with numpy broadcasting. */
export class Arctan2 extends FunctionNode {
  forward([x1, x2]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    return [ops.arctan2(x1, x2)];
  }
  override backward(indexes: number[], [gy]: (Variable | null)[]): (Variable | null)[] {
    const [x1, x2] = this.getRetainedInputs();
    const [g1, g2] = new Arctan2Grad().apply([x1, x2, gy!]);
    return [indexes.includes(0) ? g1 : null, indexes.includes(1) ? g2 : null];
  }
}

/**
 * Chainer's Arctan2Grad: x2 / sqnorm gy and -x1 / sqnorm gy (sqnorm = x1^2 + x2^2), each
 * summed to its input's shape, with Chainer's second derivatives (over sqnorm ** 2, which
 * overflows to NaN results where the derivatives of the quotients stay finite).
 */
export class Arctan2Grad extends FunctionNode {
  forward([x1, x2, gy]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1, 2]);
    const sqnorm = ops.add(ops.square(x1), ops.square(x2));
    return [ops.sumTo(ops.mul(ops.div(x2, sqnorm), gy), x1.shape), ops.sumTo(ops.mul(ops.div(ops.neg(x1), sqnorm), gy), x2.shape)];
  }
  override backward(indexes: number[], [gg1, gg2]: (Variable | null)[]): (Variable | null)[] {
    const [x1, x2, gy] = this.getRetainedInputs();
    const ggx1 = gg1 ?? new Variable(zerosLike(x1.array), { requiresGrad: false });
    const ggx2 = gg2 ?? new Variable(zerosLike(x2.array), { requiresGrad: false });
    const x1sq = pow(x1, 2), x2sq = pow(x2, 2);
    const sqnorm = add(x1sq, x2sq);
    const diff = sub(x1sq, x2sq);
    const over = (t: Variable) => div(mul(t, gy), pow(sqnorm, 2));
    return [
      indexes.includes(0) ? sumTo(over(add(mul(mul(mul(neg(ggx1), 2), x1), x2), mul(ggx2, diff))), x1.shape) : null,
      indexes.includes(1) ? sumTo(over(add(mul(ggx1, diff), mul(ggx2, mul(mul(x1, 2), x2)))), x2.shape) : null,
      indexes.includes(2) ? div(sub(mul(ggx1, x2), mul(ggx2, x1)), sqnorm) : null,
    ];
  }
}

export const sin = /* @__PURE__ */ unaryEntry('sin', Sin);
export const cos = /* @__PURE__ */ unaryEntry('cos', Cos);
export const tan = /* @__PURE__ */ unaryEntry('tan', Tan);
export const arcsin = /* @__PURE__ */ unaryEntry('arcsin', Arcsin);
export const arccos = /* @__PURE__ */ unaryEntry('arccos', Arccos);
export const arctan = /* @__PURE__ */ unaryEntry('arctan', Arctan);

export function arctan2(x1: VariableLike, x2: VariableLike): Variable {
  if (arguments.length > 2) surplusArguments('arctan2', arguments, 'x1, x2');
  const a = floatInput('arctan2', 'x1', x1), b = floatInput('arctan2', 'x2', x2);
  return new Arctan2().apply([a, b])[0];
}

keepsNoGradients(Sin, Cos, Tan, Arcsin, Arccos, Arctan, ArcsinGrad, ArccosGrad, ArctanGrad, Arctan2, Arctan2Grad);

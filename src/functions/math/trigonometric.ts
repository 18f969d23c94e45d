// Trigonometric functions and their inverses (Chainer's trigonometric.py).
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { sumTo } from '../array/broadcast';
import { add, div, mul, neg, sub } from './basic-math';
import { floatInput } from './input';
import { sqrt, square } from './sqrt';
import { UnaryFunction } from './unary';
import { keepsNoGradients } from '../../core/vouched';

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

export class Arcsin extends UnaryFunction {
  protected compute(x: NDArray) { return ops.arcsin(x); }
  protected derivative(x: Variable) { return div(1, sqrt(sub(1, mul(x, x)))); }
}

export class Arccos extends UnaryFunction {
  protected compute(x: NDArray) { return ops.arccos(x); }
  protected derivative(x: Variable) { return div(-1, sqrt(sub(1, mul(x, x)))); }
}

export class Arctan extends UnaryFunction {
  protected compute(x: NDArray) { return ops.arctan(x); }
  protected derivative(x: Variable) { return div(1, add(mul(x, x), 1)); }
}

/** atan2(x1, x2) elementwise, with numpy broadcasting. */
export class Arctan2 extends FunctionNode {
  forward([x1, x2]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    return [ops.arctan2(x1, x2)];
  }
  override backward(indexes: number[], [gy]: (Variable | null)[]): (Variable | null)[] {
    const [x1, x2] = this.getRetainedInputs();
    // d/dx1 = x2 / (x1^2 + x2^2), d/dx2 = -x1 / (x1^2 + x2^2), times gy last as in Chainer's Arctan2Grad
    const sqnorm = add(mul(x1, x1), mul(x2, x2));
    return [
      indexes.includes(0) ? sumTo(mul(div(x2, sqnorm), gy!), x1.shape) : null,
      indexes.includes(1) ? sumTo(mul(div(neg(x1), sqnorm), gy!), x2.shape) : null,
    ];
  }
}

export const sin = (x: VariableLike): Variable => new Sin().apply([floatInput('sin', 'x', x)])[0];
export const cos = (x: VariableLike): Variable => new Cos().apply([floatInput('cos', 'x', x)])[0];
export const tan = (x: VariableLike): Variable => new Tan().apply([floatInput('tan', 'x', x)])[0];
export const arcsin = (x: VariableLike): Variable => new Arcsin().apply([floatInput('arcsin', 'x', x)])[0];
export const arccos = (x: VariableLike): Variable => new Arccos().apply([floatInput('arccos', 'x', x)])[0];
export const arctan = (x: VariableLike): Variable => new Arctan().apply([floatInput('arctan', 'x', x)])[0];

export function arctan2(x1: VariableLike, x2: VariableLike): Variable {
  const a = floatInput('arctan2', 'x1', x1), b = floatInput('arctan2', 'x2', x2);
  return new Arctan2().apply([a, b])[0];
}

keepsNoGradients(Sin, Cos, Tan, Arcsin, Arccos, Arctan, Arctan2);

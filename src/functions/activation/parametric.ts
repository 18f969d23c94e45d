// Activations with a learned parameter broadcast from axis 1: prelu (Chainer's
// PReLUFunction) and swish (Chainer's Swish). The parameter's shape matches x.shape[1:k]
// and its gradient is summed over the other axes.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { shapeString } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { broadcastTo, sumTo } from '../array/broadcast';
import { reshape } from '../array/reshape';
import { add, mul, sub } from '../math/basic-math';
import { floatInput } from '../math/input';
import { sigmoid } from './elementwise';
import { keepsNoGradients } from '../../core/vouched';
import { surplusArguments } from '../../util/options';

type Grad = (Variable | null)[];

/** The shape that broadcasts a parameter of shape `p` against x from axis 1 on (0-d: a scalar). */
function fromAxis1(fn: string, arg: string, x: readonly number[], p: readonly number[]): number[] {
  const fits = x.length >= Math.max(p.length + 1, 1) && p.every((d, i) => d === x[i + 1]);
  if (!fits) throw new RangeError(`${fn}: ${arg} ${shapeString(p)} must match x.shape[1:${p.length + 1}] of x ${shapeString(x)}`);
  return [1, ...p, ...new Array<number>(Math.max(x.length - 1 - p.length, 0)).fill(1)].slice(0, x.length);
}

export class PReLUFunction extends FunctionNode {
  forward([x, W]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    const wb = ops.reshape(W, fromAxis1('prelu', 'W', x.shape, W.shape));
    // x where x >= 0, W x elsewhere: Chainer masks x >= 0, so NaN takes the W branch (its
    // gradient W gy, and NaN for W).
    return [ops.where(ops.greaterEqual(x, 0), x, ops.mul(x, wb))];
  }
  override backward(indexes: number[], [gy]: Grad): Grad {
    const [x, W] = this.getRetainedInputs();
    const [gx, gW] = new PReLUFunctionGrad(x.array, true).apply([x, W, gy!]);
    return [indexes.includes(0) ? gx : null, indexes.includes(1) ? gW : null];
  }
}

/**
 * Chainer's PReLUFunctionGrad: from (x, W, gy), gx selected by cond >= 0 (gy there, W gy
 * elsewhere, NaN included) and gW the sum of where(cond >= 0, 0, x gy) (0 at x = inf, where
 * a 0/1 mask times x would be NaN); unreduced when it differentiates itself. Its gradient
 * masks ggW by cond < 0, as Chainer's does: 0 for x at NaN, and x (ggW (cond < 0)) is
 * inf * 0 = NaN for gy at x = inf.
 */
export class PReLUFunctionGrad extends FunctionNode {
  constructor(readonly cond: NDArray, readonly reduce: boolean) { super(); }
  forward([x, W, gy]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1, 2]);
    const kept = ops.greaterEqual(this.cond, 0);
    const masked = ops.where(kept, 0, ops.mul(x, gy));
    const wShape = fromAxis1('prelu', 'W', x.shape, W.shape);
    const gW = this.reduce ? ops.reshape(ops.sumTo(masked, wShape), W.shape) : masked;
    return [ops.where(kept, gy, ops.mul(gy, ops.reshape(W, wShape))), gW];
  }
  override backward(indexes: number[], [ggx, ggW]: Grad): Grad {
    const [x, W, gy] = this.getRetainedInputs();
    const wShape = fromAxis1('prelu', 'W', x.shape, W.shape);
    const negative = ops.cast(ops.less(this.cond, 0), 'float32');
    const ggWx = ggW ? mul(broadcastTo(this.reduce ? reshape(ggW, wShape) : ggW, x.shape), negative) : null;
    const [gxgy, gxW] = ggx ? new PReLUFunctionGrad(this.cond, false).apply([gy, W, ggx]) : [null, null];
    const gyGrad = ggWx ? (gxgy ? add(mul(x, ggWx), gxgy) : mul(x, ggWx)) : gxgy;
    return [
      indexes.includes(0) && ggWx ? mul(gy, ggWx) : null,
      indexes.includes(1) && gxW ? reshape(sumTo(gxW, wShape), W.shape) : null,
      indexes.includes(2) ? gyGrad : null,
    ];
  }
}

/** Parametric ReLU: x where x >= 0, W x elsewhere (NaN included), with W broadcast from axis 1. */
export function prelu(x: VariableLike, W: VariableLike): Variable {
  if (arguments.length > 2) surplusArguments('prelu', arguments, 'x, W');
  const vx = floatInput('prelu', 'x', x), vW = floatInput('prelu', 'W', W);
  fromAxis1('prelu', 'W', vx.shape, vW.shape);
  return new PReLUFunction().apply([vx, vW])[0];
}

export class Swish extends FunctionNode {
  forward([x, beta]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    const bb = ops.reshape(beta, fromAxis1('swish', 'beta', x.shape, beta.shape));
    return [ops.mul(x, ops.sigmoid(ops.mul(x, bb)))];
  }
  override backward(indexes: number[], [gy]: Grad): Grad {
    const [x, beta] = this.getRetainedInputs();
    const [gx, gb] = new SwishGrad().apply([x, beta, gy!]);
    return [indexes.includes(0) ? gx : null, indexes.includes(1) ? gb : null];
  }
}

/**
 * Chainer's SwishGrad: from (x, beta, gy), gx = gy (by + s (1 - by)) and
 * gb = sum(gy y (x - y)) for s = sigmoid(beta x), y = x s, by = beta y, with Chainer's
 * explicit second derivatives as its backward (differentiating the expression instead
 * rounds apart, and gives NaN where s saturates for large |beta x|).
 */
export class SwishGrad extends FunctionNode {
  forward([x, beta, gy]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1, 2]);
    const shape = fromAxis1('swish', 'beta', x.shape, beta.shape);
    const bb = ops.reshape(beta, shape);
    const s = ops.sigmoid(ops.mul(bb, x));
    const y = ops.mul(x, s);
    const by = ops.mul(bb, y);
    const gx = ops.mul(gy, ops.add(by, ops.mul(s, ops.sub(1, by))));
    return [gx, ops.reshape(ops.sumTo(ops.mul(ops.mul(gy, y), ops.sub(x, y)), shape), beta.shape)];
  }
  override backward(indexes: number[], [ggx, ggb]: Grad): Grad {
    const [x, beta, gy] = this.getRetainedInputs();
    const shape = fromAxis1('swish', 'beta', x.shape, beta.shape);
    const bb = broadcastTo(reshape(beta, shape), gy.shape);
    const ggbb = ggb ? broadcastTo(reshape(ggb, shape), gy.shape) : null;
    const s = sigmoid(mul(bb, x));
    const y = mul(x, s);
    const by = mul(bb, y);
    const oneMinusS = sub(1, s);
    const sOneMinusBy = mul(s, sub(1, by));
    const yXMinusY = mul(y, sub(x, y));
    const xMinus2y = sub(x, mul(2, y));
    const common = mul(mul(mul(gy, y), add(2, mul(bb, xMinus2y))), oneMinusS);
    // Chainer's sums, with the term of an absent upstream gradient left out
    const plus = (a: Variable | null, b: Variable | null) => (a && b ? add(a, b) : a ?? b);
    const gx = plus(ggx ? mul(mul(mul(mul(ggx, gy), bb), oneMinusS), add(by, mul(2, sOneMinusBy))) : null, ggbb ? mul(ggbb, common) : null);
    const gb = plus(ggx ? mul(ggx, common) : null, ggbb ? mul(mul(mul(ggbb, gy), yXMinusY), xMinus2y) : null);
    const ggy = plus(ggx ? mul(ggx, add(by, sOneMinusBy)) : null, ggbb ? mul(ggbb, yXMinusY) : null);
    return [
      indexes.includes(0) ? gx : null,
      indexes.includes(1) && gb ? reshape(sumTo(gb, shape), beta.shape) : null,
      indexes.includes(2) ? ggy : null,
    ];
  }
}

/** x sigmoid(beta x), with beta broadcast from axis 1. */
export function swish(x: VariableLike, beta: VariableLike): Variable {
  if (arguments.length > 2) surplusArguments('swish', arguments, 'x, beta');
  const vx = floatInput('swish', 'x', x), vb = floatInput('swish', 'beta', beta);
  fromAxis1('swish', 'beta', vx.shape, vb.shape);
  return new Swish().apply([vx, vb])[0];
}

keepsNoGradients(PReLUFunction, PReLUFunctionGrad, Swish, SwishGrad);

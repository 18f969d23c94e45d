// Activations with a learned parameter broadcast from axis 1: prelu (Chainer's
// PReLUFunction) and swish (Chainer's Swish). The parameter's shape matches x.shape[1:k]
// and its gradient is summed over the other axes.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { shapeString } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { sumTo } from '../array/broadcast';
import { reshape } from '../array/reshape';
import { where } from '../array/where';
import { add, mul, sub } from '../math/basic-math';
import { floatInput } from '../math/input';
import { sigmoid } from './elementwise';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];

/** The shape that broadcasts a parameter of shape `p` against x from axis 1 on (0-d: a scalar). */
function fromAxis1(fn: string, arg: string, x: readonly number[], p: readonly number[]): number[] {
  const fits = x.length >= Math.max(p.length + 1, 1) && p.every((d, i) => d === x[i + 1]);
  if (!fits) throw new RangeError(`${fn}: ${arg} ${shapeString(p)} must match x.shape[1:${p.length + 1}] of x ${shapeString(x)}`);
  return [1, ...p, ...new Array<number>(Math.max(x.length - 1 - p.length, 0)).fill(1)].slice(0, x.length);
}

export class PReLUFunction extends FunctionNode {
  private kept: NDArray | null = null;
  forward([x, W]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    const wb = ops.reshape(W, fromAxis1('prelu', 'W', x.shape, W.shape));
    // x where x >= 0, W x elsewhere: Chainer masks x >= 0, so NaN takes the W branch (its
    // gradient W gy, and NaN for W).
    this.kept = ops.greaterEqual(x, 0);
    return [ops.where(this.kept, x, ops.mul(x, wb))];
  }
  override backward(indexes: number[], [gy]: Grad): Grad {
    const [x, W] = this.getRetainedInputs();
    const kept = this.kept!;
    const wb = reshape(W, fromAxis1('prelu', 'W', x.shape, W.shape));
    // Selected as in Chainer's PReLUFunctionGrad: dy/dx = 1 where x >= 0, W elsewhere;
    // dy/dW = x where x < 0 (0 at x = inf, where a 0/1 mask times x would be NaN).
    return [
      indexes.includes(0) ? where(kept, gy!, mul(gy!, wb)) : null,
      indexes.includes(1) ? reshape(sumTo(where(kept, 0, mul(x, gy!)), wb.shape), W.shape) : null,
    ];
  }
}

/** Parametric ReLU: x where x >= 0, W x elsewhere (NaN included), with W broadcast from axis 1. */
export function prelu(x: VariableLike, W: VariableLike): Variable {
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
    const bb = reshape(beta, fromAxis1('swish', 'beta', x.shape, beta.shape));
    const s = sigmoid(mul(x, bb));
    const y = mul(x, s);
    const by = mul(bb, y);
    // Chainer's SwishGrad: dy/dx = by + s (1 - by), dy/dbeta = y (x - y), in its order.
    return [
      indexes.includes(0) ? mul(gy!, add(by, mul(s, sub(1, by)))) : null,
      indexes.includes(1) ? reshape(sumTo(mul(mul(gy!, y), sub(x, y)), bb.shape), beta.shape) : null,
    ];
  }
}

/** x sigmoid(beta x), with beta broadcast from axis 1. */
export function swish(x: VariableLike, beta: VariableLike): Variable {
  const vx = floatInput('swish', 'x', x), vb = floatInput('swish', 'beta', beta);
  fromAxis1('swish', 'beta', vx.shape, vb.shape);
  return new Swish().apply([vx, vb])[0];
}

keepsNoGradients(PReLUFunction, Swish);

// logSoftmax and its gradient node (Chainer's LogSoftmax and _LogSoftmaxGrad).
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { mul, neg, sub } from '../math/basic-math';
import { exp } from '../math/exponential';
import { floatInput } from '../math/input';
import { sum } from '../math/sum';
import { type AxisOptions, axisOption } from './softmax';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];

export class LogSoftmax extends FunctionNode {
  constructor(readonly axis: number) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    this.retainOutputs([0]);
    return [ops.logSoftmax(x, this.axis)];
  }
  override backward(_: number[], [gy]: Grad): Grad {
    const [y] = this.getRetainedOutputs();
    return new LogSoftmaxGrad(this.axis).apply([y, gy!]);
  }
}

/** gx = gy - exp(y) sum(gy) for y = logSoftmax(x). */
export class LogSoftmaxGrad extends FunctionNode {
  constructor(readonly axis: number) { super(); }
  forward([y, gy]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    return [ops.logSoftmaxGrad(y, gy, this.axis)];
  }
  override backward(indexes: number[], [ggx]: Grad): Grad {
    const [y, gy] = this.getRetainedInputs();
    const a = this.axis;
    const ey = exp(y);
    // d/dy = -ggx exp(y) sum(gy),   d/dgy = ggx - sum(ggx exp(y))
    return [
      indexes.includes(0) ? neg(mul(mul(ggx!, ey), sum(gy, a, true))) : null,
      indexes.includes(1) ? sub(ggx!, sum(mul(ggx!, ey), a, true)) : null,
    ];
  }
}

/** x - log(sum(exp(x))) along `axis`, 1 by default as in Chainer; stable for any input. */
export function logSoftmax(x: VariableLike, axis?: AxisOptions | number, options?: AxisOptions): Variable {
  const v = floatInput('logSoftmax', 'x', x);
  return new LogSoftmax(axisOption('logSoftmax', v, axis, options)).apply([v])[0];
}

keepsNoGradients(LogSoftmax, LogSoftmaxGrad);

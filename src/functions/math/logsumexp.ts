// log(sum(exp(x))) over axes, stable for large inputs (Chainer's LogSumExp).
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { reshape } from '../array/reshape';
import { mul, sub } from './basic-math';
import { exp } from './exponential';
import { floatInput } from './input';
import { type Axes, type ReductionOptions, checkMaxAxes, readReduction } from '../../util/axis';
import { keepsNoGradients } from '../../core/vouched';

export type Axis = number | readonly number[] | null;

export class LogSumExp extends FunctionNode {
  constructor(readonly axis: readonly number[], readonly keepdims: boolean) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    this.retainInputs([0]);
    this.retainOutputs([0]);
    return [ops.logsumexp(x, this.axis, { keepdims: this.keepdims })];
  }
  override backward(_: number[], [gy]: (Variable | null)[]): (Variable | null)[] {
    const [x] = this.getRetainedInputs();
    const [y] = this.getRetainedOutputs();
    // d/dx = gy exp(x - y), with y and gy given back their reduced axes to broadcast.
    const kept = x.shape.map((d, i) => (this.axis.includes(i) ? 1 : d));
    return [mul(reshape(gy!, kept), exp(sub(x, reshape(y, kept))))];
  }
}

/** log(sum(exp(x))) over `axis` (every axis by default). */
export function logsumexp(x: VariableLike, axis?: Axes | ReductionOptions, keepdims?: boolean | ReductionOptions, options?: ReductionOptions): Variable {
  const v = floatInput('logsumexp', 'x', x);
  const r = readReduction('logsumexp', [axis, keepdims, options], v.ndim);
  checkMaxAxes('logsumexp', v.shape, r.axes);
  return new LogSumExp(r.axes, r.keepdims).apply([v])[0];
}

keepsNoGradients(LogSumExp);

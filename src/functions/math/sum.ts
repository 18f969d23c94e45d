import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { normalizeAxes } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { floatInput } from './input';
import { broadcastTo } from '../array/broadcast';
import { reshape } from '../array/reshape';
import { type Axes, type ReductionOptions, readReduction } from '../../util/axis';
import { keepsNoGradients } from '../../core/vouched';

export class Sum extends FunctionNode {
  private inShape: readonly number[] = [];
  private axes: number[] = [];
  constructor(readonly axis: number | readonly number[] | null, readonly keepdims: boolean) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    this.inShape = x.shape;
    this.axes = normalizeAxes('sum', this.axis, x.ndim);
    return [ops.sum(x, this.axes, { keepdims: this.keepdims })];
  }
  override backward(_: number[], [gy]: (Variable | null)[]): (Variable | null)[] {
    const kept = this.inShape.map((d, i) => (this.axes.includes(i) ? 1 : d));
    return [broadcastTo(reshape(gy!, kept), this.inShape)];
  }
}

/** Sum over axes (all by default, giving a 0-d array): sum(x, axis?, keepdims?) or sum(x, {axis, keepdims}). */
export function sum(x: VariableLike, axis?: Axes | ReductionOptions, keepdims?: boolean | ReductionOptions, options?: ReductionOptions): Variable {
  const v = floatInput('sum', 'x', x); // Chainer's Sum takes floats only
  const r = readReduction('sum', [axis, keepdims, options], v.ndim);
  return new Sum(r.axes, r.keepdims).apply([v])[0];
}

keepsNoGradients(Sum);

// Argument checks shared by the connection and pooling functions, worded like Chainer's
// type checks: the function, the argument, and the offending shape or dtype.
import { shapeString } from '../../array/shape';
import type { Variable } from '../../core/variable';
import { showValue } from '../../util/options';

export { checkFloat as checkFloatInput } from '../../array/ops/common';

export function checkRank(fn: string, arg: string, v: Variable, ndim: number, layout: string): void {
  if (v.ndim !== ndim) throw new RangeError(`${fn}: ${arg} must be ${ndim}-D ${layout}, got shape ${shapeString(v.shape)}`);
}

/** A number or a pair, as Chainer's stride/pad/ksize arguments. */
export function pair(fn: string, arg: string, value: number | readonly number[], min: number): [number, number] {
  const p = typeof value === 'number' ? [value, value] : Array.isArray(value) ? [...value] : [];
  if (p.length !== 2 || !p.every((v) => Number.isInteger(v) && v >= min)) {
    throw new RangeError(`${fn}: ${arg} must be an integer >= ${min} or a pair of them, got ${showValue(value)}`);
  }
  return p as [number, number];
}

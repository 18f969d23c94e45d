// Type checks shared by the joining functions, with Chainer's rules: one dtype, one
// number of dimensions, equal sizes on every axis but the joined one.
import { shapeString } from '../../array/shape';
import type { DType } from '../../array/dtype';

export function checkJoinable(op: string, xs: readonly { shape: readonly number[]; dtype: DType }[], axis: number | null): void {
  if (xs.length === 0) throw new RangeError(`${op}: needs at least one input`);
  const first = xs[0];
  xs.forEach((x, i) => {
    if (x.dtype !== first.dtype) throw new TypeError(`${op}: xs[${i}] is ${x.dtype} but xs[0] is ${first.dtype}; all inputs must have one dtype`);
    const sameDims = x.shape.length === first.shape.length && x.shape.every((d, k) => k === axis || d === first.shape[k]);
    if (!sameDims) {
      throw new RangeError(`${op}: xs[${i}] has shape ${shapeString(x.shape)} but xs[0] has ${shapeString(first.shape)}; ` +
        (axis === null ? 'all shapes must match' : `all dimensions except axis ${axis} must match`));
    }
  });
}

/** Cumulative sizes along an axis, without the last: the split points that undo a concat. */
export function splitPointsOf(xs: readonly { shape: readonly number[] }[], axis: number): number[] {
  const points: number[] = [];
  let at = 0;
  for (let i = 0; i < xs.length - 1; i++) { at += xs[i].shape[axis]; points.push(at); }
  return points;
}

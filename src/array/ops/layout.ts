// Shape and layout: reshape (free), transpose, broadcasting and strided views, each
// materialized by the backend's gather kernel.
import { NDArray } from '../ndarray';
import { broadcastStrides, checkShape, collapseAxes, normalizeAxes, normalizeAxis, resolveShape, shapeString, stridesOf } from '../shape';
import { checkArray, wrap } from './common';

/** Same data, new shape; one dimension may be -1. */
export function reshape(x: NDArray, shape: readonly number[]): NDArray {
  checkArray('reshape', 'x', x);
  return wrap(x.storage, resolveShape('reshape', shape, x.shape), x.dtype, x.backend);
}

/** Permutes axes; no axes reverses them, as numpy. */
export function transpose(x: NDArray, axes?: readonly number[] | null): NDArray {
  checkArray('transpose', 'x', x);
  const n = x.ndim;
  const perm = axes == null ? Array.from({ length: n }, (_, i) => n - 1 - i) : axes.map((a) => normalizeAxis('transpose', a, n));
  if (perm.length !== n || new Set(perm).size !== n) {
    throw new RangeError(`transpose: axes (${axes?.join(', ')}) are not a permutation of the ${n} axes of ${shapeString(x.shape)}`);
  }
  if (perm.every((p, i) => p === i)) return x;
  const strides = stridesOf(x.shape);
  return view(x, perm.map((p) => x.shape[p]), perm.map((p) => strides[p]), 0);
}

/** Materializes the view of x with the given shape, element strides and offset. */
export function view(x: NDArray, shape: readonly number[], strides: readonly number[], offset: number): NDArray {
  const c = collapseAxes(shape, [[...strides]]);
  const storage = x.backend.gather({ storage: x.storage, dtype: x.dtype, offset, shape: c.shape, strides: c.strides[0] });
  return wrap(storage, shape, x.dtype, x.backend);
}

/** Broadcasts to a shape, numpy rules. */
export function broadcastTo(x: NDArray, shape: readonly number[]): NDArray {
  checkArray('broadcastTo', 'x', x);
  const target = checkShape('broadcastTo', shape);
  const strides = broadcastStrides('broadcastTo', x.shape, target);
  return view(x, target, strides, 0);
}

/** Inserts a length-1 axis. */
export function expandDims(x: NDArray, axis: number): NDArray {
  const a = normalizeAxis('expandDims', axis, x.ndim + 1);
  const shape = [...x.shape];
  shape.splice(a, 0, 1);
  return reshape(x, shape);
}

/** Removes length-1 axes (all of them, or the listed ones). */
export function squeeze(x: NDArray, axis?: number | readonly number[] | null): NDArray {
  const axes = axis == null ? x.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0)
    : normalizeAxes('squeeze', axis, x.ndim); // a repeated axis is an error, as in numpy
  for (const a of axes) {
    if (x.shape[a] !== 1) throw new RangeError(`squeeze: cannot select axis ${a} of shape ${shapeString(x.shape)}: its length is not 1`);
  }
  return reshape(x, x.shape.filter((_, i) => !axes.includes(i)));
}

/** An independent contiguous copy. */
export function copy(x: NDArray): NDArray {
  checkArray('copy', 'x', x);
  return view(x, x.shape, stridesOf(x.shape), 0);
}

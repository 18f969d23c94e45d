// Cumulative sums and products along an axis (numpy.cumsum / cumprod), optionally from
// the end or exclusive of each element itself.
import { NDArray } from '../ndarray';
import { normalizeAxis, shapeString, shapesEqual } from '../shape';
import { checkArray, checkFloat, sameBackend, wrap } from './common';
import { reshape } from './layout';

export interface ScanOptions {
  /** Accumulate from the last element toward the first. */
  reverse?: boolean;
  /** Each position gets the fold of the elements strictly before it (0 or 1 first). */
  exclusive?: boolean;
}

function scan(op: 'sum' | 'prod', name: string, x: NDArray, axis: number | null, o: ScanOptions): NDArray {
  checkArray(name, 'x', x);
  if (axis === null) return scan(op, name, reshape(x, [x.size]), 0, o);
  const a = normalizeAxis(name, axis, x.ndim);
  let outer = 1, inner = 1;
  for (let i = 0; i < a; i++) outer *= x.shape[i];
  for (let i = a + 1; i < x.ndim; i++) inner *= x.shape[i];
  const storage = x.backend.scan(op, x, outer, x.shape[a], inner, !!o.reverse, !!o.exclusive);
  return wrap(storage, x.shape, x.dtype, x.backend);
}

/** Cumulative sum along `axis`; null flattens first, as numpy. */
export const cumsum = (x: NDArray, axis: number | null = null, o: ScanOptions = {}) => scan('sum', 'cumsum', x, axis, o);

/** Cumulative product along `axis`; null flattens first, as numpy. */
export const cumprod = (x: NDArray, axis: number | null = null, o: ScanOptions = {}) => scan('prod', 'cumprod', x, axis, o);

/**
 * Exclusive linear recurrence along `axis`: out[k] = z[k-1], with z[-1] = 0 and
 * z[k] = a[k] z[k-1] + b[k] (from the end when reverse). With a = 1 it is an exclusive
 * cumsum of b; with b = 0 it stays 0.
 */
export function linearRecurrence(a: NDArray, b: NDArray, axis: number, o: { reverse?: boolean } = {}): NDArray {
  checkArray('linearRecurrence', 'a', a); checkArray('linearRecurrence', 'b', b);
  checkFloat('linearRecurrence', 'a', a); checkFloat('linearRecurrence', 'b', b);
  const backend = sameBackend('linearRecurrence', [a, b], ['a', 'b']);
  if (!shapesEqual(a.shape, b.shape)) throw new RangeError(`linearRecurrence: a ${shapeString(a.shape)} and b ${shapeString(b.shape)} must have one shape`);
  const ax = normalizeAxis('linearRecurrence', axis, a.ndim);
  let outer = 1, inner = 1;
  for (let i = 0; i < ax; i++) outer *= a.shape[i];
  for (let i = ax + 1; i < a.ndim; i++) inner *= a.shape[i];
  return wrap(backend.recurrence(a, b, outer, a.shape[ax], inner, !!o.reverse), a.shape, 'float32', backend);
}

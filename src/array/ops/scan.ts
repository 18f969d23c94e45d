// Cumulative sums and products along an axis (numpy.cumsum / cumprod), optionally from
// the end or exclusive of each element itself.
import { NDArray } from '../ndarray';
import { normalizeAxis } from '../shape';
import { checkArray, wrap } from './common';
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

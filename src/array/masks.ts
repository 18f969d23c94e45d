// kusari has no bool dtype: comparisons give int32 arrays of 0 and 1. The arrays they give
// are remembered here, so that indexing reads them as numpy reads a comparison's bool array,
// a mask (x.getItem(ops.greater(x, 0)) takes the positive elements), while any other int32
// array indexes by position, as an int array does in numpy. An array made from a mask by
// another operation (a cast, a reshape, a sum) is an ordinary int32 array again.
import type { NDArray } from './ndarray';

const masks = new WeakSet<NDArray>();

/** Marks a comparison's result as a boolean mask; returns it. */
export function asMask(x: NDArray): NDArray {
  masks.add(x);
  return x;
}

/** Whether x came from a comparison (and indexes as a mask). */
export function isMask(x: NDArray): boolean {
  return masks.has(x);
}

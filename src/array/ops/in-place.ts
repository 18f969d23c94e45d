// The in-place arithmetic of the library, on arrays an owner keeps resident (a parameter's
// gradient): adding into one, scaling one. Everything else returns new arrays.
import type { NDArray } from '../ndarray';
import { shapesEqual } from '../shape';
import { checkArray, checkFloat, describe, sameBackend, wrap } from './common';

/** target += x, in place; target must be resident (kept by its owner) and x of its shape and dtype. */
export function addInPlace(target: NDArray, x: NDArray): void {
  checkArray('addInPlace', 'target', target);
  checkArray('addInPlace', 'x', x);
  sameBackend('addInPlace', [target, x], ['target', 'x']);
  if (!shapesEqual(target.shape, x.shape) || target.dtype !== x.dtype) {
    throw new RangeError(`addInPlace: x (${describe(x)}) must match target (${describe(target)})`);
  }
  if (!target.backend.isResident(target.storage)) {
    throw new TypeError(`addInPlace: target (${describe(target)}) is not resident; only arrays an owner keeps are updated in place`);
  }
  target.backend.accumulate(target, x);
}

/**
 * target *= factor, in place (the factor rounded to float32, as numpy's `grad *= rate`);
 * target must be resident. The factor may be a one-element float32 array on target's
 * backend, which is read where it lives (no synchronization on a GPU).
 */
export function scaleInPlace(target: NDArray, factor: number | NDArray): void {
  checkArray('scaleInPlace', 'target', target); checkFloat('scaleInPlace', 'target', target);
  if (typeof factor !== 'number') {
    checkArray('scaleInPlace', 'factor', factor); checkFloat('scaleInPlace', 'factor', factor);
    sameBackend('scaleInPlace', [target, factor], ['target', 'factor']);
    if (factor.size !== 1) throw new RangeError(`scaleInPlace: factor must be a number or a one-element array, got ${describe(factor)}`);
  }
  if (!target.backend.isResident(target.storage)) {
    throw new TypeError(`scaleInPlace: target (${describe(target)}) is not resident; only arrays an owner keeps are updated in place`);
  }
  target.backend.scale(target, factor);
}

/** Σ x² as a 0-d float32 array (a squared L2 norm), without a temporary of x's size. */
export function sumSquares(x: NDArray): NDArray {
  checkArray('sumSquares', 'x', x); checkFloat('sumSquares', 'x', x);
  return wrap(x.backend.sumSquares(x), [], 'float32', x.backend);
}

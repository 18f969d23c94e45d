// The one in-place arithmetic of the library: adding into an array an owner keeps resident
// (a parameter's gradient). Everything else returns new arrays.
import type { NDArray } from '../ndarray';
import { shapesEqual } from '../shape';
import { checkArray, describe, sameBackend } from './common';

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

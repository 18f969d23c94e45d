// Argument checks shared by the loss functions.
import { shapeString, shapesEqual } from '../../array/shape';
import type { Variable } from '../../core/variable';
import { showValue } from '../../util/options';

/** Throws unless `value` is one of `allowed`, naming the function and the option. */
export function checkChoice<R extends string>(fn: string, option: string, value: unknown, allowed: readonly R[]): R {
  if (!allowed.includes(value as R)) {
    throw new RangeError(`${fn}: ${option} must be ${allowed.map((r) => `'${r}'`).join(' or ')}, got ${showValue(value)}`);
  }
  return value as R;
}

export function checkSameShape(fn: string, names: readonly string[], vs: readonly Variable[]): void {
  for (let i = 1; i < vs.length; i++) {
    if (!shapesEqual(vs[0].shape, vs[i].shape)) {
      throw new RangeError(`${fn}: ${names[0]} ${shapeString(vs[0].shape)} and ${names[i]} ${shapeString(vs[i].shape)} must have the same shape`);
    }
  }
}

export function checkLabels(fn: string, t: Variable, shape: readonly number[], what: string): void {
  if (t.dtype !== 'int32') throw new TypeError(`${fn}: t must be int32 labels, got ${t.dtype} ${shapeString(t.shape)}`);
  if (!shapesEqual(t.shape, shape)) throw new RangeError(`${fn}: t.shape ${shapeString(t.shape)} must be ${shapeString(shape)} (${what})`);
}

export { checkLabelRange } from '../../array/ops/common';

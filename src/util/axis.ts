// The `axis` argument of every function that takes one: an integer (negative counts from
// the end), a sequence of integers where several axes make sense, or null for "all" /
// "flattened" where the function allows it. Wrong types fail here with the function's
// name instead of deep inside a kernel.
import { normalizeAxes, normalizeAxis } from '../array/shape';
import { showValue } from './options';

export type Axes = number | readonly number[] | null;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** A single axis, normalized into [0, ndim). */
export function readAxis(fn: string, axis: unknown, ndim: number, what = 'axis'): number {
  if (!isInt(axis)) throw new TypeError(`${fn}: ${what} must be an integer, got ${showValue(axis)}`);
  return normalizeAxis(fn, axis, ndim);
}

/** An axis, a sequence of axes or null (all axes), normalized, sorted and unique. */
export function readAxes(fn: string, axis: unknown, ndim: number, what = 'axis'): number[] {
  return normalizeAxes(fn, checkAxes(fn, axis, what), ndim);
}

/** Checks the type of an axis-or-axes argument without an array to normalize against. */
export function checkAxes(fn: string, axis: unknown, what = 'axis'): Axes {
  if (axis === null || axis === undefined) return null;
  if (isInt(axis)) return axis;
  if (Array.isArray(axis) && axis.every(isInt)) return axis;
  throw new TypeError(`${fn}: ${what} must be an integer or a sequence of integers, got ${showValue(axis)}`);
}

/** An integer axis or null (the flattened array), checked for type only. */
export function checkAxisOrNull(fn: string, axis: unknown, what = 'axis'): number | null {
  if (axis === null || axis === undefined) return null;
  if (isInt(axis)) return axis;
  throw new TypeError(`${fn}: ${what} must be an integer or null, got ${showValue(axis)}`);
}

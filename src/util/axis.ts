// The `axis` argument of every function that takes one: an integer (negative counts from
// the end), a sequence of integers where several axes make sense, or null for "all" /
// "flattened" where the function allows it. Wrong types fail here with the function's
// name instead of deep inside a kernel.
import { normalizeAxes, normalizeAxis, shapeString } from '../array/shape';
import { checkBoolean, readArguments, showValue } from './options';

export type Axes = number | readonly number[] | null;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** A single integer axis, checked for type only (the function normalizes it against its input). */
export function checkAxis(fn: string, axis: unknown, what = 'axis'): number {
  if (!isInt(axis)) throw new TypeError(`${fn}: ${what} must be an integer, got ${showValue(axis)}`);
  return axis;
}

/** A single axis, normalized into [0, ndim). */
export function readAxis(fn: string, axis: unknown, ndim: number, what = 'axis'): number {
  return normalizeAxis(fn, checkAxis(fn, axis, what), ndim);
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

export interface ReductionOptions {
  axis?: Axes;
  keepdims?: boolean;
}

/**
 * The (axis = null, keepdims = false) arguments of sum-like reductions, positional in
 * Chainer's order or in a trailing options object; axes come back normalized.
 */
export function readReduction(fn: string, args: readonly unknown[], ndim: number): { axes: number[]; given: number[]; keepdims: boolean } {
  const o = readArguments(fn, args, ['axis', 'keepdims'], { axis: null as Axes, keepdims: false });
  const axes = readAxes(fn, o.axis, ndim);
  // The axes in the order the call named them (all of them in order for null).
  const given = o.axis === null || o.axis === undefined ? axes : (typeof o.axis === 'number' ? [o.axis] : o.axis).map((a) => normalizeAxis(fn, a, ndim));
  return { axes, given, keepdims: checkBoolean(fn, 'keepdims', o.keepdims) };
}

/**
 * Refuses a zero-length axis among `axes` (normalized) of `shape`, for the functions that
 * start from x.max(axis) as Chainer's softmax, log_softmax and logsumexp do: numpy's max
 * has no identity and raises there.
 */
export function checkMaxAxes(fn: string, shape: readonly number[], axes: readonly number[]): void {
  for (const a of axes) {
    if (shape[a] === 0) throw new RangeError(`${fn}: zero-size axis ${a} of x ${shapeString(shape)} has no maximum`);
  }
}

/** The options object of a function whose only option is one axis. */
export interface AxisOption { axis?: number }
/** The options object of a function whose only option is an axis or several. */
export interface AxesOption { axis?: Axes }

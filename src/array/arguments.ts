// Checks of the plain numbers users pass to functions that create arrays, with messages
// that name the function, the argument and the value received.
import { showValue } from '../util/options';

/** A finite number (not NaN, not an infinity), or a TypeError naming op and argument. */
export function finiteNumber(op: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`${op}: ${name} must be a finite number, got ${showValue(value)}`);
  }
  return value;
}

/** A finite integer. */
export function integer(op: string, name: string, value: unknown): number {
  if (!Number.isInteger(finiteNumber(op, name, value))) throw new TypeError(`${op}: ${name} must be an integer, got ${showValue(value)}`);
  return value as number;
}

/** A count: an integer >= 0. */
export function nonNegativeInteger(op: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${op}: ${name} must be a non-negative integer, got ${showValue(value)}`);
  }
  return value;
}

/** A size or a count that cannot be zero: an integer >= 1. */
export function positiveInteger(op: string, name: string, value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  throw new RangeError(`${op}: ${name} must be a positive integer, got ${showValue(value)}`);
}

// Helpers shared by the NDArray operations.
import type { Backend, Destination, Storage } from '../../backends/backend';
import type { DType } from '../dtype';
import { NDArray } from '../ndarray';
import { shapeString } from '../shape';

export type ArrayLike = NDArray | number;

export function wrap(storage: Storage, shape: readonly number[], dtype: DType, backend: Backend): NDArray {
  return new NDArray(storage, shape, dtype, backend);
}

export function describe(x: NDArray): string {
  return `${shapeString(x.shape)} ${x.dtype}`;
}

/** Throws unless x is an NDArray. */
export function checkArray(op: string, arg: string, x: unknown): NDArray {
  if (!(x instanceof NDArray)) {
    const what = x === null ? 'null' : typeof x === 'object' ? (x as object).constructor?.name ?? 'object' : typeof x;
    throw new TypeError(`${op}: ${arg} must be an NDArray, got ${what}`);
  }
  return x;
}

/** Throws unless all arrays live on one backend (never copy silently). */
export function sameBackend(op: string, arrays: readonly NDArray[], names: readonly string[]): Backend {
  const b = arrays[0].backend;
  for (let i = 1; i < arrays.length; i++) {
    if (arrays[i].backend !== b) {
      throw new TypeError(`${op}: ${names[0]} is on '${b.name}' but ${names[i]} is on '${arrays[i].backend.name}'; move one with toDevice()`);
    }
  }
  return b;
}

/** What the dtype checks read of an NDArray or a Variable. */
interface Typed { readonly dtype: DType; readonly shape: readonly number[] }

export function checkFloat(op: string, arg: string, x: Typed): void {
  checkDtype(op, arg, x, 'float32');
}

export function checkInt(op: string, arg: string, x: Typed): void {
  checkDtype(op, arg, x, 'int32');
}

function checkDtype(op: string, arg: string, x: Typed, dtype: DType): void {
  if (x.dtype !== dtype) throw new TypeError(`${op}: ${arg} must be ${dtype}, got ${x.dtype} ${shapeString(x.shape)}`);
}

/**
 * Throws unless every label is in [0, n) or equals `ignore` (when given), naming the
 * function, the first offending label and n.
 */
export function checkLabelRange(fn: string, t: NDArray, n: number, ignore: number | null): void {
  const d = t.dataSync();
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if ((v < 0 || v >= n) && v !== ignore) {
      throw new RangeError(`${fn}: label ${v} (t at flat index ${i}) is out of range: labels must be in [0, ${n})` +
        (ignore === null ? '' : ` or equal ignoreLabel (${ignore})`));
    }
  }
}

/** A resident array a kernel writes into: overwritten, or added into with `accumulate`. */
export interface Into {
  target: NDArray;
  accumulate: boolean;
}

/** Checks a destination against the result's shape and backend; the backend's form of it. */
export function destination(op: string, into: Into | undefined, shape: readonly number[], backend: Backend): Destination | undefined {
  if (!into) return undefined;
  const t = checkArray(op, 'into.target', into.target);
  if (t.backend !== backend) throw new TypeError(`${op}: into.target is on '${t.backend.name}' but the operands are on '${backend.name}'`);
  if (t.dtype !== 'float32' || t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new RangeError(`${op}: into.target (${describe(t)}) must be float32 of the result's shape ${shapeString(shape)}`);
  }
  if (!backend.isResident(t.storage)) throw new TypeError(`${op}: into.target (${describe(t)}) must be a resident array (one an owner keeps)`);
  return { target: t, accumulate: !!into.accumulate };
}

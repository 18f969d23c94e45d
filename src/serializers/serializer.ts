// The serialization protocol shared by links, optimizers, iterators, extensions and the
// trainer, as Chainer's: an object walks its state once, calling `s.value(key, current)`
// for each entry and `obj.serialize(s.child(name))` for each sub-object. Saving records
// the values; loading returns the stored ones, which the object assigns back (arrays are
// immutable here, so loading cannot fill them in place).
import type { NDArray } from '../array/ndarray';

/** What a value in a file can be. Numbers follow Chainer's scalar types (see `ScalarKind`). */
export type SerialValue = NDArray | number | boolean | string | null | Int32Array | Float64Array | BigInt64Array;

/**
 * How a JS number is stored: Chainer writes Python ints as int64 0-d arrays and floats as
 * float64 0-d arrays. Without a hint, integers are stored as 'int' and others as 'float'.
 */
export type ScalarKind = 'int' | 'float' | 'bool';

export abstract class Serializer {
  /** True when values come from a file (Chainer's Deserializer). */
  abstract readonly isLoading: boolean;

  /** The serializer for a sub-object, with keys under `name/`. */
  abstract child(name: string): Serializer;

  /**
   * Saving: records `value` under `key` and returns it. Loading: returns the stored value
   * in the same form as `value` (an NDArray of the same shape and dtype, a number, ...).
   * `value` null stands for an uninitialized parameter: loading returns the stored array
   * whatever its shape.
   */
  abstract value<T extends SerialValue>(key: string, value: T, kind?: ScalarKind): T;

  /**
   * Loading: whether the file holds `key`, for state that may legitimately be absent
   * (where Chainer's code catches KeyError, e.g. the state of a disabled update rule).
   * Saving serializers answer false.
   */
  has(_key: string): boolean {
    return false;
  }

  /**
   * Loading: whether a key the file lacks is an error (Chainer's strict load raises
   * KeyError) rather than a value left as it is.
   */
  get strict(): boolean {
    return true;
  }
}

/**
 * Saves or loads `key` where Chainer catches the KeyError of a file without it (one of an
 * older version): loading such a file gives `fallback` (Chainer's guess) in a strict load,
 * and leaves `value` in a non-strict one, where Chainer's deserializer raises no KeyError.
 */
export function valueOr<T extends SerialValue>(s: Serializer, key: string, value: T, fallback: T, kind?: ScalarKind): T {
  if (s.isLoading && !s.has(key)) return s.strict ? fallback : value;
  return s.value(key, value, kind);
}

/** Anything that can walk its state through a Serializer. */
export interface Serializable {
  serialize(serializer: Serializer): void;
}

/**
 * A float that may be None, as Chainer keeps it: saved as a float64 scalar, or as None (a
 * 0-d object array) while unset; loading gives the number or null.
 */
export function serializeOptionalFloat(s: Serializer, key: string, value: number | null): number | null {
  if (!s.isLoading) {
    s.value(key, value, 'float');
    return value;
  }
  // Absent: a checked load reports it, an unchecked one keeps the value (as Chainer).
  if (!s.has(key)) {
    s.value(key, NaN, 'float');
    return value;
  }
  // Asked with NaN, None in the file comes back as null (see fromNpy), whatever the value was.
  const stored = s.value<number | null>(key, NaN, 'float');
  return stored === null || Number.isNaN(stored) ? null : stored;
}

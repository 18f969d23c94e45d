// How serialized values map to .npy arrays and back, following what Chainer writes:
// float32/int32 arrays as `<f4`/`<i4`, Python ints as int64 0-d arrays, floats as float64
// 0-d arrays, booleans as `|b1`, strings as `<U{n}`, integer index arrays (iterator orders)
// as 1-d `<i8`, None as a 0-d object array. Loading casts as Chainer's numpy.copyto does
// (same-kind casting): float64 and integers round to a float32 array, integers narrow to
// int32 when they fit; floats never become integers (nor, for scalars, numbers booleans,
// as Chainer's safe-casting check on Python scalars), and a value that does not fit
// (an integer out of the int32 range, a finite float beyond float32's) is an error.
import { NDArray } from '../array/ndarray';
import { fromTyped } from '../array/creation';
import { broadcastStrides } from '../array/shape';
import type { ScalarKind, SerialValue } from './serializer';
import { NpyArray, shapeText, unicodeDescr } from './npy';

// ---------------------------------------------------------------------------------
// Saving

/** The array Chainer would write for `value`. `where` names the value in errors. */
export function toNpy(value: SerialValue, kind: ScalarKind | undefined, where: string): NpyArray {
  if (value === null) return new NpyArray('|O', [], [null]);
  if (value instanceof NDArray) {
    const data = value.toTypedArray();
    return new NpyArray(data instanceof Int32Array ? '<i4' : '<f4', value.shape, data);
  }
  if (value instanceof Int32Array) return new NpyArray('<i8', [value.length], BigInt64Array.from(value, (v) => BigInt(v)));
  if (value instanceof BigInt64Array) return new NpyArray('<i8', [value.length], value.slice());
  if (value instanceof Float64Array) return new NpyArray('<f8', [value.length], value.slice());
  if (typeof value === 'boolean') return new NpyArray('|b1', [], Uint8Array.of(value ? 1 : 0));
  if (typeof value === 'string') return new NpyArray(unicodeDescr([value]), [], [value]);
  if (typeof value === 'number') {
    const k = kind ?? (Number.isInteger(value) ? 'int' : 'float');
    if (k === 'bool') return new NpyArray('|b1', [], Uint8Array.of(value ? 1 : 0));
    if (k === 'float') return new NpyArray('<f8', [], Float64Array.of(value));
    if (!Number.isSafeInteger(value)) throw new TypeError(`${where}: ${value} is not an integer that int64 holds exactly, but its kind is 'int'`);
    return new NpyArray('<i8', [], BigInt64Array.of(BigInt(value)));
  }
  throw new TypeError(`${where}: cannot serialize a value of type ${describe(value)}`);
}

// ---------------------------------------------------------------------------------
// Loading

export type Conversion = { ok: true; value: SerialValue } | { ok: false; problem: string };

const ok = (value: SerialValue): Conversion => ({ ok: true, value });
const no = (problem: string): Conversion => ({ ok: false, problem });

type NumericData = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array | Int8Array | Int16Array | Uint16Array | Uint32Array | BigUint64Array;

const INTEGER_DESCRS = new Set(['|i1', '<i2', '<i4', '<i8', '|u1', '<u2', '<u4', '<u8', '|b1']);
const NUMERIC_DESCRS = new Set(['<f2', '<f4', '<f8', ...INTEGER_DESCRS]);

/** What `stored` becomes in the form of `template`, or why it cannot without changing a value. */
export function fromNpy(stored: NpyArray, template: SerialValue, kind: ScalarKind | undefined): Conversion {
  if (stored.descr === '|O') {
    // Chainer writes None for uninitialized values and, loading it, leaves arrays alone
    if (template instanceof NDArray) return ok(template);
    if (template === null || ArrayBuffer.isView(template)) return ok(null);
    // A float that may be None (a best value or a last value not set yet) asks with NaN.
    if (typeof template === 'number' && Number.isNaN(template) && kind === 'float') return ok(null);
    return no(`None in the file, ${describe(template)} in the object`);
  }
  if (template === null || template instanceof NDArray) return toNDArray(stored, template);
  if (typeof template === 'string') {
    if (!stored.descr.startsWith('<U')) return no(`${stored.dtypeName} in the file, a string in the object`);
    if (stored.size !== 1) return no(`shape ${shapeText(stored.shape)} in the file, a single string in the object`);
    return ok((stored.data as string[])[0]);
  }
  if (!NUMERIC_DESCRS.has(stored.descr)) return no(`${stored.dtypeName} in the file, ${describe(template)} in the object`);
  const data = stored.data as NumericData;
  if (typeof template === 'number' || typeof template === 'boolean') {
    if (stored.size !== 1) return no(`shape ${shapeText(stored.shape)} in the file, a scalar in the object`);
    const v = exactNumber(data, 0);
    if (v === null) return no(`int64 value ${data[0]} is too large for a JavaScript number`);
    // Chainer casts a number to a Python scalar only where numpy's safe casting allows it:
    // floats never become ints and numbers never become bools, whatever the value.
    if (typeof template === 'boolean' || kind === 'bool') {
      if (stored.descr !== '|b1') return no(`${stored.dtypeName} in the file, a boolean in the object`);
      return ok(typeof template === 'boolean' ? v === 1 : v);
    }
    if (kind === 'int' && !INTEGER_DESCRS.has(stored.descr)) return no(`${stored.dtypeName} value ${v} in the file, an integer in the object`);
    return ok(v);
  }
  if (stored.shape.length !== 1) return no(`shape ${shapeText(stored.shape)} in the file, a 1-d array in the object`);
  const target = template instanceof Float64Array ? 'float64' : template instanceof Int32Array ? 'int32' : template instanceof BigInt64Array ? 'int64' : null;
  if (!target) return no(`cannot load into ${describe(template)}`);
  const converted = convertData(stored, target);
  return typeof converted === 'string' ? no(converted) : ok(converted as Float64Array | Int32Array | BigInt64Array);
}

/**
 * Why an array of the stored shape cannot load into one of the template's shape, or null
 * when it can: the same shape, or one that broadcasts to it, as Chainer's numpy.copyto
 * accepts (a (3,) row fills every row of a (2, 3) W, a 0-d array every element).
 */
export function shapeProblem(stored: readonly number[], template: readonly number[]): string | null {
  return stridesTo(stored, template) ? null : `shape ${shapeText(stored)} in the file, ${shapeText(template)} in the object`;
}

/**
 * The strides over `to` of an array of shape `from` broadcast to it, as numpy.copyto
 * (which also drops leading axes of length 1 beyond `to`'s), or null when it does not.
 */
function stridesTo(from: readonly number[], to: readonly number[]): number[] | null {
  let k = 0;
  while (from.length - k > to.length && from[k] === 1) k++;
  try {
    return broadcastStrides('loadNpz', from.slice(k), to);
  } catch {
    return null;
  }
}

function toNDArray(stored: NpyArray, template: NDArray | null): Conversion {
  const misfit = template && shapeProblem(stored.shape, template.shape);
  if (misfit) return no(misfit);
  if (!NUMERIC_DESCRS.has(stored.descr)) return no(`${stored.dtypeName} in the file, an array in the object`);
  // an uninitialized array takes the file's kind: integers stay integers
  const dtype = template ? template.dtype : INTEGER_DESCRS.has(stored.descr) ? 'int32' : 'float32';
  const converted = convertData(stored, dtype);
  if (typeof converted === 'string') return no(converted);
  let data = converted as Float32Array | Int32Array;
  const shape = template?.shape ?? stored.shape;
  if (template && data.length !== template.size) {
    // repeated along the axes it broadcasts over
    const strides = stridesTo(stored.shape, shape)!, src = data;
    data = new (src.constructor as Float32ArrayConstructor)(template.size);
    for (let k = 0; k < data.length; k++) {
      let i = 0;
      for (let a = shape.length - 1, r = k; a >= 0; r = Math.floor(r / shape[a--])) i += (r % shape[a]) * strides[a];
      data[k] = src[i];
    }
  }
  // A loaded value is long-lived (a link's persistent): outside the step generations.
  return ok(fromTyped(data, shape, template ? { backend: template.device } : {}).persist());
}

type Target = 'float32' | 'float64' | 'int32' | 'int64';

const RANGE_INT32: [number, number] = [-(2 ** 31), 2 ** 31 - 1];

/** A fresh typed array of the target type holding the stored values cast as numpy casts them, or why there is none. */
function convertData(stored: NpyArray, target: Target): NumericData | string {
  const src = stored.data as NumericData;
  const n = src.length;
  const from = stored.dtypeName;
  const isFloatSource = stored.descr === '<f2' || stored.descr === '<f4' || stored.descr === '<f8';
  const unfit = (i: number, range: string) => `${from} in the file does not fit ${target}: element ${i} holds ${src[i]}, outside the ${range} range`;
  if (target === 'int32' || target === 'int64') {
    // numpy's same-kind casting, as Chainer's copyto: floats never become integers
    if (isFloatSource) return `${from} in the file, ${target} in the object`;
    if (target === 'int64') return src instanceof BigInt64Array ? src.slice() : BigInt64Array.from(src as ArrayLike<number>, (v) => BigInt(v));
    if (src instanceof Int32Array) return src.slice();
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = Number(src[i]);
      if (v < RANGE_INT32[0] || v > RANGE_INT32[1]) return unfit(i, 'int32');
      out[i] = v;
    }
    return out;
  }
  // the same type: a copy (a loop over the elements takes milliseconds in a young process)
  if ((target === 'float32' && src instanceof Float32Array) || (target === 'float64' && src instanceof Float64Array)) return src.slice();
  // Floats round to the nearest representable value, as numpy's cast does.
  const out = target === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = Number(src[i]);
    out[i] = v;
    if (!Number.isFinite(out[i]) && Number.isFinite(v)) return unfit(i, target);
  }
  return out;
}

/** Element i as a number, or null when an int64 is beyond 2^53 and would round. */
function exactNumber(data: NumericData, i: number): number | null {
  const v = data[i];
  if (typeof v === 'bigint') {
    const n = Number(v);
    return BigInt(n) === v && Number.isSafeInteger(n) ? n : null;
  }
  return v;
}

/** Names a template value's type for messages. */
export function describe(value: unknown): string {
  if (value === null) return 'None';
  if (value instanceof NDArray) return `${value.dtype} ${shapeText(value.shape)}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'string') return 'a string';
  return typeof value === 'object' ? `a ${value.constructor?.name ?? 'object'}` : `a ${typeof value}`;
}

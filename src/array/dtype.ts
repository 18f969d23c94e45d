import { showValue } from '../util/options';

/**
 * Element types of an NDArray, the only two: float32 for data, parameters and gradients,
 * int32 for labels, indices and masks. The kernels compute in 32 bits, so Chainer's float64
 * and float16 map to float32, int64 and bool to int32 (see DTYPES_EXPLAINED).
 */
export type DType = 'float32' | 'int32';
export type TypedArray = Float32Array | Int32Array;
/** Typed arrays whose numbers array() copies in (into float32, or int32 when given an Int32Array). */
export type NumericTypedArray = TypedArray | Float64Array | Int8Array | Uint8Array | Uint8ClampedArray
  | Int16Array | Uint16Array | Uint32Array;

/**
 * Why there are two dtypes, said wherever a dtype is refused. The kernels (WebAssembly SIMD,
 * WebGL2) compute in 32 bits, and Chainer's float64, float16, int64 and bool map onto these.
 */
export const DTYPES_EXPLAINED = "kusari arrays are 'float32' (data, parameters, gradients) or 'int32' (labels, indices, masks), "
  + "because its WebAssembly SIMD and WebGL2 kernels compute in 32 bits; use 'float32' where Chainer uses float64 or float16, "
  + "and 'int32' for int64, uint8 and bool";

export function isDType(d: unknown): d is DType {
  return d === 'float32' || d === 'int32';
}

/** d as a DType, or a TypeError naming op and the dtypes that exist. */
export function checkDType(op: string, d: unknown, what = 'dtype'): DType {
  if (!isDType(d)) throw new TypeError(`${op}: ${what} ${showValue(d)} is not supported: ${DTYPES_EXPLAINED}`);
  return d;
}

export function typedArrayFor(dtype: DType, size: number): TypedArray {
  return dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
}

export function dtypeOfTyped(data: TypedArray): DType {
  return data instanceof Int32Array ? 'int32' : 'float32';
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * A number stored as int32 the way numpy's array(..., dtype=int32) stores it: truncated toward
 * zero. NaN, infinities and values outside int32's range have no int32 value and throw.
 */
export function toInt32(op: string, value: number, what = 'value'): number {
  const t = Math.trunc(value);
  if (t >= INT32_MIN && t <= INT32_MAX) return t;
  if (Number.isNaN(value)) throw new RangeError(`${op}: ${what} is NaN, which has no int32 value`);
  throw new RangeError(`${op}: ${what} ${value} is outside the int32 range [${INT32_MIN}, ${INT32_MAX}]`);
}

/** Numbers as a new typed array of dtype; into int32 by toInt32 (element i named in errors). */
export function typedArrayFrom(op: string, values: ArrayLike<number>, dtype: DType): TypedArray {
  if (dtype === 'float32') return Float32Array.from(values);
  if (values instanceof Int32Array) return values.slice();
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toInt32(op, values[i], `element ${i}`);
  return out;
}

/** numpy-style promotion restricted to our two dtypes. */
export function resultDType(a: DType, b: DType): DType {
  return a === 'float32' || b === 'float32' ? 'float32' : 'int32';
}

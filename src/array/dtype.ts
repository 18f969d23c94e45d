/** Element types of an NDArray: float32 for data, int32 for labels, indices and masks. */
export type DType = 'float32' | 'int32';
export type TypedArray = Float32Array | Int32Array;

export function isDType(d: unknown): d is DType {
  return d === 'float32' || d === 'int32';
}

export function typedArrayFor(dtype: DType, size: number): TypedArray {
  return dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
}

export function dtypeOfTyped(data: TypedArray): DType {
  return data instanceof Int32Array ? 'int32' : 'float32';
}

/** numpy-style promotion restricted to our two dtypes. */
export function resultDType(a: DType, b: DType): DType {
  return a === 'float32' || b === 'float32' ? 'float32' : 'int32';
}

// Creating arrays on the current backend (or the one named in the options). Every value a
// user passes is checked on the way in: shapes by checkShape, dtypes by checkDType, numbers
// stored into int32 by toInt32, so that nonsense is an error naming the function and the
// argument, never a wrong array.
import type { BackendName } from '../backends/backend';
import { currentBackend, getBackend } from '../backends/index';
import { finiteNumber, nonNegativeInteger } from './arguments';
import { type DType, type NumericTypedArray, type TypedArray, checkDType, dtypeOfTyped, toInt32, typedArrayFor, typedArrayFrom } from './dtype';
import { NDArray, type NestedArray } from './ndarray';
import { MAX_SIZE, checkShape, nestedShape, shapeString, sizeOf } from './shape';
import { isOptionsObject, readOptions, showValue } from '../util/options';

export interface CreationOptions {
  /** 'float32' (the default for floats) or 'int32', the only dtypes (see DType). */
  dtype?: DType;
  backend?: BackendName;
}

export interface ArrayOptions extends CreationOptions {
  shape?: readonly number[];
}

export function backendFor(options?: CreationOptions) {
  return options?.backend ? getBackend(options.backend) : currentBackend();
}

/** The options object of `op`, checked: a misspelt key is an error, never a silent default. */
function checkedOptions<T extends CreationOptions>(op: string, options: T, keys: readonly (keyof T & string)[] = ['dtype', 'backend']): T {
  return readOptions(op, options, keys);
}

function dtypeFrom(op: string, options: CreationOptions | undefined, fallback: DType): DType {
  return checkDType(op, options?.dtype ?? fallback, 'options.dtype');
}

function create(data: TypedArray, shape: readonly number[], options: CreationOptions): NDArray {
  const b = backendFor(options);
  return new NDArray(b.upload(data), shape, dtypeOfTyped(data), b);
}

const ARRAY_DATA = 'a number, nested arrays of numbers, a typed array or an NDArray';

function inferShape(data: NestedArray, op: string): number[] {
  const shape = nestedShape(data);
  const check = (v: NestedArray, dim: number): void => {
    if (dim === shape.length) {
      if (typeof v !== 'number' && typeof v !== 'boolean') {
        throw new TypeError(`${op}: data must be ${ARRAY_DATA}; found ${showValue(v)}${Array.isArray(v) ? ' (ragged nesting)' : ''}`);
      }
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) {
      throw new RangeError(`${op}: ragged nested array (dimension ${dim} should have length ${shape[dim]})`);
    }
    for (const e of v) check(e, dim + 1);
  };
  check(data, 0);
  return shape;
}

function flatten(data: NestedArray, out: number[]): void {
  if (Array.isArray(data)) for (const e of data) flatten(e, out);
  else out.push(Number(data));
}

/** The numbers of a typed array view, refusing views that hold no plain numbers. */
function typedNumbers(op: string, data: ArrayBufferView): ArrayLike<number> {
  if (data instanceof DataView || data instanceof BigInt64Array || data instanceof BigUint64Array) {
    throw new TypeError(`${op}: data must be ${ARRAY_DATA} of numbers, got a ${data.constructor.name}`);
  }
  return data as unknown as ArrayLike<number>;
}

/**
 * Builds an array from nested JS arrays, a number, a typed array or an NDArray (copied).
 * Into int32, values truncate toward zero as numpy's; NaN, infinities and values beyond
 * int32's range are errors.
 */
export function array(data: NestedArray | NumericTypedArray | readonly number[] | NDArray, options: ArrayOptions = {}): NDArray {
  checkedOptions('array', options, ['shape', 'dtype', 'backend']);
  if (data instanceof NDArray) {
    return array(data.dataSync(), { shape: options.shape ?? data.shape, dtype: options.dtype ?? data.dtype, backend: options.backend });
  }
  let values: ArrayLike<number>;
  let shape: number[];
  let natural: DType = 'float32';
  if (ArrayBuffer.isView(data)) {
    values = typedNumbers('array', data);
    shape = [values.length];
    if (data instanceof Int32Array) natural = 'int32';
  } else {
    shape = inferShape(data as NestedArray, 'array');
    const flat: number[] = [];
    flatten(data as NestedArray, flat);
    values = flat;
  }
  const flat = typedArrayFrom('array', values, dtypeFrom('array', options, natural));
  if (options.shape !== undefined) {
    shape = checkShape('array', options.shape, 'options.shape');
    if (sizeOf(shape) !== flat.length) throw new RangeError(`array: ${flat.length} elements do not fill options.shape ${shapeString(shape)}`);
  }
  return create(flat, shape, options);
}

/** An array of the given shape filled with value (numpy.full). */
function filled(op: string, shape: readonly number[], value: number, options: CreationOptions): NDArray {
  checkedOptions(op, options);
  const s = checkShape(op, shape);
  const dtype = dtypeFrom(op, options, 'float32');
  if (typeof value !== 'number') throw new TypeError(`${op}: value must be a number, got ${showValue(value)}`);
  const v = dtype === 'int32' ? toInt32(op, value) : value;
  const b = backendFor(options);
  return new NDArray(b.fill(sizeOf(s), dtype, v), s, dtype, b);
}

export function full(shape: readonly number[], value: number, options: CreationOptions = {}): NDArray {
  return filled('full', shape, value, options);
}

export function zeros(shape: readonly number[], options: CreationOptions = {}): NDArray {
  return filled('zeros', shape, 0, options);
}

export function ones(shape: readonly number[], options: CreationOptions = {}): NDArray {
  return filled('ones', shape, 1, options);
}

/** An array shaped like x, with x's dtype and backend unless the options say otherwise. */
function filledLike(op: string, x: NDArray, value: number, options: CreationOptions): NDArray {
  checkedOptions(op, options);
  if (!(x instanceof NDArray)) throw new TypeError(`${op}: x must be an NDArray, got ${showValue(x)}`);
  return filled(op, x.shape, value, { ...options, dtype: options.dtype ?? x.dtype, backend: options.backend ?? x.device });
}

export function zerosLike(x: NDArray, options: CreationOptions = {}): NDArray {
  return filledLike('zerosLike', x, 0, options);
}

export function onesLike(x: NDArray, options: CreationOptions = {}): NDArray {
  return filledLike('onesLike', x, 1, options);
}

export function fullLike(x: NDArray, value: number, options: CreationOptions = {}): NDArray {
  return filledLike('fullLike', x, value, options);
}

/**
 * numpy.arange: arange(stop), arange(start, stop), arange(start, stop, step). int32 when
 * start, stop and step are all integers (numpy's integer result), float32 otherwise.
 */
export function arange(start: number, stop?: number | CreationOptions, step: number | CreationOptions = 1, options: CreationOptions = {}): NDArray {
  // The options may follow fewer numbers, as numpy's arange(3, dtype=...).
  if (isOptionsObject(stop)) return arange(start, undefined, 1, stop as CreationOptions);
  if (isOptionsObject(step)) return arange(start, stop, 1, step as CreationOptions);
  return range(start, stop as number | undefined, step as number, checkedOptions('arange', options));
}

function range(start: number, stop: number | undefined, step: number, options: CreationOptions): NDArray {
  if (stop === undefined) { stop = start; start = 0; }
  finiteNumber('arange', 'start', start);
  finiteNumber('arange', 'stop', stop);
  finiteNumber('arange', 'step', step);
  if (step === 0) throw new RangeError('arange: step must be non-zero');
  const n = Math.max(0, Math.ceil((stop - start) / step));
  if (n > MAX_SIZE) throw new RangeError(`arange: ${n} values from ${start} to ${stop} by ${step} are more than the ${MAX_SIZE} an array can hold`);
  const allInt = Number.isInteger(start) && Number.isInteger(stop) && Number.isInteger(step);
  const dtype = dtypeFrom('arange', options, allInt ? 'int32' : 'float32');
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = start + i * step;
  return create(typedArrayFrom('arange', values, dtype), [n], options);
}

/** The n x n identity matrix. */
export function eye(n: number, options: CreationOptions = {}): NDArray {
  checkedOptions('eye', options);
  const shape = checkShape('eye', [nonNegativeInteger('eye', 'n', n), n]);
  const flat = typedArrayFor(dtypeFrom('eye', options, 'float32'), n * n);
  for (let i = 0; i < n; i++) flat[i * n + i] = 1;
  return create(flat, shape, options);
}

/** Wraps a Float32Array or Int32Array the caller gives up, without copying or converting. */
export function fromTyped(data: TypedArray, shape: readonly number[], options: CreationOptions = {}): NDArray {
  if (!(data instanceof Float32Array || data instanceof Int32Array)) {
    throw new TypeError(`fromTyped: data must be a Float32Array or an Int32Array, got ${showValue(data)} (array() copies and converts other data)`);
  }
  const s = checkShape('fromTyped', shape);
  checkedOptions('fromTyped', options);
  if (options.dtype !== undefined && dtypeFrom('fromTyped', options, 'float32') !== dtypeOfTyped(data)) {
    throw new TypeError(`fromTyped: options.dtype '${options.dtype}' differs from the data's ${dtypeOfTyped(data)}; fromTyped does not convert (array() does)`);
  }
  if (sizeOf(s) !== data.length) throw new RangeError(`fromTyped: ${data.length} elements do not fill shape ${shapeString(s)}`);
  return create(data, s, options);
}

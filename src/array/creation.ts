// Creating arrays on the current backend (or the one named in the options).
import type { BackendName } from '../backends/backend';
import { currentBackend, getBackend } from '../backends/index';
import { type DType, type TypedArray, dtypeOfTyped, isDType } from './dtype';
import { NDArray, type NestedArray } from './ndarray';
import { checkShape, shapeString, sizeOf } from './shape';

export interface CreationOptions {
  dtype?: DType;
  backend?: BackendName;
}

export interface ArrayOptions extends CreationOptions {
  shape?: readonly number[];
}

export function backendFor(options?: CreationOptions) {
  return options?.backend ? getBackend(options.backend) : currentBackend();
}

function dtypeFrom(op: string, options: CreationOptions | undefined, fallback: DType): DType {
  const d = options?.dtype ?? fallback;
  if (!isDType(d)) throw new TypeError(`${op}: dtype must be 'float32' or 'int32', got ${String(d)}`);
  return d;
}

function inferShape(data: NestedArray, op: string): number[] {
  const shape: number[] = [];
  let cur: NestedArray = data;
  while (Array.isArray(cur)) { shape.push(cur.length); cur = cur[0]; }
  const check = (v: NestedArray, dim: number): void => {
    if (dim === shape.length) {
      if (typeof v !== 'number' && typeof v !== 'boolean') throw new TypeError(`${op}: expected numbers, found ${typeof v} ${Array.isArray(v) ? '(ragged nesting)' : ''}`);
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

/** Builds an array from nested JS arrays, a number or a typed array. */
export function array(data: NestedArray | TypedArray | readonly number[] | NDArray, options: ArrayOptions = {}): NDArray {
  const b = backendFor(options);
  if (data instanceof NDArray) {
    const src = data.toTypedArray();
    return array(src, { shape: options.shape ?? data.shape, dtype: options.dtype ?? data.dtype, backend: options.backend });
  }
  let flat: TypedArray;
  let shape: number[];
  if (data instanceof Float32Array || data instanceof Int32Array || ArrayBuffer.isView(data)) {
    const src = data as unknown as ArrayLike<number>;
    const dtype = dtypeFrom('array', options, data instanceof Int32Array ? 'int32' : 'float32');
    flat = dtype === 'int32' ? Int32Array.from(src) : Float32Array.from(src);
    shape = options.shape ? checkShape('array', options.shape) : [src.length];
  } else {
    shape = inferShape(data as NestedArray, 'array');
    const values: number[] = [];
    flatten(data as NestedArray, values);
    const dtype = dtypeFrom('array', options, 'float32');
    flat = dtype === 'int32' ? Int32Array.from(values, (v) => Math.trunc(v)) : Float32Array.from(values);
    if (options.shape) {
      const want = checkShape('array', options.shape);
      if (sizeOf(want) !== flat.length) throw new RangeError(`array: cannot reshape ${flat.length} elements into shape ${shapeString(want)}`);
      shape = want;
    }
  }
  if (sizeOf(shape) !== flat.length) {
    throw new RangeError(`array: ${flat.length} elements do not fill shape ${shapeString(shape)}`);
  }
  return new NDArray(b.upload(flat), shape, dtypeOfTyped(flat), b);
}

export function full(shape: readonly number[], value: number, options: CreationOptions = {}): NDArray {
  const s = checkShape('full', shape);
  const b = backendFor(options);
  const dtype = dtypeFrom('full', options, 'float32');
  return new NDArray(b.fill(sizeOf(s), dtype, value), s, dtype, b);
}

export function zeros(shape: readonly number[], options: CreationOptions = {}): NDArray {
  return full(shape, 0, options);
}

export function ones(shape: readonly number[], options: CreationOptions = {}): NDArray {
  return full(shape, 1, options);
}

export function zerosLike(x: NDArray, options: CreationOptions = {}): NDArray {
  return full(x.shape, 0, { dtype: x.dtype, backend: x.device, ...options });
}

export function onesLike(x: NDArray, options: CreationOptions = {}): NDArray {
  return full(x.shape, 1, { dtype: x.dtype, backend: x.device, ...options });
}

export function fullLike(x: NDArray, value: number, options: CreationOptions = {}): NDArray {
  return full(x.shape, value, { dtype: x.dtype, backend: x.device, ...options });
}

/** numpy.arange: arange(stop), arange(start, stop), arange(start, stop, step). */
export function arange(start: number, stop?: number, step = 1, options: CreationOptions = {}): NDArray {
  if (stop === undefined) { stop = start; start = 0; }
  if (step === 0 || !Number.isFinite(step)) throw new RangeError(`arange: step must be a finite non-zero number, got ${step}`);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const allInt = Number.isInteger(start) && Number.isInteger(step);
  const dtype = dtypeFrom('arange', options, allInt ? 'int32' : 'float32');
  const flat = dtype === 'int32' ? new Int32Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) flat[i] = start + i * step;
  const b = backendFor(options);
  return new NDArray(b.upload(flat), [n], dtype, b);
}

/** Identity matrix. */
export function eye(n: number, options: CreationOptions = {}): NDArray {
  const dtype = dtypeFrom('eye', options, 'float32');
  const flat = dtype === 'int32' ? new Int32Array(n * n) : new Float32Array(n * n);
  for (let i = 0; i < n; i++) flat[i * n + i] = 1;
  const b = backendFor(options);
  return new NDArray(b.upload(flat), [n, n], dtype, b);
}

/** Wraps a typed array the caller gives up, without copying. */
export function fromTyped(data: TypedArray, shape: readonly number[], options: CreationOptions = {}): NDArray {
  const b = backendFor(options);
  if (sizeOf(shape) !== data.length) throw new RangeError(`fromTyped: ${data.length} elements do not fill shape ${shapeString(shape)}`);
  return new NDArray(b.upload(data), shape, dtypeOfTyped(data), b);
}

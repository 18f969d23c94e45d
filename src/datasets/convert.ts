// concatExamples: a list of examples -> batched arrays, as chainer.dataset.concat_examples.
// Examples that are JS arrays are tuples (one batched array per position); plain objects
// are dictionaries (one per key); anything else is a single array. Each component is
// copied once, as a whole row, into the batch.
import type { BackendName } from '../backends/backend';
import { NDArray } from '../array/ndarray';
import { Variable } from '../core/variable';
import { fromTyped } from '../array/creation';
import { type DType, type TypedArray, typedArrayFor } from '../array/dtype';
import { nestedShape, shapeString, sizeOf } from '../array/shape';
import { HostArray } from './host-array';
import { isOptionsObject, readOptions, showValue } from '../util/options';
import { uninitializedArray } from '../io/uninitialized';

export type Padding = number | null | undefined;

export interface ConcatOptions {
  /** Backend of the batched arrays (default: the current backend). */
  device?: BackendName | null;
  /**
   * Pad components of different shapes to their largest shape with this value. For
   * tuples an array of paddings (one per position), for dictionaries an object of them.
   */
  padding?: Padding | readonly Padding[] | Record<string, Padding>;
}

export type Batch = NDArray | NDArray[] | Record<string, NDArray>;

/** A component in host memory: its elements, shape and dtype. */
interface HostComponent { data: ArrayLike<number>; shape: readonly number[]; dtype: DType }

function flattenNested(op: string, x: unknown, shape: readonly number[], dim: number, out: number[]): void {
  if (dim === shape.length) {
    if (typeof x === 'number') out.push(x);
    else if (typeof x === 'boolean') out.push(x ? 1 : 0);
    else throw new TypeError(`${op}: examples must hold numbers, found ${x === null ? 'null' : typeof x}`);
    return;
  }
  if (!Array.isArray(x) || x.length !== shape[dim]) throw new RangeError(`${op}: a nested array example is ragged (dimension ${dim} should have length ${shape[dim]})`);
  for (const e of x) flattenNested(op, e, shape, dim + 1, out);
}

function toHost(op: string, x: unknown): HostComponent {
  if (x instanceof HostArray) return x;
  if (x instanceof Variable) x = x.array;
  if (x instanceof NDArray) return { data: x.dataSync(), shape: x.shape, dtype: x.dtype };
  if (x instanceof Float32Array) return { data: x, shape: [x.length], dtype: 'float32' };
  if (x instanceof Int32Array) return { data: x, shape: [x.length], dtype: 'int32' };
  if (ArrayBuffer.isView(x)) {
    const a = x as unknown as ArrayLike<number>;
    // Other typed arrays: integer kinds give int32, float kinds float32, like numpy's kinds.
    const isFloat = x instanceof Float64Array;
    return { data: a, shape: [a.length], dtype: isFloat ? 'float32' : 'int32' };
  }
  if (typeof x === 'number' || typeof x === 'boolean') {
    const v = Number(x);
    return { data: [v], shape: [], dtype: Number.isInteger(v) ? 'int32' : 'float32' };
  }
  if (Array.isArray(x)) {
    const shape = nestedShape(x);
    const flat: number[] = [];
    flattenNested(op, x, shape, 0, flat);
    return { data: flat, shape, dtype: flat.every(Number.isInteger) ? 'int32' : 'float32' };
  }
  const kind = x === null ? 'null' : x === undefined ? 'undefined' : typeof x === 'object' ? (x as object).constructor?.name ?? 'an object' : typeof x;
  throw new TypeError(`${op}: cannot batch an example component of type ${kind} (use numbers, typed arrays, HostArray or NDArray)`);
}

/**
 * The common case without any per-element work: rows of one host array (they share their
 * shape object), or plain numbers. Returns null when the items are anything else.
 */
function concatFast(items: unknown[], device: BackendName | null | undefined): NDArray | null {
  const first = items[0];
  const n = items.length;
  if (first instanceof HostArray) {
    const { shape, dtype } = first;
    for (let k = 1; k < n; k++) {
      const x = items[k];
      if (!(x instanceof HostArray) || x.shape !== shape || x.dtype !== dtype) return null;
    }
    const rowSize = first.size;
    // Every element is written below: the batch needs no zeroing first.
    const out = uninitializedArray(dtype, n * rowSize);
    for (let k = 0; k < n; k++) out.set((items[k] as HostArray).data, k * rowSize);
    return fromTyped(out, [n, ...shape], { backend: device ?? undefined });
  }
  if (typeof first === 'number') {
    let integral = true;
    for (let k = 0; k < n; k++) {
      const x = items[k];
      if (typeof x !== 'number') return null;
      if (integral && !Number.isInteger(x)) integral = false;
    }
    const out = integral ? new Int32Array(n) : new Float32Array(n);
    for (let k = 0; k < n; k++) out[k] = items[k] as number;
    return fromTyped(out, [n], { backend: device ?? undefined });
  }
  return null;
}

/** Stacks components along a new first axis; pads to the largest shape when padding is a number. */
function concatArrays(op: string, items: unknown[], padding: Padding, device: BackendName | null | undefined, where: string): NDArray {
  if (padding === null || padding === undefined) {
    const fast = concatFast(items, device);
    if (fast) return fast;
  }
  const hosts = items.map((x) => toHost(op, x));
  const first = hosts[0];
  // Plain numbers of one column share a dtype: a single non-integer makes the column float32.
  const dtype: DType = hosts.some((h) => h.dtype === 'float32') ? 'float32' : 'int32';
  let shape = first.shape;
  const pad = padding !== null && padding !== undefined;
  for (let k = 1; k < hosts.length; k++) {
    const s = hosts[k].shape;
    if (s.length !== shape.length) {
      throw new RangeError(`${op}: ${where}example ${k} has shape ${shapeString(s)} but example 0 has ${shapeString(first.shape)}; the number of dimensions must agree`);
    }
    if (s.some((d, i) => d !== shape[i])) {
      if (!pad) throw new RangeError(`${op}: ${where}example ${k} has shape ${shapeString(s)} but example 0 has ${shapeString(first.shape)} (pass padding to batch examples of different shapes)`);
      shape = shape.map((d, i) => Math.max(d, s[i]));
    }
  }
  const rowSize = sizeOf(shape);
  const out = typedArrayFor(dtype, hosts.length * rowSize);
  if (pad) out.fill(padding as number);
  hosts.forEach((h, k) => {
    if (sizeOf(h.shape) === rowSize) {
      copyInto(out, h.data, k * rowSize);
    } else {
      copyPadded(out, k * rowSize, h, shape);
    }
  });
  return fromTyped(out, [hosts.length, ...shape], { backend: device ?? undefined });
}

function copyInto(out: TypedArray, data: ArrayLike<number>, offset: number): void {
  if (ArrayBuffer.isView(data)) {
    out.set(data as TypedArray, offset);
  } else {
    for (let i = 0; i < data.length; i++) out[offset + i] = data[i];
  }
}

/** Copies a smaller array into the top-left corner of a padded slot, one last-axis run at a time. */
function copyPadded(out: TypedArray, base: number, h: HostComponent, shape: readonly number[]): void {
  const n = h.shape.length;
  if (sizeOf(h.shape) === 0) return;
  if (n === 0) { out[base] = h.data[0]; return; }
  const runs = sizeOf(h.shape.slice(0, -1));
  const runLength = h.shape[n - 1];
  const index = new Array<number>(Math.max(0, n - 1)).fill(0);
  const outStrides = shape.map((_, i) => sizeOf(shape.slice(i + 1)));
  for (let r = 0; r < runs; r++) {
    let o = base;
    for (let i = 0; i < n - 1; i++) o += index[i] * outStrides[i];
    const src = r * runLength;
    if (ArrayBuffer.isView(h.data)) out.set((h.data as TypedArray).subarray(src, src + runLength), o);
    else for (let i = 0; i < runLength; i++) out[o + i] = h.data[src + i];
    for (let i = n - 2; i >= 0; i--) {
      if (++index[i] < h.shape[i]) break;
      index[i] = 0;
    }
  }
}

/**
 * Concatenates a list of examples into a batch: a tuple of arrays for array (tuple)
 * examples, an object of arrays for object examples, one array otherwise. int32
 * components (labels) stay int32; plain numbers become int32 when every one in the column
 * is an integer, float32 otherwise. `device` chooses the backend of the result.
 */
export function concatExamples(batch: readonly (readonly unknown[])[], deviceOrOptions?: BackendName | null | ConcatOptions, padding?: ConcatOptions['padding']): NDArray[];
export function concatExamples(batch: readonly (number | boolean | NDArray | Variable | HostArray | ArrayBufferView)[], deviceOrOptions?: BackendName | null | ConcatOptions, padding?: ConcatOptions['padding']): NDArray;
export function concatExamples(batch: readonly unknown[], deviceOrOptions?: BackendName | null | ConcatOptions, padding?: ConcatOptions['padding']): Batch;
export function concatExamples(batch: readonly unknown[], deviceOrOptions?: BackendName | null | ConcatOptions, padding?: ConcatOptions['padding']): Batch {
  const op = 'concatExamples';
  // Chainer's concat_examples(batch, device=None, padding=None), or an options object; a
  // padding may itself be an object (one per key of dictionary examples).
  const options: ConcatOptions = deviceOrOptions !== null && typeof deviceOrOptions === 'object'
    ? readOptions(op, deviceOrOptions, ['device', 'padding']) : { device: deviceOrOptions, padding };
  if (!Array.isArray(batch) && !(batch && typeof (batch as ArrayLike<unknown>).length === 'number' &&
      typeof (batch as Iterable<unknown>)[Symbol.iterator] === 'function')) {
    throw new TypeError(`${op}: batch must be an array of examples, got ${showValue(batch)}`);
  }
  if (batch.length === 0) throw new RangeError(`${op}: batch is empty`);
  const pad = options.padding;
  const first = batch[0];
  if (Array.isArray(first)) {
    const width = first.length;
    const pads = Array.isArray(pad) ? pad as readonly Padding[] : new Array<Padding>(width).fill(pad as Padding);
    const result: NDArray[] = [];
    for (let i = 0; i < width; i++) {
      const column = batch.map((example, k) => {
        if (!Array.isArray(example) || example.length !== width) {
          throw new RangeError(`${op}: example ${k} is not a tuple of ${width} components like example 0`);
        }
        return example[i];
      });
      result.push(concatArrays(op, column, pads[i], options.device, `component ${i}: `));
    }
    return result;
  }
  if (isOptionsObject(first)) {
    const keys = Object.keys(first);
    const result: Record<string, NDArray> = {};
    for (const key of keys) {
      const p = pad !== null && typeof pad === 'object' && !Array.isArray(pad) ? (pad as Record<string, Padding>)[key] : pad as Padding;
      const column = batch.map((example, k) => {
        if (!isOptionsObject(example) || !(key in example)) throw new RangeError(`${op}: example ${k} has no key '${key}' like example 0`);
        return example[key];
      });
      result[key] = concatArrays(op, column, p, options.device, `'${key}': `);
    }
    return result;
  }
  return concatArrays(op, [...batch], pad as Padding, options.device, '');
}

/** The signature of a converter (concatExamples or a user's): batch and device in, arrays out. */
export type Converter = (batch: unknown[], device?: BackendName | null) => unknown;

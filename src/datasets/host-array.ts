// HostArray: an n-dimensional array in host memory (a typed array and a shape), the form
// examples take before a batch is sent to a backend. Rows are views (subarrays), so
// indexing a dataset of 60,000 images copies nothing; concatExamples copies each row once
// into the batch.
import type { NDArray } from '../array/ndarray';
import type { NestedArray } from '../array/ndarray';
import type { DType, TypedArray } from '../array/dtype';
import { fromTyped, type CreationOptions } from '../array/creation';
import { arrayRepr } from '../array/format';
import { checkShape, resolveShape, shapeString, sizeOf } from '../array/shape';
import { normalizeIndex } from './dataset';
import { inspectAsString } from '../io/inspect';

export type HostTypedArray = Float32Array | Int32Array;

/** Passed for rows, whose data and shape are known to be right, to skip the checks. */
const TRUSTED = Symbol('trusted');

export class HostArray {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Elements per row (the product of shape[1:]). */
  private readonly rowSize: number;
  /** The shape of a row, shared by all rows (frozen), so batching can compare shapes by identity. */
  private rowShapeCache: readonly number[] | null = null;

  constructor(readonly data: HostTypedArray, shape: readonly number[] = [data.length], trusted?: typeof TRUSTED) {
    if (trusted !== TRUSTED) {
      if (!(data instanceof Float32Array || data instanceof Int32Array)) {
        throw new TypeError('HostArray: data must be a Float32Array or an Int32Array');
      }
      checkShape('HostArray', shape);
      if (sizeOf(shape) !== data.length) {
        throw new RangeError(`HostArray: ${data.length} elements do not fill shape ${shapeString(shape)}`);
      }
      shape = Object.freeze([...shape]);
    }
    this.shape = shape;
    this.dtype = data instanceof Int32Array ? 'int32' : 'float32';
    let rowSize = 1;
    for (let i = 1; i < shape.length; i++) rowSize *= shape[i];
    this.rowSize = rowSize;
  }

  private get rowShape(): readonly number[] {
    return this.rowShapeCache ??= Object.freeze(this.shape.slice(1));
  }

  /** A host copy of an NDArray (one read from its backend). */
  static fromNDArray(x: NDArray): HostArray {
    return new HostArray(x.toTypedArray() as HostTypedArray, x.shape);
  }

  get ndim(): number { return this.shape.length; }
  get size(): number { return this.data.length; }
  /** Number of rows (shape[0]), so that a HostArray is itself a dataset of its rows. */
  get length(): number {
    if (this.shape.length === 0) throw new TypeError('HostArray: a 0-dimensional array has no length');
    return this.shape[0];
  }

  /**
   * Row i as a view. For a 1-D array the element itself: a number for int32 (labels and
   * indices), a 0-d HostArray for float32, so that a batch of them stays float32.
   */
  get(i: number): HostArray | number {
    if (this.shape.length === 0) throw new TypeError('HostArray.get: cannot index a 0-dimensional array');
    const j = normalizeIndex('HostArray.get', i, this.shape[0]);
    if (this.shape.length === 1 && this.dtype === 'int32') return this.data[j];
    const start = j * this.rowSize;
    return new HostArray(this.data.subarray(start, start + this.rowSize), this.rowShape, TRUSTED);
  }

  /** Rows start..end-1 as one view. */
  slice(start: number, end: number = this.length): HostArray {
    const n = this.length;
    const s = Math.max(0, Math.min(n, start < 0 ? start + n : start));
    const e = Math.max(s, Math.min(n, end < 0 ? end + n : end));
    return new HostArray(this.data.subarray(s * this.rowSize, e * this.rowSize), [e - s, ...this.shape.slice(1)]);
  }

  /** The same elements with another shape (one dimension may be -1). */
  reshape(...shape: (number | readonly number[])[]): HostArray {
    const s = (shape.length === 1 && Array.isArray(shape[0]) ? shape[0] : shape) as number[];
    return new HostArray(this.data, resolveShape('HostArray.reshape', s, this.shape));
  }

  /** The single element of a size-1 array. */
  item(): number {
    if (this.size !== 1) throw new RangeError(`HostArray.item: only an array of size 1 converts to a number, got shape ${shapeString(this.shape)}`);
    return this.data[0];
  }

  valueOf(): number | HostArray {
    return this.size === 1 ? this.data[0] : this;
  }

  /** A copy on a backend (the current one unless named), the user's as a made array is (NDArray.persist). */
  toNDArray(options: CreationOptions = {}): NDArray {
    return fromTyped(this.data.slice(), this.shape, { backend: options.backend }).persist();
  }

  toTypedArray(): TypedArray {
    return this.data.slice();
  }

  toArray(): NestedArray {
    const build = (dim: number, offset: number): NestedArray => {
      if (dim === this.shape.length) return this.data[offset];
      const step = sizeOf(this.shape.slice(dim + 1));
      const out: NestedArray[] = new Array(this.shape[dim]);
      for (let i = 0; i < this.shape[dim]; i++) out[i] = build(dim + 1, offset + i * step);
      return out;
    };
    return build(0, 0);
  }

  toString(): string {
    return arrayRepr('HostArray', this.data, this.shape, this.dtype);
  }
}
inspectAsString(HostArray);

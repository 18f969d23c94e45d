// NDArray: an n-dimensional array of float32 or int32 owned by one backend. Arrays are
// values: operations return new arrays and never change their inputs.
import type { Backend, BackendName, Storage } from '../backends/backend';
import { getBackend } from '../backends/index';
import type { DType, TypedArray } from './dtype';
import { shapeString, sizeOf } from './shape';
import { arrayRepr } from './format';
import { installDispose } from '../util/disposable';
import { inspectAsString } from '../io/inspect';

export type NestedArray = number | NestedArray[];

export class NDArray {
  readonly shape: readonly number[];
  readonly size: number;
  private disposed = false;

  constructor(
    /** The storage, or a function making it on first use (see isPending). */
    private _storage: Storage | (() => Storage),
    shape: readonly number[],
    readonly dtype: DType,
    readonly backend: Backend,
    /**
     * The object that keeps this array's storage resident (a Parameter, an update rule), or
     * null for a temporary. Holding the array keeps the owner, and so the storage, alive.
     */
    readonly owner: object | null = null,
  ) {
    this.shape = Object.freeze([...shape]);
    this.size = sizeOf(shape);
  }

  get storage(): Storage {
    if (this.disposed) throw new Error(`NDArray: used after dispose() (shape ${shapeString(this.shape)}, ${this.dtype})`);
    if (typeof this._storage === 'function') this._storage = this._storage();
    return this._storage;
  }

  /**
   * True while the storage is still to be made: an array whose elements are computed on
   * first use (a parameter's initial values, which a loaded file often replaces unread).
   */
  get isPending(): boolean {
    return typeof this._storage === 'function';
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** Name of the backend the data lives on. */
  get device(): BackendName {
    return this.backend.name;
  }

  /**
   * The elements, read-only and possibly shared with the backend: internal code reads
   * through this without copying. Users should prefer toTypedArray().
   */
  dataSync(): TypedArray {
    return this.backend.readSync(this.storage, this.dtype, this.size);
  }

  /** A copy of the elements in row-major order. */
  toTypedArray(): TypedArray {
    return this.dataSync().slice();
  }

  /** A copy of the elements, waiting for the device where it computes asynchronously. */
  async read(): Promise<TypedArray> {
    return (await this.backend.read(this.storage, this.dtype, this.size)).slice();
  }

  /** Nested JavaScript arrays (a plain number for a 0-d array). */
  toArray(): NestedArray {
    const flat = this.dataSync();
    const build = (dim: number, offset: number): NestedArray => {
      if (dim === this.shape.length) return flat[offset];
      const n = this.shape[dim];
      let step = 1;
      for (let i = dim + 1; i < this.shape.length; i++) step *= this.shape[i];
      const out: NestedArray[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = build(dim + 1, offset + i * step);
      return out;
    };
    return build(0, 0);
  }

  /** The single element of a size-1 array. */
  item(): number {
    if (this.size !== 1) throw new RangeError(`NDArray.item: only an array of size 1 converts to a number, got shape ${shapeString(this.shape)}`);
    return this.dataSync()[0];
  }

  /** A copy of this array on another backend (Chainer's to_device), kept as a made array is (see persist()). */
  toDevice(name: BackendName): NDArray {
    if (name === this.backend.name) return this;
    const target = getBackend(name);
    return new NDArray(target.upload(this.toTypedArray()), this.shape, this.dtype, target).persist();
  }

  /**
   * Keeps this array beyond the step generations (src/core/step.ts): on webgl a kernel
   * result is otherwise released at the end of the step after the one that made or last
   * used it. A persisted array lives like one made by array() or zeros(): until dispose()
   * or the collector. A no-op on wasm, whose temporaries the collector frees, and on
   * arrays an owner keeps. Returns this.
   */
  persist(): this {
    this.backend.persist(this.storage);
    return this;
  }

  /**
   * Frees the storage now; using the array afterwards is an error. An array an owner keeps
   * (a parameter's data or gradient, optimizer state) is freed by its owner instead.
   */
  dispose(): void {
    if (this.owner !== null) {
      throw new Error(`NDArray.dispose: this ${shapeString(this.shape)} array belongs to a ${this.owner.constructor.name}, ` +
        'which frees it when it replaces it or is disposed (dispose the owner instead)');
    }
    if (this.disposed) return;
    if (typeof this._storage !== 'function') this.backend.release(this._storage);
    this.disposed = true;
  }


  get isDisposed(): boolean {
    return this.disposed;
  }

  toString(): string {
    if (this.disposed) return `array(<disposed>, shape=${shapeString(this.shape)}, dtype=${this.dtype})`;
    return arrayRepr('array', this.dataSync(), this.shape, this.dtype);
  }
}
installDispose(NDArray);
inspectAsString(NDArray);

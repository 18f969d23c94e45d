// The WebGL2 backend: storage is a texture (one element per texel), kernels are fragment
// shaders of glsl/ run through twgl.js. Reading back is the one synchronization point:
// readSync blocks in readPixels, read() copies into a pixel buffer and polls a fence.
import { type DType, type TypedArray, typedArrayFor } from '../../array/dtype';
import { sizeOf } from '../../array/shape';
import { usedAfterFree, type Backend, type BackendName, type ColumnLayout, type ConvGeometry, type Destination, type GemmOptions, type MemoryInfo, type NormLayout, type Operand, type PendingCopy, type Storage, type View } from '../backend';
import type { Unary, Binary, Reduce } from '../../../assembly/opcodes';
import { OPTIMIZER_KERNELS, type OptimizerKernel } from '../optimizer-kernels';
import { createContext } from './context';
import { TexturePool, TextureStorage } from './texture-pool';
import { Programs, type Pass } from './programs';
import { ContextWatch, HostCopy } from './context-loss';

const glslType = (d: DType) => (d === 'int32' ? 'int' : 'float');

/**
 * The texture of a kernel input, which a use keeps for another step; a released one is an
 * error (the pool may have reused it).
 */
function tex(x: Operand | View, label = 'webgl'): TextureStorage {
  const s = x.storage;
  if (!(s instanceof TextureStorage)) throw new TypeError('webgl: an operand is not a WebGL texture (arrays of another backend must be moved with toDevice)');
  if (s.released) throw usedAfterFree(label, x, s.releasedAtStep ?? undefined);
  s.touch();
  return s;
}

/** A rank of at least 1 for shaders (a scalar is a 1-element vector). */
function atLeast1D(shape: readonly number[], ...strides: (readonly number[])[]): [number[], ...number[][]] {
  return shape.length === 0 ? [[1], ...strides.map(() => [0])] : [[...shape], ...strides.map((s) => [...s])];
}

/**
 * Backend methods that run on the CPU instead of as fragment shaders, each with the reason.
 * None: every method of Backend has a shader form, so data leaves the GPU only when read.
 */
export const CPU_KERNELS: Readonly<Record<string, string>> = {};

/**
 * Products at least this long read packed operands (four outputs per fragment, five RGBA
 * texels per sixteen terms). On SwiftShader a product's time follows its texel reads, so
 * the packing passes pay for themselves from K = 4 (512x8x512: 8x fewer reads).
 */
const PACKED_GEMM_MIN_K = 4;

/**
 * Rows of C per fragment of the packed product (render targets of one draw; WebGL2 allows
 * at least 4, SwiftShader 8). Against one row: 2.5x (n = 256) to 5x (n = 512) faster on
 * SwiftShader, from fewer reads per multiply-add and each B texel read once per 8 rows.
 */
const GEMM_BLOCK_ROWS = 8;

/**
 * Rows of C a fragment of the packed product computes: gemm.glsl's blocks are 1, 2, 4 or 8
 * rows, one draw buffer each, so the largest of those the device draws at once (a GPU may
 * have 6 draw buffers) and M needs.
 */
export function gemmBlockRows(M: number, maxDrawBuffers: number): number {
  return Math.min(GEMM_BLOCK_ROWS, 2 ** Math.floor(Math.log2(maxDrawBuffers)), 2 ** Math.ceil(Math.log2(M)));
}

/**
 * A packed product of fewer blocks than this is split along k (down to chunks of
 * GEMM_SPLIT_MIN_CHUNK texels), so that a long product of a handful of outputs is not one
 * loop on one thread, and its chunks are added compensated. Measured on SwiftShader it
 * neither helps nor hurts the shapes of the benchmarks (LeNet conv1's weight gradient, 6 x
 * 25 outputs over k = 36864, takes as long either way: its packing dominates; splitting
 * products of more blocks further was up to 20% slower).
 */
const GEMM_SPLIT_FRAGMENTS = 1024;
const GEMM_SPLIT_MIN_CHUNK = 32;

let unavailableReason = '';

/** The backend, or null (with the reason kept for `reason()`) where WebGL2 cannot run. */
export function createWebglBackend(): WebglBackend | null {
  if (unavailableReason) return null;  // tried once already
  const r = createContext();
  if ('reason' in r) {
    unavailableReason = r.reason;
    return null;
  }
  return new WebglBackend(r.gl);
}

export function webglUnavailableReason(): string {
  return unavailableReason;
}

export class WebglBackend implements Backend {
  readonly name = 'webgl' as const;
  // A product into a destination is made whole, then added (deliver).
  gemmAddsWhole(): boolean {
    return true;
  }
  readonly readsStall = true;
  readonly maxTextureSize: number;
  private readonly pool: TexturePool;
  private readonly programs: Programs;
  /**
   * Copies between JavaScript and textures: uploads, and reads (readSync or read). Kernels
   * never add to them (CPU_KERNELS is empty), which a test pins. `checkpoints` counts the
   * arrays copied by checkpoints (asynchronous, apart from the user's reads).
   */
  readonly transfers = { uploads: 0, reads: 0, checkpoints: 0 };
  private readonly watch: ContextWatch;
  /**
   * The host data of uploaded arrays, which no kernel changes in place (only resident
   * arrays are, and those are copies): after a lost context, inputs made from host data
   * (a batch) can still be read and moved to wasm, so a step can be done again there. The
   * data was handed over by upload() anyway; it goes with the texture's storage.
   */
  private readonly uploaded = new WeakMap<TextureStorage, TypedArray>();

  constructor(readonly gl: WebGL2RenderingContext) {
    this.maxTextureSize = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number;
    this.pool = new TexturePool(gl, this.maxTextureSize);
    this.programs = new Programs(gl);
    this.watch = new ContextWatch(gl);
  }

  /** True once the context is lost: every use of this backend then throws a ContextLostError. */
  get lost(): boolean {
    return this.watch.lost;
  }

  onLoss(handler: () => BackendName): void {
    this.watch.handler = handler;
  }

  /** Copies the arrays to the host as they are now, behind one fence (a checkpoint; see context-loss.ts). */
  copyToHost(arrays: readonly Operand[]): PendingCopy {
    this.watch.check('checkpoint');
    const textures = arrays.map((a) => tex(a));
    this.transfers.checkpoints += arrays.length;
    return new HostCopy(this.gl, this.watch, textures.map((s, i) => this.enqueueRead(s, s.dtype, sizeOf(arrays[i].shape))));
  }

  /** Shader programs compiled so far. */
  get compilations(): number {
    return this.programs.compilations;
  }

  /** Draw calls issued so far (each kernel pass is one; fills are clears, not draws). */
  get draws(): number {
    return this.programs.draws;
  }

  /**
   * A profile by pass: while set (a new Map), every pass waits for its draw and adds its
   * wall time under its kernel, defines and output size. null (the default) turns it off.
   */
  get passTimes(): Map<string, { ms: number; draws: number }> | null {
    return this.programs.passTimes;
  }

  set passTimes(times: Map<string, { ms: number; draws: number }> | null) {
    this.programs.passTimes = times;
  }

  private alloc(size: number, dtype: DType, label = 'webgl'): TextureStorage {
    // Every kernel makes its result here: the one place that looks for a lost context.
    this.watch.check('a kernel or an upload');
    return this.pool.take(dtype, size, 1, label);
  }

  /** Runs one kernel into a new texture of `size` elements. */
  private run(size: number, dtype: DType, pass: Omit<Pass, 'out'>): TextureStorage {
    const out = this.alloc(size, dtype, kernelLabel(pass));
    if (size > 0) this.programs.run({ ...pass, out });
    return out;
  }

  // ------------------------------------------------------------ storage

  upload(data: TypedArray): Storage {
    this.transfers.uploads++;
    const gl = this.gl;
    const dtype: DType = data instanceof Int32Array ? 'int32' : 'float32';
    const s = this.alloc(data.length, dtype, 'webgl: upload');
    if (data instanceof Int32Array) s.host = data;  // the backend owns data now
    this.uploaded.set(s, data);
    const n = data.length;
    if (n === 0) return s;
    const format = dtype === 'int32' ? gl.RED_INTEGER : gl.RED, type = dtype === 'int32' ? gl.INT : gl.FLOAT;
    gl.bindTexture(gl.TEXTURE_2D, s.texture);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 4);
    const rows = Math.floor(n / s.width), rest = n - rows * s.width;
    if (rows > 0) gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, s.width, rows, format, type, data, 0);
    if (rest > 0) gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, rows, rest, 1, format, type, data, rows * s.width);
    return s;
  }

  private readonly readFormats = new Map<DType, { format: number; type: number; channels: number }>();

  /**
   * Binds s for reading and returns the format and type readPixels uses for its dtype: RED
   * when the driver reads it directly (asked once per dtype), else RGBA.
   */
  private bindForRead(s: TextureStorage): { format: number; type: number; channels: number } {
    const gl = this.gl;
    this.programs.attach(s, gl.READ_FRAMEBUFFER);
    let f = this.readFormats.get(s.dtype);
    if (!f) {
      const type = s.dtype === 'int32' ? gl.INT : gl.FLOAT;
      const red = s.dtype === 'int32' ? gl.RED_INTEGER : gl.RED;
      const direct = gl.getParameter(gl.IMPLEMENTATION_COLOR_READ_FORMAT) === red && gl.getParameter(gl.IMPLEMENTATION_COLOR_READ_TYPE) === type;
      f = direct ? { format: red, type, channels: 1 } : { format: s.dtype === 'int32' ? gl.RGBA_INTEGER : gl.RGBA, type, channels: 4 };
      this.readFormats.set(s.dtype, f);
    }
    return f;
  }

  /** readPixels of the first `size` elements of s into `dst`, or into the bound pixel buffer when dst is null. */
  private readPixels(s: TextureStorage, size: number, dst: TypedArray | null): void {
    const gl = this.gl;
    const { format, type, channels } = this.bindForRead(s);
    gl.pixelStorei(gl.PACK_ALIGNMENT, 4);
    this.readTexels(s.width, size, format, type, channels, dst, 0);
  }

  /**
   * Reads the first `texels` texels (rows of `width`) of the bound read framebuffer into dst
   * from element `at`, or into the bound pixel buffer from byte 4 at when dst is null.
   */
  private readTexels(width: number, texels: number, format: number, type: number, channels: number,
                     dst: TypedArray | null, at: number): void {
    const gl = this.gl;
    const rows = Math.floor(texels / width), rest = texels - rows * width;
    const restAt = at + rows * width * channels;
    if (dst) {
      if (rows > 0) gl.readPixels(0, 0, width, rows, format, type, dst, at);
      if (rest > 0) gl.readPixels(0, rows, rest, 1, format, type, dst, restAt);
    } else {
      if (rows > 0) gl.readPixels(0, 0, width, rows, format, type, at * 4);
      if (rest > 0) gl.readPixels(0, rows, rest, 1, format, type, restAt * 4);
    }
  }

  private checkReadable(s: Storage, dtype: DType, size: number): TextureStorage {
    if (!(s instanceof TextureStorage)) throw new TypeError('webgl: read of storage that is not a WebGL texture');
    if (s.released) throw usedAfterFree('webgl: read', { shape: [size], dtype }, s.releasedAtStep ?? undefined);
    s.touch();
    return s;
  }

  /** Null while the context lives; after a loss the host data of an uploaded array, else a ContextLostError. */
  private afterLoss(s: TextureStorage): TypedArray | null {
    try {
      this.watch.check('read');
      return null;
    } catch (e) {
      const host = this.uploaded.get(s);
      if (host) return host;
      throw e;
    }
  }

  readSync(storage: Storage, dtype: DType, size: number): TypedArray {
    const s = this.checkReadable(storage, dtype, size);
    const host = this.afterLoss(s) ?? s.host;
    if (host) return host;
    this.transfers.reads++;
    const make = (n: number) => typedArrayFor(dtype, n);
    if (size === 0) return make(0);
    if (s.layout) {
      const read = this.layoutRead(s, size);
      const raw = new Float32Array(read.floats);
      read.issue(raw);
      return read.pick(raw);
    }
    const channels = this.bindForRead(s).channels;
    const buf = make(size * channels);
    this.readPixels(s, size, buf);
    return channels === 1 ? buf : firstChannel(buf, size, make(size));
  }

  /**
   * A read of values held only in a layout (TextureStorage.layout): the held texels (RGBA
   * floats, layer by layer) into `dst` or the bound pixel buffer, then the elements picked
   * out on the host: no pass lays them out first.
   */
  private layoutRead(s: TextureStorage, size: number): { floats: number; issue(dst: Float32Array | null): void; pick(raw: Float32Array): Float32Array } {
    const gl = this.gl, l = s.layout!, held = l.held, layers = Math.max(1, held.layers);
    // Texels of a layer: every packed row (the pitch past K is never read), or every block.
    const texels = l.kind === 'rows' ? Math.ceil(size / l.K) * l.pitch : held.size;
    const issue = (dst: Float32Array | null) => {
      gl.pixelStorei(gl.PACK_ALIGNMENT, 4);
      for (let layer = 0; layer < layers; layer++) {
        this.programs.attach(held, gl.READ_FRAMEBUFFER, layer);
        this.readTexels(held.width, texels, gl.RGBA, gl.FLOAT, 4, dst, layer * texels * 4);
      }
    };
    const pick = (raw: Float32Array) => {
      const out = new Float32Array(size);
      if (l.kind === 'rows') {
        for (let r = 0, i = 0; i < size; r++) {
          for (let k = 0, t = r * l.pitch * 4; k < l.K; k++, i++) out[i] = raw[t + (k >> 2) * 4 + (k & 3)];
        }
        return out;
      }
      // Element (b, m, n): component n & 3 of block texel (b G + m / rows) Nq + n / 4 in layer m % rows.
      const rows = held.layers, G = Math.ceil(l.M / rows), Nq = Math.ceil(l.N / 4);
      for (let b = 0, i = 0; i < size; b++) {
        for (let m = 0; m < l.M; m++) {
          const t = (m % rows) * texels * 4 + (b * G + Math.floor(m / rows)) * Nq * 4;
          for (let n = 0; n < l.N; n++, i++) out[i] = raw[t + (n >> 2) * 4 + (n & 3)];
        }
      }
      return out;
    };
    return { floats: layers * texels * 4, issue, pick };
  }

  /** Reads through a pixel buffer and a fence polled from the event loop: the GL pipeline never stalls. */
  async read(storage: Storage, dtype: DType, size: number): Promise<TypedArray> {
    const s = this.checkReadable(storage, dtype, size);
    const host = this.afterLoss(s);
    if (host) return host;
    this.transfers.reads++;
    if (size === 0) return typedArrayFor(dtype, 0);
    const gl = this.gl;
    const copy = this.enqueueRead(s, dtype, size);
    const sync = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0)!;
    gl.flush();
    try {
      await new Promise<void>((resolve, reject) => {
        const poll = () => {
          try {
            this.watch.check('read');
          } catch (e) {
            reject(e);
            return;
          }
          const status = gl.clientWaitSync(sync, 0, 0);
          if (status === gl.WAIT_FAILED) reject(new Error('webgl: read: waiting for the GPU failed'));
          else if (status === gl.TIMEOUT_EXPIRED) setTimeout(poll, 1);
          else resolve();
        };
        poll();
      });
      const values = copy.finish();
      this.watch.check('read');  // a loss during the copy leaves zeros
      return values;
    } finally {
      copy.cancel();
      gl.deleteSync(sync);
    }
  }

  /**
   * Starts copying the first `size` elements of s into a new pixel buffer; finish() takes
   * them out once a later fence has passed, cancel() (after finish too) frees the buffer.
   */
  private enqueueRead(s: TextureStorage, dtype: DType, size: number): { finish(): TypedArray; cancel(): void } {
    const make = (n: number) => typedArrayFor(dtype, n);
    const gl = this.gl;
    if (size === 0) return { finish: () => make(0), cancel: () => {} };
    const laid = s.layout ? this.layoutRead(s, size) : null;
    const channels = laid ? 4 : this.bindForRead(s).channels;
    let pbo: WebGLBuffer | null = gl.createBuffer()!;
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, pbo);
    gl.bufferData(gl.PIXEL_PACK_BUFFER, (laid ? laid.floats : size * channels) * 4, gl.STREAM_READ);
    if (laid) laid.issue(null);
    else this.readPixels(s, size, null);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
    const cancel = () => {
      if (pbo) gl.deleteBuffer(pbo);
      pbo = null;
    };
    const finish = () => {
      const buf = laid ? new Float32Array(laid.floats) : make(size * channels);
      gl.bindBuffer(gl.PIXEL_PACK_BUFFER, pbo);
      gl.getBufferSubData(gl.PIXEL_PACK_BUFFER, 0, buf);
      gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
      cancel();
      return laid ? laid.pick(buf as Float32Array) : channels === 1 ? buf : firstChannel(buf, size, make(size));
    };
    return { finish, cancel };
  }

  memory(): MemoryInfo {
    return this.pool.stats();
  }

  release(storage: Storage): void {
    if (!(storage instanceof TextureStorage)) return;
    this.uploaded.delete(storage);
    this.pool.release(storage);
  }

  /**
   * Most bytes of textures this backend holds at once (Infinity, the default: the driver's
   * limit). A kernel whose result does not fit throws a RangeError naming it and the size.
   */
  get memoryBudget(): number {
    return this.pool.budgetBytes;
  }

  set memoryBudget(bytes: number) {
    if (!(bytes > 0)) throw new RangeError(`webgl: memoryBudget must be a positive number of bytes (or Infinity), got ${bytes}`);
    this.pool.budgetBytes = bytes;
  }

  // ------------------------------------------------------------ step generations
  // (src/core/step.ts: temporaries live until the end of the step after their last use)

  endStep(): void {
    this.pool.endStep();
  }

  openSteps(): void {
    this.pool.openSteps();
  }

  closeSteps(): void {
    this.pool.closeSteps();
  }

  persist(storage: Storage): void {
    if (storage instanceof TextureStorage) this.pool.persist(storage);
  }

  // ------------------------------------------------------------ resident arrays
  // Every array is a texture; an owner's (resident) one may have its texture replaced by a
  // kernel's result, which is how results land "in place" (a shader cannot read and write
  // one texture in the same draw).

  keep(x: Operand): Storage {
    return this.pool.keep(this.cast(x, x.dtype) as TextureStorage);
  }

  reserve(size: number, dtype: DType): Storage {
    return this.pool.keep(this.alloc(size, dtype));
  }

  isResident(storage: Storage): boolean {
    return storage instanceof TextureStorage && storage.resident;
  }

  accumulate(target: Operand, x: Operand): void {
    const n = sizeOf(target.shape);
    const sum = this.binary(0 /* Binary.Add */, target, [1], x, [1], [n], target.dtype) as TextureStorage;
    this.pool.replace(this.residentTarget(target), sum);
  }


  scale(target: Operand, factor: number | Operand): void {
    const n = sizeOf(target.shape);
    const f = typeof factor === 'number' ? { storage: this.fill(1, 'float32', factor), shape: [1], dtype: 'float32' as const } : factor;
    const scaled = this.binary(2 as Binary /* Mul */, target, [1], f, [0], [n], 'float32') as TextureStorage;
    if (typeof factor === 'number') this.pool.release(f.storage as TextureStorage);
    this.pool.replace(this.residentTarget(target), scaled);
  }

  sumSquares(x: Operand): Storage {
    const n = sizeOf(x.shape);
    const squares = this.unary(6 as Unary /* Square */, x) as TextureStorage;
    const total = this.reduce(0 as Reduce /* Sum */, { storage: squares, shape: [n], dtype: 'float32' }, 1, n, 1);
    this.pool.release(squares);
    return total;
  }

  private residentTarget(x: Operand): TextureStorage {
    const t = tex(x);
    if (!t.resident) throw new Error('webgl: an in-place update needs a resident target');
    return t;
  }

  /** A kernel's result delivered to a destination: added to it or replacing it; else returned. */
  private deliver(into: Destination | undefined, result: TextureStorage): Storage {
    if (!into) return result;
    const target = this.residentTarget(into.target);
    if (into.accumulate) {
      const n = sizeOf(into.target.shape);
      const sum = this.binary(0 /* Binary.Add */, into.target, [1], { storage: result, shape: [n], dtype: 'float32' }, [1], [n], 'float32') as TextureStorage;
      this.pool.release(result);
      this.pool.replace(target, sum);
    } else {
      this.pool.replace(target, result);
    }
    return target;
  }

  /** Textures created so far (the rest came from the pool). */
  get texturesCreated(): number {
    return this.pool.created;
  }

  fill(size: number, dtype: DType, value: number): Storage {
    const gl = this.gl;
    const s = this.alloc(size, dtype);
    this.programs.attach(s, gl.DRAW_FRAMEBUFFER);
    if (dtype === 'int32') gl.clearBufferiv(gl.COLOR, 0, new Int32Array([value, 0, 0, 0]));
    else gl.clearBufferfv(gl.COLOR, 0, new Float32Array([value, 0, 0, 0]));
    return s;
  }

  // ------------------------------------------------------------ elementwise

  unary(op: Unary, x: Operand): Storage {
    return this.run(sizeOf(x.shape), x.dtype, { family: 'elementwise', defines: { UNARY: 1, OP: op, T: glslType(x.dtype) }, inputs: { x: tex(x) } });
  }

  binary(op: Binary, a: Operand, aStrides: readonly number[], b: Operand, bStrides: readonly number[],
         outShape: readonly number[], outDType: DType): Storage {
    const [shape, as, bs] = atLeast1D(outShape, aStrides, bStrides);
    return this.run(sizeOf(outShape), outDType, {
      family: 'elementwise', defines: { BINARY: 1, OP: op, RANK: shape.length },
      inputs: { a: tex(a), b: tex(b) }, uniforms: { u_shape: shape, u_aStrides: as, u_bStrides: bs },
    });
  }

  where(cond: Operand, a: Operand, b: Operand): Storage {
    return this.run(sizeOf(a.shape), a.dtype, { family: 'elementwise', defines: { WHERE: 1 }, inputs: { cond: tex(cond), a: tex(a), b: tex(b) } });
  }

  cast(x: Operand, dtype: DType): Storage {
    return this.run(sizeOf(x.shape), dtype, { family: 'elementwise', defines: { CAST: 1, T: glslType(x.dtype) }, inputs: { x: tex(x) } });
  }

  gather(view: View): Storage {
    const [shape, strides] = atLeast1D(view.shape, view.strides);
    return this.run(sizeOf(view.shape), view.dtype, {
      family: 'elementwise', defines: { GATHER: 1, RANK: shape.length },
      inputs: { x: tex(view) }, uniforms: { u_shape: shape, u_strides: strides, u_offset: view.offset },
    });
  }

  reduce(op: Reduce, x: Operand, outer: number, r: number, inner: number): Storage {
    const argOp = op === 3 || op === 4;
    return this.run(outer * inner, argOp ? 'int32' : x.dtype, {
      family: 'reduce', defines: { AXIS: 1, OP: op, T: glslType(x.dtype) }, inputs: { x: tex(x) }, uniforms: { u_n: r, u_inner: inner },
    });
  }

  gemm(a: Operand, b: Operand, M: number, N: number, K: number, o: GemmOptions): Storage {
    const packed = K >= PACKED_GEMM_MIN_K && o.batch * M * N > 0;
    if (o.bias && !packed) {
      // The bias as a second pass, as ops.add would add it.
      const product = this.gemm(a, b, M, N, K, { ...o, bias: undefined }) as TextureStorage;
      const sum = this.binary(0 /* Binary.Add */, { storage: product, shape: [M, N], dtype: 'float32' }, [N, 1], o.bias, [0, 1], [M, N], 'float32');
      this.pool.release(product);
      return sum;
    }
    // Element (m, k) of op(A) and (k, n) of op(B), as strides into the stored matrices.
    const aStrides = [o.batchA === 1 ? 0 : M * K, o.transA ? 1 : K, o.transA ? M : 1];
    const bStrides = [o.batchB === 1 ? 0 : K * N, o.transB ? 1 : N, o.transB ? K : 1];
    const size = o.batch * M * N;
    if (!packed) {
      return this.deliver(o.into, this.run(size, 'float32', {
        family: 'gemm', inputs: { a: tex(a), b: tex(b) },
        uniforms: { u_M: M, u_N: N, u_K: K, u_aStrides: aStrides, u_bStrides: bStrides },
      }));
    }
    // Rows of op(A) and columns of op(B) (rows of op(B)^T) packed four k to a texel.
    const pa = this.packRows(a, o.batchA, M, K, aStrides);
    const pb = this.packRows(b, o.batchB, N, K, [bStrides[0], bStrides[2], bStrides[1]]);
    // A bias (one per column of C) is added as the result is unpacked: no pass of its own.
    const bias = o.bias ? { storage: tex(o.bias), perColumn: true } : undefined;
    return this.deliver(o.into, this.packedProduct(pa, pb, M, N, K, o.batch, [o.batchA === 1, o.batchB === 1], bias));
  }

  /** Packed rows of K (gemm.glsl): rows of pitch a power of two texels, in a texture at least that wide. */
  private takePacked(rows: number, K: number): { out: TextureStorage; pitch: number } {
    const pitch = packedPitch(K);
    return { out: this.pool.take('float32', rows * pitch, 4, 'webgl: gemm', { minWidth: Math.min(pitch, this.pool.maxWidth) }), pitch };
  }

  /** Packed rows a storage's layout lends to products (released with it, not by them). */
  private readonly lent = new WeakSet<TextureStorage>();

  /**
   * Rows r of `batches` matrices packed four k to a texel: element (b, r, k) of x at
   * b s0 + r s1 + (k / kInner) s2 + (k % kInner) s3 (strides [s0, s1, s2] for a k along one axis).
   * A matrix of contiguous rows that holds them already (a parameter after its update) lends
   * them, and so does a user's array packed the same way before (its packings).
   */
  private packRows(x: Operand, batches: number, rows: number, K: number, strides: number[], kInner = K): TextureStorage {
    const s = tex(x), l = s.layout;
    if (l?.kind === 'rows' && l.K === K && batches === 1 && strides.length === 3 && strides[1] === K && strides[2] === 1 && sizeOf(x.shape) === rows * K) {
      this.lent.add(l.held);
      return l.held;
    }
    const key = `${batches} ${rows} ${K} ${kInner} ${strides.join(' ')}`;
    const cached = s.packings?.get(key);
    if (cached) return cached;
    const { out, pitch } = this.takePacked(batches * rows, K);
    this.programs.run({
      family: 'gemm', defines: { PACK: 1 }, inputs: { x: s }, out,
      uniforms: { u_rows: rows, u_K: K, u_kInner: kInner, u_pitchShift: Math.log2(pitch), u_strides: strides.length === 3 ? [strides[0], strides[1], 0, strides[2]] : strides },
    });
    // Temporaries are rarely packed twice: only a user's arrays, which outlive the step, keep
    // theirs (an owner's count as what it holds; a weight's updates keep it packed anyway).
    if (s.scope === null && !s.resident) {
      this.pool.keepPacking(s, key, out);
      this.lent.add(out);
    }
    return out;
  }

  /**
   * C (batch, M, N) = A B^T from packed rows of A (M per batch) and of B (N per batch), plus
   * a bias per row of C (a convolution's channels) or per column (a linear layer's outputs);
   * releases pa and pb. `shared`: whether A, B is one matrix for the
   * whole batch.
   */
  private packedProduct(pa: TextureStorage, pb: TextureStorage, M: number, N: number, K: number, batch: number,
                        shared: [boolean, boolean], bias?: { storage: TextureStorage; perColumn: boolean }): TextureStorage {
    const pitch = packedPitch(K);
    const span = Math.min(pitch, this.pool.maxWidth);
    // Blocks of `rows` x 4 outputs per fragment, one layer per row (gemm.glsl).
    const rows = gemmBlockRows(M, this.programs.maxDrawBuffers);
    const blocks = batch * Math.ceil(M / rows) * Math.ceil(N / 4);
    // Split k into chunks (powers of two) while the draw has few fragments and chunks stay long.
    let split = 1;
    while (blocks * split * 2 <= GEMM_SPLIT_FRAGMENTS && pitch / (split * 2) >= GEMM_SPLIT_MIN_CHUNK) split *= 2;
    const partials = this.pool.take('float32', blocks * split, 4, 'webgl: gemm', { layers: rows });
    this.programs.run({
      family: 'gemm', defines: { PACKED: 1, ROWS: rows }, inputs: { a: pa, b: pb }, out: partials,
      uniforms: {
        u_M: M, u_N: N, u_K: K, u_pitchShift: Math.log2(pitch), u_span: span,
        u_split: split, u_chunk: pitch / split, u_shared: shared.map(Number),
      },
    });
    this.releasePacked(pa, pb);
    // Unsplit and without a bias, the result stays in its blocks, which kernels read as they
    // are: read back, picked out of them on the host (layoutRead).
    if (split === 1 && !bias) {
      const out = this.alloc(batch * M * N, 'float32', 'webgl: gemm');
      this.pool.attachLayout(out, { kind: 'blocks', held: partials, M, N });
      return out;
    }
    const out = this.run(batch * M * N, 'float32', {
      family: 'gemm', defines: { UNPACK: 1, HAS_BIAS: bias ? (bias.perColumn ? 2 : 1) : 0 },
      inputs: bias ? { x: partials, bias: bias.storage } : { x: partials }, uniforms: { u_blocks: [M, N, Math.log2(rows), split] },
    });
    this.pool.release(partials);
    return out;
  }

  private releasePacked(...packed: TextureStorage[]): void {
    for (const p of packed) if (!this.lent.has(p)) this.pool.release(p);
  }

  /** The taps of x packed as gemm.glsl's rows (PACK_TAPS in conv.glsl): `rows` rows of K. */
  private packTaps(x: Operand, g: ConvGeometry, byPosition: boolean, rows: number, K: number): TextureStorage {
    const { out, pitch } = this.takePacked(rows, K);
    this.programs.run({
      family: 'conv', defines: { WINDOW: 1, PACK_TAPS: 1, BY_POSITION: byPosition ? 1 : 0, INSIDE: tapsInside(g) ? 1 : 0 }, inputs: { x: tex(x) }, out,
      uniforms: { ...windowUniforms(g), u_K: K, u_pitchShift: Math.log2(pitch) },
    });
    return out;
  }

  // ------------------------------------------------------------ array kernels

  take(x: Operand, indices: Operand, outer: number, n: number, inner: number): Storage {
    const m = sizeOf(indices.shape);
    return this.run(outer * m * inner, x.dtype, {
      family: 'indexing', defines: { TAKE: 1 }, inputs: { x: tex(x), indices: tex(indices) }, uniforms: { u_n: n, u_m: m, u_inner: inner },
    });
  }

  scatterAdd(base: Operand, indices: Operand, values: Operand, outer: number, n: number, inner: number): Storage {
    return this.run(outer * n * inner, base.dtype, {
      family: 'indexing', defines: { SCATTER_ADD: 1, T: glslType(base.dtype) },
      inputs: { base: tex(base), indices: tex(indices), values: tex(values) },
      uniforms: { u_n: n, u_m: sizeOf(indices.shape), u_inner: inner },
    });
  }

  /** One pass per piece, each copying the previous texture except where the piece's view lands. */
  assemble(size: number, dtype: DType, fill: number,
           pieces: readonly { values: Operand; offset: number; shape: readonly number[]; strides: readonly number[] }[]): Storage {
    let out = this.fill(size, dtype, fill) as TextureStorage;
    for (const p of pieces) {
      const view = sortedView(p.shape, p.strides);
      if (!view) continue;  // an empty piece
      const next = this.run(size, dtype, {
        family: 'indexing', defines: { ASSEMBLE: 1, RANK: view.shape.length },
        inputs: { values: tex(p.values), prev: out },
        uniforms: { u_offset: p.offset + view.offset, u_shape: view.shape, u_strides: view.strides, u_valueStrides: view.valueStrides, u_valueOffset: view.valueOffset },
      });
      this.pool.release(out);
      out = next;
    }
    return out;
  }

  // ------------------------------------------------------------ activation and math kernels

  /** The maximum of each row (NaN if any), then a pass of `kernel` reading x and it. */
  private rowMaxThen(x: Operand, outer: number, n: number, inner: number, kernel: 'LSE' | 'SUM_EXP'): { max: TextureStorage; out: TextureStorage } {
    const max = this.reduce(1 as Reduce, x, outer, n, inner) as TextureStorage;
    const out = this.run(outer * inner, 'float32', { family: 'softmax', defines: { AXIS: 1, [kernel]: 1 }, inputs: { x: tex(x), max }, uniforms: { u_n: n, u_inner: inner } });
    return { max, out };
  }

  logsumexp(x: Operand, outer: number, n: number, inner: number): Storage {
    const { max, out } = this.rowMaxThen(x, outer, n, inner, 'LSE');
    this.pool.release(max);
    return out;
  }

  /** exp(x - max) / sum, or (x - max) - log(sum), as the wasm kernel. */
  softmax(x: Operand, outer: number, n: number, inner: number, log: boolean): Storage {
    const { max, out: sum } = this.rowMaxThen(x, outer, n, inner, 'SUM_EXP');
    const out = this.run(outer * n * inner, 'float32', {
      family: 'softmax', defines: { AXIS: 1, NORMALIZE: 1, LOG: log }, inputs: { x: tex(x), max, sum }, uniforms: { u_n: n, u_inner: inner },
    });
    this.pool.release(max);
    this.pool.release(sum);
    return out;
  }

  softmaxGrad(y: Operand, gy: Operand, outer: number, n: number, inner: number, log: boolean): Storage {
    const uniforms = { u_n: n, u_inner: inner };
    const sums = this.run(outer * inner, 'float32', { family: 'softmax', defines: { AXIS: 1, GRAD_SUM: 1, LOG: log }, inputs: { y: tex(y), gy: tex(gy) }, uniforms });
    const out = this.run(outer * n * inner, 'float32', { family: 'softmax', defines: { AXIS: 1, GRAD: 1, LOG: log }, inputs: { y: tex(y), gy: tex(gy), s: sums }, uniforms });
    this.pool.release(sums);
    return out;
  }

  scan(op: 'sum' | 'prod', x: Operand, outer: number, n: number, inner: number, reverse: boolean, exclusive: boolean): Storage {
    return this.run(outer * n * inner, x.dtype, {
      family: 'scan', defines: { AXIS: 1, SCAN: 1, OP: op === 'sum' ? 0 : 1, REVERSE: reverse, EXCLUSIVE: exclusive, T: glslType(x.dtype) },
      inputs: { x: tex(x) }, uniforms: { u_n: n, u_inner: inner },
    });
  }

  recurrence(a: Operand, b: Operand, outer: number, n: number, inner: number, reverse: boolean): Storage {
    return this.run(outer * n * inner, 'float32', {
      family: 'scan', defines: { AXIS: 1, RECURRENCE: 1, REVERSE: reverse }, inputs: { a: tex(a), b: tex(b) }, uniforms: { u_n: n, u_inner: inner },
    });
  }

  // ------------------------------------------------------------ connection and pooling kernels

  /** A window-sweep kernel of `family` over geometry g into `size` floats. */
  private window(family: 'conv' | 'pooling', kernel: string, g: ConvGeometry, size: number, dtype: DType,
                 inputs: Pass['inputs'], uniforms: Record<string, number> = {}, defines: Pass['defines'] = {}): TextureStorage {
    return this.run(size, dtype, { family, defines: { WINDOW: 1, [kernel]: 1, ...defines }, inputs, uniforms: { ...windowUniforms(g), ...uniforms } });
  }

  im2col(x: Operand, g: ConvGeometry, layout: ColumnLayout): Storage {
    return this.window('conv', 'IM2COL', g, g.n * g.c * g.kh * g.kw * g.oh * g.ow, 'float32', { x: tex(x) },
      { u_batch: layout.batch, u_tap: layout.tap });
  }

  /**
   * Without groups, y (N, O, P) = W (O, C kh kw) col (C kh kw, P) per image, as gemm.glsl's
   * packed product (W shared by the batch, the taps packed per output position); grouped,
   * the direct kernel.
   */
  conv2d(x: Operand, W: Operand, b: Operand | null, g: ConvGeometry, groups: number): Storage {
    const O = W.shape[0];
    const P = g.oh * g.ow, K = g.c * g.kh * g.kw;
    if (groups === 1 && K >= PACKED_GEMM_MIN_K && g.n * P > 0) {
      const pw = this.packRows(W, 1, O, K, [0, K, 1]);
      const taps = this.packTaps(x, g, true, g.n * P, K);
      return this.packedProduct(pw, taps, O, P, K, g.n, [true, false], b ? { storage: tex(b), perColumn: false } : undefined);
    }
    return this.window('conv', 'CONV2D', g, g.n * O * g.oh * g.ow, 'float32', b ? { x: tex(x), W: tex(W), bias: tex(b) } : { x: tex(x), W: tex(W) },
      { u_groups: groups, u_O: O }, { HAS_BIAS: b ? 1 : 0 });
  }

  /**
   * Without groups, gW (O, C kh kw) = gy col^T, one packed product whose k runs over images
   * and positions (N P); grouped, the direct kernel.
   */
  conv2dGradW(x: Operand, gy: Operand, g: ConvGeometry, groups: number, into?: Destination): Storage {
    const O = gy.shape[1];
    const P = g.oh * g.ow, K = g.n * P, taps = g.c * g.kh * g.kw;
    if (groups === 1 && K >= PACKED_GEMM_MIN_K && O * taps > 0) {
      const pgy = this.packRows(gy, 1, O, K, [0, P, O * P, 1], P);
      const pcol = this.packTaps(x, g, false, taps, K);
      return this.deliver(into, this.packedProduct(pgy, pcol, O, taps, K, 1, [true, true]));
    }
    return this.deliver(into, this.window('conv', 'CONV2D_GRAD_W', g, O * (g.c / groups) * g.kh * g.kw, 'float32', { x: tex(x), gy: tex(gy) },
      { u_groups: groups, u_O: O }));
  }

  col2im(col: Operand, g: ConvGeometry, layout: ColumnLayout): Storage {
    return this.window('conv', 'COL2IM', g, g.n * g.c * g.h * g.w, 'float32', { col: tex(col) }, { u_batch: layout.batch, u_tap: layout.tap });
  }

  sumPool2d(x: Operand, g: ConvGeometry, divisor: number, rowSums = false): Storage {
    return this.window('pooling', 'SUM_POOL', g, g.n * g.c * g.oh * g.ow, 'float32', { x: tex(x) }, { u_divisor: divisor }, { ROW_SUMS: rowSums });
  }

  /** Two passes over the same windows: the maxima, then their positions. */
  maxPool2d(x: Operand, g: ConvGeometry): { y: Storage; indexes: Storage } {
    const n = g.n * g.c * g.oh * g.ow;
    return {
      y: this.window('pooling', 'MAX_POOL', g, n, 'float32', { x: tex(x) }, {}, { INDEXES: 0 }),
      indexes: this.window('pooling', 'MAX_POOL', g, n, 'int32', { x: tex(x) }, {}, { INDEXES: 1 }),
    };
  }

  maxPool2dGrad(gy: Operand, indexes: Operand, g: ConvGeometry): Storage {
    return this.window('pooling', 'MAX_POOL_GRAD', g, g.n * g.c * g.h * g.w, 'float32', { gy: tex(gy), indexes: tex(indexes) });
  }

  maxPool2dGather(x: Operand, indexes: Operand, g: ConvGeometry): Storage {
    return this.window('pooling', 'MAX_POOL_GATHER', g, g.n * g.c * g.oh * g.ow, 'float32', { x: tex(x), indexes: tex(indexes) });
  }

  embedGather(table: Operand, ids: Operand, ignore: number | null): Storage {
    const dim = table.shape[1];
    return this.run(sizeOf(ids.shape) * dim, 'float32', {
      family: 'indexing', defines: { EMBED_GATHER: 1, HAS_IGNORE: ignore !== null }, inputs: { table: tex(table), ids: tex(ids) },
      uniforms: { u_inner: dim, u_ignore: ignore ?? 0 },
    });
  }

  embedScatterAdd(grad: Operand, ids: Operand, vocab: number, ignore: number | null, into?: Destination): Storage {
    const n = sizeOf(ids.shape), dim = n === 0 ? grad.shape[grad.shape.length - 1] : sizeOf(grad.shape) / n;
    return this.deliver(into, this.run(vocab * dim, 'float32', {
      family: 'indexing', defines: { EMBED_SCATTER_ADD: 1, HAS_IGNORE: ignore !== null }, inputs: { grad: tex(grad), ids: tex(ids) },
      uniforms: { u_inner: dim, u_m: n, u_ignore: ignore ?? 0 },
    }));
  }

  // ------------------------------------------------------------ normalization, loss and rnn kernels

  /** Per-channel sums of (outer, C, inner) arrays: term 0 a, 1 (a - centre)^2, 2 b (a - centre) invstd; divided by divisor. */
  private channelSum(term: 0 | 1 | 2, layout: NormLayout, divisor: number, inputs: Pass['inputs']): TextureStorage {
    return this.run(layout.C, 'float32', {
      family: 'normalization', defines: { CHANNEL_SUM: 1, TERM: term }, inputs,
      uniforms: { u_outer: layout.outer, u_C: layout.C, u_inner: layout.inner, u_divisor: divisor },
    });
  }

  batchNormForward(x: Operand, layout: NormLayout, gamma: Operand, beta: Operand, eps: number,
                   stats: { mean: Operand; var: Operand } | null) {
    const m = layout.outer * layout.inner;
    // numpy's mean and var divide their sums by the count.
    const mean = stats ? tex(stats.mean) : this.channelSum(0, layout, m, { a: tex(x) });
    const variance = stats ? tex(stats.var) : this.channelSum(1, layout, m, { a: tex(x), centre: mean });
    const shape = { u_outer: layout.outer, u_C: layout.C, u_inner: layout.inner };
    const invstd = this.run(layout.C, 'float32', { family: 'normalization', defines: { INVSTD: 1, GIVEN: stats !== null }, inputs: { var: variance }, uniforms: { u_eps: eps } });
    const y = this.run(layout.outer * layout.C * layout.inner, 'float32', {
      family: 'normalization', defines: { FORWARD: 1 }, inputs: { x: tex(x), gamma: tex(gamma), beta: tex(beta), mean, invstd }, uniforms: shape,
    });
    return { y, mean, var: variance, invstd };
  }

  runningAverage(avg: Operand, batch: Operand, decay: number, weight: number): Storage {
    const out = this.run(sizeOf(avg.shape), 'float32', {
      family: 'normalization', defines: { RUNNING_AVERAGE: 1 }, inputs: { avg: tex(avg), batch: tex(batch) },
      uniforms: { u_decay: decay, u_weight: weight },
    });
    const target = tex(avg);
    if (!target.resident) return out;
    this.pool.replace(target, out);
    return target;
  }

  batchNormBackward(x: Operand, gy: Operand, layout: NormLayout, gamma: Operand, mean: Operand, invstd: Operand) {
    const gbeta = this.channelSum(0, layout, 1, { a: tex(gy) });
    // ggamma sums gy times the rounded x̂, as Chainer's (gy * x_hat).sum(axis) (Σ gy (x -
    // mean) times invstd rounds apart, far off where gx cancels).
    const ggamma = this.channelSum(2, layout, 1, { a: tex(x), b: tex(gy), centre: tex(mean), invstd: tex(invstd) });
    const gx = this.run(layout.outer * layout.C * layout.inner, 'float32', {
      family: 'normalization', defines: { BACKWARD: 1 },
      inputs: { x: tex(x), gy: tex(gy), gamma: tex(gamma), mean: tex(mean), invstd: tex(invstd), ggamma, gbeta },
      uniforms: { u_outer: layout.outer, u_C: layout.C, u_inner: layout.inner },
    });
    return { gx, ggamma, gbeta };
  }

  lstmForward(cPrev: Operand, x: Operand, rowsC: number, rowsX: number, units: number) {
    const pass = (h: boolean, size: number) => this.run(size, 'float32', {
      family: 'rnn', defines: { FORWARD: 1, OUT_H: h ? 1 : 0 }, inputs: { cPrev: tex(cPrev), x: tex(x) }, uniforms: { u_units: units, u_rowsX: rowsX },
    });
    return { c: pass(false, rowsC * units), h: pass(true, rowsX * units) };
  }

  lstmBackward(cPrev: Operand, x: Operand, c: Operand, gc: Operand, gh: Operand, rowsC: number, rowsX: number, units: number) {
    const pass = (gx: boolean, size: number) => this.run(size, 'float32', {
      family: 'rnn', defines: { BACKWARD: 1, OUT_GX: gx ? 1 : 0 },
      inputs: { cPrev: tex(cPrev), x: tex(x), c: tex(c), gc: tex(gc), gh: tex(gh) }, uniforms: { u_units: units, u_rowsX: rowsX },
    });
    return { gcPrev: pass(false, rowsC * units), gx: pass(true, rowsX * 4 * units) };
  }

  softmaxCrossEntropy(x: Operand, t: Operand, { outer: N, C, inner: S }: NormLayout, classWeight: Operand | null,
                      ignoreLabel: number, coeff: number) {
    const rows = N * S;
    const lse = (C > 0 ? this.logsumexp(x, N, C, S) : this.fill(rows, 'float32', -Infinity)) as TextureStorage;
    const weight: Pass['inputs'] = classWeight ? { classWeight: tex(classWeight) } : {};
    const terms = this.run(rows, 'float32', {
      family: 'loss', defines: { TERMS: 1, HAS_WEIGHT: classWeight ? 1 : 0 }, inputs: { x: tex(x), t: tex(t), lse, ...weight },
      uniforms: { u_C: C, u_S: S, u_ignore: ignoreLabel },
    });
    const loss = this.alloc(1, 'float32');
    this.programs.run({ family: 'loss', defines: { TOTAL: 1, HAS_WEIGHT: 0 }, inputs: { terms }, uniforms: { u_rows: rows, u_coeff: coeff }, out: loss });
    return { terms, lse, loss };
  }

  softmaxCrossEntropyGrad(x: Operand, t: Operand, lse: Operand, { outer: N, C, inner: S }: NormLayout, classWeight: Operand | null,
                          ignoreLabel: number, gy: Operand, coeff: number): Storage {
    const weight: Pass['inputs'] = classWeight ? { classWeight: tex(classWeight) } : {};
    return this.run(N * C * S, 'float32', {
      family: 'loss', defines: { GRAD: 1, HAS_WEIGHT: classWeight ? 1 : 0 }, inputs: { x: tex(x), t: tex(t), lse: tex(lse), gy: tex(gy), ...weight },
      uniforms: { u_C: C, u_S: S, u_ignore: ignoreLabel, u_coeff: coeff, u_gStride: sizeOf(gy.shape) === 1 ? 0 : 1 },
    });
  }

  // ------------------------------------------------------------ optimizer kernels

  /** One pass writing every result (the parameter, then each state array) from the old values. */
  optimizerUpdate(kernel: OptimizerKernel, param: Operand, grad: Operand, state: readonly Operand[],
                  scalars: readonly number[]): { param: Storage; state: Storage[] } {
    const n = sizeOf(param.shape);
    const names = OPTIMIZER_KERNELS[kernel].state as readonly string[];
    const s = [...scalars, 0, 0, 0, 0, 0, 0, 0, 0].slice(0, 8);
    const code = Object.keys(OPTIMIZER_KERNELS).indexOf(kernel);
    const g = tex(grad);
    if (g.layout?.kind === 'blocks' && g.layout.M * g.layout.N === n && n > 0) {
      return this.packedUpdate(code, names, [param, ...state], g.layout.held, g.layout.M, g.layout.N, s);
    }
    const inputs: Pass['inputs'] = { param: tex(param), grad: g };
    names.forEach((name, k) => { inputs[name] = tex(state[k]); });
    // One pass writes every result (a render target each; amsgrad's four fit WebGL2's minimum).
    const results = [this.alloc(n, 'float32'), ...names.map(() => this.alloc(n, 'float32'))];
    if (n > 0) this.programs.run({ family: 'optimizers', defines: { KERNEL: code }, inputs, uniforms: { u_s: s }, out: results[0], alsoOut: results.slice(1) });
    // The pass has read the old values: resident arrays now take their new textures.
    const operands = [param, ...state];
    const out = results.map((r, i) => {
      const t = tex(operands[i]);
      if (!t.resident) return r;
      this.pool.replace(t, r);
      return t;
    });
    return { param: out[0], state: out.slice(1) };
  }

  /**
   * The update of an (M, N) matrix whose gradient is a product's blocks, four elements per
   * fragment: the parameter and its state as packed rows of N (gemm.glsl's PACK layout,
   * packed first unless they are in it already), the gradient's block texels as they are.
   * The results stay packed (their layout): the next product reads the parameter's rows
   * without packing it, and the next update reads them all again.
   */
  private packedUpdate(code: number, names: readonly string[], operands: Operand[], blocks: TextureStorage,
                       M: number, N: number, scalars: number[]): { param: Storage; state: Storage[] } {
    const packed = operands.map((x) => this.packRows(x, 1, M, N, [0, N, 1]));
    const inputs: Pass['inputs'] = { param: packed[0], grad: blocks };
    names.forEach((name, k) => { inputs[name] = packed[k + 1]; });
    const results = operands.map(() => this.takePacked(M, N));
    const pitch = results[0].pitch;
    this.programs.run({
      family: 'optimizers', defines: { KERNEL: code, PACKED_ROWS: 1 }, inputs,
      uniforms: { u_s: scalars, u_rows: [N, Math.log2(pitch), blocks.layers, Math.ceil(N / 4)] },
      out: results[0].out, alsoOut: results.slice(1).map((r) => r.out),
    });
    this.releasePacked(...packed);
    const out = operands.map((x, i) => {
      const t = tex(x);
      const target = t.resident ? t : this.alloc(M * N, 'float32');
      this.pool.attachLayout(target, { kind: 'rows', held: results[i].out, K: N, pitch });
      return target;
    });
    return { param: out[0], state: out.slice(1) };
  }
}

/** The pitch of packed rows of K (gemm.glsl): a power of two texels of four k. */
function packedPitch(K: number): number {
  return 2 ** Math.ceil(Math.log2(Math.ceil(K / 4)));
}

/** The WINDOW uniforms of common.glsl for geometry g. */
function windowUniforms(g: ConvGeometry): Record<string, number[]> {
  return { u_in: [g.n, g.c, g.h, g.w], u_kernel: [g.kh, g.kw, g.sy, g.sx], u_pad: [g.ph, g.pw, g.dy, g.dx], u_out: [g.oh, g.ow] };
}

/** Whether every tap of the window lands on the image: no padding, no window past the edge. */
function tapsInside(g: ConvGeometry): boolean {
  return g.ph === 0 && g.pw === 0 && (g.oh - 1) * g.sy + (g.kh - 1) * g.dy < g.h && (g.ow - 1) * g.sx + (g.kw - 1) * g.dx < g.w;
}

/** The kernel a pass runs, for errors: its family and its first define (`webgl: softmax NORMALIZE`). */
function kernelLabel(pass: Omit<Pass, 'out'>): string {
  const first = Object.keys(pass.defines ?? {})[0];
  return `webgl: ${pass.family}${first ? ` ${first}` : ''}`;
}

function firstChannel(rgba: TypedArray, size: number, out: TypedArray): TypedArray {
  for (let i = 0; i < size; i++) out[i] = rgba[4 * i];
  return out;
}

/**
 * A piece's view rearranged for the assemble kernel, which finds coordinates by dividing
 * by strides from the largest down: axes of one element dropped, negative strides turned
 * positive (the values read from the other end), axes sorted by decreasing stride, and
 * the values' own (contiguous) strides carried along. Null for an empty piece.
 */
function sortedView(shape: readonly number[], strides: readonly number[]):
  { shape: number[]; strides: number[]; valueStrides: number[]; offset: number; valueOffset: number } | null {
  if (shape.some((d) => d === 0)) return null;
  const axes: { n: number; stride: number; valueStride: number }[] = [];
  let offset = 0, valueOffset = 0, valueStride = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d];
    if (n > 1) {
      if (strides[d] < 0) {
        offset += strides[d] * (n - 1);
        valueOffset += valueStride * (n - 1);
        axes.push({ n, stride: -strides[d], valueStride: -valueStride });
      } else axes.push({ n, stride: strides[d], valueStride });
    }
    valueStride *= n;
  }
  axes.sort((a, b) => b.stride - a.stride);
  // The division only finds coordinates when each stride passes the reach of the smaller ones.
  for (let d = 0; d < axes.length; d++) {
    const reach = axes.slice(d + 1).reduce((r, a) => r + a.stride * (a.n - 1), 0);
    if (axes[d].stride <= reach) throw new Error('webgl: assemble: a piece whose strides interleave is not supported');
  }
  if (axes.length === 0) axes.push({ n: 1, stride: 1, valueStride: 0 });
  return { shape: axes.map((a) => a.n), strides: axes.map((a) => a.stride), valueStrides: axes.map((a) => a.valueStride), offset, valueOffset };
}

// The WebAssembly SIMD backend: kernels run in linear memory on typed arrays copied in, or on
// resident blocks where they live.
import type { DType, TypedArray } from '../../array/dtype';
import { sizeOf } from '../../array/shape';
import type { Backend, ColumnLayout, ConvGeometry, Destination, GemmOptions, MemoryInfo, NormLayout, Operand, Storage, View } from '../backend';
import { Binary, SoftmaxKind, type Unary, type Reduce } from '../../../assembly/opcodes';
import { Workspace } from '../../../assembly/workspaces';
import { type Arena, type WasmStorage, linearMemory } from './arena';
import { ResidentBlock } from './heap';
import { kernels, simdLevel } from './module';
import { math } from './math-kernels';
import { normKernels } from './normalization-kernels';
import { convKernels } from './conv-kernels';
import { optimizerKernel } from './optimizer-kernels';
import { pool } from './thread-pool';
import { PackedWeights } from './packed-weights';
import type { OptimizerKernel } from '../optimizer-kernels';
import { noteTemporary } from '../temporaries';
import { TypedArrayPool } from './typed-array-pool';
import { showValue } from '../../util/options';

/** Results from this size on have their pages touched while a split kernel runs (resultAhead). */
const TOUCH_AHEAD_BYTES = 64 * 1024;
/** Float32 elements per 4 KB page. */
const PAGE_FLOATS = 1024;

/** The elements of an operand as a typed array: the array itself, or a live view of a resident block. */
function host(ar: Arena, x: Operand): TypedArray {
  const s = x.storage as WasmStorage;
  return s instanceof ResidentBlock ? ar.view(ar.resident(x, s), s.length, x.dtype) : s;
}

function residentOf(x: Operand): ResidentBlock {
  if (!(x.storage instanceof ResidentBlock)) throw new Error('wasm backend: an in-place update needs a resident target');
  return x.storage;
}

/**
 * Storage is a JavaScript typed array (temporaries, collected with the array that holds
 * them) or a resident block of linear memory (arrays an owner keeps: parameters, their
 * gradients, optimizer state; freed by release()). Kernel results are typed arrays, new
 * or recycled ones the backward walk proved unreachable.
 */
export class WasmBackend implements Backend {
  readonly name = 'wasm' as const;
  // Up to one k block of assembly/gemm.ts (KC = 256; KC_FEW = 64 for up to SMALL_M = 32 rows
  // of C): a longer K carries its sums on from C block by block, and the matrix-vector
  // kernels (one row or column of C) add each product.
  gemmAddsWhole(M: number, N: number, K: number): boolean {
    return K <= (M <= 32 ? 64 : 256) && M > 1 && N > 1;
  }
  readonly simdLevel = simdLevel;
  private readonly arena = linearMemory;
  /** Recycled temporaries, reused for results of their length (a step's backward pass makes the same ones each step). */
  private readonly recycled = new TypedArrayPool(64 * 1024 * 1024);
  /** Resident weights kept packed for products that read them transposed. */
  private readonly packedWeights = new PackedWeights(this.arena);

  /** A new temporary of n elements, noted for the backward walk (backends/temporaries.ts); contents unspecified. */
  private temporary(n: number, dtype: DType): TypedArray {
    const out = this.recycled.take(n, dtype);
    noteTemporary(this, out);
    return out;
  }

  private result(ptr: number, n: number, dtype: DType, into: TypedArray = this.temporary(n, dtype)): Storage {
    into.set(this.arena.view(ptr, n, dtype));
    return into;
  }

  /**
   * The array a large split kernel's float32 result will be copied into, taken before the
   * kernel runs, with the task of touching its pages, which the caller runs while the
   * workers start on their parts (pool.run's `meanwhile`): a new array's memory costs a page
   * fault per 4 KB on first write (10-20 us on a busy VM, 11-22 ms for 4 MB), and the copy
   * out after the kernel would pay them on the calling thread alone.
   */
  private resultAhead(n: number): { out: TypedArray; touch: () => void } | null {
    if (n * 4 < TOUCH_AHEAD_BYTES) return null;
    const out = this.temporary(n, 'float32');
    return { out, touch: () => { for (let i = 0; i < out.length; i += PAGE_FLOATS) out[i] = 0; } };
  }

  upload(data: TypedArray): Storage {
    return data;
  }

  readSync(storage: Storage, dtype: DType, size: number): TypedArray {
    // A resident block is copied out: a view would go stale when linear memory grows.
    if (storage instanceof ResidentBlock) {
      this.arena.begin('read', []);
      return this.arena.take(this.arena.resident({ storage, dtype, shape: [size] }, storage), size, dtype);
    }
    return storage as TypedArray;
  }

  async read(storage: Storage, dtype: DType, size: number): Promise<TypedArray> {
    return this.readSync(storage, dtype, size);
  }

  keep(x: Operand): Storage {
    return this.arena.keep(x);
  }

  reserve(size: number, dtype: DType): Storage {
    return this.arena.allocResident(size, dtype);
  }

  /** The pointer a kernel writes its result to: a resident destination, or new scratch. */
  private output(into: Destination | undefined, bytes: number): number {
    return into ? this.arena.resident(into.target, residentOf(into.target)) : this.arena.alloc(bytes);
  }

  /** The result of a kernel that wrote to `ptr`: the destination itself, or a copy out. */
  private written(into: Destination | undefined, ptr: number, n: number): Storage {
    return into ? into.target.storage : this.result(ptr, n, 'float32');
  }

  /**
   * Bytes of linear memory the packed copies of weights may hold together (256 MiB by
   * default; 0 keeps none): a resident weight that products read transposed with the same
   * contents is packed for the GEMM kernel once (packed-weights.ts). Lowering it below what
   * the copies hold frees them all.
   */
  get packedWeightBudget(): number {
    return this.packedWeights.budget;
  }

  set packedWeightBudget(bytes: number) {
    if (typeof bytes !== 'number' || !(bytes >= 0)) {
      throw new RangeError(`wasm: packedWeightBudget must be a number of bytes, 0 or more (or Infinity), got ${showValue(bytes)}`);
    }
    this.packedWeights.budget = bytes;
  }

  isResident(storage: Storage): boolean {
    return storage instanceof ResidentBlock;
  }

  release(storage: Storage): void {
    // Typed arrays go back to the collector; resident blocks return to the heap now.
    if (storage instanceof ResidentBlock) {
      this.packedWeights.drop(storage);
      this.arena.release(storage);
    }
  }

  recycle(storage: Storage): void {
    if (!(storage instanceof ResidentBlock)) this.recycled.give(storage as TypedArray);
  }

  // Temporaries are typed arrays the collector frees, or the backward walk recycles (a
  // kernel's scratch is reused by the next call): the step generations have nothing to
  // release here.
  endStep(): void {}
  openSteps(): void {}
  closeSteps(): void {}
  persist(_storage: Storage): void {}

  accumulate(target: Operand, x: Operand): void {
    const ar = this.arena;
    const n = sizeOf(target.shape);
    ar.begin('accumulate', [target, x]);
    const pt = ar.resident(target, residentOf(target)), px = ar.put(x);
    const ps = ar.putInts([n]), pst = ar.putInts([1]);
    if (n > 0) {
      if (target.dtype === 'int32') kernels.binary_i32(Binary.Add, 1, ps, pt, pst, px, pst, pt);
      else kernels.binary_f32(Binary.Add, 1, ps, pt, pst, px, pst, pt);
    }
  }

  scale(target: Operand, factor: number | Operand): void {
    const ar = this.arena;
    const n = sizeOf(target.shape);
    ar.begin('scale', typeof factor === 'number' ? [target] : [target, factor]);
    const pt = ar.resident(target, residentOf(target));
    let pf: number;
    if (typeof factor === 'number') ar.viewF32(pf = ar.alloc(4), 1)[0] = factor;
    else pf = ar.put(factor);
    // The factor is read through stride 0, as a broadcast scalar.
    if (n > 0) kernels.binary_f32(Binary.Mul, 1, ar.putInts([n]), pt, ar.putInts([1]), pf, ar.putInts([0]), pt);
  }

  sumSquares(x: Operand): Storage {
    this.arena.begin('sumSquares', [x]);
    const px = this.arena.put(x);
    return Float32Array.of((kernels.sum_squares_f32 as (x: number, n: number) => number)(px, sizeOf(x.shape)));
  }

  memory(): MemoryInfo {
    const heap = this.arena.heap, packed = this.packedWeights;
    return {
      arrays: heap.blocks - packed.blocks, bytes: heap.bytes - packed.bytes, pooledBytes: heap.pooledBytes,
      wasmBytes: this.arena.byteLength, recycledBytes: this.recycled.bytes, packedWeightBytes: packed.bytes,
    };
  }

  fill(size: number, dtype: DType, value: number): Storage {
    return this.temporary(size, dtype).fill(value);
  }

  unary(op: Unary, x: Operand): Storage {
    const n = sizeOf(x.shape);
    this.arena.begin('unary', [x]);
    const px = this.arena.put(x);
    const po = this.arena.alloc(n * 4);
    if (x.dtype === 'int32') kernels.unary_i32(op, px, po, n);
    else pool.runElementwise('unary_f32', [op, px, po, n], 3, [1, 2]);
    return this.result(po, n, x.dtype);
  }

  binary(op: Binary, a: Operand, aStrides: readonly number[], b: Operand, bStrides: readonly number[],
         outShape: readonly number[], outDType: DType): Storage {
    const n = sizeOf(outShape);
    const ar = this.arena;
    ar.begin('binary', [a, b]);
    const pa = ar.put(a), pb = ar.put(b);
    const ps = ar.putInts(outShape), psa = ar.putInts(aStrides), psb = ar.putInts(bStrides);
    const po = ar.alloc(n * 4);
    if (n > 0) {
      if (a.dtype === 'int32') kernels.binary_i32(op, outShape.length, ps, pa, psa, pb, psb, po);
      else kernels.binary_f32(op, outShape.length, ps, pa, psa, pb, psb, po);
    }
    return this.result(po, n, outDType);
  }

  where(cond: Operand, a: Operand, b: Operand): Storage {
    const n = sizeOf(a.shape);
    const ar = this.arena;
    ar.begin('where', [cond, a, b]);
    const pc = ar.put(cond), pa = ar.put(a), pb = ar.put(b);
    const po = ar.alloc(n * 4);
    kernels.where32(pc, pa, pb, po, n);
    return this.result(po, n, a.dtype);
  }

  cast(x: Operand, dtype: DType): Storage {
    const n = sizeOf(x.shape);
    if (x.dtype === dtype) return host(this.arena, x).slice();
    this.arena.begin('cast', [x]);
    const px = this.arena.put(x);
    const po = this.arena.alloc(n * 4);
    if (dtype === 'int32') kernels.cast_f32_i32(px, po, n);
    else kernels.cast_i32_f32(px, po, n);
    return this.result(po, n, dtype);
  }

  gather(view: View): Storage {
    const n = sizeOf(view.shape);
    const ar = this.arena;
    const source: Operand = { storage: view.storage, shape: [(view.storage as WasmStorage).length], dtype: view.dtype };
    ar.begin('gather', [source]);
    // Copy in only the span of the source the view can touch (a resident source stays put).
    let lo = view.offset, hi = view.offset;
    for (let i = 0; i < view.shape.length; i++) {
      if (view.shape[i] === 0) { lo = hi = view.offset; break; }
      const reach = view.strides[i] * (view.shape[i] - 1);
      if (reach < 0) lo += reach; else hi += reach;
    }
    const src = view.storage as WasmStorage;
    let px: number;
    if (n === 0) px = ar.alloc(4);
    else if (src instanceof ResidentBlock) { px = ar.resident(source, src); lo = 0; }
    else px = ar.put({ storage: src.subarray(lo, hi + 1), shape: [hi + 1 - lo], dtype: view.dtype });
    const ps = ar.putInts(view.shape), pst = ar.putInts(view.strides);
    const po = ar.alloc(n * 4);
    if (n > 0) kernels.gather32(view.shape.length, ps, px + (view.offset - lo) * 4, pst, po);
    return this.result(po, n, view.dtype);
  }

  reduce(op: Reduce, x: Operand, outer: number, r: number, inner: number): Storage {
    const argOp = op === 3 || op === 4;
    const ar = this.arena;
    ar.begin('reduce', [x]);
    const px = ar.put(x);
    const n = outer * inner;
    const po = ar.alloc(n * 4);
    if (x.dtype === 'int32') kernels.reduce_i32(op, px, outer, r, inner, po);
    else kernels.reduce_f32(op, px, outer, r, inner, po);
    return this.result(po, n, argOp ? 'int32' : x.dtype);
  }

  gemm(a: Operand, b: Operand, M: number, N: number, K: number, o: GemmOptions): Storage {
    const ar = this.arena;
    // A pending bias (a parameter's first use) is made here with the operands: made at its
    // put, its resident copy would start over the scratch this kernel has already filled.
    ar.begin('gemm', o.bias ? [a, b, o.bias] : [a, b]);
    const size = o.batch * M * N;
    const into = o.into, accumulate = into?.accumulate ? 1 : 0;
    // A stack of plain A times one shared B is a single tall product (batch * M, K) x (K, N):
    // B is packed once instead of once per matrix.
    const tall = o.batch > 1 && o.batchB === 1 && o.batchA === o.batch && !o.transA;
    const calls = tall ? 1 : o.batch, rows = tall ? o.batch * M : M;
    // A single row or column of C (batch-1 inference) streams its matrix once: memory-bound.
    const parts = rows === 1 || N === 1 ? pool.streamParts(rows * N * K * 4) : pool.parts(rows * N * K);
    const pb = ar.putRead(b);
    // A resident weight read transposed by product after product (x W^T) comes packed once:
    // in panels for the GEMM kernel, or four rows to a stream for a single row of x (none
    // for fewer than four of either). Before any scratch: it may place a block.
    const layout = !o.transB || calls !== 1 || N <= 1 || K <= 0 || !(b.storage instanceof ResidentBlock) ? null
      : rows > 1 ? 'panels' : 'rows';
    const packed = layout ? this.packedWeights.of(b.storage as ResidentBlock, layout, N, K, parts) : 0;
    const packedB = layout === 'panels' ? packed : 0, packedRows = layout === 'rows' ? packed : 0;
    const pa = ar.putRead(a), pbias = o.bias ? ar.put(o.bias) : 0;
    const pc = this.output(into, size * 4);
    const ahead = into || parts <= 1 ? null : this.resultAhead(size);
    const lda = o.transA ? M : K, ldb = o.transB ? K : N;
    // The operand every part would pack whole is packed once, by all threads, for all parts
    // (with B packed already, only A, for parts that split the columns).
    const shared = packedB && rows >= N ? 0 : kernels.gemm_shared_bytes(+o.transA, +o.transB, rows, N, K, ldb, parts);
    const pshared = shared > 0 ? ar.alloc(shared) : 0;
    const work = ar.alloc(parts * kernels.gemm_workspace(rows, N, K));
    for (let i = 0; i < calls; i++) {
      const ia = o.batchA === 1 ? 0 : i, ib = o.batchB === 1 ? 0 : i;
      const pai = pa + ia * M * K * 4, pci = pc + i * M * N * 4, touch = i === 0 ? ahead?.touch : undefined;
      const operands = [+o.transA, +o.transB, rows, N, K, pai, lda, pb + ib * K * N * 4, ldb];
      if (pshared) pool.run('gemm_pack_shared', [...operands, parts, pshared], parts);
      if (packedRows) pool.run('gemv_packed_rows_f32', [N, K, packedRows, pb, K, pai, pci, accumulate], parts, touch);
      else if (packedB) pool.run('gemm_packed_b_f32', [+o.transA, rows, N, K, pai, lda, packedB, pci, N, accumulate, pshared, work], parts, touch);
      else pool.run('gemm_f32', [...operands, pci, N, accumulate, pshared, work], parts, touch);
    }
    // The bias joins the product where it lies, before the copy out (the add of ops.add).
    if (pbias && size > 0) kernels.binary_f32(Binary.Add, 2, ar.putInts([M, N]), pc, ar.putInts([N, 1]), pbias, ar.putInts([0, 1]), pc);
    return ahead ? this.result(pc, size, 'float32', ahead.out) : this.written(into, pc, size);
  }

  // ------------------------------------------------------------ array kernels
  private readonly arrayKernels = kernels as unknown as {
    take32(x: number, outer: number, n: number, inner: number, idx: number, m: number, out: number): void;
    scatter_add_f32(out: number, outer: number, n: number, inner: number, idx: number, m: number, values: number): void;
    scatter_add_i32(out: number, outer: number, n: number, inner: number, idx: number, m: number, values: number): void;
    scatter32(ndim: number, shape: number, x: number, out: number, strides: number): void;
  };

  // Sparse row access (an embedding lookup, the gradient of one) stays in JavaScript:
  // copying a whole table through linear memory would cost more than touching the rows.
  take(x: Operand, indices: Operand, outer: number, n: number, inner: number): Storage {
    const m = sizeOf(indices.shape);
    const size = outer * m * inner;
    if (outer * n * inner > 4 * size) return takeRowsJs(host(this.arena, x), host(this.arena, indices), outer, n, inner, m);
    const ar = this.arena;
    ar.begin('take', [x, indices]);
    const px = ar.put(x), pi = ar.put(indices);
    const po = ar.alloc(size * 4);
    if (size > 0) this.arrayKernels.take32(px, outer, n, inner, pi, m, po);
    return this.result(po, size, x.dtype);
  }

  scatterAdd(base: Operand, indices: Operand, values: Operand, outer: number, n: number, inner: number): Storage {
    const m = sizeOf(indices.shape);
    const size = outer * n * inner;
    if (4 * outer * m * inner < size) return scatterAddJs(host(this.arena, base), host(this.arena, indices), host(this.arena, values), outer, n, inner, m);
    const ar = this.arena;
    ar.begin('scatterAdd', [base, indices, values]);
    const po = ar.put(base), pi = ar.put(indices), pv = ar.put(values);
    if (outer * m * inner > 0) {
      if (base.dtype === 'int32') this.arrayKernels.scatter_add_i32(po, outer, n, inner, pi, m, pv);
      else this.arrayKernels.scatter_add_f32(po, outer, n, inner, pi, m, pv);
    }
    return this.result(po, size, base.dtype);
  }

  assemble(size: number, dtype: DType, fill: number,
           pieces: readonly { values: Operand; offset: number; shape: readonly number[]; strides: readonly number[] }[]): Storage {
    const ar = this.arena;
    ar.begin('assemble', pieces.map((p) => p.values));
    const po = ar.alloc(size * 4);
    if (dtype === 'int32') ar.viewI32(po, size).fill(fill);
    else ar.viewF32(po, size).fill(fill);
    for (const p of pieces) {
      const n = sizeOf(p.shape);
      if (n === 0) continue;
      const pv = ar.put(p.values);
      const ps = ar.putInts(p.shape), pst = ar.putInts(p.strides);
      this.arrayKernels.scatter32(p.shape.length, ps, pv, po + p.offset * 4, pst);
    }
    return this.result(po, size, dtype);
  }



  // ------------------------------------------------------------ activation and math kernels

  softmax(x: Operand, outer: number, n: number, inner: number, log: boolean): Storage {
    const size = outer * n * inner;
    const ar = this.arena;
    ar.begin('softmax', [x]);
    const px = ar.put(x);
    const po = ar.alloc(size * 4);
    if (size > 0) pool.runRows('softmax_f32', [log ? SoftmaxKind.LogSoftmax : SoftmaxKind.Softmax, px, outer, n, inner, po], outer, size);
    return this.result(po, size, 'float32');
  }

  logsumexp(x: Operand, outer: number, n: number, inner: number): Storage {
    const size = outer * inner;
    const ar = this.arena;
    ar.begin('logsumexp', [x]);
    const px = ar.put(x);
    const po = ar.alloc(size * 4);
    if (size > 0) pool.runRows('softmax_f32', [SoftmaxKind.LogSumExp, px, outer, n, inner, po], outer, outer * n * inner);
    return this.result(po, size, 'float32');
  }

  softmaxGrad(y: Operand, gy: Operand, outer: number, n: number, inner: number, log: boolean): Storage {
    const size = outer * n * inner;
    const ar = this.arena;
    ar.begin('softmaxGrad', [y, gy]);
    const py = ar.put(y), pg = ar.put(gy);
    const po = ar.alloc(size * 4);
    if (size > 0) pool.runRows(log ? 'log_softmax_grad_f32' : 'softmax_grad_f32', [py, pg, outer, n, inner, po], outer, size);
    return this.result(po, size, 'float32');
  }

  scan(op: 'sum' | 'prod', x: Operand, outer: number, n: number, inner: number, reverse: boolean, exclusive: boolean): Storage {
    const size = outer * n * inner;
    const ar = this.arena;
    ar.begin('scan', [x]);
    const px = ar.put(x);
    const po = ar.alloc(size * 4);
    const kernel = x.dtype === 'int32' ? math.scan_i32 : math.scan_f32;
    if (size > 0) kernel(op === 'sum' ? 0 : 1, px, outer, n, inner, +reverse, +exclusive, po);
    return this.result(po, size, x.dtype);
  }

  recurrence(a: Operand, b: Operand, outer: number, n: number, inner: number, reverse: boolean): Storage {
    const size = outer * n * inner;
    const ar = this.arena;
    ar.begin('recurrence', [a, b]);
    const pa = ar.put(a), pb = ar.put(b);
    const po = ar.alloc(size * 4);
    if (size > 0) math.recurrence_f32(pa, pb, outer, n, inner, +reverse, po);
    return this.result(po, size, 'float32');
  }



  // ------------------------------------------------------------ connection and pooling kernels

  private putGeometry(g: ConvGeometry): number {
    return this.arena.putInts([g.n, g.c, g.h, g.w, g.kh, g.kw, g.sy, g.sx, g.ph, g.pw, g.dy, g.dx, g.oh, g.ow]);
  }

  /** A kernel over a geometry and one float input that writes n floats. */
  private geometryKernel(label: string, g: ConvGeometry, x: Operand, n: number, run: (pg: number, px: number, pout: number) => void): Storage {
    const ar = this.arena;
    ar.begin(label, [x]);
    const pg = this.putGeometry(g), px = ar.put(x), pout = ar.alloc(n * 4);
    if (n > 0) run(pg, px, pout);
    return this.result(pout, n, 'float32');
  }

  im2col(x: Operand, g: ConvGeometry, layout: ColumnLayout): Storage {
    return this.geometryKernel('im2col', g, x, g.n * g.c * g.kh * g.kw * g.oh * g.ow,
      (pg, px, pc) => convKernels.im2col_f32(pg, px, pc, layout.batch, layout.tap));
  }

  conv2d(x: Operand, W: Operand, b: Operand | null, g: ConvGeometry, groups: number): Storage {
    const O = W.shape[0], P = g.oh * g.ow, Kg = (g.c / groups) * g.kh * g.kw, Og = O / groups;
    const size = g.n * O * P;
    const ar = this.arena;
    ar.begin('conv2d', [x, W, ...(b ? [b] : [])]);
    const px = ar.put(x), pw = ar.put(W);
    const py = ar.alloc(size * 4);
    // One image's column buffer per thread at a time: memory stays at K * P however large the batch.
    const parts = pool.parts(g.n * O * P * Kg);
    const pg = this.putGeometry({ ...g, n: 1 }), pc = ar.alloc(parts * groups * Kg * P * 4);
    const work = ar.alloc(parts * kernels.gemm_workspace(Og, P, Kg));
    pool.run('conv2d_f32', [pg, g.n, px, pw, py, O, groups, 0, pc, work], parts);
    // The bias is added to the finished products, as Chainer's y += b after the tensordot.
    if (b && size > 0) kernels.binary_f32(Binary.Add, 3, ar.putInts([g.n, O, P]), py, ar.putInts([O * P, P, 1]), ar.put(b), ar.putInts([0, 1, 0]), py);
    return this.result(py, size, 'float32');
  }

  conv2dGradW(x: Operand, gy: Operand, g: ConvGeometry, groups: number, into?: Destination): Storage {
    const O = gy.shape[1], P = g.oh * g.ow, Kg = (g.c / groups) * g.kh * g.kw, Og = O / groups;
    const size = O * Kg;
    const ar = this.arena;
    ar.begin('conv2dGradW', [x, gy]);
    const px = ar.put(x), pgy = ar.put(gy);
    const pw = this.output(into, size * 4);
    const pg = this.putGeometry({ ...g, n: 1 }), pc = ar.alloc(groups * Kg * P * 4);
    const parts = pool.parts(Og * Kg * P);
    const work = ar.alloc(parts * kernels.gemm_workspace(Og, Kg, P));
    const imageBytes = g.c * g.h * g.w * 4;
    // The first image overwrites the result unless it adds into a destination.
    const add = into?.accumulate ? 1 : 0;
    if (g.n === 0 && !add) kernels.fill32(pw, 0, size);
    for (let n = 0; n < g.n; n++) {
      convKernels.im2col_f32(pg, px + n * imageBytes, pc, 0, P);
      // gW[group] (+)= gy[n, group] (Og, P) times col[group]^T (P, Kg); the images after the
      // first carry on the sums (2), so each element adds its terms over (n, p) in turn, as
      // Chainer's tensordot over the batch and the pixels
      for (let gi = 0; gi < groups; gi++) {
        pool.run('gemm_f32', [0, 1, Og, Kg, P, pgy + ((n * O + gi * Og) * P) * 4, P, pc + gi * Kg * P * 4, P,
          pw + gi * Og * Kg * 4, Kg, n > 0 ? 2 : add, 0, work], parts);
      }
    }
    return this.written(into, pw, size);
  }

  col2im(col: Operand, g: ConvGeometry, layout: ColumnLayout): Storage {
    return this.geometryKernel('col2im', g, col, g.n * g.c * g.h * g.w,
      (pg, pc, px) => convKernels.col2im_f32(pg, pc, px, layout.batch, layout.tap));
  }

  sumPool2d(x: Operand, g: ConvGeometry, divisor: number, rowSums = false): Storage {
    return this.geometryKernel('sumPool2d', g, x, g.n * g.c * g.oh * g.ow, (pg, px, py) => convKernels.sum_pool_f32(pg, px, py, divisor, rowSums ? 1 : 0));
  }

  maxPool2d(x: Operand, g: ConvGeometry): { y: Storage; indexes: Storage } {
    const n = g.n * g.c * g.oh * g.ow;
    const ar = this.arena;
    ar.begin('maxPool2d', [x]);
    const pg = this.putGeometry(g), px = ar.put(x), py = ar.alloc(n * 4), pi = ar.alloc(n * 4);
    if (n > 0) convKernels.max_pool_f32(pg, px, py, pi);
    return { y: this.result(py, n, 'float32'), indexes: this.result(pi, n, 'int32') };
  }

  maxPool2dGrad(gy: Operand, indexes: Operand, g: ConvGeometry): Storage {
    const planes = g.n * g.c, inSize = g.h * g.w, outSize = g.oh * g.ow;
    const ar = this.arena;
    ar.begin('maxPool2dGrad', [gy, indexes]);
    const pgy = ar.put(gy), pi = ar.put(indexes), pgx = ar.alloc(planes * inSize * 4);
    convKernels.max_pool_grad_f32(planes, inSize, outSize, pgy, pi, pgx);
    return this.result(pgx, planes * inSize, 'float32');
  }

  maxPool2dGather(x: Operand, indexes: Operand, g: ConvGeometry): Storage {
    const planes = g.n * g.c, inSize = g.h * g.w, outSize = g.oh * g.ow;
    const ar = this.arena;
    ar.begin('maxPool2dGather', [x, indexes]);
    const px = ar.put(x), pi = ar.put(indexes), py = ar.alloc(planes * outSize * 4);
    convKernels.max_pool_gather_f32(planes, inSize, outSize, px, pi, py);
    return this.result(py, planes * outSize, 'float32');
  }

  embedGather(table: Operand, ids: Operand, ignore: number | null): Storage {
    const dim = table.shape[1], n = sizeOf(ids.shape);
    const ar = this.arena;
    ar.begin('embedGather', [table, ids]);
    const pt = ar.put(table), pi = ar.put(ids), po = ar.alloc(n * dim * 4);
    convKernels.embed_gather_f32(pt, dim, pi, n, +(ignore !== null), ignore ?? 0, po);
    return this.result(po, n * dim, 'float32');
  }

  embedScatterAdd(grad: Operand, ids: Operand, vocab: number, ignore: number | null, into?: Destination): Storage {
    const n = sizeOf(ids.shape), dim = n === 0 ? grad.shape[grad.shape.length - 1] : sizeOf(grad.shape) / n;
    const ar = this.arena;
    ar.begin('embedScatterAdd', [grad, ids]);
    const pg = ar.put(grad), pi = ar.put(ids), po = this.output(into, vocab * dim * 4);
    const accumulate = into?.accumulate ? 1 : 0;
    const scratch = accumulate ? ar.alloc(convKernels.embed_scatter_scratch(dim, n, vocab)) : 0;
    convKernels.embed_scatter_add_f32(pg, dim, pi, n, +(ignore !== null), ignore ?? 0, vocab, po, accumulate, scratch);
    return this.written(into, po, vocab * dim);
  }



  // ------------------------------------------------------------ normalization, loss and rnn kernels

  batchNormForward(x: Operand, { outer, C, inner }: NormLayout, gamma: Operand, beta: Operand, eps: number,
                   stats: { mean: Operand; var: Operand } | null) {
    const ar = this.arena;
    ar.begin('batchNormForward', [x, gamma, beta, ...(stats ? [stats.mean, stats.var] : [])]);
    const px = ar.put(x), pg = ar.put(gamma), pb = ar.put(beta);
    const pm = stats ? ar.put(stats.mean) : ar.alloc(C * 4);
    const pv = stats ? ar.put(stats.var) : ar.alloc(C * 4);
    const pr = ar.alloc(C * 4), work = ar.alloc(C * 4), py = ar.alloc(outer * C * inner * 4);
    normKernels.batch_norm_forward_f32(px, outer, C, inner, pg, pb, eps, pm, pv, stats ? 0 : 1, pr, work, py);
    return {
      y: this.result(py, outer * C * inner, 'float32'),
      mean: stats ? stats.mean.storage : this.result(pm, C, 'float32'),
      var: stats ? stats.var.storage : this.result(pv, C, 'float32'),
      invstd: this.result(pr, C, 'float32'),
    };
  }

  runningAverage(avg: Operand, batch: Operand, decay: number, weight: number): Storage {
    const n = sizeOf(avg.shape);
    const ar = this.arena;
    ar.begin('runningAverage', [avg, batch]);
    // A resident average is updated where it lives; another in a scratch copy, copied out.
    const pa = ar.put(avg), pb = ar.put(batch);
    normKernels.running_average_f32(pa, pb, n, decay, weight);
    return avg.storage instanceof ResidentBlock ? avg.storage : this.result(pa, n, 'float32');
  }

  batchNormBackward(x: Operand, gy: Operand, { outer, C, inner }: NormLayout, gamma: Operand, mean: Operand, invstd: Operand) {
    const ar = this.arena;
    ar.begin('batchNormBackward', [x, gy, gamma, mean, invstd]);
    const px = ar.put(x), pgy = ar.put(gy), pg = ar.put(gamma), pm = ar.put(mean), pr = ar.put(invstd);
    const work = ar.alloc(C * 4), pgx = ar.alloc(outer * C * inner * 4), pgg = ar.alloc(C * 4), pgb = ar.alloc(C * 4);
    normKernels.batch_norm_backward_f32(px, pgy, outer, C, inner, pg, pm, pr, work, pgx, pgg, pgb);
    return { gx: this.result(pgx, outer * C * inner, 'float32'), ggamma: this.result(pgg, C, 'float32'), gbeta: this.result(pgb, C, 'float32') };
  }

  rowStandardizeGrad(steps: 'group' | 'layer', x: Operand, gy: Operand, rows: number, cols: number, mean: Operand, invstd: Operand, eps: number) {
    const ar = this.arena;
    ar.begin('rowStandardizeGrad', [x, gy, mean, invstd]);
    const px = ar.put(x), pgy = ar.put(gy), pm = ar.put(mean), pr = ar.put(invstd);
    const pgx = ar.alloc(rows * cols * 4), pgg = ar.alloc(rows * 4), pgb = ar.alloc(rows * 4);
    pool.runRows('row_standardize_backward_f32', [steps === 'layer' ? 1 : 0, px, pgy, rows, cols, pm, pr, eps, pgx, pgg, pgb], rows, 2 * rows * cols);
    return { gx: this.result(pgx, rows * cols, 'float32'), ggamma: this.result(pgg, rows, 'float32'), gbeta: this.result(pgb, rows, 'float32') };
  }

  lstmForward(cPrev: Operand, x: Operand, rowsC: number, rowsX: number, units: number) {
    const ar = this.arena;
    ar.begin('lstmForward', [cPrev, x]);
    const pcp = ar.put(cPrev), px = ar.put(x);
    const parts = pool.rowParts(rowsC, rowsX * 4 * units);
    const work = ar.alloc(parts * Workspace.LstmForward), pc = ar.alloc(rowsC * units * 4), ph = ar.alloc(rowsX * units * 4);
    pool.run('lstm_forward_f32', [pcp, px, rowsC, rowsX, units, work, pc, ph], parts);
    return { c: this.result(pc, rowsC * units, 'float32'), h: this.result(ph, rowsX * units, 'float32') };
  }

  lstmBackward(cPrev: Operand, x: Operand, c: Operand, gc: Operand, gh: Operand, rowsC: number, rowsX: number, units: number) {
    const ar = this.arena;
    ar.begin('lstmBackward', [cPrev, x, c, gc, gh]);
    const pcp = ar.put(cPrev), px = ar.put(x), pc = ar.put(c), pgc = ar.put(gc), pgh = ar.put(gh);
    const parts = pool.rowParts(rowsC, rowsX * 4 * units);
    const work = ar.alloc(parts * Workspace.LstmBackward), pgcp = ar.alloc(rowsC * units * 4), pgx = ar.alloc(rowsX * 4 * units * 4);
    pool.run('lstm_backward_f32', [pcp, px, pc, pgc, pgh, rowsC, rowsX, units, work, pgcp, pgx], parts);
    return { gcPrev: this.result(pgcp, rowsC * units, 'float32'), gx: this.result(pgx, rowsX * 4 * units, 'float32') };
  }

  softmaxCrossEntropy(x: Operand, t: Operand, { outer: N, C, inner: S }: NormLayout, classWeight: Operand | null,
                      ignoreLabel: number, coeff: number) {
    const ar = this.arena;
    ar.begin('softmaxCrossEntropy', [x, t, ...(classWeight ? [classWeight] : [])]);
    const px = ar.put(x), pt = ar.put(t), pw = classWeight ? ar.put(classWeight) : 0;
    const rows = N * S;
    const plse = ar.alloc(rows * 4), pterms = ar.alloc(rows * 4), ploss = ar.alloc(4);
    if (rows > 0) {
      if (C > 0) pool.runRows('softmax_f32', [SoftmaxKind.LogSumExp, px, N, C, S, plse], N, N * C * S);
      else ar.viewF32(plse, rows).fill(-Infinity);
    }
    normKernels.softmax_cross_entropy_f32(px, pt, plse, N, C, S, pw, ignoreLabel, coeff, pterms, ploss);
    return { terms: this.result(pterms, rows, 'float32'), lse: this.result(plse, rows, 'float32'), loss: this.result(ploss, 1, 'float32') };
  }

  softmaxCrossEntropyGrad(x: Operand, t: Operand, lse: Operand, { outer: N, C, inner: S }: NormLayout, classWeight: Operand | null,
                          ignoreLabel: number, gy: Operand, coeff: number): Storage {
    const ar = this.arena;
    ar.begin('softmaxCrossEntropyGrad', [x, t, lse, ...(classWeight ? [classWeight] : []), gy]);
    const px = ar.put(x), pt = ar.put(t), plse = ar.put(lse), pg = ar.put(gy);
    const pw = classWeight ? ar.put(classWeight) : 0;
    const size = N * C * S;
    const pgx = ar.alloc(size * 4);
    const gStride = sizeOf(gy.shape) === 1 ? 0 : 1;
    pool.runRows('softmax_cross_entropy_grad_f32', [px, pt, plse, N, C, S, pw, ignoreLabel, pg, gStride, coeff, pgx], N, size);
    return this.result(pgx, size, 'float32');
  }



  // ------------------------------------------------------------ optimizer kernels

  optimizerUpdate(kernel: OptimizerKernel, param: Operand, grad: Operand, state: readonly Operand[],
                  scalars: readonly number[]): { param: Storage; state: Storage[] } {
    const n = sizeOf(param.shape);
    const ar = this.arena;
    ar.begin('optimizerUpdate', [param, grad, ...state]);
    const pp = ar.put(param), pg = ar.put(grad);
    const ps = state.map((s) => ar.put(s));
    // The kernel updates in place: resident arrays where they live, others in the scratch
    // copy, which becomes the new array.
    pool.runElementwise(optimizerKernel(kernel), [n, pp, pg, ...ps, ...scalars], 0, [1, 2, ...ps.map((_, i) => 3 + i)]);
    return { param: this.updated(param, pp, n), state: state.map((s, i) => this.updated(s, ps[i], n)) };
  }

  /** A resident operand updated where it lives, or the scratch copy at `ptr` copied out. */
  private updated(x: Operand, ptr: number, n: number): Storage {
    return x.storage instanceof ResidentBlock ? x.storage : this.result(ptr, n, 'float32');
  }



}

// ------------------------------------------------------------ array helpers

/** Rows idx[j] of src read as (outer, n, inner), for sparse access. */
function takeRowsJs(src: TypedArray, idx: TypedArray, outer: number, n: number, inner: number, m: number): TypedArray {
  const out = src instanceof Int32Array ? new Int32Array(outer * m * inner) : new Float32Array(outer * m * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const from = (o * n + idx[j]) * inner, to = (o * m + j) * inner;
      if (inner >= 16) out.set(src.subarray(from, from + inner), to);
      else for (let i = 0; i < inner; i++) out[to + i] = src[from + i];
    }
  }
  return out;
}

/** A copy of base with the rows of values added at idx, for sparse access. */
function scatterAddJs(base: TypedArray, idx: TypedArray, values: TypedArray, outer: number, n: number, inner: number, m: number): TypedArray {
  const out = base.slice();
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const to = (o * n + idx[j]) * inner, from = (o * m + j) * inner;
      for (let i = 0; i < inner; i++) out[to + i] += values[from + i];
    }
  }
  return out;
}

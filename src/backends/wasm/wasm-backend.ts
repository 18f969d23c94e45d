// The WebAssembly SIMD backend: storage is a typed array, kernels run in linear memory.
import type { DType, TypedArray } from '../../array/dtype';
import { sizeOf } from '../../array/shape';
import type { Backend, ColumnLayout, ConvGeometry, GemmOptions, MemoryInfo, NormLayout, Operand, Storage, View } from '../backend';
import type { Unary, Binary, Reduce } from '../../../assembly/opcodes';
import { Arena } from './arena';
import { kernels, simdLevel } from './module';
import { math } from './math-kernels';
import { normKernels } from './normalization-kernels';
import { convKernels } from './conv-kernels';
import { optimizerKernel } from './optimizer-kernels';
import { pool } from './thread-pool';
import type { OptimizerKernel } from '../optimizer-kernels';

function data(x: Operand): TypedArray {
  return x.storage as TypedArray;
}

export class WasmBackend implements Backend {
  readonly name = 'wasm' as const;
  readonly simdLevel = simdLevel;
  private readonly arena = new Arena();
  private live = 0;
  private liveBytes = 0;
  private readonly registry = typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<number>((bytes) => { this.live--; this.liveBytes -= bytes; })
    : null;

  private own<T extends TypedArray>(data: T): T {
    this.live++;
    this.liveBytes += data.byteLength;
    this.registry?.register(data, data.byteLength);
    return data;
  }

  private result(ptr: number, n: number, dtype: DType): Storage {
    return this.own(dtype === 'int32' ? this.arena.takeI32(ptr, n) : this.arena.takeF32(ptr, n));
  }

  upload(data: TypedArray): Storage {
    return this.own(data);
  }

  readSync(storage: Storage): TypedArray {
    return storage as TypedArray;
  }

  async read(storage: Storage): Promise<TypedArray> {
    return storage as TypedArray;
  }

  release(): void {
    // Typed arrays go back to the collector; nothing is pinned in linear memory.
  }

  memory(): MemoryInfo {
    return { arrays: this.live, bytes: this.liveBytes, pooledBytes: 0, wasmBytes: this.arena.byteLength };
  }

  fill(size: number, dtype: DType, value: number): Storage {
    const out = dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
    if (value !== 0) out.fill(value);
    return this.own(out);
  }

  unary(op: Unary, x: Operand): Storage {
    const n = sizeOf(x.shape);
    this.arena.reset();
    const px = this.arena.put(data(x));
    const po = this.arena.alloc(n * 4);
    if (x.dtype === 'int32') kernels.unary_i32(op, px, po, n);
    else pool.runElementwise('unary_f32', [op, px, po, n], 3, [1, 2]);
    return this.result(po, n, x.dtype);
  }

  binary(op: Binary, a: Operand, aStrides: readonly number[], b: Operand, bStrides: readonly number[],
         outShape: readonly number[], outDType: DType): Storage {
    const n = sizeOf(outShape);
    const ar = this.arena;
    ar.reset();
    const pa = ar.put(data(a)), pb = ar.put(data(b));
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
    ar.reset();
    const pc = ar.put(data(cond)), pa = ar.put(data(a)), pb = ar.put(data(b));
    const po = ar.alloc(n * 4);
    kernels.where32(pc, pa, pb, po, n);
    return this.result(po, n, a.dtype);
  }

  cast(x: Operand, dtype: DType): Storage {
    const n = sizeOf(x.shape);
    if (x.dtype === dtype) return this.own(data(x).slice());
    this.arena.reset();
    const px = this.arena.put(data(x));
    const po = this.arena.alloc(n * 4);
    if (dtype === 'int32') kernels.cast_f32_i32(px, po, n);
    else kernels.cast_i32_f32(px, po, n);
    return this.result(po, n, dtype);
  }

  gather(view: View): Storage {
    const n = sizeOf(view.shape);
    const src = view.storage as TypedArray;
    const ar = this.arena;
    ar.reset();
    // Copy in only the span of the source the view can touch.
    let lo = view.offset, hi = view.offset;
    for (let i = 0; i < view.shape.length; i++) {
      if (view.shape[i] === 0) { lo = hi = view.offset; break; }
      const reach = view.strides[i] * (view.shape[i] - 1);
      if (reach < 0) lo += reach; else hi += reach;
    }
    const px = n === 0 ? ar.alloc(4) : ar.put(src.subarray(lo, hi + 1));
    const ps = ar.putInts(view.shape), pst = ar.putInts(view.strides);
    const po = ar.alloc(n * 4);
    if (n > 0) kernels.gather32(view.shape.length, ps, px + (view.offset - lo) * 4, pst, po);
    return this.result(po, n, view.dtype);
  }

  reduce(op: Reduce, x: Operand, outer: number, r: number, inner: number): Storage {
    const argOp = op === 3 || op === 4;
    const ar = this.arena;
    ar.reset();
    const px = ar.put(data(x));
    const n = outer * inner;
    const po = ar.alloc(n * 4);
    if (x.dtype === 'int32') kernels.reduce_i32(op, px, outer, r, inner, po);
    else kernels.reduce_f32(op, px, outer, r, inner, po);
    return this.result(po, n, argOp ? 'int32' : x.dtype);
  }

  gemm(a: Operand, b: Operand, M: number, N: number, K: number, o: GemmOptions): Storage {
    const ar = this.arena;
    ar.reset();
    const size = o.batch * M * N;
    // A stack of plain A times one shared B is a single tall product (batch * M, K) x (K, N):
    // B is packed once instead of once per matrix.
    const tall = o.batch > 1 && o.batchB === 1 && o.batchA === o.batch && !o.transA;
    const calls = tall ? 1 : o.batch, rows = tall ? o.batch * M : M;
    const pa = ar.put(data(a)), pb = ar.put(data(b));
    const pc = ar.alloc(size * 4);
    const parts = pool.parts(rows * N * K);
    const work = ar.alloc(parts * kernels.gemm_workspace(rows, N, K));
    const lda = o.transA ? M : K, ldb = o.transB ? K : N;
    for (let i = 0; i < calls; i++) {
      const ia = o.batchA === 1 ? 0 : i, ib = o.batchB === 1 ? 0 : i;
      pool.run('gemm_f32', [+o.transA, +o.transB, rows, N, K, pa + ia * M * K * 4, lda, pb + ib * K * N * 4, ldb,
        pc + i * M * N * 4, N, 0, work], parts);
    }
    return this.result(pc, size, 'float32');
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
    if (outer * n * inner > 4 * size) return this.own(takeRowsJs(data(x), data(indices), outer, n, inner, m));
    const ar = this.arena;
    ar.reset();
    const px = ar.put(data(x)), pi = ar.put(data(indices));
    const po = ar.alloc(size * 4);
    if (size > 0) this.arrayKernels.take32(px, outer, n, inner, pi, m, po);
    return this.result(po, size, x.dtype);
  }

  scatterAdd(base: Operand, indices: Operand, values: Operand, outer: number, n: number, inner: number): Storage {
    const m = sizeOf(indices.shape);
    const size = outer * n * inner;
    if (4 * outer * m * inner < size) return this.own(scatterAddJs(data(base), data(indices), data(values), outer, n, inner, m));
    const ar = this.arena;
    ar.reset();
    const po = ar.put(data(base)), pi = ar.put(data(indices)), pv = ar.put(data(values));
    if (outer * m * inner > 0) {
      if (base.dtype === 'int32') this.arrayKernels.scatter_add_i32(po, outer, n, inner, pi, m, pv);
      else this.arrayKernels.scatter_add_f32(po, outer, n, inner, pi, m, pv);
    }
    return this.result(po, size, base.dtype);
  }

  assemble(size: number, dtype: DType, fill: number,
           pieces: readonly { values: Operand; offset: number; shape: readonly number[]; strides: readonly number[] }[]): Storage {
    const ar = this.arena;
    ar.reset();
    const po = ar.alloc(size * 4);
    if (dtype === 'int32') ar.viewI32(po, size).fill(fill);
    else ar.viewF32(po, size).fill(fill);
    for (const p of pieces) {
      const n = sizeOf(p.shape);
      if (n === 0) continue;
      const pv = ar.put(data(p.values));
      const ps = ar.putInts(p.shape), pst = ar.putInts(p.strides);
      this.arrayKernels.scatter32(p.shape.length, ps, pv, po + p.offset * 4, pst);
    }
    return this.result(po, size, dtype);
  }



  // ------------------------------------------------------------ activation and math kernels

  softmax(x: Operand, outer: number, n: number, inner: number, log: boolean): Storage {
    const size = outer * n * inner;
    const ar = this.arena;
    ar.reset();
    const px = ar.put(data(x));
    const po = ar.alloc(size * 4);
    if (size > 0) (log ? math.log_softmax_f32 : math.softmax_f32)(px, outer, n, inner, po);
    return this.result(po, size, 'float32');
  }

  logsumexp(x: Operand, outer: number, n: number, inner: number): Storage {
    const size = outer * inner;
    const ar = this.arena;
    ar.reset();
    const px = ar.put(data(x));
    const po = ar.alloc(size * 4);
    if (size > 0) math.logsumexp_f32(px, outer, n, inner, po);
    return this.result(po, size, 'float32');
  }

  softmaxGrad(y: Operand, gy: Operand, outer: number, n: number, inner: number, log: boolean): Storage {
    const size = outer * n * inner;
    const ar = this.arena;
    ar.reset();
    const py = ar.put(data(y)), pg = ar.put(data(gy));
    const po = ar.alloc(size * 4);
    if (size > 0) (log ? math.log_softmax_grad_f32 : math.softmax_grad_f32)(py, pg, outer, n, inner, po);
    return this.result(po, size, 'float32');
  }

  scan(op: 'sum' | 'prod', x: Operand, outer: number, n: number, inner: number, reverse: boolean, exclusive: boolean): Storage {
    const size = outer * n * inner;
    const ar = this.arena;
    ar.reset();
    const px = ar.put(data(x));
    const po = ar.alloc(size * 4);
    const kernel = x.dtype === 'int32' ? math.scan_i32 : math.scan_f32;
    if (size > 0) kernel(op === 'sum' ? 0 : 1, px, outer, n, inner, +reverse, +exclusive, po);
    return this.result(po, size, x.dtype);
  }

  recurrence(a: Operand, b: Operand, outer: number, n: number, inner: number, reverse: boolean): Storage {
    const size = outer * n * inner;
    const ar = this.arena;
    ar.reset();
    const pa = ar.put(data(a)), pb = ar.put(data(b));
    const po = ar.alloc(size * 4);
    if (size > 0) math.recurrence_f32(pa, pb, outer, n, inner, +reverse, po);
    return this.result(po, size, 'float32');
  }



  // ------------------------------------------------------------ connection and pooling kernels

  private putGeometry(g: ConvGeometry): number {
    return this.arena.putInts([g.n, g.c, g.h, g.w, g.kh, g.kw, g.sy, g.sx, g.ph, g.pw, g.dy, g.dx, g.oh, g.ow]);
  }

  /** A kernel over a geometry and one float input that writes n floats. */
  private geometryKernel(g: ConvGeometry, x: Operand, n: number, run: (pg: number, px: number, pout: number) => void): Storage {
    const ar = this.arena;
    ar.reset();
    const pg = this.putGeometry(g), px = ar.put(data(x)), pout = ar.alloc(n * 4);
    if (n > 0) run(pg, px, pout);
    return this.result(pout, n, 'float32');
  }

  im2col(x: Operand, g: ConvGeometry, layout: ColumnLayout): Storage {
    return this.geometryKernel(g, x, g.n * g.c * g.kh * g.kw * g.oh * g.ow,
      (pg, px, pc) => convKernels.im2col_f32(pg, px, pc, layout.batch, layout.tap));
  }

  conv2d(x: Operand, W: Operand, b: Operand | null, g: ConvGeometry, groups: number): Storage {
    const O = W.shape[0], P = g.oh * g.ow, Kg = (g.c / groups) * g.kh * g.kw, Og = O / groups;
    const size = g.n * O * P;
    const ar = this.arena;
    ar.reset();
    const px = ar.put(data(x)), pw = ar.put(data(W));
    const py = ar.alloc(size * 4);
    // One image's column buffer per thread at a time: memory stays at K * P however large the batch.
    const parts = pool.parts(g.n * O * P * Kg);
    const pg = this.putGeometry({ ...g, n: 1 }), pc = ar.alloc(parts * groups * Kg * P * 4);
    const work = ar.alloc(parts * kernels.gemm_workspace(Og, P, Kg));
    // The bias goes in first and the products accumulate onto it.
    if (b) {
      const bias = data(b), y = ar.viewF32(py, size);
      for (let n = 0; n < g.n; n++) for (let o = 0; o < O; o++) y.fill(bias[o], (n * O + o) * P, (n * O + o + 1) * P);
    }
    pool.run('conv2d_f32', [pg, g.n, px, pw, py, O, groups, b ? 1 : 0, pc, work], parts);
    return this.result(py, size, 'float32');
  }

  conv2dGradW(x: Operand, gy: Operand, g: ConvGeometry, groups: number): Storage {
    const O = gy.shape[1], P = g.oh * g.ow, Kg = (g.c / groups) * g.kh * g.kw, Og = O / groups;
    const size = O * Kg;
    const ar = this.arena;
    ar.reset();
    const px = ar.put(data(x)), pgy = ar.put(data(gy));
    const pw = ar.alloc(size * 4);
    const pg = this.putGeometry({ ...g, n: 1 }), pc = ar.alloc(groups * Kg * P * 4);
    const parts = pool.parts(Og * Kg * P);
    const work = ar.alloc(parts * kernels.gemm_workspace(Og, Kg, P));
    const imageBytes = g.c * g.h * g.w * 4;
    if (g.n === 0) kernels.fill32(pw, 0, size);
    for (let n = 0; n < g.n; n++) {
      convKernels.im2col_f32(pg, px + n * imageBytes, pc, 0, P);
      // gW[group] (+)= gy[n, group] (Og, P) times col[group]^T (P, Kg)
      for (let gi = 0; gi < groups; gi++) {
        pool.run('gemm_f32', [0, 1, Og, Kg, P, pgy + ((n * O + gi * Og) * P) * 4, P, pc + gi * Kg * P * 4, P,
          pw + gi * Og * Kg * 4, Kg, n > 0 ? 1 : 0, work], parts);
      }
    }
    return this.result(pw, size, 'float32');
  }

  col2im(col: Operand, g: ConvGeometry, layout: ColumnLayout): Storage {
    return this.geometryKernel(g, col, g.n * g.c * g.h * g.w,
      (pg, pc, px) => convKernels.col2im_f32(pg, pc, px, layout.batch, layout.tap));
  }

  sumPool2d(x: Operand, g: ConvGeometry, scale: number): Storage {
    return this.geometryKernel(g, x, g.n * g.c * g.oh * g.ow, (pg, px, py) => convKernels.sum_pool_f32(pg, px, py, scale));
  }

  maxPool2d(x: Operand, g: ConvGeometry): { y: Storage; indexes: Storage } {
    const n = g.n * g.c * g.oh * g.ow;
    const ar = this.arena;
    ar.reset();
    const pg = this.putGeometry(g), px = ar.put(data(x)), py = ar.alloc(n * 4), pi = ar.alloc(n * 4);
    if (n > 0) convKernels.max_pool_f32(pg, px, py, pi);
    return { y: this.result(py, n, 'float32'), indexes: this.result(pi, n, 'int32') };
  }

  maxPool2dGrad(gy: Operand, indexes: Operand, g: ConvGeometry): Storage {
    const planes = g.n * g.c, inSize = g.h * g.w, outSize = g.oh * g.ow;
    const ar = this.arena;
    ar.reset();
    const pgy = ar.put(data(gy)), pi = ar.put(data(indexes)), pgx = ar.alloc(planes * inSize * 4);
    convKernels.max_pool_grad_f32(planes, inSize, outSize, pgy, pi, pgx);
    return this.result(pgx, planes * inSize, 'float32');
  }

  maxPool2dGather(x: Operand, indexes: Operand, g: ConvGeometry): Storage {
    const planes = g.n * g.c, inSize = g.h * g.w, outSize = g.oh * g.ow;
    const ar = this.arena;
    ar.reset();
    const px = ar.put(data(x)), pi = ar.put(data(indexes)), py = ar.alloc(planes * outSize * 4);
    convKernels.max_pool_gather_f32(planes, inSize, outSize, px, pi, py);
    return this.result(py, planes * outSize, 'float32');
  }

  embedGather(table: Operand, ids: Operand, ignore: number | null): Storage {
    const dim = table.shape[1], n = sizeOf(ids.shape);
    const ar = this.arena;
    ar.reset();
    const pt = ar.put(data(table)), pi = ar.put(data(ids)), po = ar.alloc(n * dim * 4);
    convKernels.embed_gather_f32(pt, dim, pi, n, +(ignore !== null), ignore ?? 0, po);
    return this.result(po, n * dim, 'float32');
  }

  embedScatterAdd(grad: Operand, ids: Operand, vocab: number, ignore: number | null): Storage {
    const n = sizeOf(ids.shape), dim = n === 0 ? grad.shape[grad.shape.length - 1] : sizeOf(grad.shape) / n;
    const ar = this.arena;
    ar.reset();
    const pg = ar.put(data(grad)), pi = ar.put(data(ids)), po = ar.alloc(vocab * dim * 4);
    convKernels.embed_scatter_add_f32(pg, dim, pi, n, +(ignore !== null), ignore ?? 0, vocab, po);
    return this.result(po, vocab * dim, 'float32');
  }



  // ------------------------------------------------------------ normalization, loss and rnn kernels

  batchNormForward(x: Operand, { outer, C, inner }: NormLayout, gamma: Operand, beta: Operand, eps: number,
                   stats: { mean: Operand; var: Operand } | null) {
    const ar = this.arena;
    ar.reset();
    const px = ar.put(data(x)), pg = ar.put(data(gamma)), pb = ar.put(data(beta));
    const pm = stats ? ar.put(data(stats.mean)) : ar.alloc(C * 4);
    const pv = stats ? ar.put(data(stats.var)) : ar.alloc(C * 4);
    const pr = ar.alloc(C * 4), work = ar.alloc(3 * C * 4), py = ar.alloc(outer * C * inner * 4);
    normKernels.batch_norm_forward_f32(px, outer, C, inner, pg, pb, eps, pm, pv, stats ? 0 : 1, pr, work, py);
    return {
      y: this.result(py, outer * C * inner, 'float32'),
      mean: stats ? stats.mean.storage : this.result(pm, C, 'float32'),
      var: stats ? stats.var.storage : this.result(pv, C, 'float32'),
      invstd: this.result(pr, C, 'float32'),
    };
  }

  batchNormBackward(x: Operand, gy: Operand, { outer, C, inner }: NormLayout, gamma: Operand, mean: Operand, invstd: Operand) {
    const ar = this.arena;
    ar.reset();
    const px = ar.put(data(x)), pgy = ar.put(data(gy)), pg = ar.put(data(gamma)), pm = ar.put(data(mean)), pr = ar.put(data(invstd));
    const work = ar.alloc(3 * C * 4), pgx = ar.alloc(outer * C * inner * 4), pgg = ar.alloc(C * 4), pgb = ar.alloc(C * 4);
    normKernels.batch_norm_backward_f32(px, pgy, outer, C, inner, pg, pm, pr, work, pgx, pgg, pgb);
    return { gx: this.result(pgx, outer * C * inner, 'float32'), ggamma: this.result(pgg, C, 'float32'), gbeta: this.result(pgb, C, 'float32') };
  }

  lstmForward(cPrev: Operand, x: Operand, rowsC: number, rowsX: number, units: number) {
    const ar = this.arena;
    ar.reset();
    const pcp = ar.put(data(cPrev)), px = ar.put(data(x));
    const work = ar.alloc(64), pc = ar.alloc(rowsC * units * 4), ph = ar.alloc(rowsX * units * 4);
    normKernels.lstm_forward_f32(pcp, px, rowsC, rowsX, units, work, pc, ph);
    return { c: this.result(pc, rowsC * units, 'float32'), h: this.result(ph, rowsX * units, 'float32') };
  }

  lstmBackward(cPrev: Operand, x: Operand, c: Operand, gc: Operand, gh: Operand, rowsC: number, rowsX: number, units: number) {
    const ar = this.arena;
    ar.reset();
    const pcp = ar.put(data(cPrev)), px = ar.put(data(x)), pc = ar.put(data(c)), pgc = ar.put(data(gc)), pgh = ar.put(data(gh));
    const work = ar.alloc(224), pgcp = ar.alloc(rowsC * units * 4), pgx = ar.alloc(rowsX * 4 * units * 4);
    normKernels.lstm_backward_f32(pcp, px, pc, pgc, pgh, rowsC, rowsX, units, work, pgcp, pgx);
    return { gcPrev: this.result(pgcp, rowsC * units, 'float32'), gx: this.result(pgx, rowsX * 4 * units, 'float32') };
  }

  softmaxCrossEntropy(x: Operand, t: Operand, { outer: N, C, inner: S }: NormLayout, classWeight: Operand | null,
                      ignoreLabel: number, coeff: number) {
    const ar = this.arena;
    ar.reset();
    const px = ar.put(data(x)), pt = ar.put(data(t)), pw = classWeight ? ar.put(data(classWeight)) : 0;
    const rows = N * S;
    const plse = ar.alloc(rows * 4), pterms = ar.alloc(rows * 4), ploss = ar.alloc(4);
    if (rows > 0) {
      if (C > 0) math.logsumexp_f32(px, N, C, S, plse);
      else ar.viewF32(plse, rows).fill(-Infinity);
    }
    normKernels.softmax_cross_entropy_f32(px, pt, plse, N, C, S, pw, ignoreLabel, coeff, pterms, ploss);
    return { terms: this.result(pterms, rows, 'float32'), lse: this.result(plse, rows, 'float32'), loss: this.result(ploss, 1, 'float32') };
  }

  softmaxCrossEntropyGrad(x: Operand, t: Operand, lse: Operand, { outer: N, C, inner: S }: NormLayout, classWeight: Operand | null,
                          ignoreLabel: number, gy: Operand, coeff: number): Storage {
    const ar = this.arena;
    ar.reset();
    const px = ar.put(data(x)), pt = ar.put(data(t)), plse = ar.put(data(lse)), pg = ar.put(data(gy));
    const pw = classWeight ? ar.put(data(classWeight)) : 0;
    const size = N * C * S;
    const pgx = ar.alloc(size * 4);
    const gStride = data(gy).length === 1 ? 0 : 1;
    normKernels.softmax_cross_entropy_grad_f32(px, pt, plse, N, C, S, pw, ignoreLabel, pg, gStride, coeff, pgx);
    return this.result(pgx, size, 'float32');
  }



  // ------------------------------------------------------------ optimizer kernels

  optimizerUpdate(kernel: OptimizerKernel, param: Operand, grad: Operand, state: readonly Operand[],
                  scalars: readonly number[]): { param: Storage; state: Storage[] } {
    const n = sizeOf(param.shape);
    const ar = this.arena;
    ar.reset();
    const pp = ar.put(data(param)), pg = ar.put(data(grad));
    const ps = state.map((s) => ar.put(data(s)));
    // Parameter and state are updated in place in the arena, then copied out.
    pool.runElementwise(optimizerKernel(kernel), [n, pp, pg, ...ps, ...scalars], 0, [1, 2, ...ps.map((_, i) => 3 + i)]);
    return { param: this.result(pp, n, 'float32'), state: ps.map((p) => this.result(p, n, 'float32')) };
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

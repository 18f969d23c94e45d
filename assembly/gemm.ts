// C = op(A) op(B) (+ C when accumulating), row-major, with op() a transpose or not.
//
// The classic blocked scheme: op(B) is packed by blocks of KC x NC into panels of NR
// columns, op(A) by blocks of MC x KC into panels of MR rows, and a register-blocked
// micro-kernel multiplies one A panel by one B panel. Transposed operands are read
// through their strides while packing (4x4 SIMD transposes where the data runs the other
// way), so no transposed copy of a matrix is ever made and every combination of
// transA/transB feeds the same micro-kernel at the same speed.
import { partStart } from './parts';
import { madd } from './simd';

// An MR x NR tile of C lives in 2 * MR vector registers. V8 on x64 gives wasm 15 vector
// registers; the mul + add build also needs one for the product, so 4 rows is the most
// that stays spill-free there, while the fused build fits 6 rows.
// @ts-ignore: decorator
@inline const MR: i32 = ASC_FEATURE_RELAXED_SIMD ? 6 : 4;
// @ts-ignore: decorator
@inline const NR: i32 = 8;
// Cache blocks: an A panel (MR x KC) and a B panel (KC x NR) stay in L1 during a
// micro-kernel call, the packed A block (MC x KC) in L2, the packed B block (KC x NC)
// in L2/L3.
// @ts-ignore: decorator
@inline const KC: i32 = 256;
// @ts-ignore: decorator
@inline const MC: i32 = 120;
// @ts-ignore: decorator
@inline const NC: i32 = 1024;
// A product with at most SMALL_M rows of C (a recurrent step of a small batch) never packs
// op(B) whole (gemmFewRows). It reads B in place when B is not transposed and its rows lie
// less than a page apart: packing costs a pass over B that only a few rows of A would share
// (gy W of a 20-row batch with 650 columns: 5-12% faster), but the prefetcher follows a
// stride only within a page (with 2600 columns reading in place was 1.4x slower than
// packing). Otherwise it packs two panels of op(B) at a time, just before they are used.
// @ts-ignore: decorator
@inline const SMALL_M: i32 = 32;
// The k block of those products: their B panel pair read in place spans two cache lines a
// row, so 256 rows of it with the packed A (20 rows: 20 KB) overflow L1 and come again from
// L2 for every panel of A; 64 rows stay (gy W of a 20-row batch, 2600 x 650 and 10000 x
// 650: 1.5x the speed of KC). Each element still sums over k in order: the same bits.
// @ts-ignore: decorator
@inline const KC_FEW: i32 = 64;
// @ts-ignore: decorator
@inline const IN_PLACE_MAX_LDB: i32 = 1024;

@inline function roundUp(x: i32, m: i32): i32 {
  return (x + m - 1) / m * m;
}

/** Splits n into the fewest blocks of at most `max`, all of nearly equal size (multiples of `unit`). */
@inline function blockSize(n: i32, max: i32, unit: i32): i32 {
  const blocks = (n + max - 1) / max;
  return min(max, roundUp((n + blocks - 1) / blocks, unit));
}

/**
 * Bytes of workspace one part of gemm_f32 needs for these sizes (parts take consecutive
 * ones): packed blocks as large as any range of rows or columns of C can ask for, and an
 * edge tile.
 */
export function gemm_workspace(M: i32, N: i32, K: i32): i32 {
  const kc = blockSize(max(K, 1), KC, 4);
  // at least the two panels that gemmFewRows packs at a time
  const nc = max(roundUp(min(max(N, 1), NC), NR), 2 * NR);
  const mc = roundUp(min(max(M, 1), MC), MR);
  return (kc * nc + mc * kc + MR * NR) * 4;
}

// ---------------------------------------------------------------- packing

/** Stores the transpose of the 4x4 block with rows r0..r3: row k of the result goes to dst + k * stride. */
@inline function storeTransposed4(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, stride: usize): void {
  const t0 = f32x4.shuffle(r0, r1, 0, 4, 1, 5), t1 = f32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const t2 = f32x4.shuffle(r2, r3, 0, 4, 1, 5), t3 = f32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(dst, f32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(dst + stride, f32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * stride, f32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * stride, f32x4.shuffle(t1, t3, 2, 3, 6, 7));
}

/** Stores the transpose of the 2x4 block with rows r0, r1 as four pairs at dst + k * stride. */
@inline function storeTransposed2(r0: v128, r1: v128, dst: usize, stride: usize): void {
  const lo = f32x4.shuffle(r0, r1, 0, 4, 1, 5), hi = f32x4.shuffle(r0, r1, 2, 6, 3, 7);
  v128.store64_lane(dst, lo, 0);
  v128.store64_lane(dst + stride, lo, 1);
  v128.store64_lane(dst + 2 * stride, hi, 0);
  v128.store64_lane(dst + 3 * stride, hi, 1);
}

/** Element (i, k) of op(X) for a row-major X with leading dimension ld. */
@inline function element(x: usize, ld: i32, trans: bool, i: i32, k: i32): f32 {
  return trans ? load<f32>(x + ((<usize>k * ld + i) << 2)) : load<f32>(x + ((<usize>i * ld + k) << 2));
}

/**
 * Packs rows i0 .. i0+mc of op(X), columns p0 .. p0+kc, into panels of W rows: panel r holds
 * kc groups of W floats (rows padded with zeros). With W = MR this packs op(A); with W = NR
 * and X = B read transposed (op(B)^T = B^T^T) it packs op(B), whose columns are the rows here.
 * One copy for every W and call site (not inlined): packing is a small part of a product,
 * and the copies cost the download 0.8 KB of gzip.
 */
function packPanels(w: i32, x: usize, ld: i32, trans: bool, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  const group = <usize>w << 2;
  for (let r = 0; r < mc; r += w) {
    const panel = dst + <usize>r * <usize>kc * 4;
    const rows = min(w, mc - r);
    if (rows < w) {
      for (let k = 0; k < kc; k++) {
        for (let i = 0; i < w; i++) {
          store<f32>(panel + <usize>k * group + (<usize>i << 2), i < rows ? element(x, ld, trans, i0 + r + i, p0 + k) : 0);
        }
      }
    } else if (trans) {
      // The w values of one k are contiguous in memory.
      let src = x + ((<usize>p0 * ld + i0 + r) << 2);
      let out = panel;
      const step = <usize>ld << 2;
      for (let k = 0; k < kc; k++) {
        v128.store(out, v128.load(src));
        if (w == 6) v128.store64_lane(out, v128.load64_zero(src, 16), 0, 16);
        if (w == 8) v128.store(out, v128.load(src, 16), 16);
        src += step; out += group;
      }
    } else {
      // Each row is contiguous along k: transpose 4x4 blocks.
      const step = <usize>ld << 2;
      const s0 = x + ((<usize>(i0 + r) * ld + p0) << 2);
      const s1 = s0 + step, s2 = s1 + step, s3 = s2 + step, s4 = s3 + step, s5 = s4 + step, s6 = s5 + step, s7 = s6 + step;
      let k = 0;
      for (; k + 4 <= kc; k += 4) {
        const o = <usize>k << 2;
        const out = panel + <usize>k * group;
        storeTransposed4(v128.load(s0 + o), v128.load(s1 + o), v128.load(s2 + o), v128.load(s3 + o), out, group);
        if (w == 6) storeTransposed2(v128.load(s4 + o), v128.load(s5 + o), out + 16, group);
        if (w == 8) storeTransposed4(v128.load(s4 + o), v128.load(s5 + o), v128.load(s6 + o), v128.load(s7 + o), out + 16, group);
      }
      for (; k < kc; k++) {
        for (let i = 0; i < w; i++) store<f32>(panel + <usize>k * group + (<usize>i << 2), element(x, ld, false, i0 + r + i, p0 + k));
      }
    }
  }
}

// ---------------------------------------------------------------- micro-kernel

// How a micro-kernel call meets the tile of C: it writes its product (STORE), adds it to
// what C holds (ADD: C + op(A) op(B) of a caller accumulating), or carries on from it
// (FROM: the sums of the k blocks before, so that every element adds its products one
// after the other over the whole of K, in the order of a reference BLAS sgemm).
// @ts-ignore: decorator
@inline const STORE: i32 = 0;
// @ts-ignore: decorator
@inline const ADD: i32 = 1;
// @ts-ignore: decorator
@inline const FROM: i32 = 2;

/**
 * The mode of the k block starting at pc for gemm_f32's `accumulate`: 0 writes C, 1 adds
 * the product to C, 2 carries on from the sums C holds (a product over a longer k split in
 * calls, as a convolution's weight gradient over the images of a batch).
 */
@inline function blockMode(accumulate: i32, pc: i32): i32 {
  return pc > 0 || accumulate == 2 ? FROM : accumulate == 1 ? ADD : STORE;
}

@inline function storeRow(dst: usize, acc: bool, lo: v128, hi: v128): void {
  if (acc) { lo = f32x4.add(lo, v128.load(dst)); hi = f32x4.add(hi, v128.load(dst, 16)); }
  v128.store(dst, lo);
  v128.store(dst, hi, 16);
}

/**
 * C[0:MR, 0:NR*tiles] (+)= Ap Bp over kc steps, one NR-wide panel of Bp after the other;
 * rows of C are `ldc` bytes apart. (The loop over tiles around the k loop also lets V8
 * unroll the k loop.)
 */
function microKernel(kc: i32, ap0: usize, bp: usize, tiles: i32, c: usize, ldc: usize, mode: i32): void {
  microKernelOver(kc, ap0, bp, NR * 4, false, tiles, c, ldc, mode);
}

/**
 * The micro-kernel on B read in place: the NR floats of one k are contiguous and `bStep`
 * bytes after those of the previous k; the panels of the tiles lie side by side.
 */
function microKernelInPlace(kc: i32, ap0: usize, bp: usize, bStep: usize, tiles: i32, c: usize, ldc: usize, mode: i32): void {
  microKernelOver(kc, ap0, bp, bStep, true, tiles, c, ldc, mode);
}

/**
 * Both micro-kernels: packed panels follow one another (kc * NR floats each), panels in
 * place are NR floats apart. `inPlace` is a constant at both calls, so each compiles to
 * its own loop (a stride in a register costs the packed loop a few percent).
 */
// @ts-ignore: decorator
@inline function microKernelOver(kc: i32, ap0: usize, bp0: usize, bStep: usize, inPlace: bool, tiles: i32, c: usize, ldc: usize, mode: i32): void {
  let bp = bp0;
  const acc = mode == ADD;
  for (let t = 0; t < tiles; t++) {
    let ap = ap0;
    if (inPlace) bp = bp0 + <usize>t * NR * 4;
    let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    let c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    if (mode == FROM) {
      c00 = v128.load(c); c01 = v128.load(c, 16);
      c10 = v128.load(c + ldc); c11 = v128.load(c + ldc, 16);
      c20 = v128.load(c + 2 * ldc); c21 = v128.load(c + 2 * ldc, 16);
      c30 = v128.load(c + 3 * ldc); c31 = v128.load(c + 3 * ldc, 16);
      if (MR == 6) {
        c40 = v128.load(c + 4 * ldc); c41 = v128.load(c + 4 * ldc, 16);
        c50 = v128.load(c + 5 * ldc); c51 = v128.load(c + 5 * ldc, 16);
      }
    }
    for (let k = 0; k < kc; k++) {
      const b0 = v128.load(bp), b1 = v128.load(bp, 16);
      let a = v128.load32_splat(ap);
      c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
      a = v128.load32_splat(ap, 4);
      c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
      a = v128.load32_splat(ap, 8);
      c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
      a = v128.load32_splat(ap, 12);
      c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
      if (MR == 6) {
        a = v128.load32_splat(ap, 16);
        c40 = madd(a, b0, c40); c41 = madd(a, b1, c41);
        a = v128.load32_splat(ap, 20);
        c50 = madd(a, b0, c50); c51 = madd(a, b1, c51);
      }
      ap += <usize>MR << 2;
      bp += inPlace ? bStep : <usize>NR << 2;
    }
    storeRow(c, acc, c00, c01);
    storeRow(c + ldc, acc, c10, c11);
    storeRow(c + 2 * ldc, acc, c20, c21);
    storeRow(c + 3 * ldc, acc, c30, c31);
    if (MR == 6) {
      storeRow(c + 4 * ldc, acc, c40, c41);
      storeRow(c + 5 * ldc, acc, c50, c51);
    }
    c += <usize>NR << 2;
  }
}

// An edge tile is computed whole into a scratch tile (in the workspace, one per thread),
// then its valid part is merged. Its B panel is packed (bStep = NR * 4) or in place.
function edgeKernel(kc: i32, ap: usize, bp: usize, bStep: usize, c: usize, ldc: usize, mode: i32, rows: i32, cols: i32, edgeTile: usize): void {
  if (mode == FROM) {
    // The tile starts from C's valid part (its padding from zeros, as unused).
    memory.fill(edgeTile, 0, <usize>(MR * NR * 4));
    for (let i = 0; i < rows; i++) memory.copy(edgeTile + <usize>(i * NR * 4), c + <usize>i * ldc, <usize>cols << 2);
  }
  microKernelInPlace(kc, ap, bp, bStep, 1, edgeTile, NR * 4, mode == FROM ? FROM : STORE);
  const acc = mode == ADD;
  for (let i = 0; i < rows; i++) {
    const dst = c + <usize>i * ldc, src = edgeTile + <usize>(i * NR * 4);
    for (let j = 0; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(dst + o, acc ? load<f32>(dst + o) + load<f32>(src + o) : load<f32>(src + o));
    }
  }
}

// ---------------------------------------------------------------- matrix-vector

@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/**
 * y[j] (+)= sum_k X[j, k] v[k] for n rows of X (row stride ld floats); v and y contiguous.
 * Each row sums in one vector: lane l adds the products of k = l, l + 4, ... in order, the
 * lanes are added 0 + 1 + 2 + 3, then the scalar tail; the order depends on K alone.
 * With `packed` nonzero, the whole vectors of each group of four rows come from there
 * (gemv_pack_rows' layout, the group of row 0 first), the tails from X: the same bits.
 *
 * Measured on an AMD EPYC in Node 20 (no FMA): ~14 GMAC/s with X in L2, 35-40 GB/s once
 * X comes from L3 or memory (a batch-1 forward of 784-1000-1000-10 streams 7.2 MB), so a
 * 1000x1000 product takes 60-75 us warm and 100-120 us cold. None of these beat the
 * noise of a shared machine: two vectors per k step into the same sums (same bits; 0-4%),
 * a pair of products added before the sum (2-7%, other bits), two sums per row, 6 or 8
 * rows, four vectors per step (V8 of Node 20 spills the sums: 10-40% slower). Four rows
 * read as one stream instead of four (packed) did: on a Zen 4 EPYC, 1000x1000 from L3 at
 * 62-63 GB/s against 45-47 in Node 20, 57 against 47 in Deno.
 */
function gemvRows(n: i32, K: i32, x: usize, ld: i32, v: usize, y: usize, acc: bool, packed: usize): void {
  const row = <usize>ld << 2;
  const k4 = K & ~3;
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const r0 = x + <usize>j * row, r1 = r0 + row, r2 = r1 + row, r3 = r2 + row;
    let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0;
    if (packed != 0) {
      let q = packed + <usize>j * <usize>k4 * 4;
      const end = v + (<usize>k4 << 2);
      for (let w = v; w < end; w += 16, q += 64) {
        const vw = v128.load(w);
        s0 = madd(v128.load(q), vw, s0);
        s1 = madd(v128.load(q, 16), vw, s1);
        s2 = madd(v128.load(q, 32), vw, s2);
        s3 = madd(v128.load(q, 48), vw, s3);
      }
    } else {
      for (let k = 0; k < k4; k += 4) {
        const o = <usize>k << 2;
        const w = v128.load(v + o);
        s0 = madd(v128.load(r0 + o), w, s0);
        s1 = madd(v128.load(r1 + o), w, s1);
        s2 = madd(v128.load(r2 + o), w, s2);
        s3 = madd(v128.load(r3 + o), w, s3);
      }
    }
    let t0 = hsum(s0), t1 = hsum(s1), t2 = hsum(s2), t3 = hsum(s3);
    for (let k = k4; k < K; k++) {
      const o = <usize>k << 2, w = load<f32>(v + o);
      t0 += load<f32>(r0 + o) * w; t1 += load<f32>(r1 + o) * w;
      t2 += load<f32>(r2 + o) * w; t3 += load<f32>(r3 + o) * w;
    }
    const out = y + (<usize>j << 2);
    if (acc) { t0 += load<f32>(out); t1 += load<f32>(out, 4); t2 += load<f32>(out, 8); t3 += load<f32>(out, 12); }
    store<f32>(out, t0); store<f32>(out, t1, 4); store<f32>(out, t2, 8); store<f32>(out, t3, 12);
  }
  for (; j < n; j++) {
    const r = x + <usize>j * row;
    let s = f32x4.splat(0);
    for (let k = 0; k < k4; k += 4) s = madd(v128.load(r + (<usize>k << 2)), v128.load(v + (<usize>k << 2)), s);
    let t = hsum(s);
    for (let k = k4; k < K; k++) t += load<f32>(r + (<usize>k << 2)) * load<f32>(v + (<usize>k << 2));
    const out = y + (<usize>j << 2);
    store<f32>(out, acc ? load<f32>(out) + t : t);
  }
}

/** Bytes of the first N & ~3 rows of an N x K matrix, K & ~3 columns, packed by gemv_pack_rows. */
export function gemv_packed_rows_bytes(N: i32, K: i32): i32 {
  return (N & ~3) * (K & ~3) * 4;
}

/**
 * Part `part` of `parts` of packing the rows of X (N x K, row stride ld floats) for a
 * matrix-vector product (batch-1 inference reading a weight as x W^T again and again): each
 * group of four rows becomes one stream, four floats of each row in turn (rows 0-3 at
 * k .. k+3, then at k+4 ..), whole vectors only.
 */
export function gemv_pack_rows(N: i32, K: i32, x: usize, ld: i32, dst: usize, part: i32, parts: i32): void {
  const groups = N >> 2, k4 = K & ~3, row = <usize>ld << 2;
  const g1 = partStart(groups, 1, part + 1, parts);
  for (let g = partStart(groups, 1, part, parts); g < g1; g++) {
    const r0 = x + <usize>g * 4 * row;
    let q = dst + <usize>g * <usize>k4 * 16;
    for (let o: usize = 0; o < (<usize>k4 << 2); o += 16, q += 64) {
      v128.store(q, v128.load(r0 + o));
      v128.store(q, v128.load(r0 + row + o), 16);
      v128.store(q, v128.load(r0 + 2 * row + o), 32);
      v128.store(q, v128.load(r0 + 3 * row + o), 48);
    }
  }
}

/**
 * Part `part` of `parts` of y (+)= X v for X (N x K, row stride ld floats) with its rows
 * packed by gemv_pack_rows: the bits of gemm_f32's product of one row, x X^T, split the
 * same way (ranges of y in steps of 16).
 */
export function gemv_packed_rows_f32(N: i32, K: i32, packed: usize, x: usize, ld: i32, v: usize, y: usize,
                                     accumulate: i32, part: i32, parts: i32): void {
  if (parts < 1) { part = 0; parts = 1; }
  if (K > 0) gemvRowsPart(N, K, x, ld, v, y, accumulate != 0, packed, part, parts);
}

/**
 * Part `part` of `parts` of gemvRows over N rows: a range of y in steps of 16, so each
 * element keeps its SIMD lane or scalar tail whatever the split. `packed`: as gemvRows', for
 * all N rows (0: none).
 */
@inline function gemvRowsPart(N: i32, K: i32, x: usize, ld: i32, v: usize, y: usize, acc: bool, packed: usize, part: i32, parts: i32): void {
  const j0 = partStart(N, 16, part, parts), j1 = partStart(N, 16, part + 1, parts);
  if (j0 >= j1) return;
  gemvRows(j1 - j0, K, x + ((<usize>j0 * ld) << 2), ld, v, y + (<usize>j0 << 2), acc, packed == 0 ? 0 : packed + <usize>j0 * <usize>(K & ~3) * 4);
}

/** y[j] (+)= sum_k v[k] X[k, j] for n columns of X (row stride ld floats), streaming X row by row. */
function gemvColumns(n: i32, K: i32, x: usize, ld: i32, v: usize, y: usize, acc: bool): void {
  if (!acc) memory.fill(y, 0, <usize>n << 2);
  const row = <usize>ld << 2;
  const n16 = n & ~15, n4 = n & ~3;
  for (let k = 0; k < K; k++) {
    const r = x + <usize>k * row;
    const s = load<f32>(v + (<usize>k << 2));
    const w = f32x4.splat(s);
    let j = 0;
    for (; j < n16; j += 16) {
      const o = <usize>j << 2;
      v128.store(y + o, madd(v128.load(r + o), w, v128.load(y + o)));
      v128.store(y + o, madd(v128.load(r + o, 16), w, v128.load(y + o, 16)), 16);
      v128.store(y + o, madd(v128.load(r + o, 32), w, v128.load(y + o, 32)), 32);
      v128.store(y + o, madd(v128.load(r + o, 48), w, v128.load(y + o, 48)), 48);
    }
    for (; j < n4; j += 4) {
      const o = <usize>j << 2;
      v128.store(y + o, madd(v128.load(r + o), w, v128.load(y + o)));
    }
    for (; j < n; j++) {
      const o = <usize>j << 2;
      store<f32>(y + o, load<f32>(y + o) + load<f32>(r + o) * s);
    }
  }
}

// ---------------------------------------------------------------- few rows of C

/**
 * Reads a word of every cache line of `rows` rows of `bytes` bytes, row after row, so that
 * a k block of B read in place comes into cache as one stream, before its panels read it
 * down the rows (a stride the prefetcher does not follow past a page): gy W of a 20-row
 * batch on two threads, 2600 x 650 and 10000 x 650, 1.1-1.2x. The sum goes to `sink`, so
 * the reads stay.
 */
function touchRows(x: usize, rows: i32, bytes: usize, stride: usize, sink: usize): void {
  let s: i32 = 0;
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>r * stride;
    for (let o: usize = 0; o < bytes; o += 64) s += load<i32>(row + o);
  }
  store<i32>(sink, s);
}

/**
 * C = op(A) B (+ C) for few rows of C with B not transposed: the blocked product of
 * gemmBlocked (the same micro-kernel; k blocks of KC_FEW, so the same bits except where it
 * adds into C, which takes each k block's sum in turn), but B is never packed whole. Its panels go two at a time against every A panel while they sit in L1: read in
 * place where its rows are less than a page apart, else packed just before (a conv's
 * 32 x 150 by 150 x 2600, one thread: 1.2x the speed of packing B whole and streaming it
 * from L2 once per A panel). A ragged last panel is always packed: a panel reads NR columns.
 * (With B transposed, packing panels just before use measured no faster than the blocked
 * product: either way B's rows come from memory once.)
 */
function gemmFewRows(transA: i32, M: i32, N: i32, K: i32, a: usize, lda: i32, b: usize, ldb: i32,
                     c: usize, cRow: usize, accumulate: i32, work: usize, packedA: usize): void {
  const kcMax = blockSize(K, KC_FEW, 4);
  let aPack = work;
  const bPanels = work + <usize>roundUp(M, MR) * <usize>kcMax * 4;
  const edgeTile = bPanels + <usize>kcMax * NR * 8;
  const inPlace = ldb < IN_PLACE_MAX_LDB;
  const bRow = <usize>ldb << 2;
  for (let pc = 0; pc < K; pc += kcMax) {
    const kc = min(kcMax, K - pc);
    const mode = blockMode(accumulate, pc);
    const panelBytes = <usize>kc * NR * 4;
    // op(A) packed here, or by gemm_pack_shared for all the column parts (one row block)
    if (packedA != 0) aPack = packedA + <usize>roundUp(M, MR) * <usize>pc * 4;
    else packPanels(MR, a, lda, transA != 0, 0, M, pc, kc, aPack);
    if (inPlace) touchRows(b + <usize>pc * bRow, kc, <usize>N << 2, bRow, edgeTile);
    for (let j0 = 0; j0 < N; j0 += 2 * NR) {
      const cols = min(2 * NR, N - j0), tiles = cols / NR;
      // full panels in place (rows bRow apart) or packed (kc x NR floats each), then the ragged one
      const packFrom = inPlace ? tiles * NR : 0;
      if (packFrom < cols) packPanels(NR, b, ldb, true, j0 + packFrom, cols - packFrom, pc, kc, bPanels);
      const bp = inPlace ? b + <usize>pc * bRow + (<usize>j0 << 2) : bPanels;
      const ragged = inPlace ? bPanels : bPanels + <usize>tiles * panelBytes;
      for (let ir = 0; ir < M; ir += MR) {
        const rows = min(MR, M - ir);
        const ap = aPack + <usize>ir * <usize>kc * 4;
        const cp = c + <usize>ir * cRow + (<usize>j0 << 2);
        if (rows == MR && tiles > 0) {
          if (inPlace) microKernelInPlace(kc, ap, bp, bRow, tiles, cp, cRow, mode);
          else microKernel(kc, ap, bp, tiles, cp, cRow, mode);
        } else {
          for (let t = 0; t < tiles; t++) {
            const bt = inPlace ? bp + <usize>t * NR * 4 : bp + <usize>t * panelBytes;
            edgeKernel(kc, ap, bt, inPlace ? bRow : NR * 4, cp + (<usize>(t * NR) << 2), cRow, mode, rows, NR, edgeTile);
          }
        }
        if (tiles * NR < cols) edgeKernel(kc, ap, ragged, NR * 4, cp + (<usize>(tiles * NR) << 2), cRow, mode, rows, cols - tiles * NR, edgeTile);
      }
    }
  }
}

// ---------------------------------------------------------------- packing shared by the parts

/** What the parts of a product share packed: nothing, op(B) or op(A). */
// @ts-ignore: decorator
@inline const SHARED_NONE: i32 = 0;
// @ts-ignore: decorator
@inline const SHARED_B: i32 = 1;
// @ts-ignore: decorator
@inline const SHARED_A: i32 = 2;

/**
 * Which operand the parts of a split product would each pack whole: the parts of a row
 * split all read op(B) in full, those of a column split all of op(A). Packed once for all
 * parts (gemm_pack_shared, itself split by panels) instead of once per part: a 100x784x100
 * forward on 4 parts packed op(B) four times, a fifth of each part's time. None for one
 * part, for matrix-vector products, and for the row parts of few rows of C with B not
 * transposed (gemmFewRows packs op(B) a panel pair at a time).
 */
@inline function sharedOperand(transB: i32, M: i32, N: i32, K: i32, ldb: i32, parts: i32): i32 {
  if (parts <= 1 || M <= 1 || N <= 1 || K <= 0 || (M <= SMALL_M && transB == 0 && M >= N)) return SHARED_NONE;
  return M >= N ? SHARED_B : SHARED_A;
}

/**
 * Bytes of the packed operand the parts of this product share (0: none), laid out as the
 * blocked loops read it, k block by k block: op(B) as all its panels for each k block (the
 * layout of gemm_pack_b), op(A) as every (pc, ic) block.
 */
export function gemm_shared_bytes(transA: i32, transB: i32, M: i32, N: i32, K: i32, ldb: i32, parts: i32): i32 {
  const which = sharedOperand(transB, M, N, K, ldb, parts);
  if (which == SHARED_NONE) return 0;
  const rows = which == SHARED_B ? N : M, unit = which == SHARED_B ? NR : MR;
  return roundUp(rows, unit) * K * 4;
}

/**
 * Part `part` of `parts` of packing the shared operand into `shared`: a range of the panels
 * of every block, so the packed bytes are those each part of the product would have made.
 */
export function gemm_pack_shared(transA: i32, transB: i32, M: i32, N: i32, K: i32, a: usize, lda: i32, b: usize, ldb: i32,
                                 gemmParts: i32, shared: usize, part: i32, parts: i32): void {
  const which = sharedOperand(transB, M, N, K, ldb, gemmParts);
  if (which == SHARED_B) gemm_pack_b(transB, N, K, b, ldb, shared, part, parts);
  // in the k blocks of the path that reads it: few rows of C with B not transposed, or blocked
  else if (which == SHARED_A) packWhole(MR, a, lda, transA != 0, M, K, blockSize(M, MC, MR), M <= SMALL_M && transB == 0 ? KC_FEW : KC, shared, part, parts);
}

/**
 * Bytes of op(B) (K x N) packed by gemm_pack_b: a weight that many products read packs once
 * (a recurrent step's x W^T: 1.37x the speed of packing W for each of them, the same bits).
 */
export function gemm_packed_b_bytes(N: i32, K: i32): i32 {
  return roundUp(N, NR) * K * 4;
}

/**
 * Part `part` of `parts` of packing op(B) whole into dst, as gemmBlocked reads it: for each
 * k block, the panels of all N columns.
 */
export function gemm_pack_b(transB: i32, N: i32, K: i32, b: usize, ldb: i32, dst: usize, part: i32, parts: i32): void {
  packWhole(NR, b, ldb, transB == 0, N, K, roundUp(N, NR), KC, dst, part, parts);
}

/**
 * Packs rows 0 .. rows of op(X) in blocks of rowMax rows by k blocks of at most kcLimit,
 * k block by k block; part `part` of `parts` packs its range of every block's panels.
 */
function packWhole(w: i32, x: usize, ld: i32, trans: bool, rows: i32, K: i32, rowMax: i32, kcLimit: i32,
                   dst: usize, part: i32, parts: i32): void {
  const kcMax = blockSize(K, kcLimit, 4);
  for (let p0 = 0; p0 < K; p0 += kcMax) {
    for (let r0 = 0; r0 < rows; r0 += rowMax) {
      const mc = min(rowMax, rows - r0), kc = min(kcMax, K - p0);
      packPanelRange(w, x, ld, trans, r0, mc, p0, kc, dst, part, parts);
      dst += <usize>roundUp(mc, w) * <usize>kc * 4;
    }
  }
}

/** packPanels for part `part` of `parts` of the panels of one block (whole panels each). */
@inline function packPanelRange(w: i32, x: usize, ld: i32, trans: bool, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize, part: i32, parts: i32): void {
  const panels = (mc + w - 1) / w;
  const r0 = partStart(panels, 1, part, parts) * w, r1 = min(mc, partStart(panels, 1, part + 1, parts) * w);
  if (r0 < r1) packPanels(w, x, ld, trans, i0 + r0, r1 - r0, p0, kc, dst + <usize>r0 * <usize>kc * 4);
}

/**
 * C = op(A) op(B) (+ C), or the part `part` of `parts` of it: the threads of a pool each
 * compute one part, a range of rows or columns of C. Every element of C comes out the same
 * whichever part computes it (the order over k depends on K alone, and the path taken on
 * the whole problem), so results do not depend on the number of parts. Part p packs into
 * work + p * gemm_workspace(M, N, K); with `shared` nonzero the parts read the operand they
 * all need from there, packed once by gemm_pack_shared (same bits either way).
 */
export function gemm_f32(transA: i32, transB: i32, M: i32, N: i32, K: i32,
                         a: usize, lda: i32, b: usize, ldb: i32,
                         c: usize, ldc: i32, accumulate: i32, shared: usize, work: usize, part: i32, parts: i32): void {
  if (M <= 0 || N <= 0) return;
  if (parts < 1) { part = 0; parts = 1; }
  const cRow = <usize>ldc << 2;
  if (K <= 0) {
    const i0 = partStart(M, 1, part, parts), i1 = partStart(M, 1, part + 1, parts);
    if (accumulate == 0) for (let i = i0; i < i1; i++) memory.fill(c + <usize>i * cRow, 0, <usize>N << 2);
    return;
  }
  // A single row or column of C reads its matrix operand once, straight from where it is:
  // no packing, no padding to a register tile (batch-1 inference, matrix times vector).
  // The vector and C must be contiguous, as they are for whole matrices. Parts are ranges
  // of the output in steps of 16, so each element stays in the same SIMD or scalar lane.
  const accumulating = accumulate != 0;
  if (M == 1 && (transA == 0 || lda == 1)) {
    if (transB != 0) { gemvRowsPart(N, K, b, ldb, a, c, accumulating, 0, part, parts); return; }
    const j0 = partStart(N, 16, part, parts), j1 = partStart(N, 16, part + 1, parts);
    if (j0 < j1) gemvColumns(j1 - j0, K, b + (<usize>j0 << 2), ldb, a, c + (<usize>j0 << 2), accumulating);
    return;
  }
  if (N == 1 && ldc == 1 && (transB != 0 || ldb == 1)) {
    if (transA == 0) { gemvRowsPart(M, K, a, lda, b, c, accumulating, 0, part, parts); return; }
    const i0 = partStart(M, 16, part, parts), i1 = partStart(M, 16, part + 1, parts);
    if (i0 < i1) gemvColumns(i1 - i0, K, a + (<usize>i0 << 2), lda, b, c + (<usize>i0 << 2), accumulating);
    return;
  }
  const which = shared != 0 ? sharedOperand(transB, M, N, K, ldb, parts) : SHARED_NONE;
  gemmSplit(transA, transB, M, N, K, a, lda, b, ldb, c, cRow, accumulate,
    which == SHARED_A ? shared : 0, which == SHARED_B ? shared : 0, work, part, parts);
}

/**
 * Part `part` of `parts` of C = op(A) op(B) (+ C) for M, N, K > 0: the longer side of C is
 * split, and each part packs its own share of that operand. `packedA` (used by column parts)
 * is op(A) packed by gemm_pack_shared, `packedB` op(B) packed by gemm_pack_b (shared by the
 * parts, or kept for a weight); 0 where the parts pack their own.
 */
function gemmSplit(transA: i32, transB: i32, M: i32, N: i32, K: i32, a: usize, lda: i32, b: usize, ldb: i32,
                           c: usize, cRow: usize, accumulate: i32, packedA: usize, packedB: usize,
                           work: usize, part: i32, parts: i32): void {
  const w = work + <usize>part * <usize>gemm_workspace(M, N, K), panels = roundUp(N, NR) / NR;
  if (M >= N) {
    const i0 = partStart(M, MR, part, parts), i1 = partStart(M, MR, part + 1, parts);
    if (i0 >= i1) return;
    const ai = transA != 0 ? a + (<usize>i0 << 2) : a + ((<usize>i0 * lda) << 2);
    if (packedB != 0) gemmBlocked(transA, transB, i1 - i0, N, K, ai, lda, b, ldb, c + <usize>i0 * cRow, cRow, accumulate, w, 0, packedB, 0, panels);
    else gemmPart(transA, transB, i1 - i0, N, K, ai, lda, b, ldb, c + <usize>i0 * cRow, cRow, accumulate, w, M <= SMALL_M, 0);
  } else {
    const j0 = partStart(N, NR, part, parts), j1 = partStart(N, NR, part + 1, parts);
    if (j0 >= j1) return;
    const bj = transB != 0 ? b + ((<usize>j0 * ldb) << 2) : b + (<usize>j0 << 2);
    if (packedB != 0) gemmBlocked(transA, transB, M, j1 - j0, K, a, lda, bj, ldb, c + (<usize>j0 << 2), cRow, accumulate, w, packedA, packedB, j0 / NR, panels);
    else gemmPart(transA, transB, M, j1 - j0, K, a, lda, bj, ldb, c + (<usize>j0 << 2), cRow, accumulate, w, M <= SMALL_M, packedA);
  }
}

/**
 * One part of the product: few rows of C (`few`, decided on the whole problem) by panel
 * pairs of op(B), else blocked; both paths give the same bits. With `packedA`, op(A) comes
 * packed by gemm_pack_shared. (A transposed B read in place would need a dot-product
 * kernel: measured no faster than packing it.)
 */
@inline function gemmPart(transA: i32, transB: i32, M: i32, N: i32, K: i32, a: usize, lda: i32, b: usize, ldb: i32,
                          c: usize, cRow: usize, accumulate: i32, work: usize, few: bool, packedA: usize): void {
  if (few && transB == 0) gemmFewRows(transA, M, N, K, a, lda, b, ldb, c, cRow, accumulate, work, packedA);
  else gemmBlocked(transA, transB, M, N, K, a, lda, b, ldb, c, cRow, accumulate, work, packedA, 0, 0, 0);
}

/**
 * C = op(A) op(B) (+ C) with op(B) packed by gemm_pack_b, or the part `part` of `parts` of
 * it, split as gemm_f32 splits it: the same bits as gemm_f32 gives a product of more than
 * one row and one column (its matrix-vector paths read B as it lies, so they are not for
 * this), for K > 0. Parts that split the columns (M < N) read op(A) from `shared` when it
 * is nonzero, packed there once by gemm_pack_shared.
 */
export function gemm_packed_b_f32(transA: i32, M: i32, N: i32, K: i32, a: usize, lda: i32, packedB: usize,
                                  c: usize, ldc: i32, accumulate: i32, shared: usize, work: usize, part: i32, parts: i32): void {
  if (M <= 0 || N <= 0 || K <= 0) return;
  if (parts < 1) { part = 0; parts = 1; }
  gemmSplit(transA, 1, M, N, K, a, lda, 0, 0, c, <usize>ldc << 2, accumulate, shared, packedB, work, part, parts);
}

/**
 * The blocked product C = op(A) op(B) (+ C) for M, N, K > 0; C's rows are cRow bytes apart.
 * With `packedA` nonzero, op(A) comes packed whole by gemm_pack_shared for the whole
 * product, whose blocks this part's loops meet in the same order. With `packedB` nonzero,
 * op(B) comes packed by gemm_pack_b, `bPanels` panels to a k block, this part's columns
 * from panel `bPanel0` on.
 */
function gemmBlocked(transA: i32, transB: i32, M: i32, N: i32, K: i32, a: usize, lda: i32, b: usize, ldb: i32,
                     c: usize, cRow: usize, accumulate: i32, work: usize, packedA: usize, packedB: usize,
                     bPanel0: i32, bPanels: i32): void {
  const kcMax = blockSize(K, KC, 4);
  const ncMax = blockSize(N, NC, NR);
  const mcMax = blockSize(M, MC, MR);
  let bPack = work;
  let aPack = work + <usize>kcMax * <usize>roundUp(ncMax, NR) * 4;
  const edgeTile = aPack + <usize>roundUp(mcMax, MR) * <usize>kcMax * 4;
  if (M <= SMALL_M) {
    // Few rows: op(A) is one row block, packed once per k block, and each k block of op(B)
    // is read across all the columns in turn, one stream from its start to its end (a
    // weight of 10000 x 650, packed: 1.3x the speed of k blocks taken column block by
    // column block). Each element of C still sums its k blocks in order: the same bits.
    for (let pc = 0; pc < K; pc += kcMax) {
      const kc = min(kcMax, K - pc);
      const mode = blockMode(accumulate, pc);
      if (packedA != 0) aPack = packedA + <usize>roundUp(M, MR) * <usize>pc * 4;
      else packPanels(MR, a, lda, transA != 0, 0, M, pc, kc, aPack);
      for (let jc = 0; jc < N; jc += ncMax) {
        const nc = min(ncMax, N - jc);
        if (packedB != 0) bPack = packedB + (<usize>pc * <usize>bPanels * NR + <usize>(bPanel0 + jc / NR) * <usize>kc * NR) * 4;
        else packPanels(NR, b, ldb, transB == 0, jc, nc, pc, kc, bPack);
        blockProduct(kc, aPack, bPack, M, nc, c + (<usize>jc << 2), cRow, mode, edgeTile);
      }
    }
    return;
  }
  for (let jc = 0; jc < N; jc += ncMax) {
    const nc = min(ncMax, N - jc);
    let aNext = packedA;
    for (let pc = 0; pc < K; pc += kcMax) {
      const kc = min(kcMax, K - pc);
      const mode = blockMode(accumulate, pc);
      if (packedB != 0) bPack = packedB + (<usize>pc * <usize>bPanels * NR + <usize>(bPanel0 + jc / NR) * <usize>kc * NR) * 4;
      else packPanels(NR, b, ldb, transB == 0, jc, nc, pc, kc, bPack);
      for (let ic = 0; ic < M; ic += mcMax) {
        const mc = min(mcMax, M - ic);
        if (packedA != 0) { aPack = aNext; aNext += <usize>roundUp(mc, MR) * <usize>kc * 4; }
        else packPanels(MR, a, lda, transA != 0, ic, mc, pc, kc, aPack);
        blockProduct(kc, aPack, bPack, mc, nc, c + <usize>ic * cRow + (<usize>jc << 2), cRow, mode, edgeTile);
      }
    }
  }
}

/**
 * The mc x nc block of C at `c` (+)= its packed A block by its packed B block over kc: the
 * full tiles of each A panel in one call; with few rows (a small batch against a packed
 * weight), each pair of B panels against every A panel while it is in L1 instead. Then the
 * ragged edges.
 */
function blockProduct(kc: i32, aPack: usize, bPack: usize, mc: i32, nc: i32, c: usize, cRow: usize, mode: i32, edgeTile: usize): void {
  const fullTiles = nc / NR;
  const span = mc <= SMALL_M ? 2 : max(fullTiles, 1);
  for (let t0 = 0; t0 < fullTiles; t0 += span) {
    const tiles = min(span, fullTiles - t0);
    const bt = bPack + <usize>t0 * NR * <usize>kc * 4;
    for (let ir = 0; ir < mc; ir += MR) {
      const rows = min(MR, mc - ir);
      const ap = aPack + <usize>ir * <usize>kc * 4;
      const cp = c + <usize>ir * cRow + (<usize>(t0 * NR) << 2);
      if (rows == MR) microKernel(kc, ap, bt, tiles, cp, cRow, mode);
      else for (let t = 0; t < tiles; t++) edgeKernel(kc, ap, bt + <usize>t * NR * <usize>kc * 4, NR * 4, cp + (<usize>(t * NR) << 2), cRow, mode, rows, NR, edgeTile);
    }
  }
  const jr = fullTiles * NR;
  for (let ir = 0; jr < nc && ir < mc; ir += MR) {
    const cp = c + <usize>ir * cRow + (<usize>jr << 2);
    edgeKernel(kc, aPack + <usize>ir * <usize>kc * 4, bPack + <usize>jr * <usize>kc * 4, NR * 4, cp, cRow, mode, min(MR, mc - ir), nc - jr, edgeTile);
  }
}

// C = op(A) op(B) (+ C when accumulating), row-major, with op() a transpose or not.
// Transposed operands are read through their strides while packing panels, so no
// transposed copy of a whole matrix is ever made.
import { madd } from './simd';

const MR = 4;   // rows of C per micro-tile
const NR = 8;   // columns of C per micro-tile (two f32x4 vectors)

/** Bytes of workspace gemm_f32 needs for these sizes. */
export function gemm_workspace(M: i32, N: i32, K: i32): i32 {
  const np = (N + NR - 1) / NR * NR;
  return (K * np + K * MR) * 4;
}

// Packs op(B) (K x N) into panels of NR columns: panel j holds K rows of NR floats.
function packB(b: usize, ldb: i32, transB: bool, K: i32, N: i32, dst: usize): void {
  for (let j0 = 0; j0 < N; j0 += NR) {
    const w = min(NR, N - j0);
    const panel = dst + <usize>j0 * <usize>K * 4;
    for (let k = 0; k < K; k++) {
      const row = panel + <usize>k * NR * 4;
      if (!transB && w == NR) {
        v128.store(row, v128.load(b + ((<usize>k * ldb + j0) << 2)));
        v128.store(row, v128.load(b + ((<usize>k * ldb + j0 + 4) << 2)), 16);
      } else {
        for (let j = 0; j < NR; j++) {
          let v: f32 = 0;
          if (j < w) v = transB ? load<f32>(b + ((<usize>(j0 + j) * ldb + k) << 2)) : load<f32>(b + ((<usize>k * ldb + j0 + j) << 2));
          store<f32>(row + (<usize>j << 2), v);
        }
      }
    }
  }
}

// Packs MR rows of op(A) starting at row i0 as K groups of MR floats.
function packA(a: usize, lda: i32, transA: bool, i0: i32, rows: i32, K: i32, dst: usize): void {
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < MR; i++) {
      let v: f32 = 0;
      if (i < rows) v = transA ? load<f32>(a + ((<usize>k * lda + i0 + i) << 2)) : load<f32>(a + ((<usize>(i0 + i) * lda + k) << 2));
      store<f32>(dst + ((<usize>k * MR + i) << 2), v);
    }
  }
}

export function gemm_f32(transA: i32, transB: i32, M: i32, N: i32, K: i32,
                         a: usize, lda: i32, b: usize, ldb: i32,
                         c: usize, ldc: i32, accumulate: i32, work: usize): void {
  const np = (N + NR - 1) / NR * NR;
  const bp = work;
  const ap = work + <usize>K * <usize>np * 4;
  packB(b, ldb, transB != 0, K, N, bp);
  for (let i0 = 0; i0 < M; i0 += MR) {
    const rows = min(MR, M - i0);
    packA(a, lda, transA != 0, i0, rows, K, ap);
    for (let j0 = 0; j0 < N; j0 += NR) {
      const cols = min(NR, N - j0);
      const panel = bp + <usize>j0 * <usize>K * 4;
      let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
      for (let k = 0; k < K; k++) {
        const b0 = v128.load(panel + <usize>k * NR * 4);
        const b1 = v128.load(panel + <usize>k * NR * 4, 16);
        const av = ap + <usize>k * MR * 4;
        const a0 = v128.load32_splat(av), a1 = v128.load32_splat(av + 4);
        const a2 = v128.load32_splat(av + 8), a3 = v128.load32_splat(av + 12);
        c00 = madd(a0, b0, c00); c01 = madd(a0, b1, c01);
        c10 = madd(a1, b0, c10); c11 = madd(a1, b1, c11);
        c20 = madd(a2, b0, c20); c21 = madd(a2, b1, c21);
        c30 = madd(a3, b0, c30); c31 = madd(a3, b1, c31);
      }
      storeTile(c, ldc, i0, j0, rows, cols, accumulate != 0, c00, c01, c10, c11, c20, c21, c30, c31);
    }
  }
}

@inline function storeRow(dst: usize, cols: i32, acc: bool, lo: v128, hi: v128): void {
  if (cols == NR) {
    if (acc) { lo = f32x4.add(lo, v128.load(dst)); hi = f32x4.add(hi, v128.load(dst, 16)); }
    v128.store(dst, lo); v128.store(dst, hi, 16);
    return;
  }
  const tmp = memory.data(32);
  v128.store(tmp, lo); v128.store(tmp, hi, 16);
  for (let j = 0; j < cols; j++) {
    const off = <usize>j << 2;
    store<f32>(dst + off, load<f32>(tmp + off) + (acc ? load<f32>(dst + off) : 0));
  }
}

function storeTile(c: usize, ldc: i32, i0: i32, j0: i32, rows: i32, cols: i32, acc: bool,
                   c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128): void {
  const base = c + ((<usize>i0 * ldc + j0) << 2);
  const stride = <usize>ldc << 2;
  storeRow(base, cols, acc, c00, c01);
  if (rows > 1) storeRow(base + stride, cols, acc, c10, c11);
  if (rows > 2) storeRow(base + 2 * stride, cols, acc, c20, c21);
  if (rows > 3) storeRow(base + 3 * stride, cols, acc, c30, c31);
}

// Long sums shared by every kernel that reduces, in numpy's order where its error stays
// small, so that they round as Chainer's (numpy 1.x) sums: a contiguous run pairwise as
// numpy's FLOAT_pairwise_sum (sumRun), rows of a matrix one after the other (sumRows). Where
// numpy's float32 running totals would lose accuracy with length (past the 8192 terms of
// its buffer, past 128 rows), the partial sums are carried in float64: the at most 2^25 of
// them that an array in 32-bit memory gives add a relative error below 2^-28, invisible in
// float32 (numpy's float32 sum of 1e7 copies of 0.1 is 1e-5 off).
//
// What is summed is a term class T of two operands and a centre, with @inline
// v(a: v128, b: v128, m: v128): v128 four lanes at a time and f(a: f32, b: f32, m: f32): f32
// for single ones; paired() and centred() say whether it reads b and m (they are not
// loaded otherwise).

/**
 * Terms (rows of a matrix, a strided run) added one after the other in float32, numpy's
 * order, before the partial sum moves to float64, where numpy's running total would drift
 * (128 keep the float32 error within a few units in the last place on typical data).
 */
export const ROW_TERMS = 128;

/** The plain sum of a. */
@final export class Plain {
  @inline paired(): bool { return false; }
  @inline centred(): bool { return false; }
  @inline v(a: v128, b: v128, m: v128): v128 { return a; }
  @inline f(a: f32, b: f32, m: f32): f32 { return a; }
}

/** The four terms at a and b. */
@inline function terms<T>(a: usize, b: usize, m: v128): v128 {
  const t = changetype<T>(0);
  return t.v(v128.load(a), t.paired() ? v128.load(b) : m, m);
}

/** The term at a and b. */
@inline function term<T>(a: usize, b: usize, m: f32): f32 {
  const t = changetype<T>(0);
  return t.f(load<f32>(a), t.paired() ? load<f32>(b) : m, m);
}

/** Float64 lanes (low, high) plus the four float32 lanes of s, low and high pairs apart. */
@inline export function widenLow(w: v128, s: v128): v128 {
  return f64x2.add(w, f64x2.promote_low_f32x4(s));
}
@inline export function widenHigh(w: v128, s: v128): v128 {
  return f64x2.add(w, f64x2.promote_low_f32x4(v128.shuffle<f32>(s, s, 2, 3, 2, 3)));
}
/** Four float32 lanes from the float64 pairs low and high. */
@inline export function narrow(low: v128, high: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(low), f32x4.demote_f64x2_zero(high), 0, 1, 4, 5);
}

/**
 * Σ over i < n of T(a[i], b[i], m) for contiguous float32 runs a and b, in numpy's order
 * (its FLOAT_pairwise_sum over the pieces of at most NUMPY_BUFFER terms its reduction hands
 * the loop), so that a row sum rounds as Chainer's x.sum(axis) does; the pieces add in
 * float64 (numpy: float32), which keeps the error flat past 8192 terms.
 */
@inline export function sumRun<T>(a: usize, b: usize, m: f32, n: i32): f64 {
  if (n <= NUMPY_BUFFER) return <f64>(<f32>0 + pairwise<T>(a, b, m, n));
  let wide: f64 = 0;
  for (let i = 0; i < n; i += NUMPY_BUFFER) {
    const o = <usize>i << 2;
    wide += <f64>pairwise<T>(a + o, b + o, m, min(NUMPY_BUFFER, n - i));
  }
  return wide;
}

/** Terms numpy's reduction passes to its inner loop at a time (its default buffer size). */
// @ts-ignore: decorator
@inline const NUMPY_BUFFER: i32 = 8192;

/** numpy's pairwise sum of n terms: one at a time below 8, eight running sums to 128, halves above. */
function pairwise<T>(a: usize, b: usize, m: f32, n: i32): f32 {
  if (n < 8) {
    let s: f32 = 0;
    for (let i = 0; i < n; i++) s += term<T>(a + (<usize>i << 2), b + (<usize>i << 2), m);
    return s;
  }
  if (n <= 128) return pairwiseBlocks<T>(a, b, m, n, 0, 0);
  let half = n >> 1;
  half -= half & 7;
  const o = <usize>half << 2;
  // two blocks side by side (both halves of at most 128): twice the independent additions a
  // cycle, the same bits
  if (n - half <= 128) return pairwiseBlocks<T>(a, b, m, half, o, n - half);
  return pairwise<T>(a, b, m, half) + pairwise<T>(a + o, b + o, m, n - half);
}

/**
 * numpy's block of 8 <= n <= 128 terms (running sums r[0..3] and r[4..7] as two vectors,
 * ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)), then the n % 8 last terms), plus,
 * when m2 > 0, the block of m2 >= n terms `second` bytes on, computed alongside.
 */
function pairwiseBlocks<T>(a: usize, b: usize, m: f32, n: i32, second: usize, m2: i32): f32 {
  const vm = f32x4.splat(m);
  const a2 = a + second, b2 = b + second;
  let lo = terms<T>(a, b, vm), hi = terms<T>(a + 16, b + 16, vm);
  let lo2 = lo, hi2 = hi;
  if (m2 > 0) { lo2 = terms<T>(a2, b2, vm); hi2 = terms<T>(a2 + 16, b2 + 16, vm); }
  const whole = n & ~7, whole2 = m2 & ~7;
  let i = 8;
  for (; i < whole; i += 8) {
    const o = <usize>i << 2;
    lo = f32x4.add(lo, terms<T>(a + o, b + o, vm));
    hi = f32x4.add(hi, terms<T>(a + o + 16, b + o + 16, vm));
    if (m2 > 0) {
      lo2 = f32x4.add(lo2, terms<T>(a2 + o, b2 + o, vm));
      hi2 = f32x4.add(hi2, terms<T>(a2 + o + 16, b2 + o + 16, vm));
    }
  }
  const s = blockTotal<T>(lo, hi, a, b, m, whole, n);
  if (m2 == 0) return s;
  for (let k = i; k < whole2; k += 8) {
    const o = <usize>k << 2;
    lo2 = f32x4.add(lo2, terms<T>(a2 + o, b2 + o, vm));
    hi2 = f32x4.add(hi2, terms<T>(a2 + o + 16, b2 + o + 16, vm));
  }
  return s + blockTotal<T>(lo2, hi2, a2, b2, m, whole2, m2);
}

@inline function blockTotal<T>(lo: v128, hi: v128, a: usize, b: usize, m: f32, from: i32, n: i32): f32 {
  let s = ((f32x4.extract_lane(lo, 0) + f32x4.extract_lane(lo, 1)) + (f32x4.extract_lane(lo, 2) + f32x4.extract_lane(lo, 3)))
    + ((f32x4.extract_lane(hi, 0) + f32x4.extract_lane(hi, 1)) + (f32x4.extract_lane(hi, 2) + f32x4.extract_lane(hi, 3)));
  for (let i = from; i < n; i++) s += term<T>(a + (<usize>i << 2), b + (<usize>i << 2), m);
  return s;
}

/**
 * Σ over i < n of T(a[i], b[i], m) for contiguous float32 runs a and b, as the reference
 * BLAS sdot under numpy 1.x adds (Chainer takes squared norms with x.dot(x)): one float32
 * running sum, term after term, carried in float64 every DOT_TERMS terms. Four runs go
 * side by side, each in its own order, so that the additions do not wait on each other.
 */
@inline export function sumSequential<T>(a: usize, b: usize, m: f32, n: i32): f64 {
  const R = DOT_TERMS;
  let total: f64 = 0;
  let i = 0;
  for (; i + 4 * R <= n; i += 4 * R) {
    let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
    for (let k = 0; k < R; k++) {
      const o = <usize>(i + k) << 2;
      s0 += term<T>(a + o, b + o, m);
      s1 += term<T>(a + o + R * 4, b + o + R * 4, m);
      s2 += term<T>(a + o + R * 8, b + o + R * 8, m);
      s3 += term<T>(a + o + R * 12, b + o + R * 12, m);
    }
    total += <f64>s0; total += <f64>s1; total += <f64>s2; total += <f64>s3;
  }
  while (i < n) {
    const end = min(n, i + R);
    let s: f32 = 0;
    for (; i < end; i++) s += term<T>(a + (<usize>i << 2), b + (<usize>i << 2), m);
    total += <f64>s;
  }
  return total;
}

/**
 * Terms sumSequential adds in float32 before carrying: numpy's norms of parameters up to
 * this size to the bit, while a run's float32 error stays about 1e-6 of its sum.
 */
const DOT_TERMS = 1024;

/** Lane access for strided sums: four neighbouring columns, or one (the tail). */
@final export class Four {
  @inline load(p: usize): v128 { return v128.load(p); }
  @inline store(p: usize, v: v128): void { v128.store(p, v); }
}
@final export class One {
  @inline load(p: usize): v128 { return f32x4.splat(load<f32>(p)); }
  @inline store(p: usize, v: v128): void { store<f32>(p, f32x4.extract_lane(v, 0)); }
}

/**
 * Σ over k < n of T(a[k stride], b[k stride], m) for the columns at a and b (W of them:
 * Four or One), as the float32 lanes of the result.
 */
@inline export function sumStrided<T, W>(a: usize, b: usize, m: v128, n: i32, stride: usize): v128 {
  const t = changetype<T>(0), w = changetype<W>(0);
  const zero = f32x4.splat(0);
  let low = f64x2.splat(0), high = low;
  let k = 0;
  while (k < n) {
    const end = min(n, k + ROW_TERMS);
    let s = zero;
    for (; k < end; k++) { const off = <usize>k * stride; s = f32x4.add(s, t.v(w.load(a + off), t.paired() ? w.load(b + off) : m, m)); }
    low = widenLow(low, s); high = widenHigh(high, s);
  }
  return narrow(low, high);
}

/** Columns one tile of sumRows carries in float64 (a tile reads rows of 64 KB). */
const TILE = 16384;
const tileSums = memory.data(TILE * 8, 16);

/** partial[j] (+)= T(a[j], b[j], centre[j]) for j < width: one row into the float32 sums. */
@inline function addRow<T>(partial: usize, a: usize, b: usize, centre: usize, width: i32, first: bool): void {
  const t = changetype<T>(0);
  let j = 0;
  for (; j + 4 <= width; j += 4) {
    const off = <usize>j << 2;
    const v = terms<T>(a + off, b + off, t.centred() ? v128.load(centre + off) : f32x4.splat(0));
    v128.store(partial + off, first ? v : f32x4.add(v128.load(partial + off), v));
  }
  for (; j < width; j++) {
    const off = <usize>j << 2;
    const v = term<T>(a + off, b + off, t.centred() ? load<f32>(centre + off) : 0);
    store<f32>(partial + off, first ? v : load<f32>(partial + off) + v);
  }
}

/** The float64 tile sums (+)= the float32 partial sums of width columns. */
@inline function carry(partial: usize, width: i32, first: bool): void {
  let j = 0;
  for (; j + 4 <= width; j += 4) {
    const s = v128.load(partial + (<usize>j << 2)), p = tileSums + (<usize>j << 3);
    v128.store(p, widenLow(first ? f64x2.splat(0) : v128.load(p), s));
    v128.store(p, widenHigh(first ? f64x2.splat(0) : v128.load(p, 16), s), 16);
  }
  for (; j < width; j++) {
    const p = tileSums + (<usize>j << 3);
    store<f64>(p, (first ? 0 : load<f64>(p)) + <f64>load<f32>(partial + (<usize>j << 2)));
  }
}

/** out = the float64 tile sums of width columns, rounded. */
@inline function settle(out: usize, width: i32): void {
  let j = 0;
  for (; j + 4 <= width; j += 4) {
    const p = tileSums + (<usize>j << 3);
    v128.store(out + (<usize>j << 2), narrow(v128.load(p), v128.load(p, 16)));
  }
  for (; j < width; j++) store<f32>(out + (<usize>j << 2), <f32>load<f64>(tileSums + (<usize>j << 3)));
}

/**
 * out[j] = Σ over k < rows of T(a[k stride + j], b[k stride + j], centre[j]) for j < cols:
 * sums down the rows of a matrix (stride in bytes), read row by row, a tile of columns at
 * a time. ROW_TERMS rows at a time are added into out in float32, then carried in float64.
 */
@inline export function sumRows<T>(a: usize, b: usize, centre: usize, rows: i32, cols: i32, stride: usize, out: usize): void {
  if (rows == 0) { memory.fill(out, 0, <usize>cols << 2); return; }
  for (let c0 = 0; c0 < cols; c0 += TILE) {
    const width = min(TILE, cols - c0);
    const col = <usize>c0 << 2;
    const partial = out + col;
    for (let k0 = 0; k0 < rows; k0 += ROW_TERMS) {
      const k1 = min(rows, k0 + ROW_TERMS);
      addRow<T>(partial, a + <usize>k0 * stride + col, b + <usize>k0 * stride + col, centre + col, width, true);
      for (let k = k0 + 1; k < k1; k++) addRow<T>(partial, a + <usize>k * stride + col, b + <usize>k * stride + col, centre + col, width, false);
      if (k1 == rows && k0 == 0) break; // a single stretch: out holds the sums already
      if (k0 == 0) carry(partial, width, true);
      else carry(partial, width, false);
      if (k1 == rows) settle(partial, width);
    }
  }
}

// Long sums whose rounding error does not grow with their length, shared by every kernel
// that reduces. Terms are added in float32 vector lanes for a short stretch (a few dozen
// terms a lane at most, so the float32 error stays within a few units in the last place),
// and those partial sums are carried in float64: the at most 2^25 of them that an array
// in 32-bit memory gives add a relative error below 2^-28, invisible in float32. numpy's
// pairwise summation bounds the error by O(log n) the same way; carrying the partial sums
// in float64 keeps it flat and needs no recursion or workspace.
//
// What is summed is a term class T of two operands and a centre, with @inline
// v(a: v128, b: v128, m: v128): v128 four lanes at a time and f(a: f32, b: f32, m: f32): f32
// for single ones; paired() and centred() say whether it reads b and m (they are not
// loaded otherwise).

/** Terms one float32 lane adds before its partial sum moves to float64. */
const LANE_TERMS = 16;

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

/** Σ over i < n of T(a[i], b[i], m) for contiguous float32 runs a and b. */
@inline export function sumRun<T>(a: usize, b: usize, m: f32, n: i32): f64 {
  const vm = f32x4.splat(m), zero = f32x4.splat(0);
  let wide = f64x2.splat(0);
  let i = 0;
  // Four accumulators of 16 floats a step; a block is LANE_TERMS steps.
  const n16 = n & ~15;
  while (i < n16) {
    const end = min(n16, i + 16 * LANE_TERMS);
    let s0 = zero, s1 = zero, s2 = zero, s3 = zero;
    for (; i < end; i += 16) {
      const pa = a + (<usize>i << 2), pb = b + (<usize>i << 2);
      s0 = f32x4.add(s0, terms<T>(pa, pb, vm));
      s1 = f32x4.add(s1, terms<T>(pa + 16, pb + 16, vm));
      s2 = f32x4.add(s2, terms<T>(pa + 32, pb + 32, vm));
      s3 = f32x4.add(s3, terms<T>(pa + 48, pb + 48, vm));
    }
    const block = f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3));
    wide = widenHigh(widenLow(wide, block), block);
  }
  let s = zero;
  for (; i + 4 <= n; i += 4) s = f32x4.add(s, terms<T>(a + (<usize>i << 2), b + (<usize>i << 2), vm));
  wide = widenHigh(widenLow(wide, s), s);
  let total = f64x2.extract_lane(wide, 0) + f64x2.extract_lane(wide, 1);
  for (; i < n; i++) total += <f64>term<T>(a + (<usize>i << 2), b + (<usize>i << 2), m);
  return total;
}

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
    const end = min(n, k + LANE_TERMS);
    let s = zero;
    for (; k < end; k++) { const off = <usize>k * stride; s = f32x4.add(s, t.v(w.load(a + off), t.paired() ? w.load(b + off) : m, m)); }
    low = widenLow(low, s); high = widenHigh(high, s);
  }
  return narrow(low, high);
}

/**
 * Rows sumRows adds in float32 before they move to float64. Each move is a pass over the
 * float64 sums of the tile, so fewer rows cost speed; more would cost accuracy.
 */
const ROW_TERMS = 128;
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

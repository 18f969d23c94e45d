// Reductions over the middle axis of an (outer, r, inner) view of contiguous data. The
// backend permutes and groups axes so that any set of reduced axes reaches this shape.
import { Reduce } from './opcodes';
import { Plain, sumRows, sumRun } from './summation';

// A float product rounds at every step: numpy multiplies one element after the other, so
// its contiguous runs are not split into lanes (ordered). The other folds give the same
// bits in any order.
@final class ProdF { @inline ordered(): bool { return true; } @inline init(): f32 { return 1; } @inline f(a: f32, b: f32): f32 { return a * b; } @inline v(a: v128, b: v128): v128 { return f32x4.mul(a, b); } }
// NaN wins, as in numpy.
@final class MaxF {
  @inline ordered(): bool { return false; }
  @inline init(): f32 { return -Infinity; }
  @inline f(a: f32, b: f32): f32 { return a != a || a > b ? a : b; }
  @inline v(a: v128, b: v128): v128 { const keep = v128.or(f32x4.ne(a, a), f32x4.gt(a, b)); return v128.bitselect(a, b, keep); }
}
@final class MinF {
  @inline ordered(): bool { return false; }
  @inline init(): f32 { return Infinity; }
  @inline f(a: f32, b: f32): f32 { return a != a || a < b ? a : b; }
  @inline v(a: v128, b: v128): v128 { const keep = v128.or(f32x4.ne(a, a), f32x4.lt(a, b)); return v128.bitselect(a, b, keep); }
}
@final class SumI { @inline ordered(): bool { return false; } @inline init(): i32 { return 0; } @inline f(a: i32, b: i32): i32 { return a + b; } @inline v(a: v128, b: v128): v128 { return i32x4.add(a, b); } }
@final class ProdI { @inline ordered(): bool { return false; } @inline init(): i32 { return 1; } @inline f(a: i32, b: i32): i32 { return a * b; } @inline v(a: v128, b: v128): v128 { return i32x4.mul(a, b); } }
@final class MaxI { @inline ordered(): bool { return false; } @inline init(): i32 { return i32.MIN_VALUE; } @inline f(a: i32, b: i32): i32 { return a > b ? a : b; } @inline v(a: v128, b: v128): v128 { return i32x4.max_s(a, b); } }
@final class MinI { @inline ordered(): bool { return false; } @inline init(): i32 { return i32.MAX_VALUE; } @inline f(a: i32, b: i32): i32 { return a < b ? a : b; } @inline v(a: v128, b: v128): v128 { return i32x4.min_s(a, b); } }

@inline function fold<O, T>(x: usize, outer: i32, r: i32, inner: i32, out: usize): void {
  const o = changetype<O>(0);
  const rowBytes = <usize>inner << 2;
  for (let p = 0; p < outer; p++) {
    const base = x + <usize>p * <usize>r * rowBytes;
    if (inner == 1 && o.ordered()) {
      let s: T = o.init();
      for (let i = 0; i < r; i++) s = o.f(s, load<T>(base + (<usize>i << 2)));
      store<T>(out + (<usize>p << 2), s);
    } else if (inner == 1) {
      // A contiguous run: four vector accumulators, then the tail.
      let acc = v128.splat<T>(o.init());
      let acc2 = acc;
      let i = 0;
      const r8 = r & ~7;
      for (; i < r8; i += 8) {
        acc = o.v(acc, v128.load(base + (<usize>i << 2)));
        acc2 = o.v(acc2, v128.load(base + (<usize>i << 2), 16));
      }
      acc = o.v(acc, acc2);
      let s: T = o.f(o.f(v128.extract_lane<T>(acc, 0), v128.extract_lane<T>(acc, 1)), o.f(v128.extract_lane<T>(acc, 2), v128.extract_lane<T>(acc, 3)));
      for (; i < r; i++) s = o.f(s, load<T>(base + (<usize>i << 2)));
      store<T>(out + (<usize>p << 2), s);
    } else {
      const dst = out + <usize>p * rowBytes;
      memory.copy(dst, base, rowBytes);
      if (r == 0) {
        for (let j = 0; j < inner; j++) store<T>(dst + (<usize>j << 2), o.init());
      }
      const n4 = inner & ~3;
      for (let k = 1; k < r; k++) {
        const src = base + <usize>k * rowBytes;
        let j = 0;
        for (; j < n4; j += 4) { const off = <usize>j << 2; v128.store(dst + off, o.v(v128.load(dst + off), v128.load(src + off))); }
        for (; j < inner; j++) { const off = <usize>j << 2; store<T>(dst + off, o.f(load<T>(dst + off), load<T>(src + off))); }
      }
    }
  }
}

// Float sums add as numpy does where its error stays small, so that F.sum gives Chainer's
// bits in the usual cases (the JavaScript side, ops/reduce.ts, arranges the axes as numpy's
// iterator visits them): a contiguous run is summed as numpy's FLOAT_pairwise_sum in the
// pieces of at most NUMPY_BUFFER elements its buffered reduction hands the loop (numpy then
// adds the pieces in float32, kusari in float64: numpy's float32 running total of 1e7 copies
// of 0.1 is 1e-5 off), and rows (inner > 1) are added one after the other in float32 for up
// to 32 rows (sumRows), numpy's order, then carried in float64, where numpy's error would
// grow with their number.
/** Elements numpy's reduction passes to its inner loop at a time (its default buffer size). */
// @ts-ignore: decorator
@inline const NUMPY_BUFFER: i32 = 8192;

/** numpy's pairwise sum of n contiguous floats: eight running sums below 128, halves above. */
function pairwiseSum(a: usize, n: i32): f32 {
  if (n < 8) {
    let s: f32 = 0;
    for (let i = 0; i < n; i++) s += load<f32>(a + (<usize>i << 2));
    return s;
  }
  if (n <= 128) return pairwiseBlock(a, n);
  let half = n >> 1;
  half -= half & 7;
  const b = a + (<usize>half << 2);
  // two blocks of eight running sums side by side: twice the independent additions a cycle
  if (n <= 256) return pairwiseBlocks(a, half, b, n - half);
  return pairwiseSum(a, half) + pairwiseSum(b, n - half);
}

/** numpy's r[0..7] over a block of 8 <= n <= 128 floats, r[0..3] and r[4..7] as two vectors. */
@inline function blockStart(a: usize): v128 { return v128.load(a); }

/** ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)), then the n % 8 last floats one by one. */
@inline function blockEnd(lo: v128, hi: v128, a: usize, from: i32, n: i32): f32 {
  let s = ((f32x4.extract_lane(lo, 0) + f32x4.extract_lane(lo, 1)) + (f32x4.extract_lane(lo, 2) + f32x4.extract_lane(lo, 3)))
    + ((f32x4.extract_lane(hi, 0) + f32x4.extract_lane(hi, 1)) + (f32x4.extract_lane(hi, 2) + f32x4.extract_lane(hi, 3)));
  for (let i = from; i < n; i++) s += load<f32>(a + (<usize>i << 2));
  return s;
}

function pairwiseBlock(a: usize, n: i32): f32 {
  let lo = blockStart(a), hi = v128.load(a, 16);
  const whole = n & ~7;
  for (let i = 8; i < whole; i += 8) {
    const p = a + (<usize>i << 2);
    lo = f32x4.add(lo, v128.load(p));
    hi = f32x4.add(hi, v128.load(p, 16));
  }
  return blockEnd(lo, hi, a, whole, n);
}

/** pairwiseBlock(a, n) + pairwiseBlock(b, m) for n <= m (the halves of numpy's split), computed together. */
function pairwiseBlocks(a: usize, n: i32, b: usize, m: i32): f32 {
  let loA = blockStart(a), hiA = v128.load(a, 16), loB = blockStart(b), hiB = v128.load(b, 16);
  const wholeA = n & ~7, wholeB = m & ~7;
  let i = 8;
  for (; i < wholeA; i += 8) {
    const p = a + (<usize>i << 2), q = b + (<usize>i << 2);
    loA = f32x4.add(loA, v128.load(p));
    hiA = f32x4.add(hiA, v128.load(p, 16));
    loB = f32x4.add(loB, v128.load(q));
    hiB = f32x4.add(hiB, v128.load(q, 16));
  }
  for (; i < wholeB; i += 8) {
    const q = b + (<usize>i << 2);
    loB = f32x4.add(loB, v128.load(q));
    hiB = f32x4.add(hiB, v128.load(q, 16));
  }
  return blockEnd(loA, hiA, a, wholeA, n) + blockEnd(loB, hiB, b, wholeB, m);
}

function sumAxis(x: usize, outer: i32, r: i32, inner: i32, out: usize): void {
  const rowBytes = <usize>inner << 2;
  for (let p = 0; p < outer; p++) {
    const base = x + <usize>p * <usize>r * rowBytes;
    if (inner > 1) {
      sumRows<Plain>(base, base, 0, r, inner, rowBytes, out + <usize>p * rowBytes);
      continue;
    }
    // numpy's total starts from 0 (a sum of -0 is +0)
    let s: f32 = 0;
    if (r <= NUMPY_BUFFER) s += pairwiseSum(base, r);
    else {
      let wide: f64 = 0;
      for (let i = 0; i < r; i += NUMPY_BUFFER) wide += <f64>pairwiseSum(base + (<usize>i << 2), min(NUMPY_BUFFER, r - i));
      s = <f32>wide;
    }
    store<f32>(out + (<usize>p << 2), s);
  }
}

// First occurrence wins; a NaN counts as the extreme, as in numpy.
@inline function argFold<T>(x: usize, outer: i32, r: i32, inner: i32, out: usize, wantMax: bool): void {
  for (let p = 0; p < outer; p++) {
    for (let j = 0; j < inner; j++) {
      const base = x + ((<usize>p * <usize>r * <usize>inner + <usize>j) << 2);
      let best = load<T>(base);
      let at = 0;
      for (let k = 1; k < r; k++) {
        if (isFloat<T>() && best != best) break;
        const v = load<T>(base + ((<usize>k * <usize>inner) << 2));
        if ((isFloat<T>() && v != v) || (wantMax ? v > best : v < best)) { best = v; at = k; }
      }
      store<i32>(out + ((<usize>p * <usize>inner + <usize>j) << 2), at);
    }
  }
}

export function reduce_f32(op: i32, x: usize, outer: i32, r: i32, inner: i32, out: usize): void {
  switch (op) {
    case Reduce.Sum: sumAxis(x, outer, r, inner, out); break;
    case Reduce.Prod: fold<ProdF, f32>(x, outer, r, inner, out); break;
    case Reduce.Max: fold<MaxF, f32>(x, outer, r, inner, out); break;
    case Reduce.Min: fold<MinF, f32>(x, outer, r, inner, out); break;
    case Reduce.ArgMax: argFold<f32>(x, outer, r, inner, out, true); break;
    case Reduce.ArgMin: argFold<f32>(x, outer, r, inner, out, false); break;
    default: unreachable();
  }
}

export function reduce_i32(op: i32, x: usize, outer: i32, r: i32, inner: i32, out: usize): void {
  switch (op) {
    case Reduce.Sum: fold<SumI, i32>(x, outer, r, inner, out); break;
    case Reduce.Prod: fold<ProdI, i32>(x, outer, r, inner, out); break;
    case Reduce.Max: fold<MaxI, i32>(x, outer, r, inner, out); break;
    case Reduce.Min: fold<MinI, i32>(x, outer, r, inner, out); break;
    case Reduce.ArgMax: argFold<i32>(x, outer, r, inner, out, true); break;
    case Reduce.ArgMin: argFold<i32>(x, outer, r, inner, out, false); break;
    default: unreachable();
  }
}

@final class Square {
  @inline paired(): bool { return false; }
  @inline centred(): bool { return false; }
  @inline f(a: f32, b: f32, m: f32): f32 { return a * a; }
  @inline v(a: v128, b: v128, m: v128): v128 { return f32x4.mul(a, a); }
}

/** Σ x[i]^2 over n floats (a squared L2 norm), with the long-sum accuracy of every reduction. */
export function sum_squares_f32(x: usize, n: i32): f64 {
  return sumRun<Square>(x, x, 0, n);
}

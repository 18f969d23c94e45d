// Reductions over the middle axis of an (outer, r, inner) view of contiguous data. The
// backend permutes and groups axes so that any set of reduced axes reaches this shape.
import { Reduce } from './opcodes';
import { Plain, sumRows, sumRun, sumSequential } from './summation';

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
// iterator visits them): a contiguous run pairwise as numpy's (sumRun), rows (inner > 1) one
// after the other in float32 for up to 128 rows, then carried in float64 (sumRows), where
// numpy's error would grow with their number.
function sumAxis(x: usize, outer: i32, r: i32, inner: i32, out: usize): void {
  const rowBytes = <usize>inner << 2;
  for (let p = 0; p < outer; p++) {
    const base = x + <usize>p * <usize>r * rowBytes;
    if (inner > 1) {
      sumRows<Plain>(base, base, 0, r, inner, rowBytes, out + <usize>p * rowBytes);
      continue;
    }
    store<f32>(out + (<usize>p << 2), <f32>sumRun<Plain>(base, base, 0, r));
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

/** Σ x[i]^2 over n floats (a squared L2 norm) in the order of numpy 1.x's x.dot(x), carried in float64 as long sums are. */
export function sum_squares_f32(x: usize, n: i32): f64 {
  return sumSequential<Square>(x, x, 0, n);
}

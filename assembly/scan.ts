// Cumulative sums and products along the middle axis of an (outer, n, inner) view of
// contiguous data, forward or from the end, inclusive or exclusive (each position gets
// the fold of the elements before it). Floats fold one element after the other, as
// numpy's cumsum and cumprod do (and Chainer calls them), so every partial result rounds
// as there; integer rows (inner == 1), whose folds are exact in any order, are scanned
// four lanes at a time with in-register prefix steps. Otherwise whole rows of `inner`
// elements are combined with the previous row, vectorized along inner.

@final class SumF { @inline id(): f32 { return 0; } @inline f(a: f32, b: f32): f32 { return a + b; } @inline v(a: v128, b: v128): v128 { return f32x4.add(a, b); } }
@final class ProdF { @inline id(): f32 { return 1; } @inline f(a: f32, b: f32): f32 { return a * b; } @inline v(a: v128, b: v128): v128 { return f32x4.mul(a, b); } }
@final class SumI { @inline id(): i32 { return 0; } @inline f(a: i32, b: i32): i32 { return a + b; } @inline v(a: v128, b: v128): v128 { return i32x4.add(a, b); } }
@final class ProdI { @inline id(): i32 { return 1; } @inline f(a: i32, b: i32): i32 { return a * b; } @inline v(a: v128, b: v128): v128 { return i32x4.mul(a, b); } }

// Lane shifts that bring in `fill`: toward higher lanes (forward) or lower lanes (reverse).
@inline function up1(v: v128, fill: v128): v128 { return v128.shuffle<i32>(fill, v, 0, 4, 5, 6); }
@inline function up2(v: v128, fill: v128): v128 { return v128.shuffle<i32>(fill, v, 0, 1, 4, 5); }
@inline function down1(v: v128, fill: v128): v128 { return v128.shuffle<i32>(v, fill, 1, 2, 3, 4); }
@inline function down2(v: v128, fill: v128): v128 { return v128.shuffle<i32>(v, fill, 2, 3, 4, 5); }

/** A contiguous row, first to last. */
@inline function rowForward<O, T>(x: usize, n: i32, exclusive: bool, out: usize): void {
  const o = changetype<O>(0);
  const id = v128.splat<T>(o.id());
  let carry = id;
  let i = 0;
  // Four-lane prefixes add in another order: only for integers.
  if (!isFloat<T>()) for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    let v = v128.load(x + off);
    v = o.v(v, up1(v, id));
    v = o.v(v, up2(v, id));
    v = o.v(v, carry);
    v128.store(out + off, exclusive ? up1(v, carry) : v);
    carry = v128.splat<T>(v128.extract_lane<T>(v, 3));
  }
  let s: T = v128.extract_lane<T>(carry, 0);
  for (; i < n; i++) {
    const off = <usize>i << 2;
    // The first element is taken as it is (numpy copies it: a -0 stays -0).
    const next = i == 0 ? load<T>(x + off) : o.f(s, load<T>(x + off));
    store<T>(out + off, exclusive ? s : next);
    s = next;
  }
}

/** A contiguous row, last to first. */
@inline function rowReverse<O, T>(x: usize, n: i32, exclusive: bool, out: usize): void {
  const o = changetype<O>(0);
  const id = v128.splat<T>(o.id());
  let carry = id;
  let i = n - 4;
  if (!isFloat<T>()) for (; i >= 0; i -= 4) {
    const off = <usize>i << 2;
    let v = v128.load(x + off);
    v = o.v(v, down1(v, id));
    v = o.v(v, down2(v, id));
    v = o.v(v, carry);
    v128.store(out + off, exclusive ? down1(v, carry) : v);
    carry = v128.splat<T>(v128.extract_lane<T>(v, 0));
  }
  let s: T = v128.extract_lane<T>(carry, 0);
  for (i += 3; i >= 0; i--) {
    const off = <usize>i << 2;
    const next = i == n - 1 ? load<T>(x + off) : o.f(s, load<T>(x + off));
    store<T>(out + off, exclusive ? s : next);
    s = next;
  }
}

/** Rows of `inner` contiguous elements, combined row by row. */
@inline function rows<O, T>(x: usize, n: i32, inner: i32, reverse: bool, exclusive: bool, out: usize): void {
  const o = changetype<O>(0);
  const rowBytes = <usize>inner << 2;
  const inner4 = inner & ~3;
  const id = v128.splat<T>(o.id());
  for (let step = 0; step < n; step++) {
    const k = reverse ? n - 1 - step : step;
    const dst = out + <usize>k * rowBytes;
    if (step == 0) {
      if (exclusive) {
        let j = 0;
        for (; j < inner4; j += 4) v128.store(dst + (<usize>j << 2), id);
        for (; j < inner; j++) store<T>(dst + (<usize>j << 2), o.id());
      } else {
        memory.copy(dst, x + <usize>k * rowBytes, rowBytes);
      }
      continue;
    }
    // previous position in scan order, and the input element folded in at this step
    const kp = reverse ? k + 1 : k - 1;
    const prev = out + <usize>kp * rowBytes;
    const src = x + <usize>(exclusive ? kp : k) * rowBytes;
    let j = 0;
    for (; j < inner4; j += 4) {
      const off = <usize>j << 2;
      v128.store(dst + off, o.v(v128.load(prev + off), v128.load(src + off)));
    }
    for (; j < inner; j++) {
      const off = <usize>j << 2;
      store<T>(dst + off, o.f(load<T>(prev + off), load<T>(src + off)));
    }
  }
}

@inline function scan<O, T>(x: usize, outer: i32, n: i32, inner: i32, reverse: bool, exclusive: bool, out: usize): void {
  const plane = <usize>n * <usize>inner << 2;
  for (let p = 0; p < outer; p++) {
    const off = <usize>p * plane;
    if (inner == 1) {
      if (reverse) rowReverse<O, T>(x + off, n, exclusive, out + off);
      else rowForward<O, T>(x + off, n, exclusive, out + off);
    } else {
      rows<O, T>(x + off, n, inner, reverse, exclusive, out + off);
    }
  }
}

/** op 0: cumulative sum, op 1: cumulative product. */
export function scan_f32(op: i32, x: usize, outer: i32, n: i32, inner: i32, reverse: bool, exclusive: bool, out: usize): void {
  if (op == 0) scan<SumF, f32>(x, outer, n, inner, reverse, exclusive, out);
  else scan<ProdF, f32>(x, outer, n, inner, reverse, exclusive, out);
}

export function scan_i32(op: i32, x: usize, outer: i32, n: i32, inner: i32, reverse: bool, exclusive: bool, out: usize): void {
  if (op == 0) scan<SumI, i32>(x, outer, n, inner, reverse, exclusive, out);
  else scan<ProdI, i32>(x, outer, n, inner, reverse, exclusive, out);
}

/**
 * Exclusive first-order linear recurrence along the middle axis of (outer, n, inner):
 * out[k] = z[k-1] with z[-1] = 0 and z[k] = a[k] z[k-1] + b[k], from the first element or
 * from the last. Vectorized along inner; a contiguous row (inner 1) runs in scalar order.
 */
export function recurrence_f32(a: usize, b: usize, outer: i32, n: i32, inner: i32, reverse: bool, out: usize): void {
  const rowBytes = <usize>inner << 2;
  const plane = <usize>n * rowBytes;
  const inner4 = inner & ~3;
  for (let p = 0; p < outer; p++) {
    const base = <usize>p * plane;
    for (let step = 0; step < n; step++) {
      const k = reverse ? n - 1 - step : step;
      const dst = out + base + <usize>k * rowBytes;
      if (step == 0) { memory.fill(dst, 0, rowBytes); continue; }
      const kp = <usize>(reverse ? k + 1 : k - 1) * rowBytes;
      const prev = out + base + kp, ap = a + base + kp, bp = b + base + kp;
      let j = 0;
      for (; j < inner4; j += 4) {
        const off = <usize>j << 2;
        v128.store(dst + off, f32x4.add(f32x4.mul(v128.load(ap + off), v128.load(prev + off)), v128.load(bp + off)));
      }
      for (; j < inner; j++) {
        const off = <usize>j << 2;
        store<f32>(dst + off, load<f32>(ap + off) * load<f32>(prev + off) + load<f32>(bp + off));
      }
    }
  }
}

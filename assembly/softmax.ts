// Softmax, log-softmax and log-sum-exp along the middle axis of an (outer, n, inner) view
// of contiguous data, and their first-order gradients. Each row is shifted by its maximum
// before exponentiating, so no input overflows. When inner == 1 a row is contiguous and is
// reduced with horizontal vectors; otherwise four neighbouring rows (inner positions) are
// processed side by side, one vector lane each. The sums along the axis come from the
// summation helpers, so long axes keep float32 accuracy. Every kernel here is split over
// `outer` (part `part` of `parts` takes a range of it) for the thread pool.
import { partStart } from './parts';
import { SoftmaxKind } from './opcodes';
import { expOf, vexp, vlog, logOf } from './vmath';
import { maxNaN, vmaxNaN } from './simd';
import { Four, One, Plain, sumRun, sumStrided } from './summation';

// ---------------------------------------------------------------- forward

const SOFTMAX = SoftmaxKind.Softmax;
const LOG_SUM_EXP = SoftmaxKind.LogSumExp;

@inline function hmax(v: v128): f32 {
  const a = f32x4.extract_lane(v, 0), b = f32x4.extract_lane(v, 1);
  const c = f32x4.extract_lane(v, 2), d = f32x4.extract_lane(v, 3);
  return maxNaN(maxNaN(a, b), maxNaN(c, d));
}

/** exp(a - m), the terms of the sums. */
@final class ShiftedExp {
  @inline paired(): bool { return false; }
  @inline centred(): bool { return true; }
  @inline v(a: v128, b: v128, m: v128): v128 { return vexp(f32x4.sub(a, m)); }
  @inline f(a: f32, b: f32, m: f32): f32 { return expOf(a - m); }
}

/** One contiguous row of length n at x (inner == 1). */
@inline function row(kind: i32, x: usize, n: i32, out: usize): void {
  const n4 = n & ~3;
  let i = 0;
  // A NaN anywhere makes the whole row NaN, as numpy's max does (f32x4.max keeps NaN too).
  let vm = f32x4.splat(-Infinity);
  for (; i < n4; i += 4) vm = f32x4.max(vm, v128.load(x + (<usize>i << 2)));
  let m = hmax(vm);
  for (; i < n; i++) m = maxNaN(m, load<f32>(x + (<usize>i << 2)));

  // softmax keeps the exponentials, then sums them; the others sum them on the fly.
  let s: f32;
  if (kind == SOFTMAX) {
    const sm = f32x4.splat(m);
    i = 0;
    for (; i < n4; i += 4) { const off = <usize>i << 2; v128.store(out + off, vexp(f32x4.sub(v128.load(x + off), sm))); }
    for (; i < n; i++) { const off = <usize>i << 2; store<f32>(out + off, changetype<ShiftedExp>(0).f(load<f32>(x + off), 0, m)); }
    s = <f32>sumRun<Plain>(out, out, 0, n);
  } else {
    s = <f32>sumRun<ShiftedExp>(x, x, m, n);
  }

  if (kind == LOG_SUM_EXP) { store<f32>(out, m + logOf(s)); return; }
  if (kind == SOFTMAX) {
    // divided, as Chainer's y /= y.sum(...) (a product by 1 / s rounds differently a third of the time)
    const vs = f32x4.splat(s);
    i = 0;
    for (; i < n4; i += 4) { const off = <usize>i << 2; v128.store(out + off, f32x4.div(v128.load(out + off), vs)); }
    for (; i < n; i++) { const off = <usize>i << 2; store<f32>(out + off, load<f32>(out + off) / s); }
    return;
  }
  const shift = f32x4.splat(m + logOf(s));
  i = 0;
  for (; i < n4; i += 4) { const off = <usize>i << 2; v128.store(out + off, f32x4.sub(v128.load(x + off), shift)); }
  for (; i < n; i++) { const off = <usize>i << 2; store<f32>(out + off, load<f32>(x + off) - f32x4.extract_lane(shift, 0)); }
}

/** Columns starting at x (row stride `inner` elements), W of them at once. */
@inline function columns<W>(kind: i32, x: usize, n: i32, inner: i32, out: usize, lseOut: usize): void {
  const w = changetype<W>(0);
  const stride = <usize>inner << 2;
  let m = f32x4.splat(-Infinity);
  for (let k = 0; k < n; k++) m = vmaxNaN(m, w.load(x + <usize>k * stride));
  let s: v128;
  if (kind == SOFTMAX) {
    for (let k = 0; k < n; k++) { const off = <usize>k * stride; w.store(out + off, vexp(f32x4.sub(w.load(x + off), m))); }
    s = sumStrided<Plain, W>(out, out, m, n, stride);
  } else {
    s = sumStrided<ShiftedExp, W>(x, x, m, n, stride);
  }
  if (kind == LOG_SUM_EXP) { w.store(lseOut, f32x4.add(m, vlog(s))); return; }
  if (kind == SOFTMAX) {
    for (let k = 0; k < n; k++) { const off = <usize>k * stride; w.store(out + off, f32x4.div(w.load(out + off), s)); }
    return;
  }
  const shift = f32x4.add(m, vlog(s));
  for (let k = 0; k < n; k++) { const off = <usize>k * stride; w.store(out + off, f32x4.sub(w.load(x + off), shift)); }
}

@inline function normalize(kind: i32, x: usize, outer: i32, n: i32, inner: i32, out: usize, part: i32, parts: i32): void {
  const plane = <usize>n * <usize>inner << 2;
  for (let p = partStart(outer, 1, part, parts), end = partStart(outer, 1, part + 1, parts); p < end; p++) {
    const xp = x + <usize>p * plane;
    // log-sum-exp writes one value per (p, j); the others a whole plane.
    const op = kind == LOG_SUM_EXP ? out + (<usize>p * <usize>inner << 2) : out + <usize>p * plane;
    if (inner == 1) { row(kind, xp, n, op); continue; }
    const inner4 = inner & ~3;
    let j = 0;
    for (; j < inner4; j += 4) {
      const off = <usize>j << 2;
      columns<Four>(kind, xp + off, n, inner, op + off, op + off);
    }
    for (; j < inner; j++) {
      const off = <usize>j << 2;
      columns<One>(kind, xp + off, n, inner, op + off, op + off);
    }
  }
}

/**
 * out = softmax(x), x - logsumexp(x), or (outer, inner) log sum exp x (SoftmaxKind) along
 * the middle axis of (outer, n, inner). One function for the three: the kind is
 * tested once a row, and one copy of the loops costs the download a third of three.
 */
export function softmax_f32(kind: i32, x: usize, outer: i32, n: i32, inner: i32, out: usize, part: i32, parts: i32): void {
  normalize(kind, x, outer, n, inner, out, part, parts);
}

// ---------------------------------------------------------------- gradients

// Both gradients have the form gx = g(y, gy, s) with s = sum over the axis of d(y, gy),
// the terms (v, f) of the sum.
// softmax:     s = sum y gy,  gx = y gy - y s (Chainer's order: y (gy - s) rounds otherwise)
// log-softmax: s = sum gy,    gx = gy - exp(y) s
@final class SoftmaxGrad {
  @inline paired(): bool { return true; }
  @inline centred(): bool { return false; }
  @inline v(y: v128, g: v128, m: v128): v128 { return f32x4.mul(y, g); }
  @inline f(y: f32, g: f32, m: f32): f32 { return y * g; }
  @inline g(y: v128, g: v128, s: v128): v128 { return f32x4.sub(f32x4.mul(y, g), f32x4.mul(y, s)); }
}
@final class LogSoftmaxGrad {
  @inline paired(): bool { return true; }
  @inline centred(): bool { return false; }
  @inline v(y: v128, g: v128, m: v128): v128 { return g; }
  @inline f(y: f32, g: f32, m: f32): f32 { return g; }
  @inline g(y: v128, g: v128, s: v128): v128 { return f32x4.sub(g, f32x4.mul(vexp(y), s)); }
}

@inline function gradRow<G>(y: usize, gy: usize, n: i32, gx: usize): void {
  const o = changetype<G>(0);
  const n4 = n & ~3;
  const ss = f32x4.splat(<f32>sumRun<G>(y, gy, 0, n));
  let i = 0;
  for (; i < n4; i += 4) { const off = <usize>i << 2; v128.store(gx + off, o.g(v128.load(y + off), v128.load(gy + off), ss)); }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(gx + off, f32x4.extract_lane(o.g(f32x4.splat(load<f32>(y + off)), f32x4.splat(load<f32>(gy + off)), ss), 0));
  }
}

@inline function gradColumns<G, W>(y: usize, gy: usize, n: i32, inner: i32, gx: usize): void {
  const o = changetype<G>(0);
  const w = changetype<W>(0);
  const stride = <usize>inner << 2;
  const s = sumStrided<G, W>(y, gy, f32x4.splat(0), n, stride);
  for (let k = 0; k < n; k++) { const off = <usize>k * stride; w.store(gx + off, o.g(w.load(y + off), w.load(gy + off), s)); }
}

@inline function grad<G>(y: usize, gy: usize, outer: i32, n: i32, inner: i32, gx: usize, part: i32, parts: i32): void {
  const plane = <usize>n * <usize>inner << 2;
  for (let p = partStart(outer, 1, part, parts), end = partStart(outer, 1, part + 1, parts); p < end; p++) {
    const off = <usize>p * plane;
    if (inner == 1) { gradRow<G>(y + off, gy + off, n, gx + off); continue; }
    const inner4 = inner & ~3;
    let j = 0;
    for (; j < inner4; j += 4) { const c = off + (<usize>j << 2); gradColumns<G, Four>(y + c, gy + c, n, inner, gx + c); }
    for (; j < inner; j++) { const c = off + (<usize>j << 2); gradColumns<G, One>(y + c, gy + c, n, inner, gx + c); }
  }
}

/** gx = y (gy - sum(y gy)) for y = softmax(x). */
export function softmax_grad_f32(y: usize, gy: usize, outer: i32, n: i32, inner: i32, gx: usize, part: i32, parts: i32): void {
  grad<SoftmaxGrad>(y, gy, outer, n, inner, gx, part, parts);
}

/** gx = gy - exp(y) sum(gy) for y = logSoftmax(x). */
export function log_softmax_grad_f32(y: usize, gy: usize, outer: i32, n: i32, inner: i32, gx: usize, part: i32, parts: i32): void {
  grad<LogSoftmaxGrad>(y, gy, outer, n, inner, gx, part, parts);
}

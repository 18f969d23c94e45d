// Vectorized elementary functions for kernels that exponentiate whole rows.

/**
 * a * b + c rounded once, as numpy's float32 exp and log loops compute it. Relaxed SIMD's
 * multiply-add is fused wherever the hardware fuses (V8: every x86 with FMA3, every ARM64).
 * Without it the sum runs in float64 lanes: the product of two floats is exact there, so
 * only the sum rounds, to float64 and then to float32, which agrees with one rounding except
 * when the float64 sum falls on a float32 halfway point (10^8 random exps and logs never hit
 * one).
 */
// @ts-ignore: decorator
@inline
function fused(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  const lo = f64x2.add(f64x2.mul(f64x2.promote_low_f32x4(a), f64x2.promote_low_f32x4(b)), f64x2.promote_low_f32x4(c));
  const ah = f32x4.shuffle(a, a, 2, 3, 2, 3), bh = f32x4.shuffle(b, b, 2, 3, 2, 3), ch = f32x4.shuffle(c, c, 2, 3, 2, 3);
  const hi = f64x2.add(f64x2.mul(f64x2.promote_low_f32x4(ah), f64x2.promote_low_f32x4(bh)), f64x2.promote_low_f32x4(ch));
  return f32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/** b x + c with float32 constants. */
// @ts-ignore: decorator
@inline
function step(b: v128, x: v128, c: f32): v128 { return fused(b, x, f32x4.splat(c)); }

/**
 * exp of four floats, bit for bit numpy's float32 exp (its AVX2/AVX-512 loop, what Chainer's
 * softmax, logsumexp and F.exp run on x86): n = rint(x log2 e) from one fused multiply-add
 * with 1.5 * 2^23, r = x - n ln2, a degree-5 over degree-2 rational minimax fit, scaled by
 * 2^n. x >= 88.7228... gives Infinity, x <= -103.972... 0, NaN stays NaN.
 */
// A call, not inlined: every kernel exponentiating would carry its own copy.
export function vexp(x: v128): v128 {
  const nan = f32x4.ne(x, x);
  const over = f32x4.ge(x, f32x4.splat(88.72283935546875));
  const under = f32x4.le(x, f32x4.splat(-103.97208404541015625));
  const edge = v128.or(nan, v128.or(over, under));
  const xc = v128.andnot(x, edge);
  const magic = f32x4.splat(12582912); // 1.5 * 2^23: adding it rounds to an integer
  const n = f32x4.sub(fused(xc, f32x4.splat(1.4426950408889634), magic), magic);
  let r = fused(n, f32x4.splat(-6.93145752e-1), xc); // x - n ln2 in two steps (Cody-Waite)
  r = fused(n, f32x4.splat(-1.42860677e-6), r);
  let p = step(f32x4.splat(5.082762527590693718096e-4), r, 6.757896990527504603057e-3);
  p = step(p, r, 5.114512081637298353406e-2);
  p = step(p, r, 2.473615434895520810817e-1);
  p = step(p, r, 7.257664613233124478488e-1);
  p = step(p, r, 9.999999999980870924916e-1);
  const q = step(step(f32x4.splat(2.159509375685829852307e-2), r, -2.742335390411667452936e-1), r, 1);
  const y = scale2(f32x4.div(p, q), i32x4.trunc_sat_f32x4_s(n));
  const special = v128.or(v128.and(over, f32x4.splat(Infinity)), v128.and(nan, f32x4.splat(NaN)));
  return v128.bitselect(special, y, edge);
}

/** y 2^n per lane for |n| <= 150, as two factors, so that a subnormal result rounds once. */
// @ts-ignore: decorator
@inline
function scale2(y: v128, n: v128): v128 {
  const h = i32x4.shr_s(n, 1);
  const bias = i32x4.splat(127);
  const s1 = i32x4.shl(i32x4.add(h, bias), 23);
  const s2 = i32x4.shl(i32x4.add(i32x4.sub(n, h), bias), 23);
  return f32x4.mul(f32x4.mul(y, s1), s2);
}

/**
 * Natural log of four floats, bit for bit numpy's float32 log (the same loop as exp): x =
 * m 2^e with m in (sqrt(1/2), sqrt 2], a degree-5 over degree-5 rational fit of log(1 + r)
 * at r = m - 1, plus e ln2 in one fused multiply-add.
 */
// A call, not inlined: every kernel exponentiating would carry its own copy.
export function vlog(x: v128): v128 {
  // Subnormals are scaled by 2^64 first: their exponent field does not hold their exponent.
  const tiny = f32x4.lt(x, f32x4.splat(1.17549435e-38));
  const xs = v128.bitselect(f32x4.mul(x, f32x4.splat(1.8446744073709552e19)), x, tiny);
  const bits = v128.and(xs, i32x4.splat(0x7fffffff));
  let e = f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_u(bits, 23), i32x4.splat(126)));
  e = v128.bitselect(f32x4.sub(e, f32x4.splat(64)), e, tiny);
  let m = v128.or(v128.and(bits, i32x4.splat(0x7fffff)), i32x4.splat(126 << 23));
  const low = f32x4.le(m, f32x4.splat(0.70710678118654752440));
  m = v128.bitselect(f32x4.add(m, m), m, low);
  e = v128.bitselect(f32x4.sub(e, f32x4.splat(1)), e, low);
  const r = f32x4.sub(m, f32x4.splat(1));
  let p = step(f32x4.splat(2.589979117907922693523e-2), r, 3.808837741388407920751e-1);
  p = step(p, r, 1.480000633576506585156);
  p = step(p, r, 2.112677543073053063722);
  p = step(p, r, 9.999999999999998702752e-1);
  p = step(p, r, 0);
  let q = step(f32x4.splat(5.875095403124574342950e-3), r, 1.546476374983906719538e-1);
  q = step(q, r, 9.864942958519418960339e-1);
  q = step(q, r, 2.453006071784736363091);
  q = step(q, r, 2.612677543073109236779);
  q = step(q, r, 1);
  const y = fused(e, f32x4.splat(0.693147180559945309417), f32x4.div(p, q));
  // Edges as numpy's: NaN -> NaN, x < 0 -> -NaN, 0 -> -Infinity, Infinity -> Infinity.
  let out = v128.bitselect(f32x4.splat(NaN), y, f32x4.ne(x, x));
  out = v128.bitselect(f32x4.neg(f32x4.splat(NaN)), out, f32x4.lt(x, f32x4.splat(0)));
  out = v128.bitselect(f32x4.splat(-Infinity), out, f32x4.eq(x, f32x4.splat(0)));
  return v128.bitselect(x, out, f32x4.eq(x, f32x4.splat(Infinity)));
}

/** numpy's float32 exp of one float. */
// @ts-ignore: decorator
@inline
export function expOf(x: f32): f32 { return f32x4.extract_lane(vexp(f32x4.splat(x)), 0); }

/** numpy's float32 log of one float. */
// @ts-ignore: decorator
@inline
export function logOf(x: f32): f32 { return f32x4.extract_lane(vlog(f32x4.splat(x)), 0); }

/** tanh(x) per lane: an odd polynomial near 0 (no cancellation), 1 - 2 / (e^2|x| + 1) beyond. */
// @ts-ignore: decorator
@inline
export function vtanh(x: v128): v128 {
  const ax = f32x4.abs(x);
  const s = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, s), f32x4.splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, s), f32x4.splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, s), f32x4.splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, s), f32x4.splat(-3.33332819422e-1));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, s), x), x);
  const e = vexp(f32x4.mul(f32x4.pmin(ax, f32x4.splat(44)), f32x4.splat(2)));
  const large = f32x4.sub(f32x4.splat(1), f32x4.div(f32x4.splat(2), f32x4.add(e, f32x4.splat(1))));
  // Copy the sign of x onto the large-|x| branch.
  const signed = v128.or(large, v128.and(x, i32x4.splat(0x80000000)));
  const r = v128.bitselect(small, signed, f32x4.le(ax, f32x4.splat(0.625)));
  // NaN passes through, and so does a tiny x (tanh x rounds to x there, -0 stays -0).
  return v128.bitselect(x, r, v128.or(f32x4.ne(x, x), f32x4.lt(ax, f32x4.splat(1e-4))));
}

/** The logistic function as Chainer computes it: 0.5 tanh(0.5 x) + 0.5. */
// @ts-ignore: decorator
@inline
export function vsigmoid(x: v128): v128 {
  const half = f32x4.splat(0.5);
  return f32x4.add(f32x4.mul(vtanh(f32x4.mul(x, half)), half), half);
}

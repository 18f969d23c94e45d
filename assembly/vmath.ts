// Vectorized elementary functions for kernels that exponentiate whole rows.
import { madd } from './simd';

/**
 * exp of four floats, within about 2 ulp over the whole float range: x = n ln2 + r with
 * |r| <= ln2 / 2, a degree-6 polynomial for exp(r) (Cephes expf), and 2^n applied as two
 * factors so that results in the subnormal range and up to FLT_MAX come out right.
 * NaN stays NaN, large inputs give Infinity, very negative ones 0.
 */
// @ts-ignore: decorator
@inline
export function vexp(x: v128): v128 {
  const xc = f32x4.min(f32x4.max(x, f32x4.splat(-104)), f32x4.splat(88.8));
  const n = f32x4.nearest(f32x4.mul(xc, f32x4.splat(1.44269504088896341)));
  // ln2 split in a part exact in float32 and the rest (Cody-Waite).
  let r = madd(n, f32x4.splat(-0.693359375), xc);
  r = madd(n, f32x4.splat(2.12194440e-4), r);
  let p = f32x4.splat(1.9875691500e-4);
  p = madd(p, r, f32x4.splat(1.3981999507e-3));
  p = madd(p, r, f32x4.splat(8.3334519073e-3));
  p = madd(p, r, f32x4.splat(4.1665795894e-2));
  p = madd(p, r, f32x4.splat(1.6666665459e-1));
  p = madd(p, r, f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(madd(p, f32x4.mul(r, r), r), f32x4.splat(1));
  const ni = i32x4.trunc_sat_f32x4_s(n);
  const h = i32x4.shr_s(ni, 1);
  const bias = i32x4.splat(127);
  const s1 = i32x4.shl(i32x4.add(h, bias), 23);
  const s2 = i32x4.shl(i32x4.add(i32x4.sub(ni, h), bias), 23);
  return f32x4.mul(f32x4.mul(y, s1), s2);
}

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

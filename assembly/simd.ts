// Fused multiply-add where the runtime has relaxed SIMD, mul + add elsewhere.
// The same source builds both modules; the compiler folds the branch away.
// @ts-ignore: decorator
@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// numpy's maximum and minimum: NaN when either operand is NaN, else the larger (smaller)
// one, b on a tie. The vector forms apply the same rule lane by lane, so a kernel's vector
// body and scalar tail agree (f32x4.max/min also propagate NaN but order -0 below +0).
// @ts-ignore: decorator
@inline
export function maxNaN(a: f32, b: f32): f32 { return a != a || a > b ? a : b; }
// @ts-ignore: decorator
@inline
export function minNaN(a: f32, b: f32): f32 { return a != a || a < b ? a : b; }
// @ts-ignore: decorator
@inline
export function vmaxNaN(a: v128, b: v128): v128 { return v128.bitselect(a, b, v128.or(f32x4.ne(a, a), f32x4.gt(a, b))); }
// @ts-ignore: decorator
@inline
export function vminNaN(a: v128, b: v128): v128 { return v128.bitselect(a, b, v128.or(f32x4.ne(a, a), f32x4.lt(a, b))); }

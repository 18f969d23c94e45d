// Fused multiply-add where the runtime has relaxed SIMD, mul + add elsewhere.
// The same source builds both modules; the compiler folds the branch away.
// @ts-ignore: decorator
@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// How kernels split their work into parts that the thread pool runs at once. A part covers
// whole units (rows, register tiles, SIMD blocks), so every output element is computed by
// one part, the same way whatever the number of parts.

/**
 * Where part `part` of `parts` starts in 0 .. n, in whole units: the parts tile 0 .. n,
 * all but the last a multiple of `unit` long.
 */
// @ts-ignore: decorator
@inline export function partStart(n: i32, unit: i32, part: i32, parts: i32): i32 {
  return min(n, part * ((((n + parts - 1) / parts) + unit - 1) / unit * unit));
}

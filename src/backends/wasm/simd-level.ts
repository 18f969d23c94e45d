// Which kernel build the runtime runs: relaxed SIMD (fused multiply-add) where it validates,
// plain SIMD128 elsewhere (Node 20 without flags). Decided on a 46-byte module, so that
// only the chosen build is ever loaded and compiled.

export type SimdLevel = 'relaxed-simd' | 'simd128';

/** A module with one function `() -> v128` that runs i32x4.relaxed_trunc_f32x4_s on a zero vector. */
const RELAXED_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x19, 0x01, 0x17, 0x00, // code section: one body of 23 bytes, no locals
  0xfd, 0x0c, ...new Array<number>(16).fill(0), // v128.const 0
  0xfd, 0x81, 0x02, // i32x4.relaxed_trunc_f32x4_s
  0x0b, // end
]);

export function detectSimdLevel(): SimdLevel {
  return WebAssembly.validate(RELAXED_PROBE) ? 'relaxed-simd' : 'simd128';
}

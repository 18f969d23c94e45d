// Instantiates the kernel module: the relaxed-SIMD build (fused multiply-add) where the
// runtime validates it, the plain SIMD128 build elsewhere (Node 20 without flags).
import simdBytes from '../../../build/kusari-simd.wasm';
import relaxedBytes from '../../../build/kusari-relaxed.wasm';

export interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  unary_f32(op: number, x: number, out: number, n: number): void;
  unary_i32(op: number, x: number, out: number, n: number): void;
  binary_f32(op: number, ndim: number, shape: number, a: number, as: number, b: number, bs: number, out: number): void;
  binary_i32(op: number, ndim: number, shape: number, a: number, as: number, b: number, bs: number, out: number): void;
  where32(cond: number, a: number, b: number, out: number, n: number): void;
  cast_f32_i32(x: number, out: number, n: number): void;
  cast_i32_f32(x: number, out: number, n: number): void;
  fill32(out: number, bits: number, n: number): void;
  gather32(ndim: number, shape: number, x: number, strides: number, out: number): void;
  reduce_f32(op: number, x: number, outer: number, r: number, inner: number, out: number): void;
  reduce_i32(op: number, x: number, outer: number, r: number, inner: number, out: number): void;
  gemm_f32(transA: number, transB: number, M: number, N: number, K: number, a: number, lda: number,
           b: number, ldb: number, c: number, ldc: number, accumulate: number, work: number): void;
  gemm_workspace(M: number, N: number, K: number): number;
  // Further kernels are looked up by name; each family declares its signatures where it calls them.
  [name: string]: unknown;
}

export type SimdLevel = 'relaxed-simd' | 'simd128';

export const simdLevel: SimdLevel = WebAssembly.validate(relaxedBytes) ? 'relaxed-simd' : 'simd128';

const { instance } = await WebAssembly.instantiate(simdLevel === 'relaxed-simd' ? relaxedBytes : simdBytes, {});
export const kernels = instance.exports as unknown as KernelExports;

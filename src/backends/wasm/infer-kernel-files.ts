// kusari/infer's kernels: the builds of forward computation alone (assembly/infer.ts),
// kusari-infer-simd.wasm and kusari-infer-relaxed.wasm, read from beside the bundle as
// the whole library's are. scripts/build.mjs puts this module in place of kernel-bytes.ts
// in kusari/infer.
import { kernelFile } from './kernel-files';
import type { SimdLevel } from './simd-level';

const FILES: Record<SimdLevel, string> = { 'relaxed-simd': 'kusari-infer-relaxed.wasm', simd128: 'kusari-infer-simd.wasm' };

/** The bytes of kusari/infer's kernel build for `level`, read from beside this bundle. */
export function kernelBytes(level: SimdLevel): Promise<Uint8Array<ArrayBuffer>> {
  return kernelFile(FILES[level]);
}

// The kernel builds embedded in the bundle (esbuild's `binary` loader): one file that needs
// nothing beside it. The published bundles swap this module for kernel-files.ts (see
// scripts/build.mjs), which reads only the build the runtime uses.
import simdBytes from '../../../build/kusari-simd.wasm';
import relaxedBytes from '../../../build/kusari-relaxed.wasm';
import type { SimdLevel } from './simd-level';

/** The bytes of the kernel build for `level`. */
export async function kernelBytes(level: SimdLevel): Promise<Uint8Array<ArrayBuffer>> {
  return level === 'relaxed-simd' ? relaxedBytes : simdBytes;
}

// The kernel builds as files next to the bundle (kusari-simd.wasm, kusari-relaxed.wasm):
// only the one the runtime uses is read, from disk in Node and Deno, over fetch in
// browsers. scripts/build.mjs puts this module in place of kernel-bytes.ts in dist/.
import { denoFiles, nodeFs } from '../../io/files';
import type { SimdLevel } from './simd-level';

const FILES: Record<SimdLevel, string> = { 'relaxed-simd': 'kusari-relaxed.wasm', simd128: 'kusari-simd.wasm' };

/** The bytes of the kernel build for `level`, read from beside this bundle. */
export function kernelBytes(level: SimdLevel): Promise<Uint8Array<ArrayBuffer>> {
  return kernelFile(FILES[level]);
}

/** The bytes of the kernel build `file`, read from beside this bundle. */
export async function kernelFile(file: string): Promise<Uint8Array<ArrayBuffer>> {
  const url = new URL(`./${file}`, import.meta.url);
  const local = url.protocol === 'file:';
  try {
    const deno = local ? denoFiles() : null;
    if (deno) return new Uint8Array(await deno.readFile(url));
    const fs = local ? nodeFs() : null;
    if (fs) return new Uint8Array(await fs.promises.readFile(url));
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  } catch (e) {
    throw new Error(`kusari: cannot load the kernels from ${url.href} (${(e as Error).message}); `
      + `serve ${file} from dist/ next to the bundle that imports kusari`, { cause: e });
  }
}

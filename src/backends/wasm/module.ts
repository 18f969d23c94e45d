// Instantiates the kernel module: the relaxed-SIMD build (fused multiply-add) where the
// runtime validates it, the plain SIMD128 build elsewhere (Node 20 without flags). Only the
// chosen build is loaded and compiled, once, when the library is first imported.
//
// The module imports its memory. Where the runtime allows shared memory (Node, Deno, a
// cross-origin isolated page) that is a shared WebAssembly.Memory, so that the workers
// of thread-pool.ts run the same kernels on the same arrays. Elsewhere (a page that is not
// isolated) the module's memory import is rewritten to an unshared one and everything runs
// on the calling thread; one build serves both cases.
//
// Every worker instantiates the module on the same memory, which applies its data segments
// again: they hold only constant tables (the builds assume a zero-filled memory, so zeroed
// scratch areas have no segment), and rewriting them with the same bytes is harmless.
import { kernelBytes } from './kernel-bytes';
import { type SimdLevel, detectSimdLevel } from './simd-level';

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
  /** Part `part` of `parts` of the product; thread-pool.ts runs the parts on its threads. */
  gemm_f32(transA: number, transB: number, M: number, N: number, K: number, a: number, lda: number,
           b: number, ldb: number, c: number, ldc: number, accumulate: number, shared: number, work: number, part: number, parts: number): void;
  /** Bytes of workspace per part of gemm_f32. */
  gemm_workspace(M: number, N: number, K: number): number;
  /** Part `part` of `parts` of packing what the `gemmParts` parts of a product share. */
  gemm_pack_shared(transA: number, transB: number, M: number, N: number, K: number, a: number, lda: number,
                   b: number, ldb: number, gemmParts: number, shared: number, part: number, parts: number): void;
  /** Bytes of the operand the `parts` parts of a product share, packed (0: none). */
  gemm_shared_bytes(transA: number, transB: number, M: number, N: number, K: number, ldb: number, parts: number): number;
  /** Bytes of op(B) (K x N) packed whole by gemm_pack_b. */
  gemm_packed_b_bytes(N: number, K: number): number;
  /** Part `part` of `parts` of packing op(B) whole, for gemm_packed_b_f32. */
  gemm_pack_b(transB: number, N: number, K: number, b: number, ldb: number, dst: number, part: number, parts: number): void;
  /** Part `part` of `parts` of the product with op(B) packed by gemm_pack_b. */
  gemm_packed_b_f32(transA: number, M: number, N: number, K: number, a: number, lda: number, packedB: number,
                    c: number, ldc: number, accumulate: number, shared: number, work: number, part: number, parts: number): void;
  /** Bytes of an N x K matrix's rows packed by gemv_pack_rows. */
  gemv_packed_rows_bytes(N: number, K: number): number;
  /** Part `part` of `parts` of packing the rows of X for gemv_packed_rows_f32, four rows as one stream. */
  gemv_pack_rows(N: number, K: number, x: number, ld: number, dst: number, part: number, parts: number): void;
  /** Part `part` of `parts` of y (+)= X v with X's rows packed by gemv_pack_rows. */
  gemv_packed_rows_f32(N: number, K: number, packed: number, x: number, ld: number, v: number, y: number,
                       accumulate: number, part: number, parts: number): void;
  // Further kernels are looked up by name; each family declares its signatures where it calls them.
  [name: string]: unknown;
}

export type { SimdLevel } from './simd-level';

export const simdLevel: SimdLevel = detectSimdLevel();

/** The limits of the module's memory import, and where its flags byte is. */
interface MemoryImport {
  flagsAt: number;
  initial: number;
  maximum: number;
}

/** Finds the memory import in the module's import section (the builds import exactly one). */
function findMemoryImport(bytes: Uint8Array): MemoryImport {
  let at = 8; // magic and version
  const leb = (): number => {
    let value = 0, shift = 0, byte;
    do { byte = bytes[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
    return value;
  };
  const skipName = (): void => { const n = leb(); at += n; };
  const skipLimits = (): void => { const flags = bytes[at++]; leb(); if (flags & 1) leb(); };
  while (at < bytes.length) {
    const id = bytes[at++], size = leb(), end = at + size;
    if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        skipName(); skipName();
        const kind = bytes[at++];
        if (kind === 2) {
          const flagsAt = at++;
          const initial = leb(), maximum = bytes[flagsAt] & 1 ? leb() : 65536;
          return { flagsAt, initial, maximum };
        }
        if (kind === 0) leb();
        else if (kind === 1) { at++; skipLimits(); }
        else if (kind === 3) at += 2;
        else leb(); // a tag: attribute and type
      }
    }
    at = end;
  }
  throw new Error('kusari: the kernel module imports no memory (build/kusari-*.wasm is stale; run npm run build)');
}

const builtBytes = await kernelBytes(simdLevel);
const memoryImport = findMemoryImport(builtBytes);

/** A shared memory, or null where the runtime allows none (no SharedArrayBuffer, a page not cross-origin isolated). */
function sharedMemory(): WebAssembly.Memory | null {
  if (typeof SharedArrayBuffer !== 'function') return null;
  if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) return null;
  try {
    return new WebAssembly.Memory({ initial: memoryImport.initial, maximum: memoryImport.maximum, shared: true });
  } catch {
    return null;
  }
}

const shared = sharedMemory();

/** The module's bytes as instantiated here (the unshared rewrite where memory is not shared). */
const moduleBytes: Uint8Array<ArrayBuffer> = shared ? builtBytes : builtBytes.slice();
if (!shared) moduleBytes[memoryImport.flagsAt] &= ~2; // limits flag 0x02: shared

/** The linear memory all kernels and threads work in. */
export const memory: WebAssembly.Memory = shared
  ?? new WebAssembly.Memory({ initial: memoryImport.initial, maximum: memoryImport.maximum });

/** True where worker threads can share the memory. */
export const memoryIsShared = shared !== null;

const { module: compiled, instance } = await WebAssembly.instantiate(moduleBytes, { env: { memory } });
/** The compiled module, for workers to instantiate on the same memory. */
export const kernelModule: WebAssembly.Module = compiled;
export const kernels = { ...instance.exports, memory } as unknown as KernelExports;

// Typed arrays that their caller fills completely at once (a batch of examples). Where the
// runtime hands out memory without zeroing it first (Node's Buffer.allocUnsafe, through
// node:buffer), they skip that zeroing, a full write of the array that the fill then makes
// again (an MNIST batch of 100: 313 KB, about 20 us a step); elsewhere (browsers, and Deno,
// whose node:buffer would start its Node compatibility layer) they are ordinary new arrays.
import type { DType } from '../array/dtype';
import { builtinModule, isDeno } from './files';

/**
 * Below this size zeroing costs little, and Node would hand out slices of its shared pool
 * (under 4 KB): the arrays made here own their buffer, as any new typed array does.
 */
const MIN_BYTES = 64 * 1024;

type AllocUnsafe = (bytes: number) => Uint8Array;
let allocUnsafe: AllocUnsafe | null | undefined;

function unzeroed(): AllocUnsafe | null {
  if (allocUnsafe === undefined) {
    const buffer = isDeno() ? null : builtinModule<typeof import('node:buffer')>('node:buffer')?.Buffer;
    allocUnsafe = typeof buffer?.allocUnsafe === 'function' ? (bytes) => buffer.allocUnsafe(bytes) : null;
  }
  return allocUnsafe;
}

/**
 * A new buffer of `bytes` whose contents are unspecified, as [buffer, byteOffset]: the
 * caller must write every byte it reads.
 */
export function uninitializedBuffer(bytes: number): [ArrayBuffer, number] {
  const alloc = bytes >= MIN_BYTES ? unzeroed() : null;
  if (!alloc) return [new ArrayBuffer(bytes), 0];
  const b = alloc(bytes);
  return [b.buffer as ArrayBuffer, b.byteOffset];
}

/** A new array of n elements whose contents are unspecified: the caller must write every one. */
export function uninitializedArray(dtype: DType, n: number): Float32Array | Int32Array {
  const [buffer, at] = uninitializedBuffer(n * 4);
  return dtype === 'int32' ? new Int32Array(buffer, at, n) : new Float32Array(buffer, at, n);
}

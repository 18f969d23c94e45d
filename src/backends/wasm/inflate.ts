// Inflating and checksumming the members of zip files (.npz) with the kernels
// (assembly/inflate.ts): native speed from a process's first call, without loading a
// zlib module. The compressed bytes and the output are placed in linear memory for the
// call; output is bounded by the capacity asked for, so a member too large for that (see
// WASM_INFLATE_MAX_BYTES) is the caller's to stream some other way.
import { kernels } from './module';
import { linearMemory } from './arena';

/**
 * The largest output inflated in linear memory. Memory once grown stays (wasm cannot give
 * it back): a larger member inflates elsewhere rather than grow it by twice its size.
 */
export const WASM_INFLATE_MAX_BYTES = 16 * 1024 * 1024;
// CRC-32 copies its input in by slices of this size
const CRC_SLICE = 1024 * 1024;

interface InflateKernels {
  inflate_raw(src: number, srcLen: number, dst: number, dstCap: number): number;
  crc32_update(crc: number, data: number, n: number): number;
}
const k = kernels as unknown as InflateKernels;

const OUT_FULL = -1;
// inflate_raw's error codes (-2 down)
const ERRORS = [
  'the stream ends before its last block (truncated)',
  'a block of the reserved type 3',
  "a stored block's length and its complement disagree",
  'invalid code lengths in a block header',
  'an invalid Huffman code',
  'a distance reaching back before the start of the data',
];

export interface Inflated {
  /** The output, capacity bytes at most. */
  data: Uint8Array;
  /** Whether the stream ended within the capacity (otherwise it holds more than `data`). */
  complete: boolean;
}

/**
 * Inflates a raw deflate stream (RFC 1951) into at most `capacity` bytes, or throws an
 * Error saying what is wrong with it.
 */
export function inflateRaw(raw: Uint8Array, capacity: number): Inflated {
  if (!(capacity >= 0 && capacity <= WASM_INFLATE_MAX_BYTES)) throw new RangeError(`inflateRaw: capacity ${capacity} outside [0, ${WASM_INFLATE_MAX_BYTES}]`);
  linearMemory.begin('inflate', []);
  const src = linearMemory.alloc(raw.length);
  const dst = linearMemory.alloc(capacity);
  linearMemory.viewBytes(src, raw.length).set(raw);
  const n = k.inflate_raw(src, raw.length, dst, capacity);
  if (n < OUT_FULL) throw new Error(ERRORS[OUT_FULL - n - 1]);
  const length = n === OUT_FULL ? capacity : n;
  const data = new Uint8Array(length);
  data.set(linearMemory.viewBytes(dst, length));
  return { data, complete: n !== OUT_FULL };
}

/** CRC-32 as zip and zlib compute it (polynomial 0xEDB88320). */
export function crc32(data: Uint8Array): number {
  let crc = 0;
  for (let p = 0; p === 0 || p < data.length; p += CRC_SLICE) {
    const slice = data.subarray(p, p + CRC_SLICE);
    linearMemory.begin('crc32', []);
    const ptr = linearMemory.alloc(slice.length);
    linearMemory.viewBytes(ptr, slice.length).set(slice);
    crc = k.crc32_update(crc, ptr, slice.length);
  }
  return crc >>> 0;
}

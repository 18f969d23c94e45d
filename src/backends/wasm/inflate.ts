// Inflating and checksumming the members of zip files (.npz) and gzip files with the
// kernels (assembly/inflate.ts): native speed from a process's first call, without loading
// a zlib module. A stream of any length passes through two windows of linear memory (1 MiB
// of input, 1 MiB of output at the most), so inflating a large member grows linear memory,
// which wasm never gives back, by no more than those.
import { kernels } from './module';
import { linearMemory } from './arena';

// input handed to the kernels per call: whole streams in large slices; a prefix (a
// header) in small ones, so that little more than it is inflated
const SLICE = 1024 * 1024;
const PREFIX_SLICE = 16 * 1024;
// what a slice may carry over from the one before (assembly/inflate.ts's HEADER_MARGIN)
const CARRY = 1024;
// the output window, and the room one symbol may need in it (the longest match)
const WINDOW = 1024 * 1024;
const MAX_MATCH = 258;
// CRC-32 copies its input in by slices of this size
const CRC_SLICE = 1024 * 1024;

interface InflateKernels {
  inflate_start(dst: number, cap: number): void;
  inflate_continue(src: number, srcLen: number, isFinal: number): number;
  inflate_output(): number;
  inflate_unread(): number;
  inflate_slide(): number;
  crc32_update(crc: number, data: number, n: number): number;
}
const k = kernels as unknown as InflateKernels;

// inflate_continue's results: the stream ended, or it paused for input (1) or for room
const STREAM_END = 0, WINDOW_FULL = 2;
// inflate_continue's errors (-1 down)
const ERRORS = [
  'the stream ends before its last block (truncated)',
  'a block of the reserved type 3',
  "a stored block's length and its complement disagree",
  'invalid code lengths in a block header',
  'an invalid Huffman code',
  'a distance reaching back before the start of the data',
];

/** A whole stream's output and its CRC-32 (taken of each window's bytes while they are in linear memory). */
export interface Inflated {
  data: Uint8Array;
  crc32: number;
}

/**
 * Inflates the raw deflate stream (RFC 1951) `raw`: all of it, where output beyond `limit`
 * bytes calls `tooLong` with the bytes produced so far (within a window of crossing it),
 * or (given `prefix`) its first `prefix` bytes (fewer if it ends first). A corrupt stream
 * throws an Error saying what is wrong with it.
 */
export function inflateRaw(raw: Uint8Array, limit: number, tooLong: (produced: number) => never): Inflated;
export function inflateRaw(raw: Uint8Array, limit: number, tooLong: (produced: number) => never, prefix: number): Uint8Array;
export function inflateRaw(raw: Uint8Array, limit: number, tooLong: (produced: number) => never, prefix?: number): Inflated | Uint8Array {
  const want = prefix ?? limit;
  // a window that holds all of a stream of `want` bytes fills only once it is longer
  const cap = Math.min(want + MAX_MATCH + 1, WINDOW);
  linearMemory.begin('inflate', []);
  const inCap = Math.min(raw.length, prefix === undefined ? SLICE : PREFIX_SLICE) + CARRY;
  const src = linearMemory.alloc(inCap), dst = linearMemory.alloc(cap);
  const input = linearMemory.viewBytes(src, inCap), window = linearMemory.viewBytes(dst, cap);
  const data = new Uint8Array(want);
  let produced = 0, delivered = 0, crc = 0;
  // the window's bytes not yet delivered go to `data`, and through the CRC of a whole stream
  const deliver = (): void => {
    const n = k.inflate_output() - delivered;
    if (prefix === undefined) {
      if (produced + n > limit) tooLong(produced + n);
      crc = k.crc32_update(crc, dst + delivered, n);
    }
    const kept = Math.min(n, want - produced);
    data.set(window.subarray(delivered, delivered + kept), produced);
    produced += kept;
    delivered += n;
  };
  // a prefix is done once it is all out
  const done = (): boolean => prefix !== undefined && produced >= want;
  k.inflate_start(dst, cap);
  let next = 0, carried = 0;
  for (;;) {
    const take = Math.min(raw.length - next, inCap - carried);
    input.set(raw.subarray(next, next + take), carried);
    next += take;
    const length = carried + take, last = next === raw.length ? 1 : 0;
    let status = k.inflate_continue(src, length, last);
    while (status === WINDOW_FULL) {
      deliver();
      if (done()) return data;
      delivered = k.inflate_slide();
      const unread = k.inflate_unread();
      status = k.inflate_continue(src + length - unread, unread, last);
    }
    if (status < 0) throw new Error(ERRORS[-status - 1]);
    deliver();
    if (status === STREAM_END || done()) break;
    // NEED_INPUT: the unread end of this slice leads the next
    carried = k.inflate_unread();
    input.copyWithin(0, length - carried, length);
  }
  const out = produced === want ? data : data.subarray(0, produced);
  return prefix === undefined ? { data: out, crc32: crc >>> 0 } : out;
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

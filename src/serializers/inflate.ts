// Inflating deflate streams (the members of .npz files, gzip files) and their CRC-32: in
// Node through node:zlib, elsewhere (Deno, browsers) in the kernels
// (backends/wasm/inflate.ts). Output is bounded by the size the container declares: a
// stream that inflates past it (corrupt, or a bomb) stops soon after crossing it.
import { builtinModule, isDeno } from '../io/files';
import { type Inflated, crc32 as kernelCrc32, inflateRaw } from '../backends/wasm/inflate';

// reading a header takes a few hundred bytes: node:zlib inflates a prefix in steps this long
const PREFIX_STEP = 1024;
// node:zlib's output chunk for a whole member, at most (a larger member is joined from chunks)
const ONE_CHUNK = 16 * 1024 * 1024;

type Zlib = typeof import('node:zlib');
let zlibModule: Zlib | null | undefined;
/**
 * node:zlib in Node (native from the first call: a first prediction from npz takes 4-6 ms
 * less than with the kernels' inflate there); none in Deno, where loading it first starts
 * Deno's Node compatibility layer (~40 ms of a young process), nor in browsers.
 */
function nativeZlib(): Zlib | null {
  if (zlibModule === undefined) zlibModule = isDeno() ? null : builtinModule<Zlib>('node:zlib');
  return zlibModule;
}

/** Output past the declared size, thrown from inside an inflate to the catch that names the container. */
class PastLimit {
  constructor(readonly produced: number) {}
}

/**
 * Inflates all of `raw`, with the CRC-32 of the output. Output beyond `limit` bytes (what
 * `declaredBy`, its container, declares) is an error raised soon after crossing it rather
 * than after inflating everything.
 */
export function inflate(raw: Uint8Array, limit: number, fail: (msg: string) => never, declaredBy = 'the directory'): Inflated {
  return guarded(limit, fail, declaredBy, (zlib) => {
    // the kernels checksum each window as it passes; node:zlib's output is checksummed after
    if (!zlib) return inflateRaw(raw, limit, pastLimit);
    // maxOutputLength stops it one byte past the limit; a member of up to ONE_CHUNK bytes
    // comes out in one chunk, which saves joining chunks
    const out = zlib.inflateRawSync(raw, { maxOutputLength: limit + 1, chunkSize: Math.max(64, Math.min(limit + 1, ONE_CHUNK)) });
    if (out.length > limit) pastLimit(out.length);
    const data = new Uint8Array(out.buffer, out.byteOffset, out.length);
    return { data, crc32: crc32(data) };
  });
}

/** At least the first `prefix` bytes of the stream `raw` (fewer if it ends first), e.g. to read a header. */
export function inflatePrefix(raw: Uint8Array, prefix: number, limit: number, fail: (msg: string) => never): Uint8Array {
  return guarded(limit, fail, 'the directory', (zlib) => {
    if (!zlib) return inflateRaw(raw, limit, pastLimit, prefix);
    // Z_SYNC_FLUSH hands out what a truncated input holds so far
    for (let take = PREFIX_STEP; ; take *= 2) {
      const out = zlib.inflateRawSync(raw.subarray(0, take), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
      if (out.length >= prefix || take >= raw.length) return new Uint8Array(out.buffer, out.byteOffset, out.length);
    }
  });
}

const pastLimit = (produced: number): never => {
  throw new PastLimit(produced);
};

/** Runs an inflate, turning its errors into `fail`'s: output past the limit, or corrupt data. */
function guarded<T>(limit: number, fail: (msg: string) => never, declaredBy: string, inflateWith: (zlib: Zlib | null) => T): T {
  try {
    return inflateWith(nativeZlib());
  } catch (e) {
    const produced = e instanceof PastLimit ? e.produced : (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? limit + 1 : null;
    if (produced !== null) return fail(`inflates to more than the ${limit} bytes ${declaredBy} declares (stopped after ${produced}): the data is corrupt or a zip bomb`);
    return fail(`corrupt deflate data (${(e as Error).message})`);
  }
}

/** CRC-32 as zip and zlib compute it (polynomial 0xEDB88320): zlib's in Node, the kernels' elsewhere. */
export function crc32(data: Uint8Array): number {
  const native = nativeZlib()?.crc32;
  return native ? native(data) >>> 0 : kernelCrc32(data);
}

/** Deflate cannot expand data by more than about 1032:1. */
export const MAX_DEFLATE_RATIO = 1032;

// gzip's member header (RFC 1952): magic, method 8 (deflate), flags, mtime, xfl, os
const GZIP_HEADER = 10;
const [FHCRC, FEXTRA, FNAME, FCOMMENT] = [2, 4, 8, 16];

/**
 * The contents of a gzip file (one member, as gzip and the MNIST files write it), its
 * CRC-32 and length checked against the trailer. `fail` says what is wrong.
 */
export function gunzip(bytes: Uint8Array, fail: (msg: string) => never): Uint8Array {
  if (bytes.length < GZIP_HEADER + 8 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) fail('not a gzip file (no 1f 8b header, or shorter than a header and trailer)');
  if (bytes[2] !== 8) fail(`compression method ${bytes[2]} is not deflate (8)`);
  const flags = bytes[3];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = GZIP_HEADER;
  const skip = (n: number): void => {
    at += n;
    if (at > bytes.length - 8) fail('the header runs into the trailer (truncated)');
  };
  if (flags & FEXTRA) {
    skip(2);
    skip(view.getUint16(at - 2, true));
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    const zero = bytes.indexOf(0, at);
    skip(zero < 0 ? bytes.length : zero - at + 1);
  }
  if (flags & FHCRC) skip(2);
  const expectedCrc = view.getUint32(bytes.length - 8, true), size = view.getUint32(bytes.length - 4, true);
  const raw = bytes.subarray(at, bytes.length - 8);
  // deflate expands data by about 1032:1 at the most: a larger claim is corrupt (and would be allocated)
  if (size > raw.length * MAX_DEFLATE_RATIO + 1024) fail(`the trailer claims ${size} bytes from ${raw.length} compressed: the file is corrupt`);
  const { data, crc32: actual } = inflate(raw, size, fail, 'the trailer');
  if (data.length !== size) fail(`inflated to ${data.length} bytes, the trailer says ${size} (truncated, or several gzip members)`);
  if (actual !== expectedCrc) fail(`CRC-32 mismatch (data ${actual.toString(16).padStart(8, '0')}, trailer ${expectedCrc.toString(16).padStart(8, '0')}): the file is corrupt`);
  return data;
}

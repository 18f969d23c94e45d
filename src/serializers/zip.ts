// The zip container of .npz files, written and read here around fflate's deflate. Reading
// walks the central directory with every offset and size checked against the file and
// every member's CRC-32 verified, so that a damaged archive fails with a message instead of
// yielding silently wrong arrays (fflate's own unzip trusts the directory). Members inflate
// into a buffer of the size they declare: in Node through node:zlib, elsewhere (Deno,
// browsers) in the kernels (backends/wasm/inflate.ts). Either way a member is inflated only
// as far as it is needed and never beyond the size it declares (a zip bomb stops within a
// megabyte of it).
import { deflateSync } from 'fflate';
import { MAX_DEFLATE_RATIO, crc32, inflate, inflatePrefix } from './inflate';

export interface WriteZipOptions {
  /** Deflate members (numpy.savez_compressed) or store them (numpy.savez). Default true. */
  compression?: boolean;
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

// numpy (through Python's zipfile) stamps members 1980-01-01 00:00, the earliest DOS
// date: archives of equal content are equal byte for byte.
const DOS_DATE_1980_01_01 = (1 << 5) | 1;
// zlib's default level, which numpy.savez_compressed uses
const DEFLATE_LEVEL = 6;
// version 2.0 of the zip format, the first with deflate: needed to extract, and made by (MS-DOS)
const ZIP_VERSION = 20;
const UTF8_NAME_FLAG = 1 << 11;

/** A zip archive of the given members, in the given order. */
export function writeZip(members: Iterable<[string, Uint8Array]>, options: WriteZipOptions = {}): Uint8Array {
  const method = (options.compression ?? true) ? DEFLATED : STORED;
  const entries: { name: Uint8Array; utf8: boolean; data: Uint8Array; size: number; crc: number; offset: number }[] = [];
  const seen = new Set<string>();
  let offset = 0, directorySize = 0;
  for (const [name, data] of members) {
    if (seen.has(name)) throw new Error(`writeZip: duplicate member '${name}'`);
    seen.add(name);
    const encoded = new TextEncoder().encode(name);
    if (encoded.length > 0xffff) throw new Error(`writeZip: member name '${name.slice(0, 40)}...' is longer than 65535 bytes`);
    const stored = method === DEFLATED ? deflateSync(data, { level: DEFLATE_LEVEL }) : data;
    entries.push({ name: encoded, utf8: encoded.length !== name.length, data: stored, size: data.length, crc: crc32(data), offset });
    offset += 30 + encoded.length + stored.length;
    directorySize += 46 + encoded.length;
  }
  // Without zip64 records (numpy writes them only past these limits) sizes and offsets have
  // 32 bits and the member count 16: beyond them a field would wrap into a corrupt archive.
  if (offset + directorySize > 0xffffffff || entries.length > 0xffff || entries.some((e) => e.size > 0xffffffff)) {
    throw new RangeError(`writeZip: ${entries.length} members in ${offset + directorySize + 22} bytes: past what a zip archive without zip64 records holds (65535 members, 4 GiB)`);
  }
  const out = new Uint8Array(offset + directorySize + 22);
  const view = new DataView(out.buffer);
  // the fields a local header (30 bytes) has from offset 6 on, a central entry (46) from 8 on
  const fields = (at: number, e: (typeof entries)[number]): void => {
    view.setUint16(at + 6, e.utf8 ? UTF8_NAME_FLAG : 0, true);
    view.setUint16(at + 8, method, true);
    view.setUint16(at + 12, DOS_DATE_1980_01_01, true);
    view.setUint32(at + 14, e.crc, true);
    view.setUint32(at + 18, e.data.length, true);
    view.setUint32(at + 22, e.size, true);
    view.setUint16(at + 26, e.name.length, true);
  };
  let p = offset;
  for (const e of entries) {
    view.setUint32(e.offset, LOCAL_SIGNATURE, true);
    view.setUint16(e.offset + 4, ZIP_VERSION, true);
    fields(e.offset, e);
    out.set(e.name, e.offset + 30);
    out.set(e.data, e.offset + 30 + e.name.length);
    // the central entry: the versions that made it and that extract it, the local fields, the local header's offset
    view.setUint32(p, CENTRAL_SIGNATURE, true);
    view.setUint16(p + 4, ZIP_VERSION, true);
    view.setUint16(p + 6, ZIP_VERSION, true);
    fields(p + 2, e);
    view.setUint32(p + 42, e.offset, true);
    out.set(e.name, p + 46);
    p += 46 + e.name.length;
  }
  view.setUint32(p, EOCD_SIGNATURE, true);
  view.setUint16(p + 8, entries.length, true);
  view.setUint16(p + 10, entries.length, true);
  view.setUint32(p + 12, directorySize, true);
  view.setUint32(p + 16, offset, true);
  return out;
}

// ---------------------------------------------------------------------------------
// Reading

export interface ZipMember {
  name: string;
  /** Compression method: 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
  /** Start of the compressed data within the archive. */
  dataOffset: number;
}

/** Reads little-endian integers with bounds checks that name what was being read. */
class Reader {
  private readonly view: DataView;
  constructor(readonly bytes: Uint8Array, private readonly fail: (msg: string) => never) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private check(offset: number, n: number, what: string): void {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset + n > this.bytes.length) {
      this.fail(`${what} lies outside the file (offset ${offset}, ${n} bytes, file has ${this.bytes.length})`);
    }
  }
  u16(offset: number, what: string): number {
    this.check(offset, 2, what);
    return this.view.getUint16(offset, true);
  }
  u32(offset: number, what: string): number {
    this.check(offset, 4, what);
    return this.view.getUint32(offset, true);
  }
  u64(offset: number, what: string): number {
    this.check(offset, 8, what);
    const v = this.view.getBigUint64(offset, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(`${what} is implausibly large (${v})`);
    return Number(v);
  }
  slice(offset: number, n: number, what: string): Uint8Array {
    this.check(offset, n, what);
    return this.bytes.subarray(offset, offset + n);
  }
}

/** The members listed in the central directory, validated against the file. */
export function listZip(bytes: Uint8Array, label = 'listZip'): ZipMember[] {
  const fail = (msg: string): never => { throw new Error(`${label}: not a valid zip archive: ${msg}`); };
  const r = new Reader(bytes, fail);
  const eocd = findEndOfCentralDirectory(bytes);
  if (eocd < 0) fail(bytes.length < 22 ? `only ${bytes.length} bytes` : 'no end-of-central-directory record (truncated?)');
  let count = r.u16(eocd + 10, 'entry count');
  let cdSize = r.u32(eocd + 12, 'central directory size');
  let cdOffset = r.u32(eocd + 16, 'central directory offset');
  if (r.u16(eocd + 4, 'disk number') !== 0 && r.u16(eocd + 4, 'disk number') !== 0xffff) fail('multi-disk archives are not supported');
  // zip64: the real numbers live in a second record that a locator points to
  if (eocd >= 20 && r.u32(eocd - 20, 'zip64 locator') === ZIP64_LOCATOR_SIGNATURE) {
    const z = r.u64(eocd - 12, 'zip64 end record offset');
    if (r.u32(z, 'zip64 end record') !== ZIP64_EOCD_SIGNATURE) fail('bad zip64 end-of-central-directory signature');
    count = r.u64(z + 32, 'zip64 entry count');
    cdSize = r.u64(z + 40, 'zip64 central directory size');
    cdOffset = r.u64(z + 48, 'zip64 central directory offset');
  }
  if (cdOffset + cdSize > bytes.length) fail(`central directory (offset ${cdOffset}, ${cdSize} bytes) lies outside the file`);
  // each directory entry takes at least 46 bytes: a corrupt count cannot make us loop long
  if (count * 46 > cdSize) fail(`${count} entries cannot fit in a central directory of ${cdSize} bytes`);
  const members: ZipMember[] = [];
  const seen = new Set<string>();
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    const what = `central directory entry ${i}`;
    if (r.u32(p, what) !== CENTRAL_SIGNATURE) fail(`bad signature of ${what}`);
    const flags = r.u16(p + 8, what);
    const method = r.u16(p + 10, what);
    const crc32 = r.u32(p + 16, what);
    let compressedSize = r.u32(p + 20, what);
    let size = r.u32(p + 24, what);
    const nameLength = r.u16(p + 28, what);
    const extraLength = r.u16(p + 30, what);
    const commentLength = r.u16(p + 32, what);
    let localOffset = r.u32(p + 42, what);
    const memberName = decodeName(r.slice(p + 46, nameLength, `name of ${what}`), (flags & 0x800) !== 0, fail);
    const extra = r.slice(p + 46 + nameLength, extraLength, `extra field of ${what}`);
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      ({ size, compressedSize, localOffset } = readZip64Extra(extra, { size, compressedSize, localOffset }, memberName, fail));
    }
    p += 46 + nameLength + extraLength + commentLength;
    if (p > cdOffset + cdSize) fail(`${what} runs past the end of the central directory`);
    if (flags & 0x1) fail(`member '${memberName}' is encrypted`);
    if (method !== STORED && method !== DEFLATED) fail(`member '${memberName}' uses compression method ${method} (only stored and deflated are supported)`);
    if (seen.has(memberName)) fail(`member '${memberName}' appears twice`);
    seen.add(memberName);
    // the local header repeats the name; its own extra field may differ in length
    if (r.u32(localOffset, `local header of '${memberName}'`) !== LOCAL_SIGNATURE) fail(`bad local header signature of member '${memberName}'`);
    const dataOffset = localOffset + 30 + r.u16(localOffset + 26, `local header of '${memberName}'`) + r.u16(localOffset + 28, `local header of '${memberName}'`);
    if (dataOffset + compressedSize > bytes.length) fail(`data of member '${memberName}' (${compressedSize} bytes at ${dataOffset}) runs past the end of the file`);
    if (method === STORED && compressedSize !== size) fail(`stored member '${memberName}' has sizes ${compressedSize} and ${size}`);
    if (method === DEFLATED && size > compressedSize * MAX_DEFLATE_RATIO + 1024) fail(`member '${memberName}' claims ${size} bytes from ${compressedSize} compressed`);
    members.push({ name: memberName, method, compressedSize, size, crc32, dataOffset });
  }
  return members;
}

export interface ReadZipMemberOptions {
  /**
   * Inflate only the first `prefix` bytes (fewer when the member is shorter), e.g. to read
   * a header. The prefix cannot be verified against the CRC-32 yet.
   */
  prefix?: number;
}

/**
 * The uncompressed bytes of one member, after checking its size and CRC-32. Inflating
 * stops as soon as the output exceeds the size the directory declares.
 */
export function readZipMember(bytes: Uint8Array, member: ZipMember, label = 'readZipMember', options: ReadZipMemberOptions = {}): Uint8Array {
  const fail = (msg: string): never => { throw new Error(`${label}: member '${member.name}': ${msg}`); };
  const raw = bytes.subarray(member.dataOffset, member.dataOffset + member.compressedSize);
  const prefix = options.prefix;
  if (prefix !== undefined) {
    const want = Math.min(prefix, member.size);
    // a copy (Node's Buffer.slice would alias)
    return member.method === STORED ? raw.slice(0, want) : inflatePrefix(raw, want, member.size, fail).subarray(0, want);
  }
  const { data, crc32: crc } = member.method === STORED ? stored(raw.slice()) : inflate(raw, member.size, fail);
  if (data.length !== member.size) fail(`decompressed to ${data.length} bytes, the directory says ${member.size}`);
  if (crc !== member.crc32) fail(`CRC-32 mismatch (data ${hex(crc)}, directory ${hex(member.crc32)}): the file is corrupt`);
  return data;
}

/** A stored member's bytes with their CRC-32. */
function stored(data: Uint8Array): { data: Uint8Array; crc32: number } {
  return { data, crc32: crc32(data) };
}

/** Every member of a zip archive by name, verified. */
export function readZip(bytes: Uint8Array, label = 'readZip'): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const m of listZip(bytes, label)) out.set(m.name, readZipMember(bytes, m, label));
  return out;
}

function findEndOfCentralDirectory(bytes: Uint8Array): number {
  // the record is 22 bytes plus a comment of at most 65535 bytes, at the very end
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let e = bytes.length - 22; e >= lowest; e--) {
    if (view.getUint32(e, true) === EOCD_SIGNATURE && e + 22 + view.getUint16(e + 20, true) <= bytes.length) return e;
  }
  return -1;
}

function readZip64Extra(
  extra: Uint8Array,
  sizes: { size: number; compressedSize: number; localOffset: number },
  memberName: string,
  fail: (msg: string) => never,
): { size: number; compressedSize: number; localOffset: number } {
  const r = new Reader(extra, (msg) => fail(`zip64 field of member '${memberName}': ${msg}`));
  for (let p = 0; p + 4 <= extra.length; p += 4 + r.u16(p + 2, 'extra field length')) {
    if (r.u16(p, 'extra field id') !== 0x0001) continue;
    // only the fields whose 32-bit value is saturated are present, in this order
    let q = p + 4;
    const next = (v: number, what: string) => {
      if (v !== 0xffffffff) return v;
      const x = r.u64(q, what);
      q += 8;
      return x;
    };
    const size = next(sizes.size, 'size');
    const compressedSize = next(sizes.compressedSize, 'compressed size');
    const localOffset = next(sizes.localOffset, 'local header offset');
    return { size, compressedSize, localOffset };
  }
  return fail(`member '${memberName}' has saturated sizes but no zip64 extra field`);
}

function decodeName(raw: Uint8Array, utf8: boolean, fail: (msg: string) => never): string {
  if (utf8) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      return fail('a member name is not valid UTF-8');
    }
  }
  // without the UTF-8 flag names are code page 437; their ASCII part (all numpy writes) is Latin-1 too
  let s = '';
  for (let i = 0; i < raw.length; i++) s += String.fromCharCode(raw[i]);
  return s;
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}

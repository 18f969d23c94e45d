// Raw deflate streams (RFC 1951) and CRC-32, for the members of .npz files and gzip files:
// a young process reads its first model here rather than loading a zlib module (Node's
// node:zlib drags in its streams, ~6 ms; Deno's likewise) or decoding in JavaScript that is
// not yet optimized (browsers).
//
// Decoding follows zlib's puff: canonical Huffman codes given by their lengths, with a
// table of the codes up to PRIMARY_BITS long indexed by the next input bits, and the rare
// longer codes decoded bit by bit from the counts. A stream of any size passes through two
// bounded windows: inflate_continue() takes the input a slice at a time and pauses when it
// needs more, and writes into an output window that the caller empties when it pauses full
// (keeping the last 32 KiB, the farthest a match reaches back). So linear memory never
// holds a whole large member, and a stream that inflates past what it declares is stopped
// within one window.

/** inflate_continue's results: the stream ended, or it paused for input or for room. */
const STREAM_END: i32 = 0;
const NEED_INPUT: i32 = 1;
const WINDOW_FULL: i32 = 2;
// Errors, named in src/backends/wasm/inflate.ts (-1 down).
const TRUNCATED: i32 = -1;
const BAD_BLOCK_TYPE: i32 = -2;
const BAD_STORED_LENGTH: i32 = -3;
const BAD_CODE_LENGTHS: i32 = -4;
const BAD_CODE: i32 = -5;
const BAD_DISTANCE: i32 = -6;

// Input that one step may read without checking: a block header (a dynamic one is at most
// 4,500 bits) and one symbol with its distance (48 bits, read 8 bytes at a time).
const HEADER_MARGIN: usize = 1024;
const SYMBOL_MARGIN: usize = 16;
// Room one symbol may need in the output window: the longest match.
const MAX_MATCH: i32 = 258;
// How far back a match may reach: what the window keeps when it is emptied.
const HISTORY: i32 = 32768;

const MAX_BITS: i32 = 15;
const PRIMARY_BITS: i32 = 10;
const PRIMARY_SIZE: i32 = 1 << PRIMARY_BITS;
const MAX_LITLEN: i32 = 288;
const MAX_DIST: i32 = 30;

// A code: counts[len] (u16 x 16), symbols in canonical order (u16 x 288), and the primary
// table (u16 x 1024: symbol << 4 | length, 0 where the code is longer or unused).
const COUNTS = 0;
const SYMBOLS = 32;
const PRIMARY = SYMBOLS + MAX_LITLEN * 2;
const CODE_BYTES = PRIMARY + PRIMARY_SIZE * 2;
const litlenCode = memory.data(CODE_BYTES, 16);
const distCode = memory.data(CODE_BYTES, 16);
const lengthsCode = memory.data(CODE_BYTES, 16);
// code lengths of one block: literal/length codes then distance codes
const lengths = memory.data(MAX_LITLEN + 32);
const offsets = memory.data(MAX_BITS * 2 + 2);

// base and extra bits of length symbols 257..285 and distance symbols 0..29
const LENGTH_BASE: StaticArray<u16> = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA: StaticArray<u8> = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE: StaticArray<u16> = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA: StaticArray<u8> = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
// the order in which a dynamic block lists the lengths of the code-length code
const LENGTHS_ORDER: StaticArray<u8> = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

// The bit reader: `bits` holds `count` unread bits, the next at bit 0, loaded from the
// input slice [start, end) up to `pos`. Past the end of the stream's last slice it reads
// zeros, and `overrun` tells whether the stream consumed any of them; before the last
// slice a step that could read past its end pauses instead (its margin of bytes).
let bits: u64 = 0;
let count: i32 = 0;
let pos: usize = 0;
let end: usize = 0;
let start: usize = 0;
let final: bool = false;

// Where the stream is: before a block's header, in a Huffman-coded block, in a stored
// block (storedLeft bytes to go), or past its last block.
const AT_HEADER: i32 = 0;
const IN_CODES: i32 = 1;
const IN_STORED: i32 = 2;
const ENDED: i32 = 3;
// what a block's decoding returns when the block is done (otherwise a pause or an error)
const BLOCK_DONE: i32 = 3;
let state: i32 = AT_HEADER;
let lastBlock: u32 = 0;
let storedLeft: i32 = 0;
// the output window: out bytes of window[0, windowCap) written
let window: usize = 0;
let windowCap: i32 = 0;
let out: i32 = 0;

/** At least 56 bits in `bits`: 8 bytes at once while they are there, zeros past the end. */
@inline function refill(): void {
  if (pos + 8 <= end) {
    bits |= load<u64>(pos) << <u64>count;
    pos += <usize>((63 - count) >> 3);
    count |= 56;
    return;
  }
  while (count <= 56) {
    if (pos < end) bits |= <u64>load<u8>(pos) << <u64>count;
    pos++;
    count += 8;
  }
}

@inline function take(n: i32): u32 {
  const v = <u32>(bits & ((<u64>1 << <u64>n) - 1));
  bits >>= <u64>n;
  count -= n;
  return v;
}

/** Whether the stream has read past the end of its input (the zeros refill() made up). */
@inline function overrun(): bool {
  return pos > end && (<i64>(pos - start) << 3) - <i64>count > (<i64>(end - start) << 3);
}

/**
 * Builds a code from the lengths of its n symbols. Returns 0 for a complete code, > 0 for
 * an incomplete one (the number of codes missing), < 0 for an over-subscribed one.
 */
function build(code: usize, lens: usize, n: i32): i32 {
  const counts = code + COUNTS, symbols = code + SYMBOLS, primary = code + PRIMARY;
  memory.fill(counts, 0, 32);
  for (let s = 0; s < n; s++) {
    const c = counts + (<usize>load<u8>(lens + s) << 1);
    store<u16>(c, load<u16>(c) + 1);
  }
  memory.fill(primary, 0, PRIMARY_SIZE * 2);
  if (<i32>load<u16>(counts) == n) return 0; // no codes: complete, and nothing decodes
  let left: i32 = 1;
  for (let len = 1; len <= MAX_BITS; len++) {
    left = (left << 1) - <i32>load<u16>(counts + (<usize>len << 1));
    if (left < 0) return left;
  }
  // offsets of each length's first symbol in `symbols`
  store<u16>(offsets + 2, 0);
  for (let len = 1; len < MAX_BITS; len++) {
    store<u16>(offsets + (<usize>(len + 1) << 1), load<u16>(offsets + (<usize>len << 1)) + load<u16>(counts + (<usize>len << 1)));
  }
  for (let s = 0; s < n; s++) {
    const len = <usize>load<u8>(lens + s);
    if (len == 0) continue;
    const o = offsets + (len << 1);
    const at = load<u16>(o);
    store<u16>(symbols + (<usize>at << 1), <u16>s);
    store<u16>(o, at + 1);
  }
  // the primary table: each short code, bit-reversed (deflate sends codes from their top
  // bit), at every index whose low bits it matches
  let next: i32 = 0, index: i32 = 0;
  for (let len = 1; len <= PRIMARY_BITS; len++) {
    const k = <i32>load<u16>(counts + (<usize>len << 1));
    for (let j = 0; j < k; j++, index++, next++) {
      const entry = <u16>((<i32>load<u16>(symbols + (<usize>index << 1)) << 4) | len);
      const reversed = <i32>(bitreverse32(<u32>next) >>> <u32>(32 - len));
      for (let i = reversed; i < PRIMARY_SIZE; i += 1 << len) store<u16>(primary + (<usize>i << 1), entry);
    }
    next <<= 1;
  }
  return left;
}

@inline function bitreverse32(x: u32): u32 {
  x = ((x >>> 1) & 0x55555555) | ((x & 0x55555555) << 1);
  x = ((x >>> 2) & 0x33333333) | ((x & 0x33333333) << 2);
  x = ((x >>> 4) & 0x0f0f0f0f) | ((x & 0x0f0f0f0f) << 4);
  return bswap<u32>(x);
}

/** The next symbol of `code` (bits refilled by the caller), or BAD_CODE. */
@inline function decode(code: usize): i32 {
  const entry = <i32>load<u16>(code + PRIMARY + (<usize>(bits & <u64>(PRIMARY_SIZE - 1)) << 1));
  if (entry != 0) {
    take(entry & 15);
    return entry >> 4;
  }
  return decodeLong(code);
}

/** A code longer than the primary table, bit by bit: puff's canonical decoding. */
function decodeLong(code: usize): i32 {
  let c: i32 = 0, first: i32 = 0, index: i32 = 0;
  for (let len = 1; len <= MAX_BITS; len++) {
    c |= <i32>take(1);
    const k = <i32>load<u16>(code + COUNTS + (<usize>len << 1));
    if (c - k < first) return <i32>load<u16>(code + SYMBOLS + (<usize>(index + c - first) << 1));
    index += k;
    first = (first + k) << 1;
    c <<= 1;
  }
  return BAD_CODE;
}

/** Begins a stream whose output goes to the window dst[0, cap). */
export function inflate_start(dst: usize, cap: i32): void {
  window = dst;
  windowCap = cap;
  out = 0;
  state = AT_HEADER;
  lastBlock = 0;
  storedLeft = 0;
  bits = 0;
  count = 0;
}

/**
 * Continues the stream with the input slice src[0, srcLen), its last if `isFinal`. Returns
 * STREAM_END; NEED_INPUT, when the next slice must begin with the inflate_unread() bytes
 * this one ends with; WINDOW_FULL, when the inflate_output() bytes of the window must be
 * taken out and inflate_slide() called; or an error (< 0).
 */
export function inflate_continue(src: usize, srcLen: i32, isFinal: i32): i32 {
  start = pos = src;
  end = src + <usize>srcLen;
  final = isFinal != 0;
  while (state != ENDED) {
    if (state == AT_HEADER) {
      if (!final && pos + HEADER_MARGIN > end) return NEED_INPUT;
      refill();
      lastBlock = take(1);
      const type = take(2);
      if (type == 0) {
        const err = storedHeader();
        if (err < 0) return err;
      } else if (type == 3) {
        return overrun() ? TRUNCATED : BAD_BLOCK_TYPE;
      } else {
        const err = type == 1 ? fixedCodes() : dynamicCodes();
        if (err < 0) return overrun() ? TRUNCATED : err;
        state = IN_CODES;
      }
    }
    const r = state == IN_STORED ? stored() : codes();
    if (r != BLOCK_DONE) return r;
    state = lastBlock ? ENDED : AT_HEADER;
  }
  return STREAM_END;
}

/** Bytes in the output window. */
export function inflate_output(): i32 {
  return out;
}

/** Bytes at the end of the last input slice that the stream has not read yet. */
export function inflate_unread(): i32 {
  return end > pos ? <i32>(end - pos) : 0;
}

/** Keeps the window's last 32 KiB (what later matches may copy) at its start; returns their length. */
export function inflate_slide(): i32 {
  const keep = min(out, HISTORY);
  memory.copy(window, window + <usize>(out - keep), <usize>keep);
  out = keep;
  return keep;
}

/** A stored block's LEN and NLEN, after the byte boundary. */
function storedHeader(): i32 {
  take(count & 7);
  // the bytes still in `bits` are the next ones of the input
  const at = pos - <usize>(count >> 3);
  bits = 0;
  count = 0;
  if (at + 4 > end) return TRUNCATED;
  const len = <i32>load<u16>(at), nlen = <i32>load<u16>(at + 2);
  if ((len ^ 0xffff) != nlen) return BAD_STORED_LENGTH;
  pos = at + 4;
  storedLeft = len;
  state = IN_STORED;
  return 0;
}

/** The bytes of a stored block as they are, as far as the input and the window allow. */
function stored(): i32 {
  while (storedLeft > 0) {
    const n = min(storedLeft, min(windowCap - out, <i32>(end - pos)));
    if (n <= 0) return out == windowCap ? WINDOW_FULL : final ? TRUNCATED : NEED_INPUT;
    memory.copy(window + <usize>out, pos, <usize>n);
    out += n;
    pos += <usize>n;
    storedLeft -= n;
  }
  return BLOCK_DONE;
}

function fixedCodes(): i32 {
  let s = 0;
  for (; s < 144; s++) store<u8>(lengths + s, 8);
  for (; s < 256; s++) store<u8>(lengths + s, 9);
  for (; s < 280; s++) store<u8>(lengths + s, 7);
  for (; s < MAX_LITLEN; s++) store<u8>(lengths + s, 8);
  build(litlenCode, lengths, MAX_LITLEN);
  memory.fill(lengths, 5, MAX_DIST);
  build(distCode, lengths, MAX_DIST);
  return 0;
}

/** The codes of a dynamic block, from the lengths its header sends (coded themselves). */
function dynamicCodes(): i32 {
  const nlen = <i32>take(5) + 257, ndist = <i32>take(5) + 1, ncode = <i32>take(4) + 4;
  if (nlen > 286 || ndist > MAX_DIST) return BAD_CODE_LENGTHS;
  memory.fill(lengths, 0, 19);
  for (let i = 0; i < ncode; i++) {
    refill();
    store<u8>(lengths + <usize>unchecked(LENGTHS_ORDER[i]), <u8>take(3));
  }
  if (build(lengthsCode, lengths, 19) != 0) return BAD_CODE_LENGTHS; // must be complete
  for (let i = 0; i < nlen + ndist;) {
    refill();
    let sym = decode(lengthsCode);
    if (sym < 0) return BAD_CODE_LENGTHS;
    if (sym < 16) {
      store<u8>(lengths + <usize>i, <u8>sym);
      i++;
      continue;
    }
    let value: u8 = 0, repeat: i32;
    if (sym == 16) {
      if (i == 0) return BAD_CODE_LENGTHS; // nothing to repeat
      value = load<u8>(lengths + i - 1);
      repeat = 3 + <i32>take(2);
    } else if (sym == 17) {
      repeat = 3 + <i32>take(3);
    } else {
      repeat = 11 + <i32>take(7);
    }
    if (i + repeat > nlen + ndist) return BAD_CODE_LENGTHS;
    memory.fill(lengths + i, value, repeat);
    i += repeat;
  }
  if (load<u8>(lengths + 256) == 0) return BAD_CODE_LENGTHS; // no end-of-block code
  // an incomplete code is allowed only as a single code of length one (puff's rule: all
  // lengths are 0 or 1)
  const litlen = build(litlenCode, lengths, nlen);
  if (litlen < 0 || (litlen > 0 && nlen != <i32>load<u16>(litlenCode + COUNTS) + <i32>load<u16>(litlenCode + COUNTS + 2))) return BAD_CODE_LENGTHS;
  const dist = build(distCode, lengths + nlen, ndist);
  if (dist < 0 || (dist > 0 && ndist != <i32>load<u16>(distCode + COUNTS) + <i32>load<u16>(distCode + COUNTS + 2))) return BAD_CODE_LENGTHS;
  return 0;
}

/**
 * The symbols of a Huffman-coded block, up to its end-of-block code or a pause. Literals,
 * most of what float data holds, decode with the reader's state in locals (globals are
 * memory to the compiler); the rest goes through the shared helpers.
 */
function codes(): i32 {
  const lit = litlenCode + PRIMARY;
  // room for the longest match is there before each symbol
  const outStop = windowCap - MAX_MATCH;
  let b = bits, c = count, p = pos, o = out;
  while (true) {
    if (o > outStop) {
      bits = b; count = c; pos = p; out = o;
      return WINDOW_FULL;
    }
    if (p + SYMBOL_MARGIN <= end) {
      b |= load<u64>(p) << <u64>c;
      p += <usize>((63 - c) >> 3);
      c |= 56;
    } else {
      bits = b; count = c; pos = p; out = o;
      if (!final) return NEED_INPUT;
      refill();
      b = bits; c = count; p = pos;
    }
    const entry = <i32>load<u16>(lit + (<usize>(b & <u64>(PRIMARY_SIZE - 1)) << 1));
    let sym: i32;
    if (entry != 0) {
      b >>= <u64>(entry & 15);
      c -= entry & 15;
      sym = entry >> 4;
    } else {
      bits = b; count = c;
      sym = decodeLong(litlenCode);
      b = bits; c = count;
    }
    if (sym < 256) {
      if (p > end) {
        bits = b; count = c; pos = p;
        if (overrun()) return TRUNCATED;
      }
      if (sym < 0) return BAD_CODE;
      store<u8>(window + <usize>o, <u8>sym);
      o++;
      continue;
    }
    bits = b; count = c; pos = p; out = o;
    if (overrun()) return TRUNCATED;
    if (sym == 256) return BLOCK_DONE;
    const l = sym - 257;
    if (l >= 29) return BAD_CODE;
    const len = <i32>unchecked(LENGTH_BASE[l]) + <i32>take(<i32>unchecked(LENGTH_EXTRA[l]));
    const d = decode(distCode);
    if (d < 0 || d >= MAX_DIST) return overrun() ? TRUNCATED : BAD_CODE;
    const dist = <i32>unchecked(DIST_BASE[d]) + <i32>take(<i32>unchecked(DIST_EXTRA[d]));
    if (overrun()) return TRUNCATED;
    if (dist > o) return BAD_DISTANCE;
    const to = window + <usize>o, from = to - <usize>dist;
    if (dist >= len) memory.copy(to, from, <usize>len);
    else for (let i = 0; i < len; i++) store<u8>(to + <usize>i, load<u8>(from + <usize>i));
    o += len;
    b = bits; c = count;
  }
  return BLOCK_DONE;
}

// ---------------------------------------------------------------------------------
// CRC-32 (zip's and zlib's, polynomial 0xEDB88320), eight bytes per step with eight tables.

const crcTables = memory.data(8 * 256 * 4, 16);
let crcTablesMade = false;

function makeCrcTables(): void {
  for (let n: u32 = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    store<u32>(crcTables + (<usize>n << 2), c);
  }
  for (let t: usize = 1; t < 8; t++) {
    for (let n: usize = 0; n < 256; n++) {
      const prev = load<u32>(crcTables + ((t - 1) << 10) + (n << 2));
      store<u32>(crcTables + (t << 10) + (n << 2), load<u32>(crcTables + (<usize>(prev & 0xff) << 2)) ^ (prev >>> 8));
    }
  }
  crcTablesMade = true;
}

@inline function crcTable(t: usize, i: u32): u32 {
  return load<u32>(crcTables + (t << 10) + (<usize>(i & 0xff) << 2));
}

/** Continues the CRC-32 `crc` (0 to begin) over data[0, n). */
export function crc32_update(crc: u32, data: usize, n: i32): u32 {
  if (!crcTablesMade) makeCrcTables();
  let c = ~crc;
  let p = data;
  const stop = data + <usize>n;
  for (; p + 8 <= stop; p += 8) {
    const lo = load<u32>(p) ^ c, hi = load<u32>(p + 4);
    c = crcTable(7, lo) ^ crcTable(6, lo >>> 8) ^ crcTable(5, lo >>> 16) ^ crcTable(4, lo >>> 24)
      ^ crcTable(3, hi) ^ crcTable(2, hi >>> 8) ^ crcTable(1, hi >>> 16) ^ crcTable(0, hi >>> 24);
  }
  for (; p < stop; p++) c = crcTable(0, c ^ <u32>load<u8>(p)) ^ (c >>> 8);
  return ~c;
}

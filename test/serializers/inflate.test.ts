// The kernels' inflate (every runtime; Node's npz path uses node:zlib, so these call the
// kernels directly) against fflate's deflate, across the windows a stream passes through:
// 1 MiB input slices carrying their unread end into the next, a 1 MiB output window
// emptied and slid back to its last 32 KiB, stored blocks split by both. And gunzip's
// header fields and trailer checks.
import { suite } from 'uvu';
import { deflateSync, gzipSync } from 'fflate';
import { inflateRaw } from '../../src/backends/wasm/inflate';
import { crc32, gunzip, inflate } from '../../src/serializers/inflate';
import { assert, assertThrows } from '../util';

const test = suite('inflate in the kernels');
const MiB = 1024 * 1024;

/** Deterministic bytes: `kind` picks what the deflate stream is made of. */
function data(n: number, kind: 'random' | 'runs' | 'mixed', seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 24;
  for (let i = 0; i < n; i++) {
    if (kind === 'random') out[i] = next();
    // long matches, many reaching back across the window's slides
    else if (kind === 'runs') out[i] = i >= 40000 && next() < 250 ? out[i - 40000 + (i % 7)] ?? 0 : i % 97;
    // float32 weights' bytes: literals with short matches
    else out[i] = (i & 3) === 3 ? 0x3c + (next() & 1) : next();
  }
  return out;
}

const never = (produced: number): never => {
  throw new Error(`tooLong(${produced})`);
};

/** The first index where a and b differ, or -1. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

test('streams of every block type inflate to their data and its CRC-32, across input slices and output windows', () => {
  const sizes = [0, 1, 258, 32768, 33027, MiB - 259, MiB, MiB + 1, 3 * MiB + 12345];
  for (const kind of ['random', 'runs', 'mixed'] as const) {
    for (const n of sizes) {
      const original = data(n, kind, n + 7);
      // level 0: stored blocks (65535 bytes each); 1 and 9: fixed and dynamic Huffman blocks
      for (const level of [0, 1, 9] as const) {
        if (n > MiB + 1 && level === 1 && kind !== 'runs') continue; // the same paths as level 9, slower to make
        const raw = deflateSync(original, { level });
        const back = inflateRaw(raw, n, never);
        assert.is(firstDifference(back.data, original), -1, `${kind} ${n} bytes, level ${level}`);
        assert.is(back.crc32, crc32(original), `CRC-32 of ${kind} ${n} bytes, level ${level}, taken window by window`);
      }
    }
  }
});

test('a prefix inflates only as far as asked, from a stream of any size', () => {
  const original = data(3 * MiB, 'mixed');
  const raw = deflateSync(original, { level: 6 });
  for (const want of [0, 1, 10, 128, 70000, 2 * MiB + 3, 3 * MiB]) {
    const head = inflateRaw(raw, original.length, never, want);
    assert.is(head.length, want);
    assert.is(firstDifference(head, original.subarray(0, want)), -1, `prefix ${want}`);
  }
  // a prefix longer than the stream: all of it
  assert.is(inflateRaw(deflateSync(data(100, 'random')), 100, never, 500).length, 100);
  // a prefix of a stream that goes on far past its limit (a bomb's header) is still only the prefix
  const bomb = deflateSync(new Uint8Array(8 * MiB), { level: 9 });
  assert.is(inflateRaw(bomb, 100, never, 64).length, 64);
});

test('output past the limit stops within a window of crossing it, the bytes produced so far reported', () => {
  const original = data(5 * MiB, 'runs');
  const raw = deflateSync(original, { level: 6 });
  assert.is(inflateRaw(raw, original.length, never).data.length, original.length);
  for (const limit of [0, 1, 1000, MiB, original.length - 1]) {
    let produced = -1;
    try {
      inflateRaw(raw, limit, (n) => { produced = n; throw new Error('past'); });
    } catch (e) {
      assert.is((e as Error).message, 'past');
    }
    assert.ok(produced > limit && produced <= limit + MiB + 259, `limit ${limit}: stopped after ${produced}`);
  }
  // 64 MiB of zeros declared as 100 bytes: refused within the first window, not inflated
  const zeros = deflateSync(new Uint8Array(64 * MiB), { level: 9 });
  const t0 = performance.now();
  assertThrows(() => inflateRaw(zeros, 100, never), 'tooLong(');
  assert.ok(performance.now() - t0 < 2000);
});

test('truncated and corrupt streams are errors that say what is wrong, never a hang or a wrong length', () => {
  const original = data(2 * MiB + 5, 'mixed');
  const raw = deflateSync(original, { level: 6 });
  for (const cut of [0, 1, 100, raw.length >> 1, raw.length - 1]) {
    assertThrows(() => inflateRaw(raw.subarray(0, cut), original.length, never), 'truncated');
  }
  const stored = deflateSync(original, { level: 0 });
  assertThrows(() => inflateRaw(stored.subarray(0, MiB + 77), original.length, never), 'truncated');
  // block type 3 (reserved): the first header bits 1, 11
  assertThrows(() => inflateRaw(Uint8Array.of(0x07, 0, 0, 0), 10, never), 'reserved type 3');
  // a stored block whose LEN and NLEN disagree
  assertThrows(() => inflateRaw(Uint8Array.of(0x01, 5, 0, 0, 0, 1, 2, 3, 4, 5), 5, never), 'complement');
  // flipped bits anywhere: an error, or output that the container's CRC refuses; never a hang
  for (let i = 0; i < 200; i++) {
    const bad = raw.slice();
    const at = (i * 104729) % bad.length;
    bad[at] ^= 1 << (i % 8);
    try {
      const out = inflateRaw(bad, original.length, never).data;
      assert.ok(out.length <= original.length);
    } catch (e) {
      assert.match((e as Error).message, /truncated|reserved|complement|code lengths|Huffman code|distance|tooLong/);
    }
  }
});

/** A gzip member with the optional header fields `flags` asks for (FHCRC 2, FEXTRA 4, FNAME 8, FCOMMENT 16). */
function gzipWith(original: Uint8Array, flags: number): Uint8Array {
  const parts: number[] = [0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 3];
  if (flags & 4) parts.push(3, 0, 0xaa, 0xbb, 0xcc);
  if (flags & 8) parts.push(...Array.from('name.idx', (c) => c.charCodeAt(0)), 0);
  if (flags & 16) parts.push(...Array.from('a comment', (c) => c.charCodeAt(0)), 0);
  if (flags & 2) parts.push(0x12, 0x34);
  const raw = deflateSync(original, { level: 6 });
  const out = new Uint8Array(parts.length + raw.length + 8);
  out.set(parts);
  out.set(raw, parts.length);
  const view = new DataView(out.buffer);
  view.setUint32(out.length - 8, crc32(original), true);
  view.setUint32(out.length - 4, original.length, true);
  return out;
}

test('gunzip reads every optional header field and checks the trailer\'s CRC-32 and length', () => {
  const fail = (msg: string): never => { throw new Error(`gz: ${msg}`); };
  const original = data(300000, 'mixed');
  assert.is(firstDifference(gunzip(gzipSync(original), fail), original), -1);
  for (const flags of [0, 2, 4, 8, 16, 30]) {
    assert.is(firstDifference(gunzip(gzipWith(original, flags), fail), original), -1, `flags ${flags}`);
  }
  const good = gzipWith(original, 8);
  const badCrc = good.slice();
  badCrc[badCrc.length - 8] ^= 1;
  assertThrows(() => gunzip(badCrc, fail), 'gz: CRC-32 mismatch', 'trailer');
  const badSize = good.slice();
  new DataView(badSize.buffer).setUint32(badSize.length - 4, original.length + 1, true);
  assertThrows(() => gunzip(badSize, fail), 'gz: inflated to 300000 bytes, the trailer says 300001');
  const smallSize = good.slice();
  new DataView(smallSize.buffer).setUint32(smallSize.length - 4, 1000, true);
  assertThrows(() => gunzip(smallSize, fail), 'gz: inflates to more than the 1000 bytes the trailer declares');
  // a trailer claiming 4 GiB from a few hundred KB: refused before anything is allocated
  const hugeSize = good.slice();
  new DataView(hugeSize.buffer).setUint32(hugeSize.length - 4, 0xffffffff, true);
  assertThrows(() => gunzip(hugeSize, fail), 'gz: the trailer claims 4294967295 bytes from');
  assertThrows(() => gunzip(Uint8Array.of(0x1f, 0x8b, 8, 8, 0, 0, 0, 0, 0, 3, 65, 66, 0, 0, 0, 0, 0, 0), fail), 'gz: the header runs into the trailer');
  assertThrows(() => gunzip(Uint8Array.of(0x1f, 0x8b, 7, ...new Array(15).fill(0)), fail), 'gz: compression method 7');
  assertThrows(() => gunzip(good.subarray(0, 12), fail), 'gz: not a gzip file');
  // the runtime's own path (node:zlib in Node) agrees with the kernels on a member
  const raw = deflateSync(original, { level: 9 });
  const ours = inflateRaw(raw, original.length, never), runtime = inflate(raw, original.length, fail);
  assert.is(firstDifference(runtime.data, ours.data), -1);
  // both checksum the output as they inflate it: the CRC-32 of the data
  assert.is(ours.crc32, crc32(original));
  assert.is(runtime.crc32, crc32(original));
});

test.run();

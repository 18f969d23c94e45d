// Zip bombs: members whose deflate stream inflates far beyond what their .npy header
// declares, or whose header declares a huge array. A load inflates only the members it
// needs (numpy.load is lazy per key, so Chainer's load_npz never reads the others), stops
// inflating as soon as a member exceeds its declared size, and leaves the model as it was.
import { serializers } from '../../src/index';
import { encodeNpy, npyHeader } from '../../src/serializers/npy';
import { crc32 } from '../../src/serializers/inflate';
import { assert, assertThrows, describeBackends } from '../util';
import { assertSameState, stateOf, toyMlp } from './toys';

const { saveNpz, loadNpz, readNpz, NpzFile } = serializers;

const MiB = 1024 * 1024;

/** Writes bits least significant first, as deflate packs them. */
class BitWriter {
  private out: Uint8Array;
  private length = 0;
  private acc = 0;
  private n = 0;
  constructor(capacity: number) { this.out = new Uint8Array(capacity); }
  bits(value: number, count: number): void {
    this.acc |= value << this.n;
    this.n += count;
    while (this.n >= 8) { this.out[this.length++] = this.acc & 0xff; this.acc >>>= 8; this.n -= 8; }
  }
  /** A Huffman code, whose bits go most significant first. */
  code(value: number, count: number): void {
    for (let i = count - 1; i >= 0; i--) this.bits((value >> i) & 1, 1);
  }
  bytes(data: Uint8Array): void {
    if (this.n > 0) this.bits(0, 8 - this.n);
    this.out.set(data, this.length);
    this.length += data.length;
  }
  finish(): Uint8Array {
    if (this.n > 0) this.bits(0, 8 - this.n);
    return this.out.subarray(0, this.length);
  }
}

/**
 * A raw deflate stream of `head` followed by `zeros` zero bytes: a stored block, then a
 * block with the fixed codes holding one literal 0 and copies of 258 bytes at distance 1
 * (RFC 1951, 3.2.6), about 160:1.
 */
function deflateZeros(head: Uint8Array, zeros: number): Uint8Array {
  const copies = Math.floor((zeros - 1) / 258);
  const rest = zeros - 1 - copies * 258;
  const w = new BitWriter(head.length + 64 + Math.ceil(copies * 13 / 8) + rest * 2);
  w.bits(0, 1); w.bits(0, 2); // a stored block, not the last
  w.bytes(Uint8Array.of(head.length & 0xff, head.length >> 8, ~head.length & 0xff, (~head.length >> 8) & 0xff));
  w.bytes(head);
  w.bits(1, 1); w.bits(1, 2); // the last block, fixed codes
  const literalZero = () => w.code(0x30, 8);
  literalZero();
  for (let i = 0; i < copies; i++) { w.code(0xc5, 8); w.code(0, 5); } // length 258 (code 285), distance 1 (code 0)
  for (let i = 0; i < rest; i++) literalZero();
  w.code(0, 7); // end of block
  return w.finish();
}

interface RawMember {
  name: string;
  /** Compressed (method 8) or stored (method 0) bytes. */
  data: Uint8Array;
  method: 0 | 8;
  /** The uncompressed size the directory claims. */
  size: number;
  crc: number;
}

/** A zip archive whose directory says exactly what it is told. */
function rawZip(members: RawMember[]): Uint8Array {
  const name = (m: RawMember) => new TextEncoder().encode(m.name);
  const total = members.reduce((a, m) => a + 30 + 46 + 2 * name(m).length + m.data.length, 22);
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  let p = 0;
  const offsets: number[] = [];
  const header = (m: RawMember, signature: number, central: boolean, offset: number) => {
    const n = name(m);
    v.setUint32(p, signature, true);
    const q = central ? p + 2 : p; // the central entry has "version made by" first
    v.setUint16(q + 4, 20, true);
    v.setUint16(q + 8, m.method, true);
    v.setUint16(q + 12, 33, true); // 1980-01-01
    v.setUint32(q + 14, m.crc, true);
    v.setUint32(q + 18, m.data.length, true);
    v.setUint32(q + 22, m.size, true);
    v.setUint16(q + 26, n.length, true);
    if (central) v.setUint32(p + 42, offset, true);
    const start = p + (central ? 46 : 30);
    out.set(n, start);
    p = start + n.length;
  };
  for (const m of members) {
    offsets.push(p);
    header(m, 0x04034b50, false, 0);
    out.set(m.data, p);
    p += m.data.length;
  }
  const cd = p;
  members.forEach((m, i) => header(m, 0x02014b50, true, offsets[i]));
  v.setUint32(p, 0x06054b50, true);
  v.setUint16(p + 8, members.length, true);
  v.setUint16(p + 10, members.length, true);
  v.setUint32(p + 12, p - cd, true);
  v.setUint32(p + 16, cd, true);
  return out.subarray(0, p + 22);
}

/** The members of a good file, stored. */
function storedMembers(bytes: Uint8Array): RawMember[] {
  return [...readNpz(bytes)].map(([key, a]) => {
    const data = encodeNpy(a);
    return { name: `${key}.npy`, data, method: 0, size: data.length, crc: crc32(data) };
  });
}

/** A member whose header declares `shape` of float32 but whose stream inflates to `zeros` more bytes. */
function bomb(name: string, shape: number[], zeros: number, claimedSize?: number): RawMember {
  const head = npyHeader('<f4', shape);
  const declared = head.length + 4 * shape.reduce((a, b) => a * b, 1);
  return { name, data: deflateZeros(head, zeros), method: 8, size: claimedSize ?? declared, crc: 0 };
}

/** A raw deflate stream holding `data` in stored blocks (at most 65535 bytes each). */
function deflateStored(data: Uint8Array): Uint8Array {
  const w = new BitWriter(data.length + 5 * Math.ceil((data.length + 1) / 65535) + 8);
  for (let p = 0; p === 0 || p < data.length; p += 65535) {
    const part = data.subarray(p, p + 65535);
    w.bits(p + 65535 >= data.length ? 1 : 0, 1); w.bits(0, 2);
    w.bytes(Uint8Array.of(part.length & 0xff, part.length >> 8, ~part.length & 0xff, (~part.length >> 8) & 0xff));
    w.bytes(part);
  }
  return w.finish();
}

function timed(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

describeBackends('serializers: zip bombs', (test) => {
  const good = () => storedMembers(saveNpz(toyMlp(1)));

  test('the hand-made deflate stream inflates to what it says (checked by readNpz on a small one)', () => {
    const small = bomb('x.npy', [3, 5], 60);
    const bytes = rawZip([{ ...small, crc: crc32(Uint8Array.from([...npyHeader('<f4', [3, 5]), ...new Uint8Array(60)])) }]);
    const x = readNpz(bytes).get('x')!;
    assert.equal([...x.shape], [3, 5]);
    assert.equal(Array.from(x.data as Float32Array), new Array(15).fill(0));
  });

  test('a member inflating to 64 MiB past its declared (3, 4) is rejected within a second, naming it', () => {
    const members = good().map((m) => (m.name === 'predictor/l1/W.npy' ? bomb(m.name, [3, 4], 64 * MiB) : m));
    const bytes = rawZip(members);
    assert.ok(bytes.length < MiB, `the file has ${bytes.length} bytes`);
    const model = toyMlp(2);
    const before = stateOf(model);
    const ms = timed(() => assertThrows(() => loadNpz(bytes, model), "loadNpz: the given bytes is damaged; nothing was loaded",
      "'predictor/l1/W': member 'predictor/l1/W.npy': inflates to more than the 176 bytes the directory declares"));
    assert.ok(ms < 1000, `took ${ms} ms`);
    assertSameState(stateOf(model), before);
    // readNpz reads every member: the same error, as fast
    const msRead = timed(() => assertThrows(() => readNpz(bytes), "readNpz: member 'predictor/l1/W.npy': inflates to more than the 176 bytes"));
    assert.ok(msRead < 1000, `readNpz took ${msRead} ms`);
  });

  test('a directory size that disagrees with the .npy header is rejected before inflating', () => {
    const head = npyHeader('<f4', [3, 4]);
    const members = good().map((m) => (m.name === 'predictor/l1/W.npy' ? bomb(m.name, [3, 4], 64 * MiB, head.length + 64 * MiB) : m));
    const model = toyMlp(2);
    const before = stateOf(model);
    const ms = timed(() => assertThrows(() => loadNpz(rawZip(members), model), "member 'predictor/l1/W.npy'",
      `its .npy header declares float32 (3, 4), 176 bytes in all, but the zip directory says ${head.length + 64 * MiB}`));
    assert.ok(ms < 1000, `took ${ms} ms`);
    assertSameState(stateOf(model), before);
  });

  test('a header declaring a 1 GiB array is rejected from the header, without inflating', () => {
    const shape = [256 * MiB];
    const declared = npyHeader('<f4', shape).length + 4 * shape[0];
    const huge = bomb('predictor/l1/W.npy', shape, 64 * MiB);
    // padded so that the claimed ratio stays within deflate's 1032:1
    const data = new Uint8Array(Math.ceil(declared / 1000));
    data.set(huge.data);
    const members = good().map((m) => (m.name === huge.name ? { ...huge, data } : m));
    const bytes = rawZip(members);
    const model = toyMlp(2);
    const before = stateOf(model);
    const ms = timed(() => assertThrows(() => loadNpz(bytes, model), 'does not fit the object',
      `'predictor/l1/W': shape (${shape[0]},) in the file, (3, 4) in the object`));
    assert.ok(ms < 1000, `took ${ms} ms`);
    assertSameState(stateOf(model), before);
  });

  test('a bomb the model does not ask for is never inflated: other keys load, as with Chainer\'s lazy numpy.load', () => {
    const source = toyMlp(1);
    const members = [...good(), bomb('predictor/extra.npy', [3, 4], 64 * MiB), bomb('optimizer/t.npy', [2], 64 * MiB)];
    const bytes = rawZip(members);
    // keys the object does not ask for are left alone, not strict
    const loose = toyMlp(2);
    let ms = timed(() => loadNpz(bytes, loose, { strict: false }));
    assertSameState(stateOf(loose), stateOf(source));
    assert.ok(ms < 1000, `took ${ms} ms`);
    // a part of the file (as a model within a snapshot): the rest is never read
    const wrapped = rawZip(members.map((m) => ({ ...m, name: m.name.startsWith('predictor/') && m.name !== 'predictor/extra.npy' ? `updater/model:main/${m.name}` : m.name })));
    const part = toyMlp(3);
    ms = timed(() => loadNpz(wrapped, part, { path: 'updater/model:main/' }));
    assertSameState(stateOf(part), stateOf(source));
    assert.ok(ms < 1000, `took ${ms} ms`);
    // ignored by name
    const ignoring = toyMlp(4);
    loadNpz(rawZip(members.filter((m) => m.name !== 'optimizer/t.npy')), ignoring, { ignoreNames: ['predictor/extra'] });
    assertSameState(stateOf(ignoring), stateOf(source));
    // strict (the default) too: as Chainer's load_npz, it asks only for the object's keys
    const strict = toyMlp(5);
    ms = timed(() => loadNpz(bytes, strict));
    assertSameState(stateOf(strict), stateOf(source));
    assert.ok(ms < 1000, `took ${ms} ms`);
  });

  test('a header longer than the first kilobyte of its deflate stream is read in full', () => {
    // 400 axes: a header of about 1.3 KB in a stored block, so the stream's first 1024 bytes hold part of it
    const shape = new Array<number>(400).fill(1);
    const head = npyHeader('<f4', shape);
    assert.ok(head.length > 1200, `header of ${head.length} bytes`);
    const data = Uint8Array.from([...head, 0, 0, 0x80, 0x3f]); // 1.0
    const member: RawMember = { name: 'long.npy', data: deflateStored(data), method: 8, size: data.length, crc: crc32(data) };
    const file = new NpzFile(rawZip([member]), 'NpzFile test');
    assert.equal([...file.header('long')!.shape], shape);
    assert.equal(Array.from(file.get('long')!.data as Float32Array), [1]);
  });

  test('NpzFile inflates a member only when its array is asked for', () => {
    // a large stream inflates step by step, a short one in one call: both stop at the limit
    const short = bomb('short.npy', [2], 200 * 1024);
    assert.ok(short.data.length < 4096, `${short.data.length} bytes`);
    const file = new NpzFile(rawZip([...good(), short, bomb('bomb.npy', [2], 64 * MiB)]), 'NpzFile test');
    assert.equal([...file.keys()].slice(-2), ['short', 'bomb']);
    assertThrows(() => file.get('short'), "NpzFile test: member 'short.npy': inflates to more than the 136 bytes");
    assert.equal([...file.header('bomb')!.shape], [2]);
    assert.equal([...file.get('predictor/l2/b')!.shape], [2]);
    assertThrows(() => file.get('bomb'), "NpzFile test: member 'bomb.npy': inflates to more than the 136 bytes");
    assert.is(file.get('missing'), undefined);
  });
});

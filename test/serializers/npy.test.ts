import { suite } from 'uvu';
import { serializers } from '../../src/index';
import { assert, assertThrows } from '../util';

const { NpyArray, encodeNpy, decodeNpy, decodeNpyHeader, npyDataOffset, npyHeader } = serializers;
const test = suite('npy');

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

/** A header as numpy writes it, built by hand from the format's rules. */
function expectedHeader(dict: string, total: number): number[] {
  // magic, version 1.0, little-endian header length (everything after these 10 bytes)
  const hlen = total - 10;
  return [0x93, ...ascii('NUMPY'), 1, 0, hlen & 0xff, hlen >> 8, ...ascii(dict), ...new Array(hlen - dict.length - 1).fill(0x20), 0x0a];
}

test('the header of a (2, 3) float32 array matches numpy byte for byte', () => {
  // dict: 59 characters; numpy adds 21 - len('2') = 20 spaces of room for the first axis
  // to grow, then pads with spaces and a newline so that 10 + header is a multiple of 64:
  // 10 + 59 + 20 + 1 = 90 -> 128.
  const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
  assert.is(dict.length, 59);
  assert.equal(Array.from(npyHeader('<f4', [2, 3])), expectedHeader(dict, 128));
  const bytes = encodeNpy(new NpyArray('<f4', [2, 3], Float32Array.of(1, 2, 3, 4, 5, 6)));
  assert.is(bytes.length, 128 + 24);
  // 1.0f is 00 00 80 3f little-endian
  assert.equal(Array.from(bytes.subarray(128, 132)), [0x00, 0x00, 0x80, 0x3f]);
});

test('the header of a 0-d int64 (a Chainer scalar) has no growth room', () => {
  const dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (), }";
  assert.equal(Array.from(npyHeader('<i8', [])), expectedHeader(dict, 128));
  const bytes = encodeNpy(new NpyArray('<i8', [], BigInt64Array.of(-2n)));
  assert.equal(Array.from(bytes.subarray(128)), [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
});

test('a header longer than 118 characters pads to the next multiple of 64', () => {
  const shape = new Array(20).fill(1);
  // "{'descr': '<f4', 'fortran_order': False, 'shape': " is 50 characters, '(1, ..., 1)'
  // 2 + 20 + 19 * 2 = 60, ', }' 3: 113; + 20 growth spaces + newline = 134; 10 + 134 = 144 -> 192
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}), }`;
  assert.is(dict.length, 113);
  assert.equal(Array.from(npyHeader('<f4', shape)), expectedHeader(dict, 192));
  assert.is(npyHeader('<f4', shape).length % 64, 0);
});

const samples: [string, number[], () => InstanceType<typeof NpyArray>['data']][] = [
  ['<f4', [2, 3], () => Float32Array.of(1.5, -2, 3.25, Number.NaN, Infinity, -0)],
  ['<f8', [3], () => Float64Array.of(0.1, -1e300, 5e-324)],
  ['<i4', [2, 2], () => Int32Array.of(-(2 ** 31), 2 ** 31 - 1, 0, -1)],
  ['<i8', [2], () => BigInt64Array.of(-(2n ** 63n), 2n ** 63n - 1n)],
  ['|u1', [4], () => Uint8Array.of(0, 1, 128, 255)],
  ['|b1', [1, 3], () => Uint8Array.of(1, 0, 1)],
  ['<U5', [2], () => ['hello', 'a☃𝄞']],
  ['<f4', [], () => Float32Array.of(7)],
  ['<i8', [], () => BigInt64Array.of(42n)],
  ['|b1', [], () => Uint8Array.of(0)],
  ['<U3', [], () => ['abc']],
  ['<f4', [0], () => new Float32Array(0)],
  ['<f8', [2, 0, 3], () => new Float64Array(0)],
  ['<i8', [0], () => new BigInt64Array(0)],
  ['<U1', [0], () => []],
];

test('every dtype and shape, including () and zero-size, round-trips', () => {
  for (const [descr, shape, make] of samples) {
    const a = new NpyArray(descr, shape, make());
    const b = decodeNpy(encodeNpy(a));
    const label = `${descr} ${JSON.stringify(shape)}`;
    assert.is(b.descr, descr, label);
    assert.equal([...b.shape], shape, label);
    assert.equal(Array.from(b.data as ArrayLike<unknown>, (v) => Object.is(v, -0) ? '-0' : String(v)), Array.from(a.data as ArrayLike<unknown>, (v) => Object.is(v, -0) ? '-0' : String(v)), label);
    assert.is(b.data.constructor, a.data.constructor, label);
  }
});

test('unicode elements are NUL-padded UTF-32 code points', () => {
  const bytes = encodeNpy(new NpyArray('<U2', [2], ['a', '𝄞']));
  const body = Array.from(bytes.subarray(128));
  // 'a' then padding NUL; U+1D11E is one code point (not two UTF-16 units)
  assert.equal(body, [0x61, 0, 0, 0, 0, 0, 0, 0, 0x1e, 0xd1, 0x01, 0, 0, 0, 0, 0]);
});

/** An .npy file with a hand-written header dict (padded as numpy does) and body. */
function handMade(dict: string, body: number[], version = 1): Uint8Array {
  const lengthBytes = version === 1 ? 2 : 4;
  const prefix = 8 + lengthBytes;
  let hlen = dict.length + 1;
  hlen += 64 - ((prefix + hlen) % 64);
  const head = [0x93, ...ascii('NUMPY'), version, 0, hlen & 0xff, (hlen >> 8) & 0xff, ...(lengthBytes === 4 ? [0, 0] : [])];
  return Uint8Array.from([...head, ...ascii(dict), ...new Array(hlen - dict.length - 1).fill(0x20), 0x0a, ...body]);
}

test('big-endian arrays read as their values', () => {
  const f = decodeNpy(handMade("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", [0x3f, 0x80, 0, 0, 0xc0, 0, 0, 0]));
  assert.is(f.descr, '<f4');
  assert.equal(Array.from(f.data as Float32Array), [1, -2]);
  const i = decodeNpy(handMade("{'descr': '>i8', 'fortran_order': False, 'shape': (), }", [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe]));
  assert.equal(Array.from(i.data as BigInt64Array), [-2n]);
  const u = decodeNpy(handMade("{'descr': '>U1', 'fortran_order': False, 'shape': (), }", [0, 0, 0, 0x41]));
  assert.equal(u.data, ['A']);
});

test('headers numpy may write differently still parse: key order, double quotes, version 2.0, Python 2 longs', () => {
  const a = decodeNpy(handMade('{"shape": (2L, 1L), "fortran_order": False, "descr": "<i4"}', [1, 0, 0, 0, 2, 0, 0, 0]));
  assert.equal([...a.shape], [2, 1]);
  assert.equal(Array.from(a.data as Int32Array), [1, 2]);
  const b = decodeNpy(handMade("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", [0, 0, 0, 0, 0, 0, 0xf0, 0x3f], 2));
  assert.equal(Array.from(b.data as Float64Array), [1]);
  // a 1-d array is the same in both orders
  const c = decodeNpy(handMade("{'descr': '<i4', 'fortran_order': True, 'shape': (1,), }", [9, 0, 0, 0]));
  assert.equal(Array.from(c.data as Int32Array), [9]);
});

test('a Fortran-ordered array (numpy saves a transposed one so) reads in row-major order, as numpy.load gives it', () => {
  // column-major bytes of [[0, 1, 2], [3, 4, 5]] and of arange(24).reshape(2, 3, 4), as numpy.save writes them
  const f32 = (values: number[]) => Array.from(new Uint8Array(Float32Array.from(values).buffer));
  const m = decodeNpy(handMade("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", f32([0, 3, 1, 4, 2, 5])));
  assert.equal([...m.shape], [2, 3]);
  assert.equal(Array.from(m.data as Float32Array), [0, 1, 2, 3, 4, 5]);
  const column: number[] = [];
  for (let k = 0; k < 4; k++) for (let j = 0; j < 3; j++) for (let i = 0; i < 2; i++) column.push(i * 12 + j * 4 + k);
  const i32 = Array.from(new Uint8Array(Int32Array.from(column).buffer));
  const t = decodeNpy(handMade("{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3, 4), }", i32));
  assert.equal(Array.from(t.data as Int32Array), Array.from({ length: 24 }, (_, i) => i));
  // strings too, and an axis of length 1 changes nothing
  const u = decodeNpy(handMade("{'descr': '<U1', 'fortran_order': True, 'shape': (2, 1, 2), }", [0x61, 0, 0, 0, 0x63, 0, 0, 0, 0x62, 0, 0, 0, 0x64, 0, 0, 0]));
  assert.equal(u.data, ['a', 'b', 'c', 'd']);
});

test('float16 (Chainer\'s mixed16 parameters) reads exactly into float32 and writes back with numpy\'s rounding', () => {
  // numpy: np.array(v, np.float32).astype(np.float16).view(np.uint16) for these v
  const v = [1, -2, 65504, 2 ** -24, Infinity, -Infinity, NaN, -0, 0.1, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 65519, 65520, 1e-8, 3e-8, 2 ** -14, 2 ** -14 - 2 ** -24, 0.333333];
  const numpyBits = [15360, 49152, 31743, 1, 31744, 64512, 32256, 32768, 11878, 15360, 15362, 31743, 31744, 0, 1, 1024, 1023, 13653];
  const file = encodeNpy(new NpyArray('<f2', [v.length], Float32Array.from(v)));
  const body = file.subarray(npyDataOffset(file));
  const littleEndian = (bits: number[]) => bits.flatMap((b) => [b & 0xff, b >> 8]);
  assert.equal(Array.from(body), littleEndian(numpyBits));
  const read = decodeNpy(handMade("{'descr': '<f2', 'fortran_order': False, 'shape': (18,), }", littleEndian(numpyBits)));
  assert.is(read.dtypeName, 'float16');
  assert.ok(read.data instanceof Float32Array);
  const want = [1, -2, 65504, 2 ** -24, Infinity, -Infinity, NaN, -0, 0.0999755859375, 1, 1.001953125, 65504, Infinity, 0, 2 ** -24, 2 ** -14, 2 ** -14 - 2 ** -24, 0.333251953125];
  assert.equal(Array.from(read.data as Float32Array).map(String), want.map(String));
  assert.ok(Object.is((read.data as Float32Array)[7], -0));
  // big-endian too
  const be = decodeNpy(handMade("{'descr': '>f2', 'fortran_order': False, 'shape': (2,), }", [0x3c, 0x00, 0xc0, 0x00]));
  assert.equal(Array.from(be.data as Float32Array), [1, -2]);
});

test("numpy's own form and other spellings of a header read alike", () => {
  const spellings = (descr: string, order: string, shape: string) => [
    `{'descr': '${descr}', 'fortran_order': ${order}, 'shape': ${shape}, }`,
    `{ "shape" : ${shape.replace(/(\d+)/g, '$1L')} , "descr" : "${descr}" , "fortran_order" : ${order} }`,
  ];
  for (const [descr, order, shape, expected, body] of [
    ['<f4', 'False', '(2, 3)', [2, 3], new Array(24).fill(0)],
    ['<i4', 'True', '(4,)', [4], new Array(16).fill(0)],
    ['<i8', 'False', '()', [], new Array(8).fill(0)],
    ['<f8', 'False', '(0, 5)', [0, 5], []],
  ] as [string, string, string, number[], number[]][]) {
    for (const dict of spellings(descr, order, shape)) {
      const h = decodeNpyHeader(handMade(dict, body));
      assert.equal([h.descr, [...h.shape], h.dataBytes], [descr, expected, body.length], dict);
    }
  }
  assertThrows(() => decodeNpyHeader(handMade("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }", [])), 'shape');
});

test('decoded data owns aligned memory, even from an odd offset', () => {
  const file = encodeNpy(new NpyArray('<f8', [2], Float64Array.of(1, 2)));
  const shifted = new Uint8Array(file.length + 1);
  shifted.set(file, 1);
  const a = decodeNpy(shifted.subarray(1));
  assert.equal(Array.from(a.data as Float64Array), [1, 2]);
  shifted.fill(0);
  assert.equal(Array.from(a.data as Float64Array), [1, 2]);
});

test('bytes given to keep (a member just inflated) are viewed where aligned, copied where not', () => {
  const file = encodeNpy(new NpyArray('<f8', [2], Float64Array.of(1, 2)));
  const given = decodeNpy(file, 'given', true);
  assert.is((given.data as Float64Array).buffer, file.buffer, 'aligned: a view, no copy');
  assert.equal(Array.from(given.data as Float64Array), [1, 2]);
  const shifted = new Uint8Array(file.length + 4);
  shifted.set(file, 4);
  const odd = decodeNpy(shifted.subarray(4), 'given', true);
  assert.ok((odd.data as Float64Array).buffer !== shifted.buffer, '4 bytes off for 8-byte elements: a copy');
  assert.equal(Array.from(odd.data as Float64Array), [1, 2]);
  // not given: never a view, aligned or not
  assert.ok((decodeNpy(file).data as Float64Array).buffer !== file.buffer);
});

test('bad files give clear errors', () => {
  const good = encodeNpy(new NpyArray('<f4', [2, 3], new Float32Array(6)));
  assertThrows(() => decodeNpy(Uint8Array.from(ascii('PK\x03\x04 not npy at all'))), 'bad magic');
  assertThrows(() => decodeNpy(good.subarray(0, 60)), 'truncated header');
  assertThrows(() => decodeNpy(good.subarray(0, good.length - 1)), 'truncated data', '(2, 3)', 'needs 24 bytes, found 23');
  assertThrows(() => decodeNpy(Uint8Array.from([...good, 0])), '1 unexpected bytes');
  assertThrows(() => decodeNpy(good.subarray(0, 128)), 'truncated data');
  const v9 = good.slice(); v9[6] = 9;
  assertThrows(() => decodeNpy(v9), 'version 9.0');
  assertThrows(() => decodeNpy(handMade("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", new Array(8).fill(0))), "unsupported dtype '<c8'");
  assertThrows(() => decodeNpy(handMade("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", [0, 0, 0, 0])), 'structured');
  assertThrows(() => decodeNpy(handMade("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", [])), 'non-negative');
  assertThrows(() => decodeNpy(handMade("{'descr': '<f4', 'shape': (1,), }", [0, 0, 0, 0])), 'descr, fortran_order and shape');
  assertThrows(() => decodeNpy(handMade("{'descr': '<f4', 'fortran_order': False, 'shape': (1,", [0, 0, 0, 0])), 'malformed header');
  assertThrows(() => decodeNpy(handMade("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", [0x80, 2, 0x2e])), 'object arrays');
  assertThrows(() => decodeNpy(handMade("{'descr': '<U1', 'fortran_order': False, 'shape': (), }", [0, 0, 0x11, 0])), 'code point');
  assertThrows(() => decodeNpy(good.subarray(0, 60), "'m.npz': member 'a.npy'"), "'m.npz': member 'a.npy': truncated header");
});

test('the header alone: where the data starts and how many bytes it declares, without the data', () => {
  const bytes = encodeNpy(new NpyArray('<i8', [3, 5], new BigInt64Array(15)));
  assert.is(npyDataOffset(bytes.subarray(0, 12)), 128);
  assert.equal(decodeNpyHeader(bytes.subarray(0, 128)), { descr: '<i8', dtypeName: 'int64', shape: [3, 5], dataOffset: 128, dataBytes: 120 });
  // a big-endian header keeps its descr; an object array has no fixed data size
  const big = npyHeader('<f8', [2]);
  big[big.indexOf(0x3c)] = 0x3e; // '<' -> '>'
  assert.equal(decodeNpyHeader(big).descr, '>f8');
  assert.is(decodeNpyHeader(npyHeader('|O', [])).dataBytes, null);
  assertThrows(() => decodeNpyHeader(bytes.subarray(0, 100), 'x.npy'), 'x.npy', 'truncated header');
  assertThrows(() => npyDataOffset(bytes.subarray(0, 9), 'x.npy'), 'x.npy', 'truncated header');
  // numpy's max_header_size
  const long = Uint8Array.from([0x93, ...ascii('NUMPY'), 2, 0, 0x20, 0x4e, 0, 0]);
  assertThrows(() => npyDataOffset(long, 'x.npy'), 'x.npy', 'header of 20000 bytes', '10000');
});

test('NpyArray checks its own consistency', () => {
  assertThrows(() => new NpyArray('<f4', [2], Float32Array.of(1)), 'do not fill');
  assertThrows(() => new NpyArray('<f4', [1], Float64Array.of(1)), '<f4 data cannot be a Float64Array');
  assertThrows(() => new NpyArray('>f4', [1], Float32Array.of(1)), "unsupported dtype '>f4'");
  assertThrows(() => new NpyArray('<U2', [1], ['abc']), 'cannot be');
  assert.is(new NpyArray('<i8', [], BigInt64Array.of(1n)).dtypeName, 'int64');
});

test.run();

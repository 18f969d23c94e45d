import { zipSync, strToU8 } from 'fflate';
import { NDArray, array, backend, serializers } from '../../src/index';
import * as io from '../../src/io/index';
import { listZip, readZip, writeZip } from '../../src/serializers/zip';
import { crc32 } from '../../src/serializers/inflate';
import { crc32 as kernelCrc32 } from '../../src/backends/wasm/inflate';
import { assert, assertThrows, describeBackends } from '../util';
import { ToyBatchNorm, ToyChain, ToyIterator, ToyLinear, assertSameState, pattern, stateOf, toyMlp } from './toys';

const { saveNpz, loadNpz, readNpz, writeNpz, NpyArray, encodeNpy, DictionarySerializer, NpzDeserializer } = serializers;

const entries = (bytes: Uint8Array) => [...readNpz(bytes)].map(([k, a]) => [k, a.descr, [...a.shape]]);

function tempDir(): string {
  const os = (globalThis as any).process.getBuiltinModule('node:os');
  return io.nodeFs()!.mkdtempSync(io.joinPath(os.tmpdir(), 'kusari-npz-'));
}

describeBackends('serializers.saveNpz / loadNpz', (test) => {
  test('keys are /-joined paths without a leading slash, in the order the object walks', () => {
    const bytes = saveNpz(toyMlp());
    assert.equal(entries(bytes), [
      ['predictor/l1/W', '<f4', [3, 4]],
      ['predictor/l1/b', '<f4', [3]],
      ['predictor/l2/W', '<f4', [2, 3]],
      ['predictor/l2/b', '<f4', [2]],
    ]);
  });

  test('a dictionary of arrays is written as it is, as Chainer\'s save_npz(file, dict)', () => {
    const d = { W: array([[1, 2], [3, 4]]), idx: array([5, 6], { dtype: 'int32' }), n: 3, lr: 0.5, name: 'abc', none: null };
    const bytes = saveNpz(d);
    // numpy.savez: float32 and int32 arrays as they are, a Python int as int64, a float as float64
    assert.equal(entries(bytes), [['W', '<f4', [2, 2]], ['idx', '<i4', [2]], ['n', '<i8', []], ['lr', '<f8', []], ['name', '<U3', []], ['none', '|O', []]]);
    assert.equal(Array.from(readNpz(bytes).get('W')!.data as Float32Array), [1, 2, 3, 4]);
    assert.equal(entries(saveNpz(new Map([['a/b', new NpyArray('<f8', [1], Float64Array.of(2))]]), false)), [['a/b', '<f8', [1]]]);
    assertThrows(() => saveNpz({ W: {} } as never), "saveNpz: 'W'");
  });

  test('a saved model loads back bit for bit into another one', () => {
    const source = toyMlp(1);
    const l1 = ((source.children.predictor as ToyChain).children.l1 as ToyLinear);
    // values whose bits must survive: NaN, -0, the smallest subnormal, infinities
    l1.b = array(Float32Array.of(Number.NaN, -0, 1.401298464324817e-45), { shape: [3] });
    const target = toyMlp(2);
    const before = stateOf(source);
    loadNpz(saveNpz(source), target);
    assertSameState(stateOf(target), before);
  });

  test('float16 members (a Chainer mixed16 model) load into float32 arrays, exactly', () => {
    // W of a (3, 4) layer and b of 3, as float16 values (each exact in float32)
    const W = Float32Array.from({ length: 12 }, (_, i) => (i - 6) * 0.25 + 2 ** -9), b = Float32Array.of(0.0999755859375, -65504, 2 ** -24);
    const file = writeNpz({ W: new NpyArray('<f2', [3, 4], W), b: new NpyArray('<f2', [3], b) });
    assert.equal(entries(file), [['W', '<f2', [3, 4]], ['b', '<f2', [3]]]);
    const layer = new ToyLinear(4, 3, 5);
    loadNpz(file, layer);
    assert.equal(Array.from(layer.W!.toTypedArray()), Array.from(W));
    assert.equal(Array.from(layer.b.toTypedArray()), Array.from(b));
    assert.is(layer.W!.dtype, 'float32');
  });

  test('deflated (savez_compressed) and stored (savez) archives both load', () => {
    const source = toyMlp(1);
    const compressed = saveNpz(source);
    const stored = saveNpz(null, source, { compression: false });
    assert.ok(listZip(compressed).every((m) => m.method === 8));
    assert.ok(listZip(stored).every((m) => m.method === 0));
    for (const bytes of [compressed, stored]) {
      const target = toyMlp(5);
      loadNpz(bytes, target);
      assertSameState(stateOf(target), stateOf(source));
    }
    // members of either kind in one archive, as another zip tool may write
    const members = readNpz(compressed);
    const mixed = zipSync(Object.fromEntries([...members].map(([k, a], i) => [`${k}.npy`, [encodeNpy(a), { level: i % 2 ? 0 : 9 }]])));
    assert.equal(listZip(mixed).map((m) => m.method), [8, 0, 8, 0]);
    const target = toyMlp(6);
    loadNpz(mixed, target);
    assertSameState(stateOf(target), stateOf(source));
  });

  test('archives are those fflate\'s zipSync writes with numpy\'s date and level, byte for byte (UTF-8 names flagged)', () => {
    const bytes = (n: number, f: (i: number) => number) => Uint8Array.from({ length: n }, (_, i) => f(i));
    const members: [string, Uint8Array][] = [
      ['W.npy', bytes(5000, (i) => (i * 7919) % 251)], ['zeros.npy', new Uint8Array(3000)], ['empty.npy', new Uint8Array(0)], ['ünï/çødé.npy', bytes(40, (i) => i)],
    ];
    for (const compression of [true, false]) {
      const expected = zipSync(Object.fromEntries(members.map(([k, d]) => [k, [d, { level: compression ? 6 : 0 }]])), { mtime: new Date(1980, 0, 1) });
      assert.equal([...writeZip(members, { compression })], [...expected]);
    }
    assert.equal([...writeZip([])], [0x50, 0x4b, 5, 6, ...new Array(18).fill(0)]);
  });

  test('CRC-32: the check value, and the kernels\' agrees with the bitwise definition at lengths around their 8-byte steps and slices', () => {
    const ascii = (text: string) => Uint8Array.from(text, (ch) => ch.charCodeAt(0));
    assert.is(kernelCrc32(ascii('123456789')), 0xcbf43926);
    assert.is(crc32(ascii('123456789')), 0xcbf43926);
    assert.is(kernelCrc32(new Uint8Array(0)), 0);
    // the definition, a bit at a time, independent of any table or runtime
    const bitwise = (data: Uint8Array) => {
      let c = 0xffffffff;
      for (const byte of data) {
        c ^= byte;
        for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
      }
      return (c ^ 0xffffffff) >>> 0;
    };
    for (const n of [1, 7, 8, 9, 15, 16, 17, 100, 65537, 1024 * 1024 + 3]) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 7919 + n) % 256);
      const expected = bitwise(data);
      assert.is(kernelCrc32(data), expected, `${n} bytes`);
      assert.is(crc32(data), expected, `${n} bytes`);
    }
  });

  test('a member of 16 MiB (many of the kernels\' 1 MiB windows in Deno and browsers) loads and verifies beside a small one', () => {
    // 4M float32 = 16 MiB of data plus the header; a pattern that deflates well but not to nothing
    const big = Float32Array.from({ length: 4 * 1024 * 1024 + 8 }, (_, i) => (i % 1021) - 510);
    const small = big.subarray(0, 1000);
    const bytes = writeNpz({ big: new NpyArray('<f4', [big.length], big), small: new NpyArray('<f4', [small.length], small) });
    const sizes = Object.fromEntries(listZip(bytes).map((m) => [m.name, m.size]));
    assert.ok(sizes['big.npy'] > 16 * 2 ** 20 && sizes['small.npy'] < 16 * 2 ** 20, JSON.stringify(sizes));
    const back = readNpz(bytes);
    assert.ok((back.get('big')!.data as Float32Array).every((v, i) => v === big[i]), 'big comes back');
    assert.equal(Array.from(back.get('small')!.data as Float32Array), Array.from(small));
    // the big member's CRC is checked on that path too
    const [member] = listZip(bytes).filter((m) => m.name === 'big.npy');
    const central = bytes.length - 22 - (46 + 'big.npy'.length) - (46 + 'small.npy'.length);
    const bad = bytes.slice();
    new DataView(bad.buffer).setUint32(central + 16, member.crc32 ^ 1, true);
    assertThrows(() => readNpz(bad), "member 'big.npy': CRC-32 mismatch");
  });

  test('a member whose data does not match the directory\'s CRC-32 or size is refused with both values', () => {
    const data = Uint8Array.from({ length: 3000 }, (_, i) => (i * 31) % 251);
    for (const compression of [true, false]) {
      const bytes = writeZip([['W.npy', data]], { compression });
      assert.equal([...readZip(bytes).get('W.npy')!], [...data]);
      const [member] = listZip(bytes);
      // the central directory's CRC (the one readers trust) off by one bit
      const badCrc = bytes.slice();
      const central = bytes.length - 22 - (46 + 5);
      new DataView(badCrc.buffer).setUint32(central + 16, member.crc32 ^ 1, true);
      assertThrows(() => readZip(badCrc, 'test'), "test: member 'W.npy': CRC-32 mismatch",
        `data ${member.crc32.toString(16).padStart(8, '0')}`, `directory ${(member.crc32 ^ 1).toString(16).padStart(8, '0')}`, 'corrupt');
      // one byte of the data changed (a stored byte, or the last literal of the deflate stream's single block)
      const badData = bytes.slice();
      badData[member.dataOffset + member.compressedSize - (compression ? 3 : 1)] ^= 0x10;
      assertThrows(() => readZip(badData, 'test'), "test: member 'W.npy'");
      if (compression) {
        // a directory that promises more bytes than the stream holds
        const badSize = bytes.slice();
        new DataView(badSize.buffer).setUint32(central + 24, data.length + 4, true);
        assertThrows(() => readZip(badSize, 'test'), "test: member 'W.npy': decompressed to 3000 bytes, the directory says 3004");
      }
    }
  });

  test('an archive past the limits of zip without zip64 (65535 members) is refused, not wrapped', () => {
    const members = Array.from({ length: 65536 }, (_, i): [string, Uint8Array] => [`m${i}`, new Uint8Array(0)]);
    assertThrows(() => writeZip(members, { compression: false }), 'writeZip', '65536 members', 'zip64');
    assert.equal(listZip(writeZip(members.slice(0, 65535), { compression: false })).length, 65535);
  });

  test('Python scalars, strings, index arrays and None take Chainer\'s dtypes and come back as JS values', () => {
    const it = new ToyIterator();
    it.current_position = 3; it.epoch = 2; it.is_new_epoch = true; it.previous_epoch_detail = 2; // a float that happens to be whole
    it.order = Int32Array.of(2, 0, 1);
    const bn = new ToyBatchNorm(2);
    bn.N = 7;
    const obj = new ToyChain({ it, bn });
    const bytes = saveNpz(obj);
    const npz = readNpz(bytes);
    assert.equal(entries(bytes), [
      ['bn/beta', '<f4', [2]], ['bn/gamma', '<f4', [2]], ['bn/avg_mean', '<f4', [2]], ['bn/avg_var', '<f4', [2]], ['bn/N', '<i8', []],
      ['it/current_position', '<i8', []], ['it/epoch', '<i8', []], ['it/is_new_epoch', '|b1', []], ['it/order', '<i8', [3]],
      ['it/previous_epoch_detail', '<f8', []],
    ]);
    assert.equal(Array.from(npz.get('it/order')!.data as BigInt64Array), [2n, 0n, 1n]);
    assert.equal(Array.from(npz.get('bn/N')!.data as BigInt64Array), [7n]);

    const it2 = new ToyIterator();
    const bn2 = new ToyBatchNorm(2, 9);
    loadNpz(bytes, new ToyChain({ it: it2, bn: bn2 }));
    assert.is(it2.current_position, 3);
    assert.is(it2.epoch, 2);
    assert.is(it2.is_new_epoch, true);
    assert.is(it2.previous_epoch_detail, 2);
    assert.ok(it2.order instanceof Int32Array);
    assert.equal(Array.from(it2.order!), [2, 0, 1]);
    assert.is(bn2.N, 7);
    assertSameState(stateOf(bn2), stateOf(bn));

    // an unshuffled iterator has no order: Chainer writes None and reads it back as None
    const plain = new ToyIterator();
    const plainBytes = saveNpz(plain);
    assert.is(readNpz(plainBytes).get('order')!.descr, '|O');
    const back = new ToyIterator();
    back.order = Int32Array.of(5);
    loadNpz(plainBytes, back);
    assert.is(back.order, null);
  });

  test('large and highly compressible arrays (zeros, as fresh optimizer state) round-trip', () => {
    const zeros = new NpyArray('<f4', [500, 200], new Float32Array(100000));
    const ramp = new NpyArray('<f8', [3000], Float64Array.from({ length: 3000 }, (_, i) => i / 7));
    const bytes = writeNpz({ zeros, ramp });
    const m = listZip(bytes).find((e) => e.name === 'zeros.npy')!;
    assert.ok(m.size > 100 * m.compressedSize, `ratio ${m.size / m.compressedSize}`);
    const back = readNpz(bytes);
    assert.ok((back.get('zeros')!.data as Float32Array).every((v) => v === 0));
    assert.equal([...back.get('zeros')!.shape], [500, 200]);
    assert.equal(Array.from(back.get('ramp')!.data as Float64Array), Array.from(ramp.data as Float64Array));
  });

  test('numbers without a kind: integers become int64, others float64; strings become <U', () => {
    const obj = { serialize(s: serializers.Serializer) { s.value('i', 3); s.value('f', 0.5); s.value('nan', Number.NaN); s.value('s', 'tanh→'); s.value('empty', ''); } };
    const npz = readNpz(saveNpz(obj));
    assert.equal([...npz].map(([k, a]) => [k, a.descr]), [['i', '<i8'], ['f', '<f8'], ['nan', '<f8'], ['s', '<U5'], ['empty', '<U1']]);
    assert.equal(npz.get('s')!.data, ['tanh→']);
    assert.equal(npz.get('empty')!.data, ['']);
    assertThrows(() => saveNpz({ serialize(s: serializers.Serializer) { s.value('t', 0.5, 'int'); } }), 'DictionarySerializer', "'t'", 'int');
  });

  test('strict loading lists every missing and mismatched key and changes nothing; keys the object lacks are ignored, as by Chainer', () => {
    // the file: l1 (4 -> 3), l2 (3 -> 2), and a layer the object lacks
    const file = new ToyChain({ predictor: new ToyChain({ l1: new ToyLinear(4, 3), l2: new ToyLinear(3, 2), extra: new ToyLinear(1, 1) }) });
    const bytes = saveNpz(file);
    // the object: l1 has 5 inputs, l2 is right, l3 is not in the file
    const model = new ToyChain({ predictor: new ToyChain({ l1: new ToyLinear(5, 3, 8), l2: new ToyLinear(3, 2, 9), l3: new ToyLinear(2, 2, 10) }) });
    const before = stateOf(model);
    let message = '';
    try { loadNpz(bytes, model); } catch (e) { message = (e as Error).message; }
    assert.ok(message.startsWith('loadNpz: the given bytes does not fit the object; nothing was loaded (3 problems)'), message);
    assert.match(message, "'predictor/l1/W': shape (3, 4) in the file, (3, 5) in the object");
    assert.match(message, "missing key 'predictor/l3/W' (float32 (2, 2) in the object)");
    assert.match(message, "missing key 'predictor/l3/b'");
    assert.not.match(message, 'predictor/extra');
    assert.not.match(message, 'predictor/l2');
    // one line per problem
    assert.is(message.split('\n').length, 4);
    assertSameState(stateOf(model), before);
    // the file's extra layer alone is no problem: Chainer's load_npz never looks at it
    const fits = new ToyChain({ predictor: new ToyChain({ l1: new ToyLinear(4, 3, 8), l2: new ToyLinear(3, 2, 9) }) });
    loadNpz(bytes, fits);
    assertSameState(stateOf(fits.children.predictor as ToyChain), stateOf(new ToyChain({ l1: new ToyLinear(4, 3), l2: new ToyLinear(3, 2) })));
  });

  test('dtype conversions cast as Chainer\'s numpy.copyto: floats round, integers narrow when they fit', () => {
    const file = (descr: string, data: serializers.NpyData, shape: number[] = [2]) => writeNpz({ x: new NpyArray(descr, shape, data) });
    const holder = (x: NDArray | number) => ({ x, serialize(s: serializers.Serializer) { this.x = s.value('x', this.x); } });
    const a = holder(array([0, 0]));
    loadNpz(file('<f8', Float64Array.of(0.5, -3)), a);
    assert.equal(Array.from((a.x as NDArray).dataSync()), [0.5, -3]);
    assert.is((a.x as NDArray).dtype, 'float32');
    // float64 -> float32 rounds to nearest, as numpy's cast (0.1 is not a float32; 1 + 2^-24 is a tie to even)
    loadNpz(file('<f8', Float64Array.of(0.1, 1 + 2 ** -24)), a);
    const rounded = new Float32Array(2);
    rounded[0] = 0.1; rounded[1] = 1 + 2 ** -24;
    assert.equal(Array.from((a.x as NDArray).dataSync()), Array.from(rounded));
    assert.equal(Array.from(rounded), [0.10000000149011612, 1]);
    // NaN and infinities stay what they are
    loadNpz(file('<f8', Float64Array.of(NaN, -Infinity)), a);
    assert.ok(Number.isNaN((a.x as NDArray).dataSync()[0]));
    assert.is((a.x as NDArray).dataSync()[1], -Infinity);
    // int64 -> float32 rounds as well (2^24 + 1 becomes 2^24)
    loadNpz(file('<i8', BigInt64Array.of(16777217n, -1n)), a);
    assert.equal(Array.from((a.x as NDArray).dataSync()), [16777216, -1]);
    const i = holder(array([0, 0], { dtype: 'int32' }));
    loadNpz(file('<i8', BigInt64Array.of(-5n, 2147483647n)), i);
    assert.equal(Array.from((i.x as NDArray).dataSync()), [-5, 2147483647]);
    assert.is((i.x as NDArray).dtype, 'int32');
    // what does not fit is refused, with the key, the dtypes and the value, and nothing changes
    const before = Array.from((a.x as NDArray).dataSync());
    assertThrows(() => loadNpz(file('<f8', Float64Array.of(0.5, 1e300)), a), "'x'", 'float64', 'float32', 'element 1', '1e+300');
    assert.equal(Array.from((a.x as NDArray).dataSync()), before);
    assertThrows(() => loadNpz(file('<i8', BigInt64Array.of(2147483648n, 0n)), i), "'x'", 'int32 range');
    assertThrows(() => loadNpz(file('<f4', Float32Array.of(1, 2)), i), "'x'", 'float32 in the file, int32 in the object');
    assertThrows(() => loadNpz(file('<U1', ['a', 'b']), a), "'x'", '<U1 in the file');
    // scalars: an int64 too large for a JS number, a fraction where an int is expected
    const n = { t: 0, serialize(s: serializers.Serializer) { this.t = s.value('t', this.t, 'int'); } };
    assertThrows(() => loadNpz(writeNpz({ t: new NpyArray('<i8', [], BigInt64Array.of(2n ** 60n)) }), n), "'t'", 'too large');
    assertThrows(() => loadNpz(writeNpz({ t: new NpyArray('<f8', [], Float64Array.of(1.5)) }), n), "'t'", 'integer');
    assertThrows(() => loadNpz(writeNpz({ t: new NpyArray('<i8', [2], BigInt64Array.of(1n, 2n)) }), n), "'t'", 'shape (2,)');
    loadNpz(writeNpz({ t: new NpyArray('<i4', [1], Int32Array.of(12)) }), n);
    assert.is(n.t, 12);
    // as Chainer's safe-casting check: a float never loads into an int, even a whole one
    // (BatchNormalization's N from float64 5.0 is a TypeError there), and only booleans
    // load into a boolean; a boolean loads into an int and anything numeric into a float
    assertThrows(() => loadNpz(writeNpz({ t: new NpyArray('<f8', [], Float64Array.of(5)) }), n), "'t'", 'float64', 'integer');
    assertThrows(() => loadNpz(writeNpz({ t: new NpyArray('<f4', [], Float32Array.of(5)) }), n), "'t'", 'float32', 'integer');
    assert.is(n.t, 12);
    loadNpz(writeNpz({ t: new NpyArray('|b1', [], Uint8Array.of(1)) }), n);
    assert.is(n.t, 1);
    const b = { flag: false, serialize(s: serializers.Serializer) { this.flag = s.value('flag', this.flag); } };
    assertThrows(() => loadNpz(writeNpz({ flag: new NpyArray('<i8', [], BigInt64Array.of(1n)) }), b), "'flag'", 'int64', 'boolean');
    assertThrows(() => loadNpz(writeNpz({ flag: new NpyArray('<f8', [], Float64Array.of(0)) }), b), "'flag'", 'float64', 'boolean');
    loadNpz(writeNpz({ flag: new NpyArray('|b1', [], Uint8Array.of(1)) }), b);
    assert.is(b.flag, true);
    const f = { x: 0.5, serialize(s: serializers.Serializer) { this.x = s.value('x', this.x, 'float'); } };
    loadNpz(writeNpz({ x: new NpyArray('<i8', [], BigInt64Array.of(3n)) }), f);
    assert.is(f.x, 3);
  });

  test('an array of a shape that broadcasts to the object\'s loads broadcast, as Chainer\'s numpy.copyto; others are refused', () => {
    const holder = (x: NDArray) => ({ x, serialize(s: serializers.Serializer) { this.x = s.value('x', this.x); } });
    const h = holder(array([[0, 0, 0], [0, 0, 0]]));
    const f4 = (shape: number[], ...v: number[]) => writeNpz({ x: new NpyArray('<f4', shape, Float32Array.from(v)) });
    loadNpz(f4([3], 1, 2, 3), h);
    assert.equal(h.x.toArray(), [[1, 2, 3], [1, 2, 3]]);
    loadNpz(f4([2, 1], 4, 5), h);
    assert.equal(h.x.toArray(), [[4, 4, 4], [5, 5, 5]]);
    loadNpz(f4([], 7), h);
    assert.equal(h.x.toArray(), [[7, 7, 7], [7, 7, 7]]);
    // leading axes of length 1 beyond the object's are dropped, as numpy.copyto drops them
    loadNpz(writeNpz({ x: new NpyArray('<i8', [1, 1, 3], BigInt64Array.of(-1n, 0n, 1n)) }), h);
    assert.equal(h.x.toArray(), [[-1, 0, 1], [-1, 0, 1]]);
    assert.equal([...h.x.shape], [2, 3]);
    // numpy: could not broadcast input array from shape (3,2) / (2,1,3) / (2,) into shape (2,3)
    assertThrows(() => loadNpz(f4([3, 2], 1, 2, 3, 4, 5, 6), h), "'x'", 'shape (3, 2) in the file, (2, 3) in the object');
    assertThrows(() => loadNpz(f4([2, 1, 3], 1, 2, 3, 4, 5, 6), h), "'x'", 'shape (2, 1, 3) in the file');
    assertThrows(() => loadNpz(f4([2], 1, 2), h), "'x'", 'shape (2,) in the file');
    assert.equal(h.x.toArray(), [[-1, 0, 1], [-1, 0, 1]]);
  });

  test('strict: false tolerates missing keys and ignores unexpected ones, as Chainer', () => {
    const bytes = saveNpz(new ToyChain({ predictor: new ToyChain({ l1: new ToyLinear(4, 3), other: new ToyLinear(1, 1) }) }));
    const model = toyMlp(4);
    const l2Before = stateOf((model.children.predictor as ToyChain).children.l2);
    loadNpz(bytes, model, { strict: false });
    const l1 = (model.children.predictor as ToyChain).children.l1 as ToyLinear;
    assert.equal(Array.from(l1.W!.dataSync()), Array.from(new ToyLinear(4, 3).W!.dataSync()));
    assertSameState(stateOf((model.children.predictor as ToyChain).children.l2), l2Before);
  });

  test('path loads a part of a file (a model inside a trainer snapshot); strictness covers only that part', () => {
    const snapshot = new ToyChain({ updater: new ToyChain({ 'model:main': toyMlp(1), iterator: new ToyIterator() }), stop_trigger: new ToyIterator() });
    const bytes = saveNpz(snapshot);
    assert.ok(readNpz(bytes).has('updater/model:main/predictor/l1/W'));
    for (const path of ['updater/model:main/', 'updater/model:main', '/updater/model:main/']) {
      const model = toyMlp(3);
      loadNpz(bytes, model, { path });
      assertSameState(stateOf(model), stateOf(toyMlp(1)));
    }
    assertThrows(() => loadNpz(bytes, toyMlp(3), { path: 'updater/' }), "under 'updater/'", "missing key 'updater/predictor/l1/W'");
  });

  test('ignoreNames leaves the named keys alone', () => {
    const bytes = saveNpz(toyMlp(1));
    const model = toyMlp(2);
    const l2Before = stateOf((model.children.predictor as ToyChain).children.l2);
    loadNpz(bytes, model, { ignoreNames: ['predictor/l2/W', 'predictor/l2/b'] });
    assertSameState(stateOf((model.children.predictor as ToyChain).children.l2), l2Before);
    const m2 = toyMlp(2);
    loadNpz(bytes, m2, { ignoreNames: (k) => k.endsWith('/b') });
    assert.equal(Array.from(((m2.children.predictor as ToyChain).children.l1 as ToyLinear).W!.dataSync()), Array.from(pattern(12, 1)));
    // with a path, the names are full keys, as Chainer compares them with path + key
    const snapshot = saveNpz(new ToyChain({ updater: new ToyChain({ 'model:main': toyMlp(1) }) }));
    const m3 = toyMlp(2);
    const l2Of = (m: ToyChain) => stateOf((m.children.predictor as ToyChain).children.l2);
    const m3l2 = l2Of(m3);
    const seen: string[] = [];
    loadNpz(snapshot, m3, { path: 'updater/model:main/', ignoreNames: (k) => { seen.push(k); return k.startsWith('updater/model:main/predictor/l2/'); } });
    assertSameState(l2Of(m3), m3l2);
    assert.ok(seen.includes('updater/model:main/predictor/l1/W'), seen.join(', '));
    const m4 = toyMlp(2);
    loadNpz(snapshot, m4, { path: 'updater/model:main/', ignoreNames: ['updater/model:main/predictor/l2/W', 'updater/model:main/predictor/l2/b'] });
    assertSameState(l2Of(m4), l2Of(toyMlp(2)));
    // a name relative to the path is not a key of the file: it ignores nothing
    const m5 = toyMlp(2);
    loadNpz(snapshot, m5, { path: 'updater/model:main/', ignoreNames: ['predictor/l2/W'] });
    assertSameState(stateOf(m5), stateOf(toyMlp(1)));
  });

  test('ignoreNames takes a single key, a single predicate, or an array mixing both, as Chainer\'s ignore_names', () => {
    const bytes = saveNpz(toyMlp(1));
    // which of the four arrays kept the model's own values (2) and which came from the file (1)
    const origins = (m: ToyChain) => {
      const [mine, file] = [stateOf(toyMlp(2)), stateOf(toyMlp(1))];
      return [...stateOf(m)].map(([k, v]) => {
        const same = (e: unknown) => { try { assertSameState(new Map([[k, v]]), new Map([[k, e]])); return true; } catch { return false; } };
        return `${k}:${same(mine.get(k)) ? 2 : same(file.get(k)) ? 1 : '?'}`;
      });
    };
    const m1 = toyMlp(2);
    loadNpz(bytes, m1, { ignoreNames: 'predictor/l2/W' });
    assert.equal(origins(m1), ['predictor/l1/W:1', 'predictor/l1/b:1', 'predictor/l2/W:2', 'predictor/l2/b:1']);
    const m2 = toyMlp(2);
    loadNpz(bytes, m2, { ignoreNames: (k: string) => k.endsWith('/b') });
    assert.equal(origins(m2), ['predictor/l1/W:1', 'predictor/l1/b:2', 'predictor/l2/W:1', 'predictor/l2/b:2']);
    const m3 = toyMlp(2);
    loadNpz(bytes, m3, { ignoreNames: ['predictor/l1/W', (k: string) => k.startsWith('predictor/l2/')] });
    assert.equal(origins(m3), ['predictor/l1/W:2', 'predictor/l1/b:1', 'predictor/l2/W:2', 'predictor/l2/b:2']);
    // Chainer raises ValueError for anything else
    assertThrows(() => loadNpz(bytes, toyMlp(2), { ignoreNames: 5 as never }), 'loadNpz', 'ignoreNames', '5');
    assertThrows(() => loadNpz(bytes, toyMlp(2), { ignoreNames: ['predictor/l1/W', null] as never }), 'loadNpz', 'ignoreNames', 'null');
  });

  test('an uninitialized parameter takes the stored array; saving one writes None, as Chainer', () => {
    const bytes = saveNpz(toyMlp(1));
    const lazy = new ToyChain({ predictor: new ToyChain({ l1: new ToyLinear(null, 3, 7), l2: new ToyLinear(null, 2, 7) }) });
    loadNpz(bytes, lazy);
    assertSameState(stateOf(lazy), stateOf(toyMlp(1)));

    const none = saveNpz(new ToyLinear(null, 2));
    assert.equal(entries(none), [['W', '|O', []], ['b', '<f4', [2]]]);
    // loading None leaves an initialized array as it is (Chainer's Link.serialize)
    const link = new ToyLinear(3, 2, 5);
    const W = link.W;
    loadNpz(none, link);
    assert.is(link.W, W);
    const lazy2 = new ToyLinear(null, 2, 5);
    loadNpz(none, lazy2);
    assert.is(lazy2.W, null);
  });

  test('arrays land on the backend of the array they replace', () => {
    const model = toyMlp(2);
    loadNpz(saveNpz(toyMlp(1)), model);
    const l1 = (model.children.predictor as ToyChain).children.l1 as ToyLinear;
    assert.ok(l1.W instanceof NDArray);
    assert.is(l1.W!.device, backend.current());
  });

  test('NpzDeserializer used directly fails on the first problem, like Chainer\'s', () => {
    const npz = readNpz(saveNpz(toyMlp(1)));
    const model = new ToyChain({ predictor: new ToyChain({ l1: new ToyLinear(4, 3), l3: new ToyLinear(1, 1) }) });
    assertThrows(() => model.serialize(new NpzDeserializer(npz)), 'NpzDeserializer', "key 'predictor/l3/W' is not in the file");
    const ok = toyMlp(9);
    ok.serialize(new NpzDeserializer(npz));
    assertSameState(stateOf(ok), stateOf(toyMlp(1)));
    const checked = toyMlp(9);
    new NpzDeserializer(npz).load(checked);
    assertSameState(stateOf(checked), stateOf(toyMlp(1)));
  });

  test('DictionarySerializer trims slashes like Chainer and collects into its target', () => {
    const s = new DictionarySerializer();
    s.child('/a/').child('b').value('/W', array([1]));
    s.value('t', 1);
    assert.equal([...s.target.keys()], ['a/b/W', 't']);
    assert.is(s.target.get('t')!.descr, '<i8');
    assert.is(s.isLoading, false);
    assert.is(new NpzDeserializer(new Map()).isLoading, true);
  });

  test('sources and targets: bytes, ArrayBuffer, Node Buffer, and file paths where there is a file system', () => {
    const source = toyMlp(1);
    const bytes = saveNpz(source);
    assert.ok(bytes instanceof Uint8Array);
    assert.equal(Array.from(saveNpz(null, source)), Array.from(bytes));
    const fromBuffer = toyMlp(2);
    loadNpz(bytes.slice().buffer, fromBuffer);
    assertSameState(stateOf(fromBuffer), stateOf(source));
    // the same content gives the same bytes (fixed timestamps)
    assert.equal(Array.from(saveNpz(toyMlp(1))), Array.from(bytes));
    assertThrows(() => loadNpz(bytes, {} as never), 'loadNpz', 'serialize');
    assertThrows(() => saveNpz(42 as never, source), 'saveNpz', 'target');
    if (!io.hasFileSystem()) {
      assertThrows(() => saveNpz('model.npz', source), 'saveNpz', 'no file system');
      assertThrows(() => loadNpz('model.npz', source), 'loadNpz', 'no file system');
      return;
    }
    const dir = tempDir();
    const path = io.joinPath(dir, 'snapshot_iter_10'); // no extension is added, as in Chainer
    assert.is(saveNpz(path, source), undefined);
    assert.equal(io.listDir(dir), ['snapshot_iter_10']);
    assert.equal(Array.from(io.readBytes(path)), Array.from(bytes));
    const fromFile = toyMlp(3);
    loadNpz(path, fromFile);
    assertSameState(stateOf(fromFile), stateOf(source));
    const buffer = io.nodeFs()!.readFileSync(path); // a Node Buffer, whose slice() shares memory
    const fromNodeBuffer = toyMlp(4);
    loadNpz(buffer, fromNodeBuffer);
    buffer.fill(0);
    assertSameState(stateOf(fromNodeBuffer), stateOf(source));
    assertThrows(() => loadNpz(io.joinPath(dir, 'missing.npz'), source), 'loadNpz', 'missing.npz');
    io.nodeFs()!.rmSync(dir, { recursive: true, force: true });
  });

  test('damaged or foreign archives name the file and the member', () => {
    const good = saveNpz(toyMlp(1));
    assertThrows(() => loadNpz(new Uint8Array(0), toyMlp(1)), 'loadNpz: the given bytes', 'not a valid zip archive');
    assertThrows(() => loadNpz(good.subarray(0, good.length - 30), toyMlp(1)), 'loadNpz', 'zip');
    const flipped = good.slice();
    const l2b = listZip(good).find((m) => m.name === 'predictor/l2/b.npy')!;
    flipped[l2b.dataOffset + 3] ^= 0x10;
    assertThrows(() => loadNpz(flipped, toyMlp(1)), 'loadNpz', "member 'predictor/l2/b.npy'");
    const foreign = zipSync({ 'readme.txt': strToU8('hello') });
    assertThrows(() => loadNpz(foreign, toyMlp(1)), 'loadNpz', "member 'readme.txt' is not an .npy array");
    // a damaged member the object asks for (one it does not ask for is never read, as by numpy.load)
    const badNpy = zipSync({ 'predictor/l1/W.npy': strToU8('\x93NUMPY\x01\x00', true) });
    assertThrows(() => loadNpz(badNpy, toyMlp(1)), "member 'predictor/l1/W.npy'", 'truncated header');
  });
});

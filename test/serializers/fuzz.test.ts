// Damaged files: a load either fails with an Error naming loadNpz, leaving the model
// bit for bit as it was, or loads every value the file holds. Never a crash, a hang or a
// half-loaded model.
import { serializers } from '../../src/index';
import { encodeNpy } from '../../src/serializers/npy';
import { writeZip } from '../../src/serializers/zip';
import { assert, describeBackends } from '../util';
import { ToyBatchNorm, ToyChain, ToyIterator, ToyLinear, assertSameState, sameBits, stateOf } from './toys';

const { saveNpz, loadNpz, readNpz } = serializers;

/** xorshift32: a seeded generator independent of the library's. */
function generator(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}
type Rng = ReturnType<typeof generator>;

/** A model whose state holds every kind of value: float arrays, int64 and float64 scalars, a bool, an index array. */
function model(seed: number) {
  const it = new ToyIterator();
  it.current_position = seed; it.epoch = seed + 1; it.is_new_epoch = seed % 2 === 0; it.previous_epoch_detail = seed + 0.25;
  it.order = Int32Array.from({ length: 6 }, (_, i) => (i * (seed + 1)) % 6);
  const bn = new ToyBatchNorm(3, seed);
  bn.N = seed * 3;
  return new ToyChain({ predictor: new ToyChain({ l1: new ToyLinear(4, 3, seed), l2: new ToyLinear(3, 2, seed + 1), bn }), iterator: it });
}

/** Offsets of zip structures: local headers, the central directory, the end record. */
function structure(bytes: Uint8Array): number[][] {
  const regions: number[][] = [];
  for (let i = 0; i + 4 <= bytes.length; i++) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] <= 6 && bytes[i + 3] <= 6) regions.push([i, Math.min(bytes.length, i + 46)]);
  }
  return regions;
}

function flipBits(bytes: Uint8Array, rng: Rng): Uint8Array {
  const out = bytes.slice();
  for (let k = 1 + rng.int(4); k > 0; k--) out[rng.int(out.length)] ^= 1 << rng.int(8);
  return out;
}

function overwriteStructure(bytes: Uint8Array, rng: Rng): Uint8Array {
  const out = bytes.slice();
  const [start, end] = rng.pick(structure(bytes));
  const at = start + rng.int(end - start);
  const value = rng.pick([0, 0xff, rng.int(256)]);
  // a byte, or a whole 16/32-bit field saturated or zeroed (sizes, offsets, counts)
  const width = rng.pick([1, 1, 2, 4]);
  for (let i = 0; i < width && at + i < out.length; i++) out[at + i] = width === 1 ? rng.int(256) : value;
  return out;
}

/** A valid archive whose .npy members are damaged (so the CRC matches the damage). */
function damageNpy(source: Uint8Array, rng: Rng): Uint8Array {
  const members = [...readNpz(source)].map(([k, a]): [string, Uint8Array] => [`${k}.npy`, encodeNpy(a)]);
  const i = rng.int(members.length);
  let npy = members[i][1].slice();
  const how = rng.int(4);
  if (how === 0) npy = npy.subarray(0, rng.int(npy.length));
  else if (how === 1) npy[rng.int(Math.min(128, npy.length))] = rng.int(256);
  else if (how === 2) {
    // rewrite a digit or character of the header text
    const at = 10 + rng.int(60);
    npy[at] = rng.pick([0x30, 0x39, 0x28, 0x29, 0x2c, 0x27, 0x20]);
  } else npy = Uint8Array.from([...npy, ...new Array(1 + rng.int(9)).fill(rng.int(256))]);
  members[i] = [members[i][0], npy];
  return writeZip(members, { compression: rng.next() < 0.5 });
}

function mutate(valid: Uint8Array[], rng: Rng): Uint8Array {
  const bytes = rng.pick(valid);
  switch (rng.int(6)) {
    case 0: return flipBits(bytes, rng);
    case 1: return bytes.subarray(0, rng.int(bytes.length));
    case 2: return overwriteStructure(bytes, rng);
    case 3: return damageNpy(bytes, rng);
    case 4: {
      // bytes inserted or removed in the middle: every later offset is off
      const at = rng.int(bytes.length);
      const n = 1 + rng.int(8);
      return rng.next() < 0.5 ? Uint8Array.from([...bytes.subarray(0, at), ...new Array(n).fill(0x41), ...bytes.subarray(at)]) : Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + n)]);
    }
    default: return flipBits(overwriteStructure(bytes, rng), rng);
  }
}

/** After a successful load, every value of the object is the file's, by an independent reading. */
function assertLoadedFromFile(obj: ToyChain, bytes: Uint8Array): void {
  const file = readNpz(bytes);
  for (const [key, value] of stateOf(obj)) {
    const stored = file.get(key);
    assert.ok(stored, `loaded, but '${key}' is not in the file`);
    const data = stored!.data as ArrayLike<number | bigint | string | null>;
    if (value && typeof value === 'object' && 'data' in value) {
      const v = value as { data: Float32Array | Int32Array };
      assert.ok(sameBits(v.data, stored!.data as Float32Array), `'${key}' differs from the file`);
    } else if (value instanceof Int32Array) {
      assert.equal(Array.from(value), Array.from(data, Number), key);
    } else {
      assert.is(Number(value), Number(data[0]), key);
    }
  }
}

describeBackends('serializers: damaged files', (test) => {
  test('1,000 corrupted or truncated files are each rejected cleanly or loaded completely', () => {
    const source = model(1);
    const valid = [saveNpz(source), saveNpz(source, { compression: false })];
    const rng = generator(20240611);
    let rejected = 0, loaded = 0;
    const reasons = new Set<string>();
    for (let n = 0; n < 1000; n++) {
      const bytes = mutate(valid, rng);
      const target = model(50 + (n % 7));
      const before = stateOf(target);
      let error: unknown = null;
      try { loadNpz(bytes, target); } catch (e) { error = e; }
      if (error) {
        rejected++;
        assert.ok(error instanceof Error, `case ${n}: threw a non-Error ${String(error)}`);
        const message = (error as Error).message;
        assert.ok(message.startsWith('loadNpz: '), `case ${n}: unwrapped error: ${message}`);
        reasons.add(message.replace(/^loadNpz: the given bytes:? ?/, '').replace(/'[^']*'|\d+|\(.*\)/g, '_').slice(0, 40));
        assertSameState(stateOf(target), before, `case ${n} (rejected)`);
      } else {
        loaded++;
        assertLoadedFromFile(target, bytes);
      }
    }
    assert.is(rejected + loaded, 1000);
    // the mutations reach many different checks, not just one
    assert.ok(rejected > 600, `only ${rejected} of 1000 damaged files were rejected`);
    assert.ok(reasons.size > 15, `only ${reasons.size} kinds of error: ${[...reasons].join(' | ')}`);
  });
});

// Creation functions refuse nonsense with an error naming the function and the argument:
// shapes, counts, numbers, dtypes, and values stored into int32 (numpy's truncation, but
// no wrap-around and no NaN turned into 0).
import { suite } from 'uvu';
import { array, arange, eye, full, fullLike, fromTyped, ones, onesLike, ops, random, zeros, zerosLike, F, HostArray, Variable } from '../../src/index';
import { assert, assertClose, assertThrows } from '../util';

const test = suite('creation arguments');
const INT32_MAX = 2 ** 31 - 1;

test('eye: n must be a non-negative integer', () => {
  assertThrows(() => eye(-1), 'eye', 'n', '-1');
  assertThrows(() => eye(1.5), 'eye', 'n', '1.5');
  assertThrows(() => eye(NaN), 'eye', 'n', 'NaN');
  assertThrows(() => eye('3' as never), 'eye', 'n', "'3'");
  assert.equal(eye(0).shape, [0, 0]);
  assert.equal(eye(2, { dtype: 'int32' }).toArray(), [[1, 0], [0, 1]]);
});

test('shapes everywhere: non-array, negative, non-integer, NaN, Infinity, too many elements', () => {
  const makers: [string, (s: never) => unknown][] = [
    ['zeros', (s) => zeros(s)], ['ones', (s) => ones(s)], ['full', (s) => full(s, 2)],
    ['fromTyped', (s) => fromTyped(new Float32Array(2), s)], ['random.normal', (s) => random.normal(s)],
    ['random.uniform', (s) => random.uniform(s)], ['random.randint', (s) => random.randint(0, 3, s)],
    ['array', (s) => array([1, 2], { shape: s })],
  ];
  for (const [op, make] of makers) {
    assertThrows(() => make(3 as never), op, 'must be an array');
    assertThrows(() => make([-1, -2] as never), op, 'non-negative integers', '-1');
    assertThrows(() => make([2, 1.5] as never), op, '[1] is 1.5');
    assertThrows(() => make([NaN] as never), op, 'NaN');
    assertThrows(() => make([Infinity] as never), op, 'Infinity');
    assertThrows(() => make(['2'] as never), op, "'2'");
    // 2^30 float32 values are 4 GiB: more than 32-bit WebAssembly memory addresses.
    assertThrows(() => make([2 ** 15, 2 ** 15] as never), op, '1073741824 elements', 'more than');
  }
  assertThrows(() => eye(2 ** 15), 'eye', '1073741824 elements');
  assertThrows(() => new HostArray(new Float32Array(2), [-1, -2]), 'HostArray', 'non-negative');
  assert.equal(zeros([0, 3]).shape, [0, 3]);
});

test('reshape and broadcastTo check their shape argument the same way', () => {
  const x = array([1, 2, 3, 4, 5, 6]);
  assertThrows(() => ops.reshape(x, 6 as never), 'reshape', 'must be an array');
  assertThrows(() => ops.reshape(x, [2, NaN]), 'reshape', 'NaN');
  assertThrows(() => ops.reshape(x, [-1, -1]), 'reshape', 'only one dimension', '-1');
  assertThrows(() => ops.reshape(x, [-2, -3]), 'reshape', 'non-negative');
  assertThrows(() => ops.reshape(x, [-1, 4]), 'reshape', '(6,)', '(-1, 4)');
  assertThrows(() => F.reshape(new Variable(x), [2, 1.5]), 'reshape', '1.5');
  assert.equal(ops.reshape(x, [3, -1]).shape, [3, 2]);
  assert.equal(new HostArray(new Float32Array(6)).reshape(-1, 3).shape, [2, 3]);
  assertThrows(() => ops.broadcastTo(x, [2, NaN]), 'broadcastTo', 'NaN');
  assertThrows(() => ops.broadcastTo(x, 6 as never), 'broadcastTo', 'must be an array');
  assertThrows(() => F.broadcastTo(new Variable(x), [Infinity, 6]), 'broadcastTo', 'Infinity');
});

test('fromTyped: only Float32Array or Int32Array, matching options.dtype', () => {
  assertThrows(() => fromTyped(new Float32Array(2), [-1, -2]), 'fromTyped', 'shape');
  assertThrows(() => fromTyped(new Uint8Array(2) as never, [2]), 'fromTyped', 'Uint8Array');
  assertThrows(() => fromTyped([1, 2] as never, [2]), 'fromTyped', 'Float32Array');
  assertThrows(() => fromTyped(new Float32Array(2), [2], { dtype: 'int32' }), 'fromTyped', 'int32', 'float32');
  assert.is(fromTyped(new Int32Array([4, 5]), [2], { dtype: 'int32' }).dtype, 'int32');
});

test('arange: start, stop and step must be finite numbers; the result type follows numpy', () => {
  assertThrows(() => arange(0, NaN), 'arange', 'stop', 'NaN');
  assertThrows(() => arange(NaN), 'arange', 'stop', 'NaN');
  assertThrows(() => arange(0, Infinity), 'arange', 'stop', 'Infinity');
  assertThrows(() => arange(-Infinity, 0), 'arange', 'start');
  assertThrows(() => arange(0, 5, NaN), 'arange', 'step');
  assertThrows(() => arange(0, 5, 0), 'arange', 'step');
  assertThrows(() => arange('5' as never), 'arange', 'stop', "'5'");
  assertThrows(() => arange(0, 2 ** 31), 'arange', 'more than');
  assertThrows(() => arange(INT32_MAX - 1, INT32_MAX + 2), 'arange', 'int32 range');
  // numpy.arange(0, 2.5) is [0., 1., 2.]: a float stop makes floats.
  const a = arange(0, 2.5);
  assert.is(a.dtype, 'float32');
  assert.equal(a.toArray(), [0, 1, 2]);
  assert.equal(arange(0.5, 3, 1, { dtype: 'int32' }).toArray(), [0, 1, 2]);
});

test('int32 storage: truncation toward zero as numpy; out of range, NaN and infinities throw', () => {
  assert.equal(array([1.5, -1.5, 2.9], { dtype: 'int32' }).toArray(), [1, -1, 2]);
  assert.equal(array([-(2 ** 31), INT32_MAX, INT32_MAX + 0.5], { dtype: 'int32' }).toArray(), [-(2 ** 31), INT32_MAX, INT32_MAX]);
  assertThrows(() => array([3e9], { dtype: 'int32' }), 'array', '3000000000', 'int32 range');
  assertThrows(() => array([[1, 2], [3, -(2 ** 31) - 1]], { dtype: 'int32' }), 'array', 'element 3', 'int32 range');
  assertThrows(() => array([NaN], { dtype: 'int32' }), 'array', 'NaN');
  assertThrows(() => array([Infinity], { dtype: 'int32' }), 'array', 'Infinity');
  assertThrows(() => array(new Float32Array([1, NaN]), { dtype: 'int32' }), 'array', 'element 1', 'NaN');
  assertThrows(() => array(new Float64Array([3e9]), { dtype: 'int32' }), 'array', 'int32 range');
  assertThrows(() => array(array([0.5, NaN]), { dtype: 'int32' }), 'array', 'NaN');
  assertThrows(() => array(new Uint32Array([2 ** 32 - 1]), { dtype: 'int32' }), 'array', '4294967295');
  assertThrows(() => array(new BigInt64Array(2) as never), 'array', 'BigInt64Array');
  assertThrows(() => array(new DataView(new ArrayBuffer(4)) as never), 'array', 'DataView');
  // float32 keeps NaN and infinities, as numpy does.
  assertClose(array([NaN, Infinity]), [NaN, Infinity]);
});

test('full and the like-functions: value must be a number, stored by the same int32 rule', () => {
  assertThrows(() => full([3], 'x' as never), 'full', 'value', "'x'");
  assertThrows(() => full([3], undefined as never), 'full', 'value', 'undefined');
  assertThrows(() => full([3], 3e9, { dtype: 'int32' }), 'full', 'int32 range');
  assertThrows(() => full([3], NaN, { dtype: 'int32' }), 'full', 'NaN');
  assert.equal(full([3], 1.5, { dtype: 'int32' }).toArray(), [1, 1, 1]);
  assertClose(full([2], NaN), [NaN, NaN]);
  assertThrows(() => zerosLike([1, 2] as never), 'zerosLike', 'NDArray', '[1, 2]');
  assertThrows(() => onesLike(undefined as never), 'onesLike', 'NDArray');
  assertThrows(() => fullLike(zeros([2]), 'x' as never), 'fullLike', 'value');
  assertThrows(() => fullLike(zeros([2]), 3e9, { dtype: 'int32' }), 'fullLike', 'int32 range');
  const z = zerosLike(array([1, 2], { dtype: 'int32' }));
  assert.is(z.dtype, 'int32');
  assert.equal(z.toArray(), [0, 0]);
});

test('random: numbers must be finite numbers, scale >= 0, integer bounds for randint', () => {
  assertThrows(() => random.uniform([3], { low: 0, high: 1 } as never), 'random.uniform', 'low', '{low, high}');
  assertThrows(() => random.uniform([3], 0, NaN), 'random.uniform', 'high', 'NaN');
  assertThrows(() => random.uniform([3], -Infinity, 0), 'random.uniform', 'low', 'Infinity');
  assertThrows(() => random.normal([3], 'a' as never, 'b' as never), 'random.normal', 'loc', "'a'");
  assertThrows(() => random.normal([3], 0, 'b' as never), 'random.normal', 'scale', "'b'");
  assertThrows(() => random.normal([3], 0, -1), 'random.normal', 'scale', '-1');
  assertThrows(() => random.normal([3], 0, 1, { dtype: 'int32' }), 'random.normal', 'float32');
  assertThrows(() => random.randint(0.5, 3, [2]), 'random.randint', 'low', '0.5');
  assertThrows(() => random.randint(0, NaN, [2]), 'random.randint', 'high', 'NaN');
  assertThrows(() => random.randint(0, 2 ** 32, [2]), 'random.randint', 'int32');
  assertThrows(() => random.randint(0, 3, [2], { dtype: 'float32' }), 'random.randint', 'int32');
  assertThrows(() => random.permutation(-1), 'random.permutation', 'n');
  assertThrows(() => random.permutation(2.5), 'random.permutation', 'n');
  const r = random.randint(-(2 ** 31), 2 ** 31, [4]).toTypedArray();
  assert.ok(r instanceof Int32Array && r.length === 4);
  assert.equal(Array.from(random.permutation(3)).sort(), [0, 1, 2]);
});

test.run();

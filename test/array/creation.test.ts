import { array, zeros, ones, full, arange, eye, random, NDArray } from '../../src/index';
import { assert, assertClose, assertThrows, describeBackends } from '../util';

describeBackends('array creation and readback', (test, backendName) => {
  test('array from nested arrays infers shape and float32', () => {
    const a = array([[1, 2, 3], [4, 5, 6]]);
    assert.equal(a.shape, [2, 3]);
    assert.is(a.dtype, 'float32');
    assert.is(a.size, 6);
    assert.is(a.ndim, 2);
    assert.is(a.device, backendName);
    assert.equal(a.toArray(), [[1, 2, 3], [4, 5, 6]]);
    assert.ok(a.toTypedArray() instanceof Float32Array);
  });

  test('array from a typed array with a shape, and int32', () => {
    const a = array(new Int32Array([1, 2, 3, 4, 5, 6]), { shape: [3, 2] });
    assert.is(a.dtype, 'int32');
    assert.equal(a.toArray(), [[1, 2], [3, 4], [5, 6]]);
    const b = array([1.7, -2.7], { dtype: 'int32' });
    assert.equal(b.toArray(), [1, -2]);
  });

  test('a misspelt option is an error, not a silent float32; arange takes its options after fewer numbers', () => {
    assertThrows(() => zeros([2], { dtyp: 'int32' } as never), 'zeros', "unknown option 'dtyp'", 'dtype');
    assertThrows(() => array([1, 2], { dtpye: 'int32' } as never), 'array', "unknown option 'dtpye'");
    assertThrows(() => full([2], 1, null as never), 'full', 'options must be an object');
    assertThrows(() => eye(2, { shape: [3] } as never), 'eye', "unknown option 'shape'");
    const a = arange(3, { dtype: 'float32' });
    assert.is(a.dtype, 'float32');
    assert.equal(a.toArray(), [0, 1, 2]);
    assert.equal(arange(1, 4, { dtype: 'float32' }).toArray(), [1, 2, 3]);
    assertThrows(() => arange(3, { foo: 1 } as never), 'arange', "unknown option 'foo'");
  });

  test('scalars are 0-d arrays', () => {
    const s = array(3.5);
    assert.equal(s.shape, []);
    assert.is(s.item(), 3.5);
    assert.is(s.toArray(), 3.5);
  });

  test('toTypedArray returns a copy that does not alias the array', () => {
    const a = array([1, 2, 3]);
    const t = a.toTypedArray();
    t[0] = 100;
    assert.equal(a.toArray(), [1, 2, 3]);
  });

  test('read() resolves to the elements', async () => {
    const a = array([[1, 2], [3, 4]]);
    assert.equal(Array.from(await a.read()), [1, 2, 3, 4]);
  });

  test('zeros, ones, full, eye', () => {
    assert.equal(zeros([2, 2]).toArray(), [[0, 0], [0, 0]]);
    assert.equal(ones([3]).toArray(), [1, 1, 1]);
    assert.equal(full([2], 7, { dtype: 'int32' }).toArray(), [7, 7]);
    assert.is(full([2], 7, { dtype: 'int32' }).dtype, 'int32');
    assert.equal(eye(3).toArray(), [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    assert.equal(zeros([0, 3]).shape, [0, 3]);
  });

  test('arange follows numpy', () => {
    assert.equal(arange(5).toArray(), [0, 1, 2, 3, 4]);
    assert.is(arange(5).dtype, 'int32');
    assert.equal(arange(2, 8, 3).toArray(), [2, 5]);
    assert.equal(arange(5, 0, -2).toArray(), [5, 3, 1]);
    assertClose(arange(0, 1, 0.25), [0, 0.25, 0.5, 0.75]);
    assert.is(arange(0, 1, 0.25).dtype, 'float32');
  });

  test('random is reproducible under random.seed and has the right moments', () => {
    random.seed(42);
    const a = random.normal([20000], 1, 2).toTypedArray();
    random.seed(42);
    const b = random.normal([20000], 1, 2).toTypedArray();
    assert.equal(Array.from(a.slice(0, 10)), Array.from(b.slice(0, 10)));
    let m = 0; for (const v of a) m += v; m /= a.length;
    let v2 = 0; for (const v of a) v2 += (v - m) ** 2; v2 /= a.length;
    assert.ok(Math.abs(m - 1) < 0.05, `mean ${m}`);
    assert.ok(Math.abs(Math.sqrt(v2) - 2) < 0.05, `std ${Math.sqrt(v2)}`);
    const u = random.uniform([20000], -3, 5).toTypedArray();
    let lo = Infinity, hi = -Infinity, mu = 0;
    for (const x of u) { lo = Math.min(lo, x); hi = Math.max(hi, x); mu += x; }
    assert.ok(lo >= -3 && hi < 5, `range ${lo} ${hi}`);
    assert.ok(Math.abs(mu / u.length - 1) < 0.1);
    random.seed(1);
    const c = random.normal([4]).toTypedArray();
    assert.not.equal(Array.from(c), Array.from(a.slice(0, 4)));
  });

  test('toString shows values like numpy', () => {
    assert.is(array([[1, 2], [3, 4]]).toString(), 'array([[1., 2.],\n       [3., 4.]])');
    assert.is(array([1, 2], { dtype: 'int32' }).toString(), 'array([1, 2], dtype=int32)');
  });

  test('bad input gives clear errors', () => {
    assertThrows(() => array([[1, 2], [3]]), 'array', 'ragged');
    assertThrows(() => array([1, 2, 3], { shape: [2, 2] }), 'array', '(2, 2)');
    assertThrows(() => zeros([2, -1]), 'zeros', 'non-negative');
    assertThrows(() => zeros([2], { dtype: 'float64' as never }), 'zeros', 'dtype');
    assertThrows(() => array([1, 2]).item(), 'item', '(2,)');
    assertThrows(() => arange(0, 5, 0), 'arange', 'step');
  });

  test('dispose makes later use an error, not a wrong answer', () => {
    const a = array([1, 2]);
    a.dispose();
    assert.ok(a.isDisposed);
    assertThrows(() => a.toArray(), 'dispose');
    assert.ok(new NDArray(array([1]).storage, [1], 'float32', a.backend).item() === 1);
  });
});

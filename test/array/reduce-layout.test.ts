import { array, ops, NDArray } from '../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../util';

/** Reference reduction over `axes` of a row-major array, in float64. */
function reduceRef(data: ArrayLike<number>, shape: number[], axes: number[], init: number, f: (acc: number, v: number) => number): { values: number[]; shape: number[] } {
  const outShape = shape.filter((_, i) => !axes.includes(i));
  const outSize = outShape.reduce((p, d) => p * d, 1);
  const out = new Array<number>(outSize).fill(init);
  const idx = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < data.length; flat++) {
    let o = 0;
    for (let d = 0; d < shape.length; d++) if (!axes.includes(d)) o = o * shape[d] + idx[d];
    out[o] = f(out[o], data[flat]);
    for (let d = shape.length - 1; d >= 0; d--) { if (++idx[d] < shape[d]) break; idx[d] = 0; }
  }
  return { values: out, shape: outShape };
}

describeBackends('NDArray reductions', (test) => {
  const shape = [2, 3, 4, 5];
  const data = randomValues(120, 11, -2, 2);
  const x = () => array(data, { shape });
  const axesCases: number[][] = [[0], [1], [3], [0, 1], [1, 2], [0, 2], [1, 3], [0, 1, 2, 3], [0, 3], []];

  for (const axes of axesCases) {
    test(`sum/max/min/prod over axes (${axes})`, () => {
      const s = reduceRef(data, shape, axes, 0, (a, v) => a + v);
      const r = ops.sum(x(), axes);
      assert.equal(r.shape, s.shape);
      assertClose(r, s.values, { atol: 1e-5 });
      assertClose(ops.max(x(), axes), reduceRef(data, shape, axes, -Infinity, Math.max).values);
      assertClose(ops.min(x(), axes), reduceRef(data, shape, axes, Infinity, Math.min).values);
      assertClose(ops.prod(x(), axes), reduceRef(data, shape, axes, 1, (a, v) => a * v).values, { rtol: 1e-4, atol: 1e-6 });
    });
  }

  test('no axis gives a 0-d result; negative axes and keepdims', () => {
    const s = ops.sum(x());
    assert.equal(s.shape, []);
    assertClose(s.item(), data.reduce((a, v) => a + v, 0), { atol: 1e-4 });
    const k = ops.sum(x(), [-1, 1], { keepdims: true });
    assert.equal(k.shape, [2, 1, 4, 1]);
    assertClose(k, reduceRef(data, shape, [1, 3], 0, (a, v) => a + v).values, { atol: 1e-5 });
  });

  test('mean divides by the reduced count', () => {
    const m = ops.mean(array([[1, 2, 3], [4, 5, 6]]), 1);
    assertClose(m, [2, 5]);
    assertClose(ops.mean(array([[1, 2], [3, 4]], { dtype: 'int32' })), 2.5);
  });

  test('argmax/argmin return int32 and the first occurrence', () => {
    const a = array([[1, 5, 5, 0], [7, 7, -1, -1]]);
    const am = ops.argmax(a, 1);
    assert.is(am.dtype, 'int32');
    assert.equal(am.toArray(), [1, 0]);
    assert.equal(ops.argmin(a, 1).toArray(), [3, 2]);
    assert.equal(ops.argmax(a, 0).toArray(), [1, 1, 0, 0]);
    assert.is(ops.argmax(a).item(), 4);
    assert.equal(ops.argmax(a, -1, { keepdims: true }).shape, [2, 1]);
  });

  test('NaN wins in max and argmax like numpy', () => {
    assert.ok(Number.isNaN(ops.max(array([1, NaN, 3])).item()));
    assert.is(ops.argmax(array([1, NaN, 3])).item(), 1);
  });

  test('int32 reductions stay int32', () => {
    const a = array([[1, 2], [3, 4]], { dtype: 'int32' });
    assert.is(ops.sum(a).dtype, 'int32');
    assert.is(ops.sum(a).item(), 10);
    assert.equal(ops.max(a, 0).toArray(), [3, 4]);
  });

  test('sumTo reverses broadcasting', () => {
    const g = array(randomValues(24, 2), { shape: [2, 3, 4] });
    const r = ops.sumTo(g, [3, 1]);
    assert.equal(r.shape, [3, 1]);
    assertClose(r, reduceRef(g.toTypedArray(), [2, 3, 4], [0, 2], 0, (a, v) => a + v).values, { atol: 1e-5 });
  });

  test('errors name the op and the axis', () => {
    assertThrows(() => ops.sum(x(), 4), 'sum', 'axis 4', 'dimension 4');
    assertThrows(() => ops.sum(x(), [1, -3]), 'sum', 'duplicate');
    assertThrows(() => ops.max(array(new Float32Array(0), { shape: [0] })), 'max', 'zero-size');
  });
});

describeBackends('NDArray layout', (test) => {
  test('reshape shares data and infers -1', () => {
    const a = ops.reshape(array([1, 2, 3, 4, 5, 6]), [2, -1]);
    assert.equal(a.toArray(), [[1, 2, 3], [4, 5, 6]]);
    assertThrows(() => ops.reshape(a, [4, -1]), 'reshape', '(2, 3)', '(4, -1)');
    assertThrows(() => ops.reshape(a, [-1, -1]), 'reshape', 'only one');
  });

  test('transpose permutes axes; none reverses them', () => {
    const data = randomValues(24, 9);
    const a = array(data, { shape: [2, 3, 4] });
    const t = ops.transpose(a, [1, 2, 0]);
    assert.equal(t.shape, [3, 4, 2]);
    const tv = t.toTypedArray();
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) {
      assert.is(tv[j * 8 + k * 2 + i], data[i * 12 + j * 4 + k]);
    }
    assert.equal(ops.transpose(a).shape, [4, 3, 2]);
    assert.equal(ops.transpose(array([[1, 2], [3, 4]])).toArray(), [[1, 3], [2, 4]]);
    assertThrows(() => ops.transpose(a, [0, 0, 1]), 'transpose', 'permutation');
  });

  test('broadcastTo, expandDims, squeeze, copy', () => {
    assert.equal(ops.broadcastTo(array([1, 2]), [2, 2]).toArray(), [[1, 2], [1, 2]]);
    assertThrows(() => ops.broadcastTo(array([1, 2, 3]), [2, 2]), 'broadcastTo', '(3,)', '(2, 2)');
    assert.equal(ops.expandDims(array([1, 2]), 0).shape, [1, 2]);
    assert.equal(ops.expandDims(array([1, 2]), -1).shape, [2, 1]);
    assert.equal(ops.squeeze(array([[[1], [2]]])).shape, [2]);
    assertThrows(() => ops.squeeze(array([[1, 2]]), 1), 'squeeze', 'axis 1');
    const c = ops.copy(array([1, 2]));
    assert.equal(c.toArray(), [1, 2]);
  });

  test('strided views with negative strides (reversal) and offsets', () => {
    const a = array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(ops.view(a, [5], [-2], 9).toArray(), [9, 7, 5, 3, 1]);
    assert.equal(ops.view(a, [2, 3], [3, 1], 1).toArray(), [[1, 2, 3], [4, 5, 6]]);
  });

  test('matmul shapes: matrix, vector and batched with broadcasting', () => {
    const A = array([[1, 2], [3, 4], [5, 6]]);
    const B = array([[1, 0, 2], [0, 1, 3]]);
    assertClose(ops.matmul(A, B), [[1, 2, 8], [3, 4, 18], [5, 6, 28]]);
    assertClose(ops.matmul(B, A, { transA: true, transB: true }), [[1, 3, 5], [2, 4, 6], [8, 18, 28]]);
    assertClose(ops.matmul(A, array([1, 1])), [3, 7, 11]);
    assertClose(ops.matmul(array([1, 1, 1]), A), [9, 12]);
    const batch = ops.matmul(array(randomValues(12, 3), { shape: [2, 3, 2] }), B);
    assert.equal(batch.shape, [2, 3, 3]);
    assertThrows(() => ops.matmul(A, A), 'matmul', '(3, 2)', '2 columns', '3 rows');
  });
});

void NDArray;

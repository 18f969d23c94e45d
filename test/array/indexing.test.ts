// NDArray-level take, scatterAdd, getItem and addAt against element-by-element references
// written here from numpy's documented semantics.
import { array, arange, ops, slice, newaxis, ellipsis, type IndexItem, type NDArray } from '../../src/index';
import { positions, product, refIndex } from './index-reference';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../util';

function floats(shape: number[], seed: number): NDArray {
  return array(randomValues(product(shape), seed, -2, 2), { shape });
}

describeBackends('ops.take and ops.scatterAdd', (test) => {
  test('take along each axis matches a loop, negative indices count from the end', () => {
    const shape = [3, 4, 5];
    const x = floats(shape, 3);
    const xd = x.toTypedArray();
    for (const axis of [0, 1, 2, -1]) {
      const a = (axis + 3) % 3;
      const idx = [[0, -1, 2], [1, 1, 0]];
      const y = ops.take(x, idx, axis);
      const outShape = [...shape.slice(0, a), 2, 3, ...shape.slice(a + 1)];
      assert.equal([...y.shape], outShape);
      const expected: number[] = [];
      for (const p of positions(outShape)) {
        const q = [...p.slice(0, a), 0, ...p.slice(a + 2)];
        const v = idx[p[a]][p[a + 1]];
        q[a] = v < 0 ? v + shape[a] : v;
        expected.push(xd[q[0] * 20 + q[1] * 5 + q[2]]);
      }
      assertClose(y, expected, { checkShape: false });
    }
  });

  test('take with a scalar index drops the axis; without axis reads the flattened array', () => {
    const x = ops.reshape(arange(12), [3, 4]);
    assertClose(ops.take(x, 2, 1), [2, 6, 10]);
    assert.equal([...ops.take(x, 2, 1).shape], [3]);
    assertClose(ops.take(x, [11, 0, -1]), [11, 0, 11]);
    assert.is(ops.take(x, [1], 0).dtype, 'int32');
    assertClose(ops.take(x, array([2, 0], { dtype: 'int32' }), 0), [[8, 9, 10, 11], [0, 1, 2, 3]]);
    assert.equal([...ops.take(x, [], 0).shape], [0, 4]);
  });

  test('take rejects out-of-range and non-integer indices, naming the axis and the index', () => {
    const x = ops.reshape(arange(12), [3, 4]);
    assertThrows(() => ops.take(x, [0, 4], 1), 'take', 'index 4', 'axis 1', 'size 4');
    assertThrows(() => ops.take(x, [-4], 0), 'take', 'index -4', 'axis 0');
    assertThrows(() => ops.take(x, array([0.5]), 0), 'take', 'int32');
    assertThrows(() => ops.take(x, [0], 2), 'take', 'axis 2');
    assertThrows(() => ops.take(ops.reshape(arange(0), [0, 2]), [0], 0), 'take', 'index 0', 'size 0');
  });

  test('scatterAdd accumulates repeated indices like numpy.add.at', () => {
    const x = floats([2, 4, 3], 5);
    const v = floats([2, 5, 3], 6);
    const idx = [3, 0, 3, -1, 1];
    const y = ops.scatterAdd(x, idx, v, 1);
    const expected = Array.from(x.toTypedArray());
    const vd = v.toTypedArray();
    for (const [o, j, i] of positions([2, 5, 3])) {
      const r = idx[j] < 0 ? idx[j] + 4 : idx[j];
      expected[o * 12 + r * 3 + i] += vd[o * 15 + j * 3 + i];
    }
    assertClose(y, expected, { checkShape: false });
    // x itself is unchanged.
    assertClose(x, floats([2, 4, 3], 5));
  });

  test('scatterAdd with wide rows (SIMD path), int32 and broadcast values', () => {
    const x = ops.reshape(arange(0, 40, 1, { dtype: 'float32' }), [4, 10]);
    const y = ops.scatterAdd(x, [2, 2, 0], array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 0);
    const expected = Array.from(x.toTypedArray());
    for (const r of [2, 2, 0]) for (let i = 0; i < 10; i++) expected[r * 10 + i] += i + 1;
    assertClose(y, expected, { checkShape: false });
    const xi = ops.reshape(arange(6), [2, 3]);
    const yi = ops.scatterAdd(xi, [1, 1], ops.reshape(arange(4), [2, 2]), 1);
    assert.is(yi.dtype, 'int32');
    assertClose(yi, [[0, 1 + 0 + 1, 2], [3, 4 + 2 + 3, 5]]);
  });

  test('scatterAdd errors', () => {
    const x = ops.reshape(arange(6, undefined, 1, { dtype: 'float32' }), [2, 3]);
    assertThrows(() => ops.scatterAdd(x, [3], array([[1], [2]]), 1), 'scatterAdd', 'index 3', 'axis 1');
    assertThrows(() => ops.scatterAdd(x, [0, 1], array([[1, 2, 3]]), 1), 'scatterAdd', 'values', '(1, 3)');
  });
});

describeBackends('ops.getItem and ops.addAt', (test) => {
  const shape = [3, 4, 5];
  const cases: [string, IndexItem[]][] = [
    ['integer', [1]],
    ['negative integers', [-1, -4]],
    ['slices with steps', [slice(1, null), slice(null, null, 2), slice(-4, -1)]],
    ['negative steps', [slice(null, null, -1), slice(3, 0, -2)]],
    ['out-of-range slice bounds clip', [slice(-10, 10), slice(5, 1, -1)]],
    ['empty slice', [slice(2, 1)]],
    ['newaxis and ellipsis', [newaxis, ellipsis, 2, newaxis]],
    ['null is newaxis', [0, null, slice(1, 3)]],
    ['one integer array', [[2, 0, 2]]],
    ['integer array on a middle axis', [slice(null), [[3, 0], [1, 1]]]],
    ['array with integers, all adjacent', [1, [0, 3], slice(null, null, -2)]],
    ['integer and array separated by a slice go first', [0, slice(null), [1, 2]]],
    ['two broadcast arrays', [[[0], [2]], [1, 3, -1]]],
    ['arrays separated by newaxis go first', [[0, 1], newaxis, [3, 0]]],
    ['array after ellipsis', [ellipsis, [4, -5, 0]]],
  ];
  for (const [name, index] of cases) {
    test(`getItem and addAt: ${name}`, () => {
      const x = floats(shape, 11);
      const ref = refIndex(shape, index);
      const y = ops.getItem(x, index);
      assert.equal([...y.shape], ref.shape, `shape of ${name}`);
      const xd = x.toTypedArray();
      assertClose(y, ref.src.map((f) => xd[f]), { checkShape: false });
      const v = floats(ref.shape, 12);
      const vd = v.toTypedArray();
      const expected = Array.from(xd);
      ref.src.forEach((f, k) => { expected[f] += vd[k]; });
      assertClose(ops.addAt(x, index, v), expected, { checkShape: false });
    });
  }

  test('the compact string form means the same tuple', () => {
    const x = floats(shape, 13);
    const pairs: [string, IndexItem[]][] = [
      ['1:, ::-1, None', [slice(1, null), slice(null, null, -1), newaxis]],
      ['..., -1', [ellipsis, -1]],
      ['[2, 0], :, 1:4:2', [[2, 0], slice(null), slice(1, 4, 2)]],
      ['0, newaxis, [[1], [3]], -2:', [0, newaxis, [[1], [3]], slice(-2, null)]],
    ];
    for (const [text, tuple] of pairs) {
      assertClose(ops.getItem(x, text), ops.getItem(x, tuple));
      assert.equal([...ops.getItem(x, text).shape], refIndex(shape, tuple).shape);
    }
    assertClose(ops.getItem(x, ['1:3', 2]), ops.getItem(x, [slice(1, 3), 2]));
  });

  test('a 2-D boolean mask selects its true positions in row-major order', () => {
    const x = ops.reshape(arange(24), [2, 3, 4]);
    const mask = [[true, false, true], [false, false, true]];
    // numpy: x[mask] == x[[0, 0, 1], [0, 2, 2]]
    assertClose(ops.getItem(x, [mask]), ops.getItem(x, [[0, 0, 1], [0, 2, 2]]));
    assert.equal([...ops.getItem(x, [mask]).shape], [3, 4]);
    assertClose(ops.getItem(x, [slice(null), slice(null), [true, false, false, true]]), [[[0, 3], [4, 7], [8, 11]], [[12, 15], [16, 19], [20, 23]]]);
  });

  test('int32 arrays index, and int32 data keeps its dtype', () => {
    const x = ops.reshape(arange(12), [3, 4]);
    const y = ops.getItem(x, [array([2, 0], { dtype: 'int32' }), 1]);
    assert.is(y.dtype, 'int32');
    assertClose(y, [9, 1]);
  });

  test('a 0-d array and a full index', () => {
    const x = ops.reshape(arange(6, undefined, 1, { dtype: 'float32' }), [2, 3]);
    const y = ops.getItem(x, [1, 2]);
    assert.equal([...y.shape], []);
    assert.is(y.item(), 5);
    assert.equal([...ops.getItem(ops.getItem(x, [0, 0]), [newaxis]).shape], [1]);
    assert.equal([...ops.getItem(x, [ellipsis]).shape], [2, 3]);
  });

  test('errors name getItem, the axis and the index', () => {
    const x = floats(shape, 14);
    assertThrows(() => ops.getItem(x, [3]), 'getItem', 'index 3', 'axis 0', 'size 3');
    assertThrows(() => ops.getItem(x, [0, -5]), 'getItem', 'index -5', 'axis 1', 'size 4');
    assertThrows(() => ops.getItem(x, [slice(null), [0, 4]]), 'getItem', 'index 4', 'axis 1');
    assertThrows(() => ops.getItem(x, [ellipsis, [7]]), 'getItem', 'index 7', 'axis 2');
    assertThrows(() => ops.getItem(x, [0, 0, 0, 0]), 'getItem', 'too many indices');
    assertThrows(() => ops.getItem(x, [ellipsis, 0, ellipsis]), 'getItem', 'single ellipsis');
    assertThrows(() => ops.getItem(x, [array([0.5])]), 'getItem', 'int32');
    assertThrows(() => ops.getItem(x, [1.5]), 'getItem', 'integers');
    assertThrows(() => ops.getItem(x, [[0, 1], [0, 1, 2]]), 'getItem', 'broadcast');
    assertThrows(() => ops.getItem(x, '1:2:0'), 'getItem', 'zero');
    assertThrows(() => ops.getItem(x, 'a:b'), 'getItem', "'a:b'");
    assertThrows(() => ops.getItem(x, [[true, false]]), 'getItem', 'boolean index', 'axis 0');
    assertThrows(() => slice(0, 3, 0), 'slice', 'zero');
  });
});

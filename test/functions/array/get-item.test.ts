import { F, Variable, arange, array, grad, gradientCheck, ops, slice, newaxis, ellipsis, type IndexItem, type NDArray } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';
import { product, refIndex } from '../../array/index-reference';

function data(shape: number[], seed: number): NDArray {
  return array(randomValues(product(shape), seed, -2, 2), { shape });
}

const SHAPE = [3, 4, 5];
const CASES: [string, IndexItem[]][] = [
  ['integers', [1, -1]],
  ['slices with negative steps', [slice(null, null, -1), slice(3, 0, -2), slice(1, null)]],
  ['newaxis and ellipsis', [newaxis, ellipsis, -2]],
  ['integer array with repeats', [[2, 0, 2, 2]]],
  ['array on a middle axis with a slice', [slice(1, 3), [[3, 0], [3, 3]]]],
  ['integer and array separated by a slice', [0, slice(null), [1, 4, 1]]],
  ['two broadcast arrays', [[[0], [2]], [1, 3, 1]]],
];

describeBackends('F.getItem', (test) => {
  for (const [name, index] of CASES) {
    test(`values and gradient: ${name}`, () => {
      const x = data(SHAPE, 1);
      const ref = refIndex(SHAPE, index);
      const y = F.getItem(new Variable(x), index);
      assert.is(y.creator!.label, 'GetItem');
      assert.equal([...y.shape], ref.shape);
      const xd = x.dataSync();
      assertClose(y, ref.src.map((f) => xd[f]), { checkShape: false });
      gradientCheck.checkBackward((v) => F.getItem(v, index), [x]);
    });
  }

  test('an ellipsis between index arrays separates them even when it stands for no axis', () => {
    // numpy: x[:, [0, 2], ..., [1, 3]] on (2, 3, 4) puts the broadcast axis first.
    const x = new Variable(ops.reshape(arange(24, undefined, 1, { dtype: 'float32' }), [2, 3, 4]));
    const y = F.getItem(x, [slice(null), [0, 2], ellipsis, [1, 3]]);
    assertClose(y, [[1, 13], [11, 23]]);
    const x4 = ops.reshape(arange(48, undefined, 1, { dtype: 'float32' }), [2, 2, 3, 4]);
    assertClose(F.getItem(x4, [slice(1, null), [0], ellipsis, [[2], [0]], 1]), [[[33]], [[25]]]);
    gradientCheck.checkBackward((v) => F.getItem(v, [slice(null), [0, 2], ellipsis, [1, 3]]), [data([2, 3, 4], 9)]);
  });

  test('the gradient accumulates at repeated indices (numpy.add.at)', () => {
    const x = new Variable(data([4, 2], 2));
    const y = F.getItem(x, [[1, 3, 1, 1]]);
    y.grad = array(Float32Array.from({ length: 8 }, () => 1), { shape: [4, 2] });
    y.backward();
    assertClose(x.grad!, [[0, 0], [3, 3], [0, 0], [1, 1]]);
  });

  test('double backprop through GetItemGrad', () => {
    for (const index of [[slice(null, null, -2), 1], [[0, 2, 0], newaxis], [0, slice(null), [1, 1]]] as IndexItem[][]) {
      const x = data(SHAPE, 3);
      const outShape = refIndex(SHAPE, index).shape;
      gradientCheck.checkDoubleBackward((v) => F.getItem(v, index).mul(F.getItem(v, index)), [x], [data(outShape, 4)], [data(SHAPE, 5)]);
    }
    // The gradient of the gradient is a GetItem again.
    const x = new Variable(data(SHAPE, 6));
    const y = F.getItem(x, [[0, 0], 1]);
    const [gx] = grad([y], [x], { gradOutputs: [new Variable(data([2, 5], 7))], enableDoubleBackprop: true });
    assert.is(gx!.creator!.label, 'GetItemGrad');
  });

  test('Variable.getItem and the string form', () => {
    const x = new Variable(data(SHAPE, 8));
    assertClose(x.getItem('1:, ::-1, None, 2'), F.getItem(x, [slice(1, null), slice(null, null, -1), newaxis, 2]));
    assertClose(x.getItem(-1), F.getItem(x, [2]));
    assert.equal([...x.getItem('..., [0, 4], None').shape], [3, 4, 2, 1]);
  });

  test('the string form reads a lone list of lists as Chainer reads x[[[0, 1], [2, 2]]]: the index tuple', () => {
    // Chainer 7.8.1 on arange(60).reshape(3, 4, 5): x[[[0, 1], [2, 2]]] is x[[0, 1], [2, 2]],
    // shape (2, 5): [10..14, 30..34]; x[[[0], [1]]] is x[[0], [1]] = [[5, 6, 7, 8, 9]];
    // x[[[True, False, True]]] is the mask [True, False, True], shape (2, 4, 5).
    const x = new Variable(ops.reshape(arange(60, undefined, 1, { dtype: 'float32' }), [3, 4, 5]));
    const y = x.getItem('[[0, 1], [2, 2]]');
    assertClose(y, [[10, 11, 12, 13, 14], [30, 31, 32, 33, 34]]);
    y.grad = array([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]);
    y.backward();
    assertClose(F.getItem(x.grad!, '[0, 1], 2'), [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]);
    assertClose(F.sum(x.grad!), 55);
    assertClose(x.getItem('[[0], [1]]'), [[5, 6, 7, 8, 9]]);
    assert.equal([...x.getItem('[[True, False, True]]').shape], [2, 4, 5]);
    // A list of integers stays one index; inside a longer tuple a nested list stays one index.
    assert.equal([...x.getItem('[0, 2, 2]').shape], [3, 4, 5]);
    assert.equal([...x.getItem('[[0, 1], [2, 2]], 1').shape], [2, 2, 5]);
  });

  test('a JS array of booleans is one mask, as Chainer reads F.get_item(x, [True, False, True])', () => {
    // Chainer 7.8.1: rows 0 and 2, and the gradient scattered back to them.
    const x = new Variable(array([[1, 2], [3, 4], [5, 6]]));
    const y = F.getItem(x, [true, false, true]);
    assertClose(y, [[1, 2], [5, 6]]);
    y.grad = array([[1, 1], [2, 2]]);
    y.backward();
    assertClose(x.grad!, [[1, 1], [0, 0], [2, 2]]);
    assertClose(x.getItem([true, true, false]), [[1, 2], [3, 4]]);
  });

  test("a comparison's result is a mask, as numpy's x[x > 0]; other int32 arrays index by position", () => {
    // numpy: x = [[1, -2], [3, -4]]; x[x > 0] is [1, 3]; x[[1, 0]] swaps the rows
    const xs = array([[1, -2], [3, -4]]);
    const x = new Variable(xs);
    const positive = ops.greater(xs, 0);
    assert.is(positive.dtype, 'int32');
    const y = F.getItem(x, positive);
    assertClose(y, [1, 3]);
    F.sum(y).backward();
    assertClose(x.grad!, [[1, 0], [1, 0]]);
    assertClose(x.getItem(ops.lessEqual(xs, -3)), [-4]);
    assertClose(F.getItem(x, [ops.equal(array([0, 1]), 1)]), [[3, -4]]);
    // the same 0/1 values made any other way are positions
    assertClose(F.getItem(x, array([[1, 0], [1, 0]], { dtype: 'int32' })), [[[3, -4], [1, -2]], [[3, -4], [1, -2]]]);
    assertClose(F.getItem(x, ops.mul(positive, 1)), [[[3, -4], [1, -2]], [[3, -4], [1, -2]]]);
  });

  test('out-of-range indices name getItem, the axis and the index', () => {
    const x = new Variable(data(SHAPE, 9));
    assertThrows(() => F.getItem(x, [0, 4]), 'getItem', 'index 4', 'axis 1', 'size 4');
    assertThrows(() => x.getItem([slice(null), slice(null), [0, -6]]), 'getItem', 'index -6', 'axis 2', 'size 5');
    assertThrows(() => F.getItem(x, [0, 0, 0, 0]), 'getItem', 'too many indices');
    assertThrows(() => F.getItem(x, 'x'), 'getItem', "'x'");
  });
});

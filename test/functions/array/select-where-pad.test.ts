import { F, Variable, array, gradientCheck, ops, zeros, type NDArray } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';
import { positions, product } from '../../array/index-reference';

function data(shape: number[], seed: number): NDArray {
  return array(randomValues(product(shape), seed, -2, 2), { shape });
}

function ints(values: number[] | number[][]): NDArray {
  return array(values, { dtype: 'int32' });
}

function at(x: NDArray, p: number[]): number {
  let f = 0;
  p.forEach((v, i) => { f = f * x.shape[i] + v; });
  return x.dataSync()[f];
}

describeBackends('F.selectItem', (test) => {
  test('y[i] = x[i, t[i]] (Chainer example) and its gradient', () => {
    assertClose(F.selectItem(array([[0, 1, 2], [3, 4, 5]]), ints([0, 2])), [0, 5]);
    const x = data([4, 5], 1);
    const t = ints([4, 0, 2, 4]);
    const y = F.selectItem(new Variable(x), t);
    assert.is(y.creator!.label, 'SelectItem');
    assertClose(y, [at(x, [0, 4]), at(x, [1, 0]), at(x, [2, 2]), at(x, [3, 4])]);
    gradientCheck.checkBackward((v) => F.selectItem(v, t), [x]);
    gradientCheck.checkDoubleBackward((v) => F.selectItem(v, t).mul(F.selectItem(v, t)), [x], [data([4], 2)]);
    const v = new Variable(x);
    F.selectItem(v, t).sum().backward();
    assertClose(v.grad!, [[0, 0, 0, 0, 1], [1, 0, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 0, 1]]);
  });

  test('labels out of [0, n) and bad shapes are errors naming selectItem', () => {
    const x = data([2, 3], 3);
    assertThrows(() => F.selectItem(x, ints([0, 3])), 'selectItem', 'index 3', 't[1]', 'axis 1', 'size 3');
    // A negative label is not "from the end": Chainer requires 0 <= t < n.
    assertThrows(() => F.selectItem(x, ints([-1, 0])), 'selectItem', 'index -1', 't[0]');
    assertThrows(() => F.selectItem(x, ints([0, 1, 2])), 'selectItem', 't', '(2,)');
    assertThrows(() => F.selectItem(x, array([0, 1])), 'selectItem', 'int32');
    assertThrows(() => F.selectItem(data([2, 3, 1], 4), ints([0, 1])), 'selectItem', '2-dimensional');
  });
});

describeBackends('F.where', (test) => {
  test('chooses by an int32 mask; gradients go to x where true, y elsewhere', () => {
    const c = ints([[1, 0, 1], [0, 0, 1]]);
    const x = data([2, 3], 5), y = data([2, 3], 6);
    const z = F.where(c, new Variable(x), new Variable(y));
    assert.is(z.creator!.label, 'Where');
    assertClose(z, [...positions([2, 3])].map((p) => (at(c, p) ? at(x, p) : at(y, p))), { checkShape: false });
    gradientCheck.checkBackward((a, b) => F.where(c, a, b), [x, y]);
    gradientCheck.checkDoubleBackward((a, b) => F.where(c, a.mul(a), b.mul(b)), [x, y], [data([2, 3], 7)]);
    const xv = new Variable(x), yv = new Variable(y);
    F.where(c, xv, yv).sum().backward();
    assertClose(xv.grad!, [[1, 0, 1], [0, 0, 1]]);
    assertClose(yv.grad!, [[0, 1, 0], [1, 1, 0]]);
  });

  test('broadcasting and number operands; gradients summed to each shape', () => {
    const c = ints([[1], [0]]);
    const x = data([3], 8), y = data([2, 1], 9);
    const z = F.where(c, x, y);
    assert.equal([...z.shape], [2, 3]);
    assertClose(z, [...positions([2, 3])].map(([i, j]) => (i === 0 ? at(x, [j]) : at(y, [i, 0]))), { checkShape: false });
    gradientCheck.checkBackward((a, b) => F.where(c, a, b), [x, y]);
    assertClose(F.where(ints([1, 0, 1]), data([3], 10), 0), [at(data([3], 10), [0]), 0, at(data([3], 10), [2])]);
    gradientCheck.checkBackward((a) => F.where(ints([0, 1]), -1, a), [data([2], 11)]);
  });

  test('errors: float condition, mismatched dtypes, incompatible shapes', () => {
    assertThrows(() => F.where(array([1, 0]), zeros([2]), zeros([2])), 'where', 'condition', 'int32');
    assertThrows(() => F.where(ints([1, 0]), zeros([2]), zeros([2], { dtype: 'int32' })), 'where', 'dtype');
    assertThrows(() => F.where(ints([1, 0]), zeros([3]), zeros([3])), 'where', '(2,)', '(3,)');
  });
});

describeBackends('F.pad', (test) => {
  test('constant padding: values, node name and gradient (the interior)', () => {
    const x = data([2, 3], 12);
    const y = F.pad(new Variable(x), [[1, 2], [0, 1]], 'constant', { constantValues: 5 });
    assert.is(y.creator!.label, 'Pad');
    assert.equal([...y.shape], [5, 4]);
    assertClose(y, [...positions([5, 4])].map(([i, j]) => (i >= 1 && i < 3 && j < 3 ? at(x, [i - 1, j]) : 5)), { checkShape: false });
    gradientCheck.checkBackward((v) => F.pad(v, [[1, 2], [0, 1]], 'constant'), [x]);
    gradientCheck.checkBackward((v) => F.pad(v, 2), [data([3], 13)]);
    gradientCheck.checkDoubleBackward((v) => F.pad(v.mul(v), 1), [x], [data([4, 5], 14)]);
  });

  test('edge, reflect, symmetric and wrap: exact gradients that add every copy back', () => {
    const x = data([3, 4], 15);
    for (const mode of ['edge', 'reflect', 'symmetric', 'wrap'] as const) {
      const y = F.pad(x, [[2, 1], [3, 5]], mode);
      assert.equal([...y.shape], [6, 12]);
      gradientCheck.checkBackward((v) => F.pad(v, [[2, 1], [3, 5]], mode), [x]);
      gradientCheck.checkDoubleBackward((v) => F.pad(v.mul(v), 1, mode), [x], [data([5, 6], 16)]);
    }
    // The edge element is copied three times on the left: its gradient counts them.
    const v = new Variable(array([1, 2, 3]));
    F.pad(v, [3, 0], 'edge').sum().backward();
    assertClose(v.grad!, [4, 1, 1]);
    assertClose(F.pad(array([1, 2, 3]), [2, 2], 'reflect'), ops.pad(array([1, 2, 3]), [2, 2], 'reflect'));
    assertClose(F.pad(array([1, 2, 3]), [2, 2], 'reflect'), [3, 2, 1, 2, 3, 2, 1]);
  });

  test('errors name pad and the argument', () => {
    const x = data([2, 3], 17);
    assertThrows(() => F.pad(x, [[1, 1], [1, 1], [1, 1]]), 'pad', 'padWidth');
    assertThrows(() => F.pad(x, -1), 'pad', 'non-negative');
    assertThrows(() => F.pad(x, 1, 'linear_ramp' as 'edge'), 'pad', "mode 'linear_ramp'");
    assertThrows(() => F.pad(ints([1, 2]), 1), 'pad', 'float32');
  });
});

import { F, Variable, array, gradientCheck, ops } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';
import { logsumexpRef, product, reduceAxis } from '../reference';

function data(shape: number[], seed: number, scale = 3) {
  return array(randomValues(product(shape), seed, -scale, scale), { shape });
}

describeBackends('F.logsumexp', (test) => {
  test('over every axis, one axis and a tuple of axes', () => {
    const x = data([3, 4, 5], 1);
    const v = Array.from(x.dataSync());
    const all = F.logsumexp(x);
    assert.equal([...all.shape], []);
    assertClose(all, logsumexpRef(v), { atol: 1e-5 });
    for (const axis of [0, 1, 2, -1]) {
      const a = axis < 0 ? axis + 3 : axis;
      const y = F.logsumexp(x, axis);
      assertClose(y, reduceAxis(v, [3, 4, 5], a, logsumexpRef), { atol: 1e-5 });
      assert.equal([...y.shape], [3, 4, 5].filter((_, i) => i !== a));
    }
    // axes (0, 2): not contiguous, reduce the reference by transposing by hand
    const want: number[] = [];
    for (let j = 0; j < 4; j++) {
      const line: number[] = [];
      for (let i = 0; i < 3; i++) for (let k = 0; k < 5; k++) line.push(v[(i * 4 + j) * 5 + k]);
      want.push(logsumexpRef(line));
    }
    assertClose(F.logsumexp(x, [0, 2]), Float64Array.from(want), { atol: 1e-5 });
    assert.equal([...F.logsumexp(x, [0, 2], { keepdims: true }).shape], [1, 4, 1]);
  });

  test('no overflow for large values', () => {
    assertClose(F.logsumexp(array([1000, 1000])), 1000 + Math.log(2), { atol: 1e-3 });
    assertClose(F.logsumexp(array([[-1000, -1000, -1000]]), 1), [-1000 + Math.log(3)], { atol: 1e-3 });
  });

  test('node name, gradient and double backprop', () => {
    assert.is(F.logsumexp(new Variable(data([2, 3], 1))).creator!.label, 'LogSumExp');
    gradientCheck.checkBackward((v) => F.logsumexp(v), [data([3, 4], 2)]);
    gradientCheck.checkBackward((v) => F.logsumexp(v, 1), [data([3, 4, 2], 3)]);
    gradientCheck.checkBackward((v) => F.logsumexp(v, [0, 2]), [data([3, 4, 2], 4)]);
    gradientCheck.checkDoubleBackward((v) => F.logsumexp(v, 0), [data([3, 4], 5)], [data([4], 6, 1)], [data([3, 4], 7, 1)]);
  });

  test('ops.logsumexp keepdims and errors', () => {
    const x = data([2, 3], 8);
    assert.equal([...ops.logsumexp(x, 1, { keepdims: true }).shape], [2, 1]);
    assertThrows(() => F.logsumexp(x, 2), 'logsumexp', 'axis');
    assertThrows(() => F.logsumexp(array([1, 2], { dtype: 'int32' })), 'logsumexp', 'x');
    // numpy's max, which Chainer's logsumexp starts with, raises over an empty axis
    // (Chainer 7.8.1 for a (2, 0, 3) x: axis None and axis 1 raise, axis 0 gives (0, 3)).
    const empty = array([], { shape: [2, 0, 3] });
    assertThrows(() => F.logsumexp(empty), 'logsumexp', 'zero-size axis 1');
    assertThrows(() => F.logsumexp(empty, [0, 1]), 'logsumexp', 'zero-size axis 1');
    assert.equal([...F.logsumexp(empty, 0).shape], [0, 3]);
  });
});

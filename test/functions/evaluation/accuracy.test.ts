import { F, Variable, array } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';

describeBackends('F.accuracy', (test) => {
  test('argmax over axis 1 compared with the labels', () => {
    const y = array([[0.1, 0.7, 0.2], [0.5, 0.1, 0.4], [0.2, 0.2, 0.6], [0.9, 0.05, 0.05]]);
    const t = array([1, 2, 2, 0], { dtype: 'int32' });
    const acc = F.accuracy(y, t);
    assert.equal([...acc.shape], []);
    assert.is(acc.dtype, 'float32');
    assertClose(acc, 0.75);
    assert.is(acc.creator, null);
  });

  test('ignoreLabel: ignored rows count neither as hits nor in the divisor', () => {
    const y = array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4]]);
    const t = array([1, -1, 0, -1], { dtype: 'int32' });
    assertClose(F.accuracy(y, t, { ignoreLabel: -1 }), 0.5);
    // every label ignored: 0, as Chainer
    assertClose(F.accuracy(y, array([-1, -1, -1, -1], { dtype: 'int32' }), { ignoreLabel: -1 }), 0);
  });

  test('class axis 1 of an (N, C, d) array, against a reference loop', () => {
    const N = 3, C = 4, D = 5;
    const y = array(randomValues(N * C * D, 9), { shape: [N, C, D] });
    const tv = Int32Array.from({ length: N * D }, (_, i) => (i * 7) % C);
    const yv = y.dataSync();
    let hits = 0;
    for (let n = 0; n < N; n++) for (let d = 0; d < D; d++) {
      let best = 0;
      for (let c = 1; c < C; c++) if (yv[(n * C + c) * D + d] > yv[(n * C + best) * D + d]) best = c;
      if (best === tv[n * D + d]) hits++;
    }
    assertClose(F.accuracy(new Variable(y), array(tv, { shape: [N, D] })), hits / (N * D));
  });

  test('trailing axes of size 1 in y that t lacks, and an empty batch', () => {
    // y (2, 3, 1, 1) with t (2,), as Chainer's type check allows (argmax reshaped to t's shape).
    const y = array([[[[0.1]], [[0.7]], [[0.2]]], [[[0.5]], [[0.1]], [[0.4]]]]);
    assertClose(F.accuracy(y, array([1, 2], { dtype: 'int32' })), 0.5);
    // y (1, 2, 3, 1) with t (1, 3)
    const y2 = array([[[[1], [0], [5]], [[2], [3], [4]]]]);
    assertClose(F.accuracy(y2, array([[1, 0, 0]], { dtype: 'int32' })), 2 / 3);
    assertThrows(() => F.accuracy(array([[[0.1, 0.2]]]), array([0], { dtype: 'int32' })), 'accuracy', 't');
    // No labels: Chainer's mean over nothing is NaN; with an ignoreLabel its guard gives 0.
    const empty = array(new Float32Array(0), { shape: [0, 3] }), none = array([], { dtype: 'int32', shape: [0] });
    assert.ok(Number.isNaN(F.accuracy(empty, none).item()));
    assertClose(F.accuracy(empty, none, { ignoreLabel: -1 }), 0);
  });

  test('errors name the argument', () => {
    const y = array([[0.1, 0.9]]);
    assertThrows(() => F.accuracy(y, array([1])), 'accuracy', 't', 'int32');
    assertThrows(() => F.accuracy(array([[1, 2]], { dtype: 'int32' }), array([1], { dtype: 'int32' })), 'accuracy', 'y');
    assertThrows(() => F.accuracy(y, array([1, 0], { dtype: 'int32' })), 'accuracy', 't');
  });
});

import { F, Variable, array, gradientCheck } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';

// y[n, o] = sum_i x[n, i] W[o, i] + b[o], in float64.
function linearRef(x: Float32Array, W: Float32Array, b: Float32Array | null, N: number, I: number, O: number): Float64Array {
  const y = new Float64Array(N * O);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      let s = b ? b[o] : 0;
      for (let i = 0; i < I; i++) s += x[n * I + i] * W[o * I + i];
      y[n * O + o] = s;
    }
  }
  return y;
}

describeBackends('F.linear', (test) => {
  test('hand-computed values: y = x W^T + b, W is (out, in)', () => {
    const x = new Variable(array([[1, 2, 3], [-1, 0, 2]]));
    const W = new Variable(array([[1, 0, -1], [2, 1, 0]]));
    const b = array([0.5, -1]);
    const y = F.linear(x, W, b);
    assertClose(y, [[-1.5, 3], [-2.5, -3]]);
    assert.is(y.creator!.label, 'LinearFunction');
    assertClose(F.linear(x, W), [[-2, 4], [-3, -2]]);
  });

  test('values against a reference loop (sizes off the SIMD tile)', () => {
    const N = 7, I = 13, O = 9;
    const xd = randomValues(N * I, 1), Wd = randomValues(O * I, 2), bd = randomValues(O, 3);
    const y = F.linear(array(xd, { shape: [N, I] }), array(Wd, { shape: [O, I] }), array(bd));
    assert.equal(y.shape, [N, O]);
    assertClose(y, linearRef(xd, Wd, bd, N, I, O), { atol: 1e-5 });
  });

  test('x is flattened after nBatchAxes', () => {
    const xd = randomValues(2 * 3 * 4, 4), Wd = randomValues(5 * 12, 5);
    const y = F.linear(array(xd, { shape: [2, 3, 4] }), array(Wd, { shape: [5, 12] }));
    assert.equal(y.shape, [2, 5]);
    assertClose(y, linearRef(xd, Wd, null, 2, 12, 5), { atol: 1e-5 });
    const W4 = randomValues(5 * 4, 6);
    const y2 = F.linear(array(xd, { shape: [2, 3, 4] }), array(W4, { shape: [5, 4] }), null, { nBatchAxes: 2 });
    assert.equal(y2.shape, [2, 3, 5]);
    assertClose(y2, linearRef(xd, W4, null, 6, 4, 5), { atol: 1e-5 });
  });

  test('nBatchAxes of x.ndim or more leaves one feature per element (as Chainer)', () => {
    // Chainer 7.8.1: F.linear(x (2, 3), W (4, 1), b, n_batch_axes=2 or 3) reshapes x to (6, 1): y is (2, 3, 4).
    const xd = randomValues(2 * 3, 12), Wd = randomValues(4, 13), bd = randomValues(4, 14);
    for (const nBatchAxes of [2, 3]) {
      const y = F.linear(array(xd, { shape: [2, 3] }), array(Wd, { shape: [4, 1] }), array(bd), { nBatchAxes });
      assert.equal(y.shape, [2, 3, 4]);
      assertClose(y, linearRef(xd, Wd, bd, 6, 1, 4), { atol: 1e-6 });
    }
    gradientCheck.checkBackward((x, W, b) => F.linear(x, W, b, { nBatchAxes: 2 }), [array(xd, { shape: [2, 3] }), array(Wd, { shape: [4, 1] }), array(bd)]);
  });

  test('gradients of x, W and b', () => {
    const x = array(randomValues(4 * 6, 7), { shape: [4, 6] });
    const W = array(randomValues(3 * 6, 8), { shape: [3, 6] });
    const b = array(randomValues(3, 9));
    gradientCheck.checkBackward((x, W, b) => F.linear(x, W, b), [x, W, b]);
    gradientCheck.checkBackward((x, W) => F.linear(x, W), [x, W]);
    const x3 = array(randomValues(2 * 3 * 2, 10), { shape: [2, 3, 2] });
    gradientCheck.checkBackward((x, W) => F.linear(x, W, null, { nBatchAxes: 2 }), [x3, array(randomValues(4 * 2, 11), { shape: [4, 2] })]);
  });

  test('gradient values: gx = gy W, gW = gy^T x, gb = sum of gy', () => {
    const x = new Variable(array([[1, 2], [3, 4]]));
    const W = new Variable(array([[1, -1], [0, 2], [1, 1]]));
    const b = new Variable(array([0, 0, 0]));
    const y = F.linear(x, W, b);
    y.grad = array([[1, 0, 2], [0, 1, -1]]);
    y.backward();
    assertClose(x.grad!, [[3, 1], [-1, 1]]);
    assertClose(W.grad!, [[1, 2], [3, 4], [-1, 0]]);
    assertClose(b.grad!, [1, 1, 1]);
  });

  test('double backprop', () => {
    const x = array(randomValues(3 * 4, 12), { shape: [3, 4] });
    const W = array(randomValues(2 * 4, 13), { shape: [2, 4] });
    const b = array(randomValues(2, 14));
    const gy = array(randomValues(3 * 2, 15), { shape: [3, 2] });
    const ggx = [x, W, b].map((a, i) => array(randomValues(a.size, 20 + i), { shape: a.shape }));
    gradientCheck.checkDoubleBackward((x, W, b) => F.linear(x, W, b), [x, W, b], gy, ggx);
  });

  test('errors name linear and the argument', () => {
    const W = array(new Float32Array(10 * 784), { shape: [10, 784] });
    assertThrows(() => F.linear(array(new Float32Array(2 * 783), { shape: [2, 783] }), W), 'linear', 'x.shape[1] (783) must equal W.shape[1] (784)');
    assertThrows(() => F.linear(array(new Float32Array(784), { shape: [784] }), W), 'linear', 'x');
    assertThrows(() => F.linear(array(new Int32Array(2 * 784), { shape: [2, 784], dtype: 'int32' }), W), 'linear', 'x', 'int32');
    assertThrows(() => F.linear(array([[1, 2]]), array([1, 2])), 'linear', 'W');
    assertThrows(() => F.linear(array([[1, 2]]), array([[1, 2]]), array([1, 2])), 'linear', 'b');
  });
});

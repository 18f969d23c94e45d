import { L, NDArray, Variable, array, usingConfig } from '../../src/index';
import type { SerialValue } from '../../src/serializers/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../util';
import { checkLinkBackward } from './link-gradient';
import { MemorySerializer } from './memory-serializer';

/** Per-channel statistics of x (N, C, ...) over every axis but 1: mean, biased and unbiased variance. */
function channelStats(x: Float32Array, shape: number[]) {
  const [N, C] = shape;
  const inner = shape.slice(2).reduce((a, b) => a * b, 1);
  const m = N * inner;
  const mean = new Array<number>(C).fill(0), v = new Array<number>(C).fill(0);
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let k = 0; k < inner; k++) mean[c] += x[(n * C + c) * inner + k] / m;
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let k = 0; k < inner; k++) v[c] += (x[(n * C + c) * inner + k] - mean[c]) ** 2 / m;
  return { mean, biased: v, unbiased: v.map((s) => (s * m) / (m - 1)), inner };
}

function normalizeRef(x: Float32Array, shape: number[], mean: number[], variance: number[], gamma: number[], beta: number[], eps: number): number[] {
  const [N, C] = shape;
  const inner = shape.slice(2).reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let k = 0; k < inner; k++) {
    out.push(gamma[c] * (x[(n * C + c) * inner + k] - mean[c]) / Math.sqrt(variance[c] + eps) + beta[c]);
  }
  return out;
}

const vals = (a: NDArray | null) => Array.from(a!.dataSync());

describeBackends('L.BatchNormalization', (test, b) => {
  test('gamma 1, beta 0, avg_mean 0, avg_var 1, N 0; names and npz keys', () => {
    const bn = new L.BatchNormalization(3);
    assert.equal(bn.namedparams().map(([n]) => n), ['/beta', '/gamma']);
    assertClose(bn.gamma!.array, [1, 1, 1]);
    assertClose(bn.beta!.array, [0, 0, 0]);
    assertClose(bn.avg_mean!, [0, 0, 0]);
    assertClose(bn.avg_var!, [1, 1, 1]);
    assert.is(bn.N, 0);
    assert.equal([bn.decay, bn.eps], [0.9, 2e-5]);
    const store = new Map<string, SerialValue>();
    bn.serialize(new MemorySerializer(store, false));
    assert.equal([...store.keys()].sort(), ['N', 'avg_mean', 'avg_var', 'beta', 'gamma']);
  });

  test('training: batch statistics, running averages with the unbiased variance', () => {
    const shape = [4, 3, 2, 2];
    const x = randomValues(48, 3, -2, 3);
    const bn = new L.BatchNormalization(3, { initialGamma: array([1, 2, 0.5]), initialBeta: array([0, -1, 1]) });
    const y = bn.forward(new Variable(array(x, { shape })));
    const s = channelStats(x, shape);
    assertClose(y, normalizeRef(x, shape, s.mean, s.biased, [1, 2, 0.5], [0, -1, 1], 2e-5), { atol: 2e-5 });
    assertClose(vals(bn.avg_mean), s.mean.map((m) => 0.1 * m), { atol: 1e-6 });
    assertClose(vals(bn.avg_var), s.unbiased.map((v) => 0.9 + 0.1 * v), { atol: 1e-6 });
    // A second step blends again with decay 0.9.
    const x2 = randomValues(48, 4, -1, 1);
    bn.forward(array(x2, { shape }));
    const s2 = channelStats(x2, shape);
    assertClose(vals(bn.avg_mean), s.mean.map((m, c) => 0.9 * 0.1 * m + 0.1 * s2.mean[c]), { atol: 1e-6 });
    assertClose(vals(bn.avg_var), s.unbiased.map((v, c) => 0.9 * (0.9 + 0.1 * v) + 0.1 * s2.unbiased[c]), { atol: 1e-6 });
  });

  test('test mode (config.train false) uses the running averages and leaves them alone', () => {
    const shape = [5, 2];
    const x = randomValues(10, 6, -1, 2);
    const bn = new L.BatchNormalization(2, { decay: 0.5, eps: 1e-3, initialAvgMean: array([0.5, -0.25]), initialAvgVar: array([2, 0.5]) });
    const y = usingConfig('train', false, () => bn.forward(array(x, { shape })));
    assertClose(y, normalizeRef(x, shape, [0.5, -0.25], [2, 0.5], [1, 1], [0, 0], 1e-3), { atol: 1e-5 });
    assertClose(bn.avg_mean!, [0.5, -0.25]);
    assertClose(bn.avg_var!, [2, 0.5]);
    // Training with decay 0.5 moves the averages halfway.
    bn.forward(array(x, { shape }));
    const s = channelStats(x, shape);
    assertClose(vals(bn.avg_mean), [0.25 + 0.5 * s.mean[0], -0.125 + 0.5 * s.mean[1]], { atol: 1e-6 });
  });

  test('training gradients: ggamma sums gy times the rounded x-hat, as Chainer\'s (gy * x_hat).sum(axis)', () => {
    // Chainer 7.8.1 on numpy 1.24, BatchNormalization(C, initial_gamma=1.5), exact float32 inputs.
    const f = (n: number, a: number, m: number, d: number) => Array.from({ length: n }, (_, i) => Math.fround((((i * a) % m) - Math.floor(m / 2)) / d));
    for (const [shape, ggamma, gbeta, gx] of [
      [[4, 3, 2, 2], [4.173964023590088, -3.644296646118164, 7.161206245422363], [6.090909004211426, -11.272727966308594, 3.7272725105285645],
        [-1.4223825931549072, -0.5959521532058716, 0.23047828674316406, 1.3789066076278687, -0.33540675044059753, 0.7497801184654236]],
      [[6, 5], [9.09182071685791, -4.870546817779541, 6.749924659729004, -2.617661476135254, -4.870546817779541],
        [-4.272727012634277, 3.454545497894287, 3.0909087657928467, 2.7272729873657227, 2.3636364936828613],
        [-0.3993045389652252, -0.7955354452133179, -0.08948016166687012, 1.0296143293380737, -0.7955354452133179, -0.15502282977104187]],
    ] as const) {
      const bn = new L.BatchNormalization(shape[1], { initialGamma: 1.5 });
      const n = shape.reduce((a, b) => a * b, 1);
      const x = new Variable(array(f(n, 37, 101, 7), { shape }));
      const y = bn.forward(x);
      y.grad = array(f(n, 29, 89, 11), { shape });
      bn.cleargrads();
      y.backward();
      // bit for bit on wasm; webgl sums in its own order
      const tol = { atol: 0, rtol: b === 'webgl' ? 1e-5 : 0 };
      assertClose(bn.gamma!.grad!, ggamma, tol);
      assertClose(bn.beta!.grad!, gbeta, tol);
      assertClose(x.grad!.toTypedArray().slice(0, 6), gx, tol);
    }
  });

  test('dtype float32 is taken, as Chainer\'s dtype=numpy.float32, positionally or as an option', () => {
    // Chainer's BatchNormalization(size, decay, eps, dtype, ...).
    for (const bn of [new L.BatchNormalization(3, 0.5, 1e-3, 'float32'), new L.BatchNormalization(3, { dtype: 'float32', decay: 0.5, eps: 1e-3 }), new L.BatchNormalization(3, 0.5, 1e-3, null)]) {
      assert.equal([bn.decay, bn.eps, bn.avg_mean!.dtype, bn.gamma!.dtype], [0.5, 1e-3, 'float32', 'float32']);
    }
    // Chainer also computes in float16 or float64; those are refused here, naming dtype.
    assertThrows(() => new L.BatchNormalization(3, { dtype: 'float64' as 'float32' }), 'BatchNormalization', 'dtype', 'float64');
  });

  test('a test-mode output keeps its gradient when a later training call moves the running variance', () => {
    // Chainer 7.8.1: the gradient of a test-mode forward uses 1 / sqrt(var + eps) as it was
    // then (inv_std is kept by the node), not the avg_var the training call updated in place.
    const bn = new L.BatchNormalization(2);
    const x1 = new Variable(array([[1, -1], [3, 0.5], [-2, 2]]));
    const y1 = usingConfig('train', false, () => bn.forward(x1));
    bn.forward(array([[10, 1], [30, -4], [-20, 2]]));
    assertClose(bn.avg_var!, [64.23332977294922, 1.933333396911621], { rtol: 1e-6 });
    y1.grad = array([[1, 2], [-1, 0.5], [0.25, 3]]);
    y1.backward();
    assertClose(x1.grad!, [[0.9999899864196777, 1.9999799728393555], [-0.9999899864196777, 0.49999499320983887], [0.24999749660491943, 2.999969959259033]], { rtol: 1e-7 });
  });

  test('size null is inferred from the first input given axis, as in Chainer; finetune averages all batches', () => {
    // Chainer: RuntimeError('size or axis is required').
    assertThrows(() => new L.BatchNormalization(), 'BatchNormalization', 'size or axis is required');
    assertThrows(() => new L.BatchNormalization(null, { decay: 0.5 }), 'BatchNormalization', 'size or axis is required');
    const bn = new L.BatchNormalization({ axis: 0 });
    const x = randomValues(12, 8);
    bn.forward(array(x, { shape: [3, 4] }));
    assert.equal(bn.gamma!.shape, [4]);
    const bn3 = new L.BatchNormalization(null, { axis: [0, 2] });
    bn3.forward(array(randomValues(24, 9), { shape: [2, 3, 4] }));
    assert.equal(bn3.avg_mean!.shape, [3]);
    const ft = new L.BatchNormalization(4);
    ft.forward(array(x, { shape: [3, 4] }), { finetune: true });
    assert.is(ft.N, 1);
    // decay = 1 - 1 / N = 0: the averages are the batch statistics.
    const s = channelStats(x, [3, 4]);
    assertClose(vals(ft.avg_mean), s.mean, { atol: 1e-6 });
    assertClose(vals(ft.avg_var), s.unbiased, { atol: 1e-5 });
  });

  test('eps 0 is taken, as by Chainer on the CPU: a constant channel gives NaN in training', () => {
    // Chainer 7.8.1: BatchNormalization(3, eps=0) on [[1, 2, 3], [3, 4, 3]].
    const bn = new L.BatchNormalization(3, { eps: 0 });
    const x = array([[1, 2, 3], [3, 4, 3]]);
    assertClose(bn.forward(x), [[-1, -1, NaN], [1, 1, NaN]], { atol: 1e-5 });
    assertClose(usingConfig('train', false, () => bn.forward(x)),
      [[0.7627701163291931, 1.6208864450454712, 2.8460497856140137], [2.6696951389312744, 3.5278117656707764, 2.8460497856140137]], { atol: 1e-5 });
  });

  test('useGamma / useBeta false leave those parameters out', () => {
    const bn = new L.BatchNormalization(2, { useGamma: false, useBeta: false });
    assert.equal(bn.params(), []);
    const y = bn.forward(array([[1, 2], [3, 6]]));
    assertClose(y, [[-1, -1], [1, 1]], { atol: 1e-4 });
  });

  test('gradients of gamma, beta and x in training mode', () => {
    const bn = new L.BatchNormalization(3, { initialGamma: array([0.5, 1.5, -1]), initialBeta: array([0.1, 0, 0.3]) });
    checkLinkBackward(bn, (x) => bn.forward(x), [array(randomValues(24, 11, -1, 1), { shape: [4, 3, 2] })], { atol: 2e-3, rtol: 2e-2 });
  });
});

describeBackends('L.LayerNormalization', (test) => {
  test('gamma 1 and beta 0 over the features of each row, eps 1e-6', () => {
    const ln = new L.LayerNormalization(4);
    assert.equal(ln.namedparams().map(([n, p]) => [n, p.shape]), [['/beta', [4]], ['/gamma', [4]]]);
    assert.is(ln.eps, 1e-6);
    ln.gamma.array = array([1, 2, 1, 0.5]);
    ln.beta.array = array([0, 0, 1, -1]);
    const x = [[1, 2, 3, 6], [0.5, 0.5, 1, -2]];
    const y = ln.forward(array(x));
    const ref = x.map((r) => {
      const m = r.reduce((a, b) => a + b) / 4;
      const v = r.reduce((a, b) => a + (b - m) ** 2, 0) / 4;
      return r.map((e, i) => [1, 2, 1, 0.5][i] * (e - m) / Math.sqrt(v + 1e-6) + [0, 0, 1, -1][i]);
    });
    assertClose(y, ref, { atol: 1e-5 });
  });

  test('size null is inferred; gradients', () => {
    const ln = new L.LayerNormalization();
    const x = array(randomValues(15, 21), { shape: [3, 5] });
    ln.forward(x);
    assert.equal(ln.gamma.shape, [5]);
    ln.gamma.array = array(randomValues(5, 22, 0.5, 1.5));
    // An empty first batch still gives the size (Chainer: size_of_shape(x.shape[1:])).
    const empty = new L.LayerNormalization();
    assert.equal(empty.forward(array(new Float32Array(0), { shape: [0, 6] })).shape, [0, 6]);
    assert.equal(empty.gamma.shape, [6]);
    checkLinkBackward(ln, (v) => ln.forward(v), [x], { atol: 2e-3, rtol: 2e-2 });
  });
});

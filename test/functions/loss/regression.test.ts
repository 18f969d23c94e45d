import { F, Variable, array, gradientCheck } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';

const arr = (data: Float32Array, shape: number[]) => array(data, { shape });
const labels = (v: number[]) => array(v, { dtype: 'int32' });
const opts = { atol: 1e-3, rtol: 1e-2 };

describeBackends('F.meanSquaredError and F.meanAbsoluteError', (test) => {
  test('values over every element, 0-d results, Chainer names', () => {
    const a = randomValues(12, 1, -2, 2), b = randomValues(12, 2, -2, 2);
    const mse = F.meanSquaredError(new Variable(arr(a, [3, 4])), arr(b, [3, 4]));
    const mae = F.meanAbsoluteError(new Variable(arr(a, [3, 4])), arr(b, [3, 4]));
    assert.equal([...mse.shape], []);
    assertClose(mse, Array.from(a).reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / 12, { atol: 1e-6, rtol: 1e-5 });
    assertClose(mae, Array.from(a).reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / 12, { atol: 1e-6, rtol: 1e-5 });
    assert.is(mse.creator!.label, 'MeanSquaredError');
    assert.is(mae.creator!.label, 'MeanAbsoluteError');
  });

  test('gradients of both inputs; double backprop of mse', () => {
    // |a - b| stays well away from the kink of |.| at 0.
    const ad = randomValues(6, 3, -2, 2);
    const a = arr(ad, [2, 3]), b = arr(ad.map((v, i) => v + (i % 2 ? 0.5 : -0.7)), [2, 3]);
    gradientCheck.checkBackward((x, y) => F.meanSquaredError(x, y), [a, b], null, opts);
    gradientCheck.checkBackward((x, y) => F.meanAbsoluteError(x, y), [a, b], null, opts);
    gradientCheck.checkDoubleBackward((x, y) => F.meanSquaredError(x, y), [a, b], array(1.3), null, opts);
  });

  test('errors', () => {
    assertThrows(() => F.meanSquaredError(array([1, 2]), array([1, 2, 3])), 'meanSquaredError', 'same shape');
    assertThrows(() => F.meanAbsoluteError(array([1, 2], { dtype: 'int32' }), array([1, 2])), 'meanAbsoluteError', 'x0');
    // Chainer's mean_squared_error(x0, x1, reduce='no') is a TypeError: no elementwise form to fall back to the mean
    const callWith = F.meanSquaredError as (...args: unknown[]) => unknown, callMae = F.meanAbsoluteError as (...args: unknown[]) => unknown;
    assertThrows(() => callWith(array([1, 2]), array([1, 3]), { reduce: 'no' }), 'meanSquaredError: unexpected argument {reduce} (meanSquaredError takes x0, x1, no options)');
    assertThrows(() => callMae(array([1, 2]), array([1, 3]), 'no'), "meanAbsoluteError: unexpected argument 'no' (meanAbsoluteError takes x0, x1)");
  });

  test('empty inputs: the mean of nothing is NaN, as Chainer (0 / 0)', () => {
    const e = arr(new Float32Array(0), [0, 3]);
    assert.ok(Number.isNaN(F.meanSquaredError(e, e).item()));
    assert.ok(Number.isNaN(F.meanAbsoluteError(e, e).item()));
  });

  test('the sum is divided by the size, and the gradient is (gy diff)(2 / size), as in Chainer', () => {
    // Chainer 7.8.1's values; the squares and their sum are exact, so only the division
    // decides (sum times 1 / 6 gave 3.1712241 and 1.5104167, and gy / 6 times 2 diff
    // 0.44427085 for the first gradient).
    const x0 = new Variable(array([[0, 1.875, 2.125], [-0.1875, 1.1875, -1.4375]]));
    const x1 = new Variable(array([[-1.5625, -0.625, 2.3125], [-0.875, -0.0625, 1.4375]]));
    const mse = F.meanSquaredError(x0, x1);
    assertClose(mse, [3.1712238788604736], { atol: 0, rtol: 0 });
    assertClose(F.meanAbsoluteError(x0, x1), [1.5104166269302368], { atol: 0, rtol: 0 });
    mse.grad = array(0.853);
    mse.backward();
    const g = [0.4442708194255829, 0.7108333110809326, -0.053312502801418304, 0.195479154586792, 0.3554166555404663, -0.8174583315849304];
    assertClose(x0.grad!, g, { atol: 0, rtol: 0 });
    assertClose(x1.grad!, g.map((v) => -v), { atol: 0, rtol: 0 });
  });
});

describeBackends('F.huberLoss', (test, backendName) => {
  const huber = (d: number, delta: number) => (Math.abs(d) <= delta ? 0.5 * d * d : delta * (Math.abs(d) - 0.5 * delta));
  test("float32 values as Chainer's steps round them: 0.5 min(d^2, max(2 delta |d| - delta^2, delta^2))", () => {
    const f = Math.fround;
    const d = Float32Array.from({ length: 400 }, (_, i) => (i - 200) * 0.00731);
    const delta = 0.3, dl = f(delta), dl2 = f(dl * dl);
    const want = Array.from(d, (v) => {
      const a = Math.abs(v);
      return f(Math.min(f(a * a), Math.max(f(f(a * 2 * dl) - dl2), dl2)) * 0.5);
    });
    // delta (|d| - delta / 2) is 1 ulp off in about half of the linear part; a GPU may fuse
    // a multiply and an add, so webgl gets one ulp.
    const y = F.huberLoss(arr(d, [1, 400]), arr(new Float32Array(400), [1, 400]), delta, 'no');
    assertClose(y, want, backendName === 'wasm' ? { atol: 0, rtol: 0 } : { atol: 0, rtol: 2.4e-7 });
  });

  test("default reduction sums axis 1 only; 'no' keeps elements", () => {
    const [N, K, S] = [2, 3, 2];
    const x = randomValues(N * K * S, 5, -3, 3), t = randomValues(N * K * S, 6, -3, 3);
    const delta = 1.2;
    const y = F.huberLoss(new Variable(arr(x, [N, K, S])), arr(t, [N, K, S]), delta);
    assert.equal([...y.shape], [N, S]);
    const expected: number[] = [];
    for (let n = 0; n < N; n++) for (let s = 0; s < S; s++) {
      let acc = 0;
      for (let k = 0; k < K; k++) { const i = (n * K + k) * S + s; acc += huber(x[i] - t[i], delta); }
      expected.push(acc);
    }
    assertClose(y, expected, { atol: 1e-6, rtol: 1e-5 });
    assert.is(y.creator!.label, 'HuberLoss');
    const no = F.huberLoss(arr(x, [N, K, S]), arr(t, [N, K, S]), delta, { reduce: 'no' });
    assertClose(no, Array.from(x, (v, i) => huber(v - t[i], delta)), { atol: 1e-6, rtol: 1e-5 });
  });

  test('gradients', () => {
    const x = arr(randomValues(8, 7, -3, 3), [2, 4]), t = arr(randomValues(8, 8, -3, 3), [2, 4]);
    gradientCheck.checkBackward((a, b) => F.huberLoss(a, b, 1), [x, t], null, opts);
    gradientCheck.checkBackward((a, b) => F.huberLoss(a, b, 0.5, { reduce: 'no' }), [x, t], null, opts);
  });

  test('errors', () => {
    assertThrows(() => F.huberLoss(array([[1]]), array([[1]]), 1, { reduce: 'mean' as never }), 'huberLoss', 'reduce');
    assertThrows(() => F.huberLoss(array([[1]]), array([[1]]), -1), 'huberLoss', 'delta');
  });
});

describeBackends('F.hinge', (test) => {
  test('L1 and L2, mean over N and reduce no', () => {
    const [N, K] = [3, 4];
    const x = randomValues(N * K, 9, -2, 2);
    const t = [2, 0, 3];
    const terms = Array.from(x, (v, i) => Math.max(0, 1 - (Math.floor(i / K) < N && i % K === t[Math.floor(i / K)] ? 1 : -1) * v));
    const y = F.hinge(new Variable(arr(x, [N, K])), labels(t));
    assertClose(y, terms.reduce((a, b) => a + b, 0) / N, { atol: 1e-6, rtol: 1e-5 });
    assert.is(y.creator!.label, 'Hinge');
    assertClose(F.hinge(arr(x, [N, K]), labels(t), { norm: 'L2' }), terms.reduce((a, b) => a + b * b, 0) / N, { atol: 1e-6, rtol: 1e-5 });
    assertClose(F.hinge(arr(x, [N, K]), labels(t), { reduce: 'no' }), terms, { atol: 1e-6 });
    gradientCheck.checkBackward((v) => F.hinge(v, labels(t)), [arr(x, [N, K])], null, opts);
    gradientCheck.checkBackward((v) => F.hinge(v, labels(t), { norm: 'L2', reduce: 'no' }), [arr(x, [N, K])], null, opts);
  });

  test("L1 gradient: Chainer's sign of the hinge, 0 at the kink and NaN for NaN", () => {
    // Row 0 (label 0): 1 - x0 = 0 and 1 + x1 = 0 are kinks; row 1 (label 1): NaN, active, inactive.
    const x = new Variable(array([[1, -1, 0.5], [NaN, 0.5, -2]]));
    F.sum(F.hinge(x, labels([0, 1]), { reduce: 'no' })).backward();
    const g = Array.from(x.grad!.dataSync());
    assertClose(g.filter((_, i) => i !== 3), [0, 0, 1, -1, 0]);
    assert.ok(Number.isNaN(g[3]));
  });

  test('errors', () => {
    assertThrows(() => F.hinge(array([[1, 2]]), labels([2])), 'hinge', 'label 2', '[0, 2)');
    assertThrows(() => F.hinge(array([[1, 2]]), labels([1]), { norm: 'L3' as never }), 'hinge', 'norm');
  });
});

describeBackends('F.gaussianKlDivergence', (test) => {
  test("default reduce 'sum'; 'mean' and 'no'", () => {
    const m = randomValues(6, 10, -1, 1), v = randomValues(6, 11, -1, 1);
    const per = Array.from(m, (mu, i) => 0.5 * (mu * mu + Math.exp(v[i]) - v[i] - 1));
    const s = per.reduce((a, b) => a + b, 0);
    assertClose(F.gaussianKlDivergence(arr(m, [2, 3]), arr(v, [2, 3])), s, { atol: 1e-6, rtol: 1e-5 });
    assertClose(F.gaussianKlDivergence(arr(m, [2, 3]), arr(v, [2, 3]), { reduce: 'mean' }), s / 6, { atol: 1e-6, rtol: 1e-5 });
    assertClose(F.gaussianKlDivergence(arr(m, [2, 3]), arr(v, [2, 3]), { reduce: 'no' }), per, { atol: 1e-6, rtol: 1e-5 });
    gradientCheck.checkBackward((a, b) => F.gaussianKlDivergence(a, b), [arr(m, [2, 3]), arr(v, [2, 3])], null, opts);
    assertThrows(() => F.gaussianKlDivergence(arr(m, [2, 3]), arr(v, [2, 3]), { reduce: 'max' as never }), 'gaussianKlDivergence', 'reduce');
    // float32 steps in Chainer's order ((mean^2 + exp(lnVar)) - lnVar) - 1, with this library's exp.
    const f = Math.fround;
    const mm = randomValues(300, 12, -2, 2), vv = randomValues(300, 13, -3, 3);
    const ev = F.exp(arr(vv, [300])).array.dataSync();
    const steps = Array.from(mm, (mu, i) => f(f(f(f(f(mu * mu) + ev[i]) - vv[i]) - 1) * 0.5));
    assertClose(F.gaussianKlDivergence(arr(mm, [300]), arr(vv, [300]), { reduce: 'no' }), steps, { atol: 0, rtol: 0 });
    // Empty inputs: the sum is 0; Chainer's mean divides by 0 and raises.
    const e = arr(new Float32Array(0), [0, 3]);
    assertClose(F.gaussianKlDivergence(e, e), 0);
    assertThrows(() => F.gaussianKlDivergence(e, e, { reduce: 'mean' }), 'gaussianKlDivergence', 'mean', '(0, 3)');
  });

  test('mean and lnVar broadcast as in Chainer; gradients sum back to each shape', () => {
    // Chainer 7.8.1: gaussian_kl_divergence(m (2, 3), ln_var (3,)) with reduce 'no', 'sum', 'mean'.
    const m = array([[0.5, -1.0, 2.0], [0.25, 0.0, -0.75]]), v = array([0.3, -0.2, 1.1]);
    assertClose(F.gaussianKlDivergence(m, v, { reduce: 'no' }),
      [[0.14992940425872803, 0.5093653202056885, 2.452083110809326], [0.05617940425872803, 0.009365379810333252, 0.7333331108093262]], { rtol: 1e-6 });
    const mv = new Variable(m), vv = new Variable(v);
    const y = F.gaussianKlDivergence(mv, vv);
    assertClose(y, 3.9102556705474854, { rtol: 1e-6 });
    y.backward();
    assertClose(vv.grad!, [0.34985876083374023, -0.18126928806304932, 2.0041661262512207], { rtol: 1e-6 });
    assertClose(mv.grad!, [[0.5, -1.0, 2.0], [0.25, 0.0, -0.75]]);
    assertClose(F.gaussianKlDivergence(m, v, { reduce: 'mean' }), 0.651709258556366, { rtol: 1e-6 });
    gradientCheck.checkBackward((a, b) => F.gaussianKlDivergence(a, b), [m, v], null, opts);
    assertThrows(() => F.gaussianKlDivergence(m, array([0.3, -0.2])), 'gaussianKlDivergence', 'mean and lnVar', '(2, 3)', '(2,)');
  });
});

describeBackends('F.contrastive and F.triplet', (test) => {
  test('contrastive: y = 1 similar, mean divides by 2N', () => {
    const [N, K] = [4, 3];
    const a = randomValues(N * K, 12, -1, 1), b = randomValues(N * K, 13, -1, 1);
    const y = [1, 0, 0, 1];
    const margin = 1.5;
    const per = y.map((yi, n) => {
      let d2 = 0;
      for (let k = 0; k < K; k++) d2 += (a[n * K + k] - b[n * K + k]) ** 2;
      const h = Math.max(margin - Math.sqrt(d2), 0);
      return 0.5 * (yi ? d2 : h * h);
    });
    const loss = F.contrastive(new Variable(arr(a, [N, K])), arr(b, [N, K]), labels(y), { margin });
    assertClose(loss, per.reduce((s, v) => s + v, 0) / N, { atol: 1e-6, rtol: 1e-5 });
    assert.is(loss.creator!.label, 'Contrastive');
    assertClose(F.contrastive(arr(a, [N, K]), arr(b, [N, K]), labels(y), { margin, reduce: 'no' }), per, { atol: 1e-6, rtol: 1e-5 });
    gradientCheck.checkBackward((p, q) => F.contrastive(p, q, labels(y), { margin }), [arr(a, [N, K]), arr(b, [N, K])], null, opts);
    gradientCheck.checkBackward((p, q) => F.contrastive(p, q, labels(y), { margin, reduce: 'no' }), [arr(a, [N, K]), arr(b, [N, K])], null, opts);
    assertThrows(() => F.contrastive(arr(a, [N, K]), arr(b, [N, K]), labels([1, 2, 0, 0])), 'contrastive', 'y');
  });

  test('triplet: max(0, |a-p|^2 - |a-n|^2 + margin) averaged over N', () => {
    const [N, K] = [5, 2];
    const a = randomValues(N * K, 14, -1, 1), p = randomValues(N * K, 15, -1, 1), n = randomValues(N * K, 16, -1, 1);
    const per = Array.from({ length: N }, (_, r) => {
      let s = 0.2;
      for (let k = 0; k < K; k++) { const i = r * K + k; s += (a[i] - p[i]) ** 2 - (a[i] - n[i]) ** 2; }
      return Math.max(0, s);
    });
    assert.ok(per.some((v) => v === 0) && per.some((v) => v > 0), 'both hinge branches are exercised');
    const loss = F.triplet(new Variable(arr(a, [N, K])), arr(p, [N, K]), arr(n, [N, K]));
    assertClose(loss, per.reduce((s, v) => s + v, 0) / N, { atol: 1e-6, rtol: 1e-5 });
    assert.is(loss.creator!.label, 'Triplet');
    gradientCheck.checkBackward((x, y, z) => F.triplet(x, y, z), [arr(a, [N, K]), arr(p, [N, K]), arr(n, [N, K])], null, opts);
    gradientCheck.checkBackward((x, y, z) => F.triplet(x, y, z, { margin: 0.5, reduce: 'no' }), [arr(a, [N, K]), arr(p, [N, K]), arr(n, [N, K])], null, opts);
    assertThrows(() => F.triplet(arr(a, [N, K]), arr(p, [N, K]), arr(n, [N, K]), { margin: 0 }), 'triplet', 'margin');
  });

  test('triplet on (N, K, D): the squares sum over axis 1 only, as Chainer; empty batches are refused', () => {
    const [N, K, D] = [2, 3, 2];
    const a = randomValues(N * K * D, 17, -1, 1), p = randomValues(N * K * D, 18, -1, 1), n = randomValues(N * K * D, 19, -1, 1);
    const per: number[] = [];
    for (let r = 0; r < N; r++) for (let d = 0; d < D; d++) {
      let s = 0.2;
      for (let k = 0; k < K; k++) { const i = (r * K + k) * D + d; s += (a[i] - p[i]) ** 2 - (a[i] - n[i]) ** 2; }
      per.push(Math.max(0, s));
    }
    assert.ok(per.some((v) => v === 0) && per.some((v) => v > 0), 'both hinge branches are exercised');
    const no = F.triplet(arr(a, [N, K, D]), arr(p, [N, K, D]), arr(n, [N, K, D]), { reduce: 'no' });
    assert.equal([...no.shape], [N, D]);
    assertClose(no, per, { atol: 1e-6, rtol: 1e-5 });
    // The mean divides by N, not N D.
    assertClose(F.triplet(arr(a, [N, K, D]), arr(p, [N, K, D]), arr(n, [N, K, D])), per.reduce((s, v) => s + v, 0) / N, { atol: 1e-6, rtol: 1e-5 });
    const xs = [arr(a, [N, K, D]), arr(p, [N, K, D]), arr(n, [N, K, D])];
    gradientCheck.checkBackward((x, y, z) => F.triplet(x, y, z), xs, null, opts);
    gradientCheck.checkBackward((x, y, z) => F.triplet(x, y, z, { reduce: 'no' }), xs, null, opts);
    const empty = arr(new Float32Array(0), [0, 3]);
    assertThrows(() => F.triplet(empty, empty, empty), 'triplet', 'anchor', '(0, 3)');
    assertThrows(() => F.contrastive(empty, empty, labels([])), 'contrastive', 'x0', '(0, 3)');
    assertThrows(() => F.triplet(arr(a.subarray(0, 3), [3]), arr(a.subarray(0, 3), [3]), arr(a.subarray(0, 3), [3])), 'triplet', 'anchor');
  });
});

describeBackends('losses: Chainer\'s divisions and order of operations', (test) => {
  // Chainer 7.8.1's values, bit for bit; the inputs make every sum exact, so only the
  // divisions and the order of the products decide.
  const exact = { atol: 0, rtol: 0 };
  const gy = () => array(0.3);

  test('hinge: loss.sum() / N and gloss /= N', () => {
    const x = new Variable(array([[0.5, -0.25, 1.5], [-1.0, 0.75, 0.25], [2.0, -0.5, -1.25]]));
    const t = array([0, 2, 1], { dtype: 'int32' });
    const l1 = F.hinge(x, t);
    assertClose(l1, [3.5833332538604736], exact);  // times 1 / 3: 3.5833335
    l1.grad = gy();
    l1.backward();
    assertClose(x.grad!, [-0.1, 0.1, 0.1, 0, 0.1, -0.1, 0.1, -0.1, 0].map(Math.fround), exact);
    x.cleargrad();
    const l2 = F.hinge(x, t, 'L2');
    l2.grad = gy();
    l2.backward();
    assertClose(x.grad!, [-0.10000000149011612, 0.15000000596046448, 0.5, 0, 0.3499999940395355, -0.15000000596046448, 0.6000000238418579, -0.30000001192092896, 0], exact);
  });

  test('triplet: xp.sum(dist_hinge) / N', () => {
    const a = array([[0.5, -0.25], [1.0, 0.75], [0.0, -0.5]]), p = array([[0.25, 0.5], [-0.5, 0.75], [1.0, 0.5]]), n = array([[0.5, 0.0], [1.0, 1.75], [0.25, -0.75]]);
    assertClose(F.triplet(a, p, n, { margin: 0.25 }), [1.4791666269302368], exact);  // times 1 / 3: 1.4791667
  });

  test('contrastive: Chainer\'s gradient, the distance floored at 1e-7 where it divides', () => {
    // Row 2 is a dissimilar pair 5e-8 apart: Chainer divides its difference by 1e-7
    // (-0.05625 for x0), where a floor of 1e-8 divided by the distance itself (-0.1125).
    const x0 = new Variable(array([[0.5, -0.25], [1.0, 0.75], [5e-8, 0.0], [0.25, 0.5]]));
    const x1 = new Variable(array([[0.25, 0.5], [-0.5, 0.75], [0.0, 0.0], [1.0, -0.25]]));
    const loss = F.contrastive(x0, x1, array([1, 1, 0, 0], { dtype: 'int32' }), { margin: 1.5 });
    assertClose(loss, [0.6647524237632751], { atol: 0, rtol: 2e-7 });
    loss.grad = gy();
    loss.backward();
    const g = [0.01875000074505806, -0.05625000223517418, 0.11250000447034836, 0, -0.05625000223517418, 0, 0.02329951710999012, -0.02329951710999012];
    assertClose(x0.grad!, g, exact);
    assertClose(x1.grad!, g.map((v) => -v), exact);
  });

  test('sigmoidCrossEntropy: xp.divide(gy * ignore_mask * (y - t), count)', () => {
    const t = array([[1, 0, -1], [0, 1, 1]], { dtype: 'int32' });
    // x = 0: y = 0.5 exactly. (gy / 5) (y - t) gave 0.0010000000 for the first pair.
    for (const [normalize, g, expected] of [[true, 0.01, 0.0009999999310821295], [false, 0.7, 0.17499999701976776]] as const) {
      const x = new Variable(array([[0, 0, 0], [0, 0, 0]]));
      const loss = F.sigmoidCrossEntropy(x, t, { normalize });
      loss.grad = array(g);
      loss.backward();
      assertClose(x.grad!, [-expected, expected, 0, expected, -expected, -expected], exact);
    }
  });

  test('gaussianKlDivergence with reduce mean: Chainer\'s average, the sum divided by the size', () => {
    const m = new Variable(array([[0.25, -1.5, 0.75]]));
    const loss = F.gaussianKlDivergence(m, array([[0, 0, 0]]), { reduce: 'mean' });
    assertClose(loss, [0.4791666567325592], exact);  // times 1 / 3: 0.47916669
    loss.grad = gy();
    loss.backward();
    assertClose(m.grad!, [0.02500000223517418, -0.15000000596046448, 0.07500000298023224], exact);
  });
});

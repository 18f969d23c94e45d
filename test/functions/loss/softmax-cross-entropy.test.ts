import { F, Variable, array, gradientCheck, ops } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';
import { pairwiseSum32 as pairwise } from '../../../src/training/util/numpy-stats';

const arr = (data: Float32Array, shape: number[]) => array(data, { shape });
const labels = (v: number[], shape?: number[]) => array(v, { dtype: 'int32', shape: shape ?? [v.length] });

/** float64 -log softmax(x)[t] per (n, s) of x (N, C, S); NaN marks ignored positions. */
function terms(x: Float32Array, t: number[], N: number, C: number, S: number, ignore = -1, w?: number[]): number[] {
  const out: number[] = [];
  for (let n = 0; n < N; n++) for (let s = 0; s < S; s++) {
    const label = t[n * S + s];
    if (label === ignore) { out.push(NaN); continue; }
    let m = -Infinity;
    for (let c = 0; c < C; c++) m = Math.max(m, x[(n * C + c) * S + s]);
    let z = 0;
    for (let c = 0; c < C; c++) z += Math.exp(x[(n * C + c) * S + s] - m);
    out.push(-(x[(n * C + label) * S + s] - m - Math.log(z)) * (w ? w[label] : 1));
  }
  return out;
}
const total = (v: number[]) => v.reduce((a, b) => a + (Number.isNaN(b) ? 0 : b), 0);

describeBackends('F.softmaxCrossEntropy', (test, b) => {
  test('mean over N for 2-D x', () => {
    const [N, C] = [4, 5];
    const xd = randomValues(N * C, 1, -3, 3);
    const t = [0, 4, 2, 1];
    const y = F.softmaxCrossEntropy(new Variable(arr(xd, [N, C])), labels(t));
    assert.equal([...y.shape], []);
    assertClose(y, total(terms(xd, t, N, C, 1)) / N, { atol: 1e-6, rtol: 1e-5 });
    assert.is(y.creator!.label, 'SoftmaxCrossEntropy');
  });

  test('ignored labels: normalize divides by the labelled count, false by N', () => {
    const [N, C] = [5, 3];
    const xd = randomValues(N * C, 2, -2, 2);
    const t = [1, -1, 2, -1, 0];
    const sumTerms = total(terms(xd, t, N, C, 1));
    assertClose(F.softmaxCrossEntropy(arr(xd, [N, C]), labels(t)), sumTerms / 3, { atol: 1e-6, rtol: 1e-5 });
    assertClose(F.softmaxCrossEntropy(arr(xd, [N, C]), labels(t), { normalize: false }), sumTerms / 5, { atol: 1e-6, rtol: 1e-5 });
    // Every label ignored: the divisor is at least 1 and the loss 0.
    assertClose(F.softmaxCrossEntropy(arr(xd, [N, C]), labels([-1, -1, -1, -1, -1])), 0);
    // A custom ignoreLabel.
    const t2 = [1, 7, 2, 7, 0];
    assertClose(F.softmaxCrossEntropy(arr(xd, [N, C]), labels(t2), { ignoreLabel: 7 }), sumTerms / 3, { atol: 1e-6, rtol: 1e-5 });
    // An ignoreLabel that is also a class index ignores that class's samples.
    const t3 = [1, 0, 2, 0, 0];
    const kept = total(terms(xd, t3, N, C, 1, 0));
    assertClose(F.softmaxCrossEntropy(arr(xd, [N, C]), labels(t3), { ignoreLabel: 0 }), kept / 2, { atol: 1e-6, rtol: 1e-5 });
    assertClose(F.softmaxCrossEntropy(arr(xd, [N, C]), labels(t3), { ignoreLabel: 0, enableDoubleBackprop: true }), kept / 2, { atol: 1e-6, rtol: 1e-5 });
  });

  test('classWeight scales the terms but the divisor stays the count', () => {
    const [N, C] = [4, 3];
    const xd = randomValues(N * C, 3, -2, 2);
    const t = [2, 0, -1, 2];
    const w = [0.5, 2, 3];
    const y = F.softmaxCrossEntropy(arr(xd, [N, C]), labels(t), { classWeight: array(w) });
    assertClose(y, total(terms(xd, t, N, C, 1, -1, w)) / 3, { atol: 1e-6, rtol: 1e-5 });
  });

  test("reduce 'no' gives per-sample terms with 0 where ignored; x (N, C, d1, d2)", () => {
    const [N, C, H, W] = [2, 3, 2, 2];
    const xd = randomValues(N * C * H * W, 4, -2, 2);
    const t = [0, 2, -1, 1, 1, 1, 0, -1];
    const y = F.softmaxCrossEntropy(arr(xd, [N, C, H, W]), labels(t, [N, H, W]), { reduce: 'no' });
    assert.equal([...y.shape], [N, H, W]);
    assertClose(y, terms(xd, t, N, C, H * W).map((v) => (Number.isNaN(v) ? 0 : v)), { atol: 1e-6, rtol: 1e-5 });
    const m = F.softmaxCrossEntropy(arr(xd, [N, C, H, W]), labels(t, [N, H, W]));
    assertClose(m, total(terms(xd, t, N, C, H * W)) / 6, { atol: 1e-6, rtol: 1e-5 });
  });

  test('gradients (mean, no, classWeight, spatial) and the fused node refuses double backprop', () => {
    const x = arr(randomValues(4 * 5, 5, -2, 2), [4, 5]);
    const t = labels([1, -1, 4, 0]);
    gradientCheck.checkBackward((v) => F.softmaxCrossEntropy(v, t), [x], null, { atol: 1e-3, rtol: 1e-2 });
    gradientCheck.checkBackward((v) => F.softmaxCrossEntropy(v, t, { reduce: 'no' }), [x], null, { atol: 1e-3, rtol: 1e-2 });
    gradientCheck.checkBackward((v) => F.softmaxCrossEntropy(v, t, { classWeight: [1, 2, 0.5, 1, 3], normalize: false }), [x], null, { atol: 1e-3, rtol: 1e-2 });
    const x4 = arr(randomValues(2 * 3 * 2, 6, -2, 2), [2, 3, 2]);
    gradientCheck.checkBackward((v) => F.softmaxCrossEntropy(v, labels([0, 2, -1, 1], [2, 2])), [x4], null, { atol: 1e-3, rtol: 1e-2 });
    const xv = new Variable(x);
    const loss = F.softmaxCrossEntropy(xv, t);
    loss.backward({ enableDoubleBackprop: true });
    assertThrows(() => xv.grad && (xv.gradVar!.sum() as Variable).backward(), 'softmaxCrossEntropy', 'enableDoubleBackprop');
  });

  test('enableDoubleBackprop: same values, differentiable twice', () => {
    const x = arr(randomValues(3 * 4, 7, -2, 2), [3, 4]);
    const t = labels([3, 0, -1]);
    const opts = { enableDoubleBackprop: true, classWeight: [1, 0.5, 2, 1.5] };
    assertClose(F.softmaxCrossEntropy(x, t, opts), F.softmaxCrossEntropy(x, t, { classWeight: opts.classWeight }), { atol: 1e-6 });
    gradientCheck.checkBackward((v) => F.softmaxCrossEntropy(v, t, opts), [x], null, { atol: 1e-3, rtol: 1e-2 });
    gradientCheck.checkDoubleBackward((v) => F.softmaxCrossEntropy(v, t, opts), [x], array(1.5), null, { atol: 2e-3, rtol: 2e-2 });
    gradientCheck.checkDoubleBackward((v) => F.softmaxCrossEntropy(v, t, { enableDoubleBackprop: true, reduce: 'no' }), [x],
      arr(randomValues(3, 8), [3]), null, { atol: 2e-3, rtol: 2e-2 });
  });

  test('labels outside [0, C) are an error naming the function, the label and C', () => {
    const x = arr(randomValues(6, 9), [2, 3]);
    assertThrows(() => F.softmaxCrossEntropy(x, labels([0, 3])), 'softmaxCrossEntropy', 'label 3', '[0, 3)');
    assertThrows(() => F.softmaxCrossEntropy(x, labels([-2, 0])), 'softmaxCrossEntropy', 'label -2');
    assertThrows(() => F.softmaxCrossEntropy(x, labels([0, 1, 2])), 'softmaxCrossEntropy', 't.shape');
    assertThrows(() => F.softmaxCrossEntropy(x, array([0, 1])), 'softmaxCrossEntropy', 'int32');
    assertThrows(() => F.softmaxCrossEntropy(x, labels([0, 1]), { reduce: 'sum' as never }), 'softmaxCrossEntropy', 'reduce');
    assertThrows(() => F.softmaxCrossEntropy(x, labels([0, 1]), { classWeight: [1, 2] }), 'softmaxCrossEntropy', 'classWeight');
  });

  test('the gradient scale gy / count is taken in double and rounded once, as Chainer on numpy 1.x', () => {
    // Chainer 7.8.1 on numpy 1.24: gx *= gloss * coeff, the 0-d float32 gloss times the float
    // coeff 1/3 being a float64 that gx *= rounds to float32 once. gy 0.3: the scale is
    // 0.1 (float32 0.10000000149...), not float32(0.3 * float32(1/3)) = 0.10000000894...
    // (numpy 2 gives the soft targets' 0.02500000223517418 below).
    const x = new Variable(array(new Float32Array(12), { shape: [3, 4] }));
    const y = F.softmaxCrossEntropy(x, labels([0, 2, 3]));
    y.grad = array(0.3);
    y.backward();
    const tol = b === 'webgl' ? 3e-7 : 0;
    assertClose((x.grad!.toArray() as number[][])[0], [-0.07500000298023224, 0.02500000037252903, 0.02500000037252903, 0.02500000037252903], { atol: 0, rtol: tol });
    const xs = new Variable(array(new Float32Array(12), { shape: [3, 4] }));
    const ys = F.softmaxCrossEntropy(xs, array([[1, 0, 0, 0], [0, 0.5, 0.5, 0], [0, 0, 0, 1]]));
    ys.grad = array(0.3);
    ys.backward();
    assertClose((xs.grad!.toArray() as number[][]).slice(0, 2), [[-0.07500000298023224, 0.02500000037252903, 0.02500000037252903, 0.02500000037252903],
      [0.02500000037252903, -0.02500000037252903, -0.02500000037252903, 0.02500000037252903]], { atol: 0, rtol: tol });
  });

  test('soft targets: float32 t of x\'s shape, cross-entropy or kl-divergence, mean over every position', () => {
    // x (N, C, S) = (2, 3, 2); float64 log softmax over axis 1.
    const [N, C, S] = [2, 3, 2];
    const xd = randomValues(N * C * S, 31, -3, 3);
    // The last position's targets sum to 0.75.
    const td = Float32Array.from([0.1, 0.5, 0.6, 0.5, 0.3, 0, 1, 0.25, 0, 0.25, 0, 0.25]);
    const logY = (n: number, c: number, s: number) => {
      let z = 0;
      for (let k = 0; k < C; k++) z += Math.exp(xd[(n * C + k) * S + s]);
      return xd[(n * C + c) * S + s] - Math.log(z);
    };
    const at = (n: number, c: number, s: number) => (n * C + c) * S + s;
    const per = (kl: boolean) => [0, 1].flatMap((n) => [0, 1].map((s) => {
      let v = 0;
      for (let c = 0; c < C; c++) {
        const p = td[at(n, c, s)];
        v += kl ? p * (Math.log(p + 1e-7) - logY(n, c, s)) : -p * logY(n, c, s);
      }
      return v;
    }));
    for (const kl of [false, true]) {
      const opts = { softTargetLoss: kl ? 'kl-divergence' as const : 'cross-entropy' as const };
      const want = per(kl);
      // normalize, classWeight and ignoreLabel do not apply; the mean divides by N S = 4.
      assertClose(F.softmaxCrossEntropy(arr(xd, [N, C, S]), arr(td, [N, C, S]), { ...opts, normalize: false, classWeight: [1, 2, 3] }),
        total(want) / 4, { atol: 1e-6, rtol: 1e-5 });
      const no = F.softmaxCrossEntropy(arr(xd, [N, C, S]), arr(td, [N, C, S]), { ...opts, reduce: 'no' });
      assert.equal([...no.shape], [N, S]);
      assertClose(no, want, { atol: 1e-6, rtol: 1e-5 });
    }
    // Chainer's gradient is (softmax(x) - t) gy / (N S), also where t does not sum to 1.
    const x = new Variable(arr(xd, [N, C, S]));
    const y = F.softmaxCrossEntropy(x, arr(td, [N, C, S]));
    y.grad = array(2);
    y.backward();
    const gx: number[] = [];
    for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let s = 0; s < S; s++) gx.push((Math.exp(logY(n, c, s)) - td[at(n, c, s)]) * 2 / 4);
    assertClose(x.grad!, gx, { atol: 1e-6, rtol: 1e-5 });
    // Targets that sum to 1 at each position: the numerical gradient agrees.
    const soft = arr(Float32Array.from([0.2, 0.3, 0.5, 0.1, 0.7, 0.2]), [2, 3]);
    gradientCheck.checkBackward((v) => F.softmaxCrossEntropy(v, soft), [arr(randomValues(6, 32), [2, 3])], null, { atol: 1e-3, rtol: 1e-2 });
    gradientCheck.checkBackward((v) => F.softmaxCrossEntropy(v, soft, { reduce: 'no', softTargetLoss: 'kl-divergence' }),
      [arr(randomValues(6, 33), [2, 3])], null, { atol: 1e-3, rtol: 1e-2 });
    // Chainer's backward (numpy) zeroes the entries of t equal to ignoreLabel: with ignoreLabel 1
    // a one-hot target's gradient is softmax(x) there, not softmax(x) - 1.
    const x2 = new Variable(arr(Float32Array.from([0, Math.log(3)]), [1, 2]));
    F.softmaxCrossEntropy(x2, arr(Float32Array.from([0, 1]), [1, 2]), { ignoreLabel: 1 }).backward();
    assertClose(x2.grad!, [0.25, 0.75], { atol: 1e-6 });
    // Positionally, soft_target_loss is the ninth argument as in Chainer.
    assertClose(F.softmaxCrossEntropy(arr(xd, [N, C, S]), arr(td, [N, C, S]), true, true, null, -1, 'no', false, 'kl-divergence'), per(true),
      { atol: 1e-6, rtol: 1e-5 });
    assertThrows(() => F.softmaxCrossEntropy(arr(xd, [N, C, S]), arr(td.subarray(0, 4), [N, S])), 'softmaxCrossEntropy', 'soft targets', '(2, 3, 2)');
    assertThrows(() => F.softmaxCrossEntropy(arr(xd, [N, C, S]), arr(td, [N, C, S]), { enableDoubleBackprop: true }), 'softmaxCrossEntropy', 'enableDoubleBackprop');
    assertThrows(() => F.softmaxCrossEntropy(arr(xd, [N, C, S]), arr(td, [N, C, S]), { softTargetLoss: 'kl' as never }), 'softmaxCrossEntropy', 'softTargetLoss');
  });
});

/** float64 (softmax(x) - onehot(t)) w[t] g per element of x (N, C, S); g per (n, s). */
function gradRef(x: Float32Array, t: number[], N: number, C: number, S: number, g: number[], ignore = -1, w?: number[]): number[] {
  const out = new Array<number>(N * C * S).fill(0);
  for (let n = 0; n < N; n++) for (let s = 0; s < S; s++) {
    const label = t[n * S + s];
    if (label === ignore) continue;
    let z = 0;
    for (let c = 0; c < C; c++) z += Math.exp(x[(n * C + c) * S + s]);
    for (let c = 0; c < C; c++) {
      const p = Math.exp(x[(n * C + c) * S + s]) / z;
      out[(n * C + c) * S + s] = (p - (c === label ? 1 : 0)) * (w ? w[label] : 1) * g[n * S + s];
    }
  }
  return out;
}

describeBackends('F.softmaxCrossEntropy in numpy\'s order', (test, b) => {
  test('the mean loss is the pairwise sum of the terms times 1 / count, as Chainer\'s log_p.sum() * -coeff', () => {
    const f = Math.fround;
    for (let seed = 1; seed < 40; seed++) {
      const N = 50 + seed * 37;
      const x = array(Float32Array.from({ length: N * 10 }, (_, i) => Math.fround(Math.sin(i * seed + 1) * 4)), { shape: [N, 10] });
      const t = array(Int32Array.from({ length: N }, (_, i) => (i % 7 === 3 ? -1 : (i * 3) % 10)));
      const terms = F.softmaxCrossEntropy(x, t, { reduce: 'no' }).array.toTypedArray();
      const count = Array.from(t.toTypedArray()).filter((v) => v !== -1).length;
      const want = f(pairwise(terms as Float32Array, 0, N) * f(1 / count));
      assertClose(F.softmaxCrossEntropy(x, t).array.item(), want, b === 'wasm' ? { atol: 0, rtol: 0 } : { atol: 0, rtol: 1e-6 });
    }
  });
});

describeBackends('ops.softmaxCrossEntropy and ops.softmaxCrossEntropyGrad', (test) => {
  test('terms, log-sum-exp, scaled sum and gradient against float64 loops (C 7: vectors and tail)', () => {
    const [N, C] = [3, 7];
    const xd = randomValues(N * C, 21, -4, 4);
    const t = [6, 0, 3];
    const r = ops.softmaxCrossEntropy(arr(xd, [N, C]), labels(t), { coeff: 0.25 });
    const want = terms(xd, t, N, C, 1);
    assertClose(r.terms, want, { atol: 1e-6, rtol: 1e-5 });
    assertClose(r.loss, 0.25 * total(want), { atol: 1e-6, rtol: 1e-5 });
    const lse = [0, 1, 2].map((n) => Math.log([...xd.subarray(n * C, n * C + C)].reduce((a, v) => a + Math.exp(v), 0)));
    assertClose(r.lse, lse, { atol: 1e-6, rtol: 1e-6 });
    // One gradient for every term (reduce 'mean'), times coeff.
    const g = ops.softmaxCrossEntropyGrad(arr(xd, [N, C]), labels(t), r.lse, array(2), { coeff: 0.25 });
    assertClose(g, gradRef(xd, t, N, C, 1, [0.5, 0.5, 0.5]), { atol: 1e-6, rtol: 1e-5 });
  });

  test('spatial labels, per-term gradients, class weights and an ignoreLabel that is a class', () => {
    const [N, C, S] = [2, 5, 3];
    const xd = randomValues(N * C * S, 22, -3, 3);
    const t = [4, 1, 1, 0, 1, 2];
    const w = [0.5, 2, 1, 3, 1.5];
    const x = arr(xd, [N, C, S]), tl = labels(t, [N, S]);
    const r = ops.softmaxCrossEntropy(x, tl, { ignoreLabel: 1, classWeight: array(w) });
    assertClose(r.terms, terms(xd, t, N, C, S, 1, w).map((v) => (Number.isNaN(v) ? 0 : v)), { atol: 1e-6, rtol: 1e-5 });
    const gys = [0.5, -1, 2, 3, 0.25, -2];
    const gx = ops.softmaxCrossEntropyGrad(x, tl, r.lse, array(gys, { shape: [N, S] }), { ignoreLabel: 1, classWeight: array(w) });
    assertClose(gx, gradRef(xd, t, N, C, S, gys, 1, w), { atol: 1e-6, rtol: 1e-5 });
  });

  test('empty batches and bad arguments', () => {
    const r = ops.softmaxCrossEntropy(array(new Float32Array(0), { shape: [0, 4] }), labels([]));
    assert.equal([...r.terms.shape], [0]);
    assert.is(r.loss.item(), 0);
    const x = arr(randomValues(6, 23), [2, 3]);
    assertThrows(() => ops.softmaxCrossEntropy(x, labels([0, 3])), 'softmaxCrossEntropy', 'label 3', '[0, 3)');
    assertThrows(() => ops.softmaxCrossEntropy(x, labels([0, 1, 2])), 'softmaxCrossEntropy', 't.shape');
    assertThrows(() => ops.softmaxCrossEntropy(x, labels([0, 1]), { classWeight: array([1]) }), 'softmaxCrossEntropy', 'classWeight');
    const { lse } = ops.softmaxCrossEntropy(x, labels([0, 1]));
    assertThrows(() => ops.softmaxCrossEntropyGrad(x, labels([0, 1]), lse, array([1, 2, 3])), 'softmaxCrossEntropyGrad', 'gy');
    assertThrows(() => ops.softmaxCrossEntropyGrad(x, labels([0, 5]), lse, array(1)), 'softmaxCrossEntropyGrad', 'label 5');
  });
});

describeBackends('F.sigmoidCrossEntropy', (test) => {
  const ref = (x: number, t: number) => -(x * t - Math.log(1 + Math.exp(x)));
  test('mean over labelled elements, normalize false divides by N, reduce no', () => {
    const xd = randomValues(6, 10, -4, 4);
    const t = [1, 0, -1, 1, -1, 0];
    const x = arr(xd, [2, 3]), tl = labels(t, [2, 3]);
    const per = Array.from(xd, (v, i) => (t[i] === -1 ? 0 : ref(v, t[i])));
    const s = per.reduce((a, b) => a + b, 0);
    const y = F.sigmoidCrossEntropy(new Variable(x), tl);
    assertClose(y, s / 4, { atol: 1e-6, rtol: 1e-5 });
    assert.is(y.creator!.label, 'SigmoidCrossEntropy');
    assertClose(F.sigmoidCrossEntropy(x, tl, { normalize: false }), s / 2, { atol: 1e-6, rtol: 1e-5 });
    assertClose(F.sigmoidCrossEntropy(x, tl, { reduce: 'no' }), per, { atol: 1e-6, rtol: 1e-5 });
    // Large |x| stays finite.
    assertClose(F.sigmoidCrossEntropy(array([[100, -100]]), labels([0, 1], [1, 2]), { reduce: 'no' }), [[100, 100]], { rtol: 1e-6 });
  });

  test('a label that agrees with a large |x| keeps its small loss (Chainer\'s stable form)', () => {
    // log(1 + exp(-|x|)) - x (t - [x >= 0]) in float64, as Chainer computes it: softplus(x) - x t
    // in float32 would give 0 for x = 20 and two digits for x = 10.
    const xs = [20, 10, 6, -15, -9, 12, -12, 0];
    const t = [1, 1, 1, 0, 0, 0, 1, 1];
    const want = xs.map((x, i) => Math.log1p(Math.exp(-Math.abs(x))) - x * (t[i] - (x >= 0 ? 1 : 0)));
    assertClose(F.sigmoidCrossEntropy(array([xs]), labels(t, [1, 8]), { reduce: 'no' }), [want], { atol: 0, rtol: 2e-6 });
    const mean = want.reduce((a, b) => a + b, 0) / 8;
    assertClose(F.sigmoidCrossEntropy(array([xs]), labels(t, [1, 8])), mean, { atol: 0, rtol: 2e-6 });
  });

  test('gradients and double backprop', () => {
    const x = arr(randomValues(8, 11, -3, 3), [2, 4]);
    const t = labels([1, 0, -1, 1, 0, 0, 1, -1], [2, 4]);
    gradientCheck.checkBackward((v) => F.sigmoidCrossEntropy(v, t), [x], null, { atol: 1e-3, rtol: 1e-2 });
    gradientCheck.checkBackward((v) => F.sigmoidCrossEntropy(v, t, { reduce: 'no' }), [x], null, { atol: 1e-3, rtol: 1e-2 });
    gradientCheck.checkDoubleBackward((v) => F.sigmoidCrossEntropy(v, t), [x], array(0.7), null, { atol: 2e-3, rtol: 2e-2 });
  });

  test('errors', () => {
    assertThrows(() => F.sigmoidCrossEntropy(array([[1, 2]]), labels([2, 0], [1, 2])), 'sigmoidCrossEntropy', 'label 2');
    assertThrows(() => F.sigmoidCrossEntropy(array([[1, 2]]), labels([1], [1, 1])), 'sigmoidCrossEntropy', 't.shape');
  });
});

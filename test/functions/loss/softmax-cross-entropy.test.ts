import { F, Variable, array, gradientCheck } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';

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

describeBackends('F.softmaxCrossEntropy', (test) => {
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

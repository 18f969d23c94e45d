import { F, Variable, array, grad, gradientCheck } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';
import { awayFrom, product } from '../reference';

function data(shape: number[], seed: number, lo = -2, hi = 2) {
  return array(awayFrom(randomValues(product(shape), seed, lo, hi), [0]), { shape });
}

/** Index of axis-1 position of flat element i in shape. */
function channelOf(i: number, shape: number[]): number {
  const inner = product(shape.slice(2));
  return Math.floor(i / inner) % shape[1];
}

describeBackends('F.prelu', (test) => {
  test('W broadcasts from axis 1; values against a reference', () => {
    const x = data([2, 3, 4], 1);
    const W = array([0.25, -0.5, 2]);
    const xs = x.dataSync(), ws = W.dataSync();
    const want = Float64Array.from(xs, (v, i) => (v >= 0 ? v : ws[channelOf(i, [2, 3, 4])] * v));
    assertClose(F.prelu(x, W), want);
    // W of shape (3, 4) covers axes 1 and 2
    const W2 = data([3, 4], 2, 0.1, 0.9);
    const w2 = W2.dataSync();
    assertClose(F.prelu(x, W2), Float64Array.from(xs, (v, i) => (v >= 0 ? v : w2[i % 12] * v)));
    // a 0-d W (L.PReLU's default shape) is a scalar
    assertClose(F.prelu(x, array(0.25)), Float64Array.from(xs, (v) => (v >= 0 ? v : 0.25 * v)));
    assert.is(F.prelu(new Variable(x), W).creator!.label, 'PReLUFunction');
  });

  test('gradients of x and W, and double backprop', () => {
    const f = (x: Variable, W: Variable) => F.prelu(x, W);
    gradientCheck.checkBackward(f, [data([2, 3, 4], 3), array([0.25, -0.5, 2])]);
    gradientCheck.checkBackward(f, [data([3, 2], 4), array(0.3)]);
    gradientCheck.checkDoubleBackward(f, [data([2, 3, 2], 5), array([0.25, 0.7, 1.5])], data([2, 3, 2], 6), [data([2, 3, 2], 7), array([0.1, 0.2, 0.3])]);
    // gW sums gy * x over the elements where x < 0 of each channel
    const x = new Variable(array([[-1, 2], [-3, -4]]));
    const W = new Variable(array([0.5, 0.5]));
    F.sum(F.prelu(x, W)).backward();
    assertClose(W.grad!, [-4, -4]);
    assertClose(x.grad!, [[0.5, 1], [0.5, 0.5]]);
    // NaN is not >= 0: Chainer's masks send it the W branch, gradient W gy and NaN for W.
    const xn = new Variable(array([[NaN, 2], [-3, 0]]));
    const Wn = new Variable(array([0.5, 0.25]));
    F.sum(F.prelu(xn, Wn)).backward();
    assertClose(xn.grad!, [[0.5, 1], [0.5, 1]]);
    assert.ok(Number.isNaN(Wn.grad!.dataSync()[0]));
    assertClose(Wn.grad!.dataSync()[1], 0);
  });

  test('errors', () => {
    assertThrows(() => F.prelu(data([2, 3], 1), array([1, 2])), 'prelu', 'W');
    assertThrows(() => F.prelu(array([[1]], { dtype: 'int32' }), array([1])), 'prelu', 'x');
  });

  test('gradients select by x >= 0 as Chainer does, so x = inf gives W a 0 gradient, not NaN', () => {
    // Chainer 7.8.1's values.
    const x = new Variable(array([[Infinity, -2.0, 0.0], [1.5, -Infinity, -0.5]]));
    const W = new Variable(array([0.25, -0.5, 2.0]));
    const y = F.prelu(x, W);
    y.grad = array([[0.5, 1.0, -1.0], [2.0, 0.75, 3.0]]);
    y.backward();
    assertClose(y, [Infinity, 1.0, 0.0, 1.5, Infinity, -1.0], { atol: 0, rtol: 0 });
    assertClose(x.grad!, [0.5, -0.5, -1.0, 2.0, -0.375, 6.0], { atol: 0, rtol: 0 });
    assertClose(W.grad!, [0.0, -Infinity, -1.5], { atol: 0, rtol: 0 });
  });

  test('second gradients are Chainer\'s PReLUFunctionGrad: ggW masked by x < 0', () => {
    // Chainer 7.8.1, x with NaN, inf and -inf, W = [0.25, -0.5, 2]: the gradient of
    // sum(gx r) + sum(gW s) is 0 for x at NaN and inf, and NaN for gy at x = inf (inf * 0).
    const x = new Variable(array([[NaN, Infinity, -1.5], [0, -Infinity, 2]]));
    const W = new Variable(array([0.25, -0.5, 2])), gy = new Variable(array([[0.5, -1.25, 0.75], [2, -0.3, 1.5]]));
    const [gx, gW] = grad([F.prelu(x, W)], [x, W], { gradOutputs: [gy], enableDoubleBackprop: true });
    assertClose(gx!, [[0.125, -1.25, 1.5], [2, 0.15000000596046448, 1.5]], { atol: 0, rtol: 0 });
    assertClose(gW!, [NaN, Infinity, -1.125], { atol: 0, rtol: 0 });
    const l = F.add(F.sum(F.mul(gx!, array([[1.5, 0.25, -0.5], [1, 2, -1]]))), F.sum(F.mul(gW!, array([0.5, -2, 1.5]))));
    const [ggx, ggW, ggy] = grad([l], [x, W, gy]);
    assertClose(ggx!, [[0, 0, 1.125], [0, 0.6000000238418579, 0]], { atol: 0, rtol: 0 });
    assertClose(ggW!, [0.75, -0.6000000238418579, -0.375], { atol: 0, rtol: 0 });
    assertClose(ggy!, [[NaN, NaN, -3.25], [1, Infinity, -1]], { atol: 0, rtol: 0 });
    gradientCheck.checkDoubleBackward((p, q) => F.prelu(p, q), [data([2, 3, 2], 30), data([3], 31)], data([2, 3, 2], 32), [data([2, 3, 2], 33), data([3], 34)]);
  });
});

describeBackends('F.swish', (test, backendName) => {
  test('gradients in Chainer\'s SwishGrad form: gy (beta y + s (1 - beta y)) and gy y (x - y)', () => {
    // Chainer 7.8.1's values; s + beta y (1 - s) rounds apart at each of these x.
    const x = new Variable(array([[-0.4777931869029999, -0.3880656361579895], [-1.2020719051361084, -1.017991065979004]]));
    const beta = new Variable(array([0.7, 1.3]));
    const y = F.swish(x, beta);
    y.grad = array([[0.5971713066101074, 0.49755576252937317], [0.18416915833950043, 0.08669046312570572]]);
    y.backward();
    // Exact on wasm, whose sigmoid agrees with numpy's here; webgl's tanh is within a few ulp.
    assertClose(x.grad!, [0.20055311918258667, 0.12840022146701813, 0.02285766415297985, -0.0008227582438848913],
      { atol: 0, rtol: backendName === 'wasm' ? 0 : 2e-6 });
    assertClose(beta.grad!, [0.08916161954402924, 0.03250665217638016], { atol: 0, rtol: 2e-6 });
  });

  test('x sigmoid(beta x) with beta from axis 1', () => {
    const x = data([2, 3, 2], 8);
    const beta = array([1, 0.5, -2]);
    const xs = x.dataSync(), bs = beta.dataSync();
    const want = Float64Array.from(xs, (v, i) => v / (1 + Math.exp(-bs[channelOf(i, [2, 3, 2])] * v)));
    assertClose(F.swish(x, beta), want);
    assert.is(F.swish(new Variable(x), beta).creator!.label, 'Swish');
  });

  test('gradients of x and beta, and double backprop', () => {
    const f = (x: Variable, b: Variable) => F.swish(x, b);
    gradientCheck.checkBackward(f, [data([2, 3, 2], 9), array([1, 0.5, -2])]);
    gradientCheck.checkDoubleBackward(f, [data([2, 3], 10), array([1, 0.5, 1.5])], data([2, 3], 11), [data([2, 3], 12), array([0.3, -0.2, 0.1])]);
  });

  test('second derivatives are Chainer\'s SwishGrad.backward, finite where the sigmoid saturates', () => {
    // Chainer 7.8.1 (numpy 1.24): the gradients of sum(gx ggx) + sum(gb ggb) with respect to x,
    // beta and gy. Differentiating the first-order expression gave NaN at x = -100, 200 and
    // -1e4 (0 * inf inside the sigmoid's own gradient), where Chainer gives 0.
    const x = new Variable(array([[-100, 0.5, 3], [200, -0.25, -1e4]]));
    const beta = new Variable(array([1.5, -0.5, 2]));
    const gy = new Variable(array([[0.3, -1.2, 0.7], [1.1, 0.4, -0.9]]));
    const [gx, gb] = grad([F.swish(x, beta)], [x, beta], { gradOutputs: [gy], enableDoubleBackprop: true });
    const tol = { atol: 0, rtol: backendName === 'wasm' ? 0 : 2e-6 };
    assertClose(gx!, [0, -0.4515479803085327, 0.7086287140846252, 1.100000023841858, 0.22493503987789154, 0], tol);
    assertClose(gb!, [0, -0.06761457026004791, 0.015539107844233513], tol);
    const loss = F.add(F.sum(F.mul(gx!, array([[-0.6, 0.8, 1.3], [0.2, -1.5, 0.45]]))), F.sum(F.mul(gb!, array([0.35, -0.7, 1.2]))));
    const [dx, db, dgy] = grad([loss], [x, beta, gy]);
    assertClose(dx!, [0, 0.43615466356277466, -0.04250124469399452, 0, 0.1835603266954422, 0], tol);
    assertClose(db!, [0, -0.15505369007587433, -0.08239880204200745], tol);
    assertClose(dgy!, [0, 0.2579585313796997, 1.3426631689071655, 0.20000000298023224, -0.8544012308120728, 0], tol);
    assert.is(gx!.creator!.label, 'SwishGrad');
    const f = (v: Variable, b: Variable) => F.swish(v, b);
    gradientCheck.checkDoubleBackward(f, [data([3, 2, 2], 13), array([0.8, -1.2])], data([3, 2, 2], 14), [data([3, 2, 2], 15), array([0.4, 0.25])]);
    gradientCheck.checkDoubleBackward(f, [data([4], 16), array(0.7)], data([4], 17), [data([4], 18), array(-0.3)]);
  });

  test('errors', () => {
    assertThrows(() => F.swish(data([2, 3], 1), array([1, 2, 3, 4])), 'swish', 'beta');
  });
});

describeBackends('F.maxout', (test) => {
  test('maximum over groups of consecutive channels', () => {
    const x = array([[1, 5, 2, 3, -1, -2], [0, 0, 7, 1, 4, 9]]);
    assertClose(F.maxout(x, 2), [[5, 3, -1], [0, 7, 9]]);
    assertClose(F.maxout(x, 3), [[5, 3], [7, 9]]);
    const x4 = data([2, 4, 3], 13);
    const xs = x4.dataSync();
    const want: number[] = [];
    for (let n = 0; n < 2; n++) for (let g = 0; g < 2; g++) for (let k = 0; k < 3; k++) {
      want.push(Math.max(xs[(n * 4 + 2 * g) * 3 + k], xs[(n * 4 + 2 * g + 1) * 3 + k]));
    }
    assertClose(F.maxout(x4, 2), Float64Array.from(want));
    assert.equal([...F.maxout(x4, 2).shape], [2, 2, 3]);
    gradientCheck.checkBackward((v) => F.maxout(v, 2), [x4]);
    gradientCheck.checkDoubleBackward((v) => F.maxout(v, 2), [x4], data([2, 2, 3], 14), data([2, 4, 3], 15));
  });

  test('errors', () => {
    assertThrows(() => F.maxout(data([2, 5], 1), 2), 'maxout', 'poolSize');
    assertThrows(() => F.maxout(data([2, 4], 1), 0), 'maxout', 'poolSize');
  });

  test('a negative axis slices and reduces as Chainer\'s maxout does', () => {
    // Chainer 7.8.1, x = arange(24).reshape(2, 4, 3) % 7, poolSize 2: axis -2 reshapes to
    // (2, 2, 2, 3) and takes the max along -1; axis -3 reshapes to (1, 2, 4, 3), max along -2;
    // axis -1 raises (3 is not a multiple of 2), and so does axis -1 of (2, 6) (no reshape).
    const x = array(Array.from({ length: 24 }, (_, i) => i % 7), { shape: [2, 4, 3] });
    assertClose(F.maxout(x, 2, -2), [[[2, 5], [6, 4]], [[6, 3], [6, 2]]], { atol: 0, rtol: 0 });
    assertClose(F.maxout(x, 2, { axis: -3 }), [[[6, 4, 5], [5, 6, 6]]], { atol: 0, rtol: 0 });
    assertThrows(() => F.maxout(x, 2, -1), 'maxout', 'poolSize');
    assertThrows(() => F.maxout(data([2, 6], 1), 3, -1), 'maxout', 'axis -1');
    gradientCheck.checkBackward((v) => F.maxout(v, 2, -2), [data([2, 4, 3], 16)]);
  });
});

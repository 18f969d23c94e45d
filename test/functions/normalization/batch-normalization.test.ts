import { F, Variable, array, fromTyped, gradientCheck, type NDArray } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';

/** float64 reference: statistics per channel over axes (0, 2, ...) of x (N, C, S). */
function referenceBN(x: Float32Array, N: number, C: number, S: number, gamma: ArrayLike<number>, beta: ArrayLike<number>, eps: number) {
  const y = new Float64Array(x.length);
  const mean: number[] = [], variance: number[] = [];
  for (let c = 0; c < C; c++) {
    let s = 0;
    for (let n = 0; n < N; n++) for (let i = 0; i < S; i++) s += x[(n * C + c) * S + i];
    const mu = s / (N * S);
    let v = 0;
    for (let n = 0; n < N; n++) for (let i = 0; i < S; i++) v += (x[(n * C + c) * S + i] - mu) ** 2;
    v /= N * S;
    mean.push(mu); variance.push(v);
    for (let n = 0; n < N; n++) for (let i = 0; i < S; i++) {
      const k = (n * C + c) * S + i;
      y[k] = gamma[c] * (x[k] - mu) / Math.sqrt(v + eps) + beta[c];
    }
  }
  return { y, mean, variance };
}

const arr = (data: Float32Array, shape: number[]) => array(data, { shape });

describeBackends('F.batchNormalization', (test) => {
  test('4-D input: statistics over every axis but 1, biased variance, eps 2e-5', () => {
    const [N, C, H, W] = [3, 2, 2, 3];
    const xd = randomValues(N * C * H * W, 11, -2, 3);
    const g = randomValues(C, 12, 0.5, 1.5), b = randomValues(C, 13);
    const y = F.batchNormalization(new Variable(arr(xd, [N, C, H, W])), arr(g, [C]), arr(b, [C]));
    assert.equal([...y.shape], [N, C, H, W]);
    assertClose(y, referenceBN(xd, N, C, H * W, g, b, 2e-5).y, { atol: 1e-5, rtol: 1e-4 });
    assert.is(y.creator!.label, 'BatchNormalization');
  });

  test('2-D input (batch, channels), channels not a multiple of 4', () => {
    const [N, C] = [5, 7];
    const xd = randomValues(N * C, 21, -1, 4);
    const g = randomValues(C, 22), b = randomValues(C, 23);
    const y = F.batchNormalization(arr(xd, [N, C]), arr(g, [C]), arr(b, [C]), { eps: 1e-3 });
    assertClose(y, referenceBN(xd, N, C, 1, g, b, 1e-3).y, { atol: 1e-5, rtol: 1e-4 });
  });

  test('long channels keep float32 accuracy (large offset)', () => {
    const [N, C, S] = [4, 3, 1000];
    const xd = randomValues(N * C * S, 5, 99, 101);
    const ones = new Float32Array(C).fill(1), zeros = new Float32Array(C);
    const y = F.batchNormalization(arr(xd, [N, C, S]), arr(ones, [C]), arr(zeros, [C]));
    assertClose(y, referenceBN(xd, N, C, S, ones, zeros, 2e-5).y, { atol: 2e-4, rtol: 1e-3 });
  });

  test('a mean far from 0 against the spread does not cancel: forward and backward are shift-invariant', () => {
    // Deviations of +-k/32 pair up to a mean of exactly 0 and stay exact, in every partial
    // sum too, when 1000 is added: batch normalization of x and of x + 1000 is then the same
    // computation, once x - mean comes first (s x + (beta - mean s) lost 1e-4 here).
    const [N, C] = [32, 3];
    const dev = Float32Array.from({ length: N * C }, (_, i) => {
      const n = Math.floor(i / C), c = i % C;
      return ((n % 16) + 1) * (n < 16 ? 1 : -1) * (c + 1) / 32;
    });
    const shifted = dev.map((v) => v + 1000);
    const g = randomValues(C, 41, 0.5, 1.5), b = randomValues(C, 42), gy = randomValues(N * C, 43);
    const run = (xd: Float32Array) => {
      const x = new Variable(arr(xd, [N, C]));
      const y = F.batchNormalization(x, arr(g, [C]), arr(b, [C]));
      y.grad = arr(gy, [N, C]);
      y.backward();
      return { y: y.array.toTypedArray(), gx: x.grad!.toTypedArray() };
    };
    const near = run(dev), far = run(shifted);
    assertClose(far.y, near.y, { atol: 2e-6, rtol: 0 });
    assertClose(far.gx, near.gx, { atol: 2e-6, rtol: 0 });
    // the same with the statistics given (inference)
    const fixed = (xd: Float32Array, mu: number) => F.fixedBatchNormalization(arr(xd, [N, C]), arr(g, [C]), arr(b, [C]),
      arr(new Float32Array(C).fill(mu), [C]), arr(new Float32Array(C).fill(0.25), [C]));
    assertClose(fixed(shifted, 1000), fixed(dev, 0), { atol: 2e-6, rtol: 0 });
    // an infinite input stays infinite with given statistics (0 inf made it NaN)
    assertClose(F.fixedBatchNormalization(arr(Float32Array.from([Infinity, -Infinity, 1]), [1, 3]), arr(new Float32Array([2, 2, 2]), [3]),
      arr(new Float32Array(3), [3]), arr(new Float32Array(3), [3]), arr(new Float32Array([1, 1, 1]), [3])), [[Infinity, -Infinity, 2 / Math.sqrt(1 + 2e-5)]]);
  });

  test('axis option: reduce (0, 2) of (N, C, H, W), gamma of shape (C, W)', () => {
    const [N, C, H, W] = [2, 3, 4, 2];
    const xd = randomValues(N * C * H * W, 31);
    const g = randomValues(C * W, 32), b = randomValues(C * W, 33);
    const y = F.batchNormalization(arr(xd, [N, C, H, W]), arr(g, [C, W]), arr(b, [C, W]), { axis: [0, 2] });
    const expected = new Float64Array(xd.length);
    for (let c = 0; c < C; c++) for (let w = 0; w < W; w++) {
      const idx: number[] = [];
      for (let n = 0; n < N; n++) for (let h = 0; h < H; h++) idx.push(((n * C + c) * H + h) * W + w);
      const mu = idx.reduce((s, k) => s + xd[k], 0) / idx.length;
      const v = idx.reduce((s, k) => s + (xd[k] - mu) ** 2, 0) / idx.length;
      for (const k of idx) expected[k] = g[c * W + w] * (xd[k] - mu) / Math.sqrt(v + 2e-5) + b[c * W + w];
    }
    assertClose(y, expected, { atol: 1e-5, rtol: 1e-4 });
    gradientCheck.checkBackward((x, gg, bb) => F.batchNormalization(x, gg, bb, { axis: [0, 2] }),
      [arr(xd, [N, C, H, W]), arr(g, [C, W]), arr(b, [C, W])], null, { atol: 2e-3, rtol: 2e-2 });
  });

  test('without axis the statistics are over axis 0 and the axes after gamma\'s: gamma (C, H) of (N, C, H, W) reduces (0, 3)', () => {
    const [N, C, H, W] = [3, 2, 3, 4];
    const xd = randomValues(N * C * H * W, 34, -2, 3);
    const g = randomValues(C * H, 35, 0.5, 1.5), b = randomValues(C * H, 36);
    const mean = randomValues(C * H, 37), variance = randomValues(C * H, 38, 0.2, 2);
    const expected = new Float64Array(xd.length), fixed = new Float64Array(xd.length);
    for (let c = 0; c < C; c++) for (let h = 0; h < H; h++) {
      const idx: number[] = [];
      for (let n = 0; n < N; n++) for (let w = 0; w < W; w++) idx.push(((n * C + c) * H + h) * W + w);
      const mu = idx.reduce((s, k) => s + xd[k], 0) / idx.length;
      const v = idx.reduce((s, k) => s + (xd[k] - mu) ** 2, 0) / idx.length;
      const j = c * H + h;
      for (const k of idx) {
        expected[k] = g[j] * (xd[k] - mu) / Math.sqrt(v + 2e-5) + b[j];
        fixed[k] = g[j] * (xd[k] - mean[j]) / Math.sqrt(variance[j] + 2e-5) + b[j];
      }
    }
    const x = arr(xd, [N, C, H, W]), gamma = arr(g, [C, H]), beta = arr(b, [C, H]);
    assertClose(F.batchNormalization(x, gamma, beta), expected, { atol: 1e-5, rtol: 1e-4 });
    assertClose(F.batchNormalization(x, gamma, beta, { axis: [0, 3] }), expected, { atol: 1e-5, rtol: 1e-4 });
    assertClose(F.fixedBatchNormalization(x, gamma, beta, arr(mean, [C, H]), arr(variance, [C, H])), fixed, { atol: 1e-5, rtol: 1e-4 });
    gradientCheck.checkBackward((xv, gg, bb) => F.batchNormalization(xv, gg, bb), [x, gamma, beta], null, { atol: 2e-3, rtol: 2e-2 });
    // A 0-d gamma normalizes over every axis.
    const all = F.batchNormalization(arr(xd, [N * C, H * W]), array(2), array(1));
    const mu = xd.reduce((s, v) => s + v, 0) / xd.length, v = xd.reduce((s, e) => s + (e - mu) ** 2, 0) / xd.length;
    assertClose(all, Float64Array.from(xd, (e) => 2 * (e - mu) / Math.sqrt(v + 2e-5) + 1), { atol: 1e-5, rtol: 1e-4 });
  });

  test('axis must be ascending and count from 0, as Chainer compares it', () => {
    const x = arr(randomValues(24, 39), [4, 3, 2]);
    for (const [fn, f] of [['batchNormalization', (axis: number[]) => F.batchNormalization(x, array([1, 1, 1]), array([0, 0, 0]), { axis })],
      ['fixedBatchNormalization', (axis: number[]) => F.fixedBatchNormalization(x, array([1, 1, 1]), array([0, 0, 0]), array([0, 0, 0]), array([1, 1, 1]), { axis })]] as const) {
      assertThrows(() => f([2, 0]), fn, 'ascending', '(2, 0)');
      assertThrows(() => f([0, -1]), fn, 'ascending', '(0, -1)');
      assertThrows(() => f([-3, 2]), fn, 'axis', '(-3, 2)');
    }
  });

  test('running averages: decay 0.9 and the unbiased batch variance, returned in the options', () => {
    const [N, C, S] = [4, 2, 3];
    const xd = randomValues(N * C * S, 41, -1, 2);
    const g = new Float32Array([1, 2]), b = new Float32Array([0, 1]);
    const opts = { runningMean: array([0.5, -1]), runningVar: array([1, 2]), decay: 0.8 };
    const before = { mean: opts.runningMean, var: opts.runningVar };
    F.batchNormalization(arr(xd, [N, C, S]), arr(g, [C]), arr(b, [C]), opts);
    const { mean, variance } = referenceBN(xd, N, C, S, g, b, 2e-5);
    const m = N * S;
    assertClose(opts.runningMean, [0.8 * 0.5 + 0.2 * mean[0], 0.8 * -1 + 0.2 * mean[1]]);
    assertClose(opts.runningVar, [0.8 * 1 + 0.2 * variance[0] * m / (m - 1), 0.8 * 2 + 0.2 * variance[1] * m / (m - 1)]);
    // The old arrays are values and stay as they were.
    assertClose(before.mean, [0.5, -1]);
    assertClose(before.var, [1, 2]);
  });

  test('default decay 0.9; only the given average is updated', () => {
    const xd = new Float32Array([1, 3, 5, 7]);
    const opts: { runningMean?: NDArray; runningVar?: NDArray } = { runningMean: array([1]) };
    F.batchNormalization(arr(xd, [4, 1]), array([1]), array([0]), opts);
    assertClose(opts.runningMean!, [0.9 * 1 + 0.1 * 4]);
    assert.is(opts.runningVar, undefined);
  });

  test('gradients of x, gamma and beta (4-D and 2-D)', () => {
    const x4 = arr(randomValues(2 * 3 * 2 * 2, 51, -2, 2), [2, 3, 2, 2]);
    gradientCheck.checkBackward((x, g, b) => F.batchNormalization(x, g, b),
      [x4, arr(randomValues(3, 52, 0.5, 2), [3]), arr(randomValues(3, 53), [3])], null, { atol: 2e-3, rtol: 2e-2 });
    const x2 = arr(randomValues(6 * 5, 54, -2, 2), [6, 5]);
    gradientCheck.checkBackward((x, g, b) => F.batchNormalization(x, g, b),
      [x2, arr(randomValues(5, 55, 0.5, 2), [5]), arr(randomValues(5, 56), [5])], null, { atol: 2e-3, rtol: 2e-2 });
  });

  test('double backprop', () => {
    const x = arr(randomValues(4 * 3 * 2, 61, -2, 2), [4, 3, 2]);
    const g = arr(randomValues(3, 62, 0.5, 2), [3]), b = arr(randomValues(3, 63), [3]);
    const gy = arr(randomValues(4 * 3 * 2, 64), [4, 3, 2]);
    gradientCheck.checkDoubleBackward((xv, gv, bv) => F.batchNormalization(xv, gv, bv), [x, g, b], gy, null,
      { atol: 5e-3, rtol: 5e-2, eps: 1e-2 });
  });

  test('errors name the function and the argument', () => {
    const x = arr(randomValues(12, 1), [3, 4]);
    assertThrows(() => F.batchNormalization(x, array([1, 1, 1]), array([0, 0, 0, 0])), 'batchNormalization', 'gamma.shape');
    assertThrows(() => F.batchNormalization(x, array([1, 1, 1, 1]), array([0, 0])), 'batchNormalization', 'beta.shape');
    assertThrows(() => F.batchNormalization(array([1, 2, 3], { dtype: 'int32' }), array([1]), array([0])), 'batchNormalization', 'x');
    assertThrows(() => F.batchNormalization(x, array([1, 1, 1, 1]), array([0, 0, 0, 0]), { runningMean: array([0]) }), 'batchNormalization', 'runningMean');
  });

  test('the batch mean and variance divide their sums by the count, as numpy\'s mean and var', () => {
    // Chainer 7.8.1's output for seven rows whose sums are exact: the mean of channel 0
    // is 0.875, where the sum 6.125 times 1 / 7 would round to 0.87500006.
    const x = array([[2.625, 0.5625], [2.125, 0.8125], [0.375, -0.3125], [0.375, 0.4375], [-1.125, 0.4375], [1.125, 1.3125], [0.625, 1.5625]]);
    const y = F.batchNormalization(x, array([1.5, 0.75]), array([0.25, -0.5]));
    assertClose(y, [2.5335164070129395, -0.6631046533584595, 1.8810832500457764, -0.3368953466415405, -0.40243327617645264,
      -1.8048371076583862, -0.40243327617645264, -0.826209306716919, -2.3597331047058105, -0.826209306716919,
      0.5762166380882263, 0.3155231475830078, -0.07621663808822632, 0.6417324542999268], { atol: 0, rtol: 0 });
  });
});

describeBackends('F.batchNormalization in numpy\'s order', (test, backendName) => {
  test('the statistics sum each (n, c) plane pairwise and the planes in order, as numpy\'s x.mean(axis=(0, 2, 3)) in Chainer', () => {
    const x = Float32Array.from({ length: 60 }, (_, i) => Math.fround(Math.fround((((i * 7919) % 2001) - 1000) / 37 * 0.05) + 3));
    const y = F.batchNormalization(fromTyped(x, [3, 2, 2, 5]), array([1.5, 0.75]), array([0.25, -1]));
    // Chainer 7.8.1 on numpy 1.24 (half of these were an ulp off when the sums carried in float64)
    const chainer = [-1.8896150588989258, 2.0057692527770996, 1.8329572677612305, 1.6601455211639404, 1.4873335361480713, 1.3145217895507812, 1.141709804534912, 0.9688975811004639, 0.7960857152938843, 0.6232738494873047, -0.8235601782798767, -1.007576823234558, -1.1915937662124634, -1.3756103515625, -1.5596270561218262, -1.7436437606811523, -1.927660346031189, -2.1116769313812256, -2.2956933975219727, -2.479710578918457, -1.2776575088500977, -1.4504693746566772, -1.6232812404632568, -1.796093225479126, 2.0992913246154785, 1.9264788627624512, 1.7536674737930298, 1.580855369567871, 1.4080431461334229, 1.2352312803268433, -0.17192482948303223, -0.35594141483306885, -0.5399580597877502, -0.7239747047424316, -0.9079912900924683, -1.092008352279663, -1.2760249376296997, -1.4600415229797363, -1.6440582275390625, -1.8280748128890991, -0.6657001972198486, -0.8385120630264282, -1.0113239288330078, -1.1841357946395874, -1.356947660446167, -1.5297596454620361, -1.7025716304779053, -1.8753833770751953, 2.02000093460083, 1.847188949584961, 0.4797109365463257, 0.29569435119628906, 0.11167776584625244, -0.07233929634094238, -0.256355881690979, -0.4403725862503052, -0.6243891716003418, -0.8084058165550232, -0.9924228191375732, -1.1764394044876099];
    assertClose(y.array.toTypedArray(), chainer, backendName === 'wasm' ? { atol: 0, rtol: 0 } : { atol: 1e-5, rtol: 1e-5 });
  });
});

describeBackends('F.batchNormalization\'s gradient in Chainer\'s steps', (test, backendName) => {
  test('ggamma sums gy times the rounded x̂, as Chainer\'s (gy * x_hat).sum(axis), and gx follows from it', () => {
    // Channel 1 sits at 40 with a spread of 0.7, channel 2 at -3: Σ gy (x - mean) times
    // invstd rounded apart from Σ gy x̂ (ggamma 0.45746076 for 0.45746067, and 5 of 24 gx).
    const x = Array.from({ length: 8 }, (_, i) => [0, 1, 2].map((c) => ((i * 37 + c * 11) % 23 - 11) / 8 + [0, 40, -3][c]));
    const gy = Array.from({ length: 8 }, (_, i) => [0, 1, 2].map((c) => ((i * 13 + c * 29) % 17 - 8) / 16));
    const xv = new Variable(array(x)), g = new Variable(array([1.5, 0.75, -2])), b = new Variable(array([0.25, -0.5, 1]));
    const y = F.batchNormalization(xv, g, b);
    y.grad = array(gy);
    y.backward();
    // Chainer 7.8.1 on numpy 1.24
    const gx = [-0.7693453431129456, 0.3257121443748474, -0.12122344970703125, 0.6247191429138184, 0.1661100536584854, 0.6451174020767212,
      0.2361792027950287, -0.18900910019874573, -1.0174686908721924, -0.35040155053138733, -0.3486112058162689, -0.7490232586860657,
      -0.738941490650177, 0.29973194003105164, 0.0173176322132349, 0.8531638383865356, 0.14012983441352844, 0.783658504486084,
      0.26658305525779724, -0.01947227120399475, 1.0521039962768555, -0.12195688486099243, -0.3745914399623871, -0.6104821562767029];
    const exact = backendName === 'wasm' ? { atol: 0, rtol: 0 } : { atol: 1e-5, rtol: 1e-5 };
    assertClose(xv.grad!.toTypedArray(), gx, exact);
    assertClose(g.grad!.toTypedArray(), [0.23787158727645874, 0.4574606716632843, -0.5302115678787231], exact);
    assertClose(b.grad!.toTypedArray(), [-0.375, -0.75, -0.0625], exact);
    gradientCheck.checkBackward((xx: Variable, gg: Variable, bb: Variable) => F.batchNormalization(xx, gg, bb),
      [array(x), array([1.5, 0.75, -2]), array([0.25, -0.5, 1])], array(gy), { atol: 5e-2, rtol: 5e-2, eps: 1e-2 });
  });
});

describeBackends('F.batchNormalization\'s gradient where gx cancels', (test) => {
  test('ggamma sums gy times the rounded x̂ on every backend, so that a gy nearly affine in x̂ leaves Chainer\'s small gx', () => {
    // Four rows near 40 (exact sums) and gy close to 0.5 + 0.25 x̂: gx cancels to 1e-3 of gy
    // and below, where Σ gy (x - mean) times invstd in place of Σ gy x̂ moved it (gx[6]
    // -3.5930e-5 for Chainer's -3.5862e-5).
    const x = [[40.75, 40.875, 39], [40.625, 41.5, 39.625], [39.75, 41.125, 38.5], [41.625, 41.5, 42]];
    const gy = [[0.5234375, 0.1484375, 0.35546875], [0.4765625, 0.734375, 0.47265625], [0.1484375, 0.3828125, 0.26171875], [0.8515625, 0.734375, 0.9140625]];
    const xv = new Variable(array(x)), g = new Variable(array([1.5, -0.75, 2])), b = new Variable(array([0.25, -0.5, 1]));
    const y = F.batchNormalization(xv, g, b);
    y.grad = array(gy);
    y.backward();
    // Chainer 7.8.1 on numpy 1.24
    assertClose(xv.grad!, [2.4222267711593304e-06, 0.0002827651333063841, 5.127088297740556e-05, -2.4222267711593304e-06, -0.00018845389422494918,
      0.001174920704215765, -3.586241291486658e-05, 9.422694711247459e-05, -0.0008476134389638901, 3.579512849682942e-05, -0.00018845389422494918,
      -0.0003786225861404091], { atol: 1e-9, rtol: 1e-4 });
    assertClose(g.grad!, [0.9965536594390869, 0.9942274689674377, 0.9997100830078125], { atol: 0, rtol: 1e-6 });
    assertClose(b.grad!, [2, 2, 2.00390625], { atol: 0, rtol: 0 });
  });
});

describeBackends('F.batchNormalization of one channel', (test, backendName) => {
  test('the statistics and gradient sums run over the whole batch pairwise, as numpy reduces an axis of length 1 away', () => {
    const x = array(Array.from({ length: 20 }, (_, i) => ((i * 37) % 23 - 11) / 7 + 3), { shape: [20, 1] });
    const gy = array(Array.from({ length: 20 }, (_, i) => ((i * 13) % 17 - 8) / 9), { shape: [20, 1] });
    const xv = new Variable(x), g = new Variable(array([1.5])), b = new Variable(array([0.25]));
    const y = F.batchNormalization(xv, g, b);
    y.grad = gy;
    y.backward();
    // Chainer 7.8.1 on numpy 1.24; rows added one after the other gave every y and 9 gx an ulp apart, gbeta -0.22222227
    const exact = backendName === 'wasm' ? { atol: 0, rtol: 0 } : { atol: 1e-5, rtol: 1e-5 };
    assertClose(y.array.toTypedArray(), [-2.2186050415039062, 0.8949507474899292, -1.1066210269927979, 2.006934881210327, 0.005363449454307556,
      -1.9962081909179688, 1.1173474788665771, -0.8842238187789917, 2.2293314933776855, 0.2277601808309555, -1.7738113403320312, 1.339744210243225,
      -0.6618271470069885, 2.451728343963623, 0.45015692710876465, -1.5514147281646729, 1.5621412992477417, -0.4394304156303406, 2.6741256713867188,
      0.6725540161132812], exact);
    assertClose(xv.grad!.toTypedArray(), [-1.127614974975586, 0.8197615146636963, 0.32155486941337585, -0.6716493964195251, -1.169856071472168,
      1.2725180387496948, 0.2793138325214386, -0.21889278292655945, -1.212096929550171, 1.2302770614624023, 0.7320704460144043, -0.2611337900161743,
      -0.7593404054641724, 1.1880359649658203, 0.689829409122467, 0.1916228085756302, -0.8015813827514648, -1.299787998199463, 0.647588312625885,
      0.14938174188137054], exact);
    assertClose(g.grad!.toTypedArray(), [1.864838719367981], exact);
    assertClose(b.grad!.toTypedArray(), [-0.22222214937210083], exact);
  });
});

describeBackends('F.fixedBatchNormalization', (test) => {
  test('uses the given statistics', () => {
    const [N, C, S] = [2, 3, 4];
    const xd = randomValues(N * C * S, 71, -2, 2);
    const g = randomValues(C, 72), b = randomValues(C, 73), mu = randomValues(C, 74), v = randomValues(C, 75, 0.1, 2);
    const y = F.fixedBatchNormalization(new Variable(arr(xd, [N, C, S])), arr(g, [C]), arr(b, [C]), arr(mu, [C]), arr(v, [C]));
    const expected = Float64Array.from(xd, (xv, k) => {
      const c = Math.floor(k / S) % C;
      return g[c] * (xv - mu[c]) / Math.sqrt(v[c] + 2e-5) + b[c];
    });
    assertClose(y, expected, { atol: 1e-5, rtol: 1e-4 });
    assert.is(y.creator!.label, 'FixedBatchNormalization');
  });

  test('gradients of all five inputs, and double backprop', () => {
    const [N, C] = [3, 5];
    const inputs = [arr(randomValues(N * C, 81, -2, 2), [N, C]), arr(randomValues(C, 82), [C]), arr(randomValues(C, 83), [C]),
      arr(randomValues(C, 84), [C]), arr(randomValues(C, 85, 0.5, 2), [C])];
    const f = (x: Variable, g: Variable, b: Variable, m: Variable, v: Variable) => F.fixedBatchNormalization(x, g, b, m, v);
    gradientCheck.checkBackward(f, inputs, null, { atol: 2e-3, rtol: 2e-2 });
    gradientCheck.checkDoubleBackward(f, inputs, arr(randomValues(N * C, 86), [N, C]), null, { atol: 5e-3, rtol: 5e-2 });
  });

  test('errors', () => {
    const x = arr(randomValues(6, 1), [2, 3]);
    assertThrows(() => F.fixedBatchNormalization(x, array([1, 1, 1]), array([0, 0, 0]), array([0, 0]), array([1, 1, 1])), 'fixedBatchNormalization', 'mean');
  });

  test('1 / sqrt is taken as sqrt(1 / (var + eps)), and the gradients in the steps of Chainer\'s FixedBatchNormalizationGrad', () => {
    // Chainer 7.8.1's values for one row (so that no sum rounds). 1 / sqrt(var + eps)
    // rounds apart for channels 0 and 3 (y[0] -1.7480832 with it).
    const vars = [
      [-1.625, 0.5, 0.125, -0.875, -1.375, 1.25], [1.125, 0.5, 1.125, 0.125, 1.75, 0.75], [0.5, -0.875, -0.625, 0.25, 0.375, 0.5],
      [0.625, 0.125, 0.625, 0.875, 0.625, -0.75], [1.2677643299102783, 2.4729714393615723, 0.16171583533287048, 1.1231547594070435, 1.4981598854064941, 2.6369659900665283],
    ].map((v, i) => new Variable(array(i === 0 ? [v] : v)));
    const y = F.fixedBatchNormalization(vars[0], vars[1], vars[2], vars[3], vars[4]);
    const exact = { atol: 0, rtol: 0 };
    assertClose(y, [[-1.7480831146240234, -0.7557687759399414, -2.0236833095550537, 0.043593019247055054, -2.484473466873169, 1.4237136840820312]], exact);
    y.grad = array([[0.375, 0.25, 0.125, 0.25, -0.75, -0.25]]);
    y.backward();
    const gx = [0.3746805191040039, 0.07948747277259827, 0.3496708273887634, 0.02948671206831932, -1.0723025798797607, -0.11546420305967331];
    assertClose(vars[0].grad!, [gx], exact);
    assertClose(vars[1].grad!, [-0.7493610382080078, 0.0596156045794487, -0.15540926158428192, -0.4128139615058899, 1.2254886627197266, -0.30790454149246216], exact);
    assertClose(vars[3].grad!, gx.map((v) => -v), exact);
    assertClose(vars[4].grad!, [0.33248206973075867, -0.006026668939739466, 0.540496826171875, 0.02297137677669525, -0.7157368659973145, 0.0437864288687706], exact);
  });
});

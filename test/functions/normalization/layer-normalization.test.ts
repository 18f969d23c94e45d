import { F, Variable, array, grad, gradientCheck } from '../../../src/index';
import * as ops from '../../../src/array/ops/index';
import { getBackend } from '../../../src/backends/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';

const arr = (data: Float32Array, shape: number[]) => array(data, { shape });

/** float64: standardize each of `rows` consecutive blocks of x, eps inside the root. */
function standardizeRows(x: Float32Array, rows: number, eps: number): Float64Array {
  const cols = x.length / rows;
  const out = new Float64Array(x.length);
  for (let r = 0; r < rows; r++) {
    let mu = 0;
    for (let j = 0; j < cols; j++) mu += x[r * cols + j];
    mu /= cols;
    let v = 0;
    for (let j = 0; j < cols; j++) v += (x[r * cols + j] - mu) ** 2;
    v /= cols;
    for (let j = 0; j < cols; j++) out[r * cols + j] = (x[r * cols + j] - mu) / Math.sqrt(v + eps);
  }
  return out;
}

describeBackends('F.layerNormalization', (test) => {
  test('over axis 1 with eps inside the square root', () => {
    const [N, D] = [3, 6];
    // Small variances make eps visible: eps outside the root would differ widely.
    const xd = randomValues(N * D, 3, -0.1, 0.1);
    const g = randomValues(D, 4), b = randomValues(D, 5);
    const eps = 0.01;
    const y = F.layerNormalization(arr(xd, [N, D]), arr(g, [D]), arr(b, [D]), { eps });
    const xhat = standardizeRows(xd, N, eps);
    assertClose(y, xhat.map((v, k) => v * g[k % D] + b[k % D]), { atol: 1e-5, rtol: 1e-4 });
  });

  test('default eps 1e-5 and gradients of x, gamma, beta', () => {
    const [N, D] = [4, 5];
    const xd = randomValues(N * D, 6, -2, 2);
    const g = randomValues(D, 7), b = randomValues(D, 8);
    const y = F.layerNormalization(arr(xd, [N, D]), arr(g, [D]), arr(b, [D]));
    const xhat = standardizeRows(xd, N, 1e-5);
    assertClose(y, xhat.map((v, k) => v * g[k % D] + b[k % D]), { atol: 1e-5, rtol: 1e-4 });
    gradientCheck.checkBackward((x, gg, bb) => F.layerNormalization(x, gg, bb), [arr(xd, [N, D]), arr(g, [D]), arr(b, [D])], null, { atol: 2e-3, rtol: 2e-2 });
  });

  test('errors', () => {
    assertThrows(() => F.layerNormalization(arr(randomValues(24, 1), [2, 3, 4]), array([1, 1, 1]), array([0, 0, 0])), 'layerNormalization', 'x');
    assertThrows(() => F.layerNormalization(arr(randomValues(6, 1), [2, 3]), array([1, 1]), array([0, 0, 0])), 'layerNormalization', 'gamma');
  });
});

describeBackends('F.layerNormalization in numpy\'s order', (test, backendName) => {
  test('each row\'s mean and variance sum pairwise, as numpy\'s x.mean(axis=1) in Chainer', () => {
    const x = Float32Array.from({ length: 24 }, (_, i) => Math.fround(Math.fround((((i * 7919) % 2001) - 1000) / 37 * 0.05) + 3));
    const y = F.layerNormalization(array(x, { shape: [2, 12] }), array([0.5, 0.6000000238418579, 0.699999988079071, 0.800000011920929, 0.8999999761581421, 1.0, 1.100000023841858, 1.2000000476837158, 1.2999999523162842, 1.399999976158142, 1.5, 1.600000023841858]), array([-1.0, -0.8181818127632141, -0.6363636255264282, -0.4545454680919647, -0.27272728085517883, -0.09090909361839294, 0.09090909361839294, 0.27272728085517883, 0.4545454680919647, 0.6363636255264282, 0.8181818127632141, 1.0]));
    // Chainer 7.8.1 on numpy 1.24 (half of these were an ulp off when the sums carried in float64)
    const chainer = [-2.406546115875244, -0.13989055156707764, 0.03251129388809204, 0.16992303729057312, 0.2723449170589447, 0.33977675437927246, 0.37221863865852356, 0.3696700930595398, 0.332131952047348, 0.2596038281917572, 0.15208572149276733, 0.009577631950378418, -0.2033977508544922, -0.03606313467025757, 0.073336660861969, 0.12480190396308899, 0.1183323860168457, 0.053928226232528687, -0.06841063499450684, -0.24868491291999817, -0.4868931472301483, -0.7830361127853394, -1.1371138095855713, -1.5491266250610352];
    assertClose(y.array.toTypedArray(), chainer, backendName === 'wasm' ? { atol: 0, rtol: 0 } : { atol: 1e-5, rtol: 1e-5 });
  });
});

describeBackends('F.groupNormalization', (test) => {
  test('groups of contiguous channels per sample, then per-channel scale and shift', () => {
    const [N, C, H, W, G] = [2, 6, 2, 2, 3];
    const xd = randomValues(N * C * H * W, 9, -1, 2);
    const g = randomValues(C, 10), b = randomValues(C, 11);
    const y = F.groupNormalization(arr(xd, [N, C, H, W]), G, arr(g, [C]), arr(b, [C]));
    const xhat = standardizeRows(xd, N * G, 1e-5);
    assertClose(y, xhat.map((v, k) => { const c = Math.floor(k / (H * W)) % C; return v * g[c] + b[c]; }), { atol: 1e-5, rtol: 1e-4 });
    gradientCheck.checkBackward((x, gg, bb) => F.groupNormalization(x, G, gg, bb), [arr(xd, [N, C, H, W]), arr(g, [C]), arr(b, [C])], null, { atol: 2e-3, rtol: 2e-2 });
  });

  test('errors', () => {
    assertThrows(() => F.groupNormalization(arr(randomValues(12, 1), [2, 6]), 4, arr(randomValues(6, 1), [6]), arr(randomValues(6, 1), [6])), 'groupNormalization', 'groups');
    // Chainer: ValueError (cannot reshape an empty x to (0, -1)).
    assertThrows(() => F.groupNormalization(arr(new Float32Array(0), [0, 4, 2]), 2, arr(randomValues(4, 1), [4]), arr(randomValues(4, 1), [4])), 'groupNormalization', 'empty batch', '(0, 4, 2)');
  });
});

describeBackends('F.layerNormalization\'s gradient in Chainer\'s steps', (test, backendName) => {
  test('gx through Chainer\'s LayerNormalization.backward: x - mu, 1 / sqrt(var + eps), then gx_mu and gmu from the row sums', () => {
    const x = array(Array.from({ length: 18 }, (_, i) => ((i * 37) % 23 - 11) / 8 + 20 * Math.floor(i / 6)), { shape: [3, 6] });
    const gy = array(Array.from({ length: 18 }, (_, i) => ((i * 13) % 17 - 8) / 16), { shape: [3, 6] });
    const xv = new Variable(x), g = new Variable(array([1.5, 0.75, -2, 0.5, 1, 0.25])), b = new Variable(array([0.25, -0.5, 1, 0, 2, 1]));
    const y = F.layerNormalization(xv, g, b);
    y.grad = gy;
    y.backward();
    // Chainer 7.8.1 on numpy 1.24; batch normalization's steps gave 13 of these 18 an ulp or more apart
    const gx = [-0.48289912939071655, 0.35273057222366333, 0.13414713740348816, -0.14079642295837402, -0.34117376804351807, 0.47799161076545715,
      -0.12769146263599396, -0.21432405710220337, 0.4507632851600647, 0.03777649998664856, 0.27749812602996826, -0.4240226745605469,
      -0.29262208938598633, 0.45821499824523926, -0.4586336016654968, 0.41946589946746826, -0.2574966847896576, 0.131071537733078];
    const exact = backendName === 'wasm' ? { atol: 0, rtol: 0 } : { atol: 1e-5, rtol: 1e-5 };
    assertClose(xv.grad!.toTypedArray(), gx, exact);
    assertClose(g.grad!.toTypedArray(), [0.8836930990219116, 1.1697782278060913, -0.5115587115287781, -0.3434431254863739, -0.64374840259552, -0.1636626422405243], exact);
    assertClose(b.grad!.toTypedArray(), [-0.6875, 0.6875, -0.0625, 0.25, -0.5, -0.1875], exact);
    const f = (xx: Variable, gg: Variable, bb: Variable) => F.layerNormalization(xx, gg, bb, 1e-3);
    const inputs = [arr(randomValues(18, 41, -2, 2), [3, 6]), arr(randomValues(6, 42), [6]), arr(randomValues(6, 43), [6])];
    gradientCheck.checkBackward(f, inputs, null, { atol: 2e-3, rtol: 2e-2 });
    gradientCheck.checkDoubleBackward(f, inputs, arr(randomValues(18, 44), [3, 6]), null, { atol: 5e-3, rtol: 5e-2 });
  });
});

describeBackends('F.groupNormalization\'s gradient in Chainer\'s steps', (test, backendName) => {
  test('gx = invstd ((g - mean(g)) - x̂ mean(g x̂)) with g = gy gamma, as Chainer\'s _XHatGrad', () => {
    const x = array(Array.from({ length: 24 }, (_, i) => ((i * 37) % 23 - 11) / 8 + 20 * Math.floor(i / 12)), { shape: [2, 4, 3] });
    const gy = array(Array.from({ length: 24 }, (_, i) => ((i * 13) % 17 - 8) / 16), { shape: [2, 4, 3] });
    const xv = new Variable(x), g = new Variable(array([1.5, 0.75, -2, 0.5])), b = new Variable(array([0.25, -0.5, 1, 0]));
    const y = F.groupNormalization(xv, 2, g, b);
    y.grad = gy;
    y.backward();
    // Chainer 7.8.1 on numpy 1.24; batch normalization's steps gave 13 of these 24 an ulp or two apart
    const gx = [-0.6523003578186035, 0.5127445459365845, 0.2397470921278, -0.2883771061897278, -0.3429011404514313, 0.5310869216918945,
      -0.6050336360931396, 0.19431431591510773, 0.6189166307449341, 0.07205359637737274, 0.055516112595796585, -0.3357670307159424,
      -0.38833457231521606, 0.4144088327884674, 0.4315989315509796, 0.44878900051116943, -0.5842098593711853, -0.32225412130355835,
      -0.18649259209632874, 0.003395019331946969, 0.1932826191186905, 0.09121308475732803, 0.18262141942977905, -0.2840195298194885];
    const exact = backendName === 'wasm' ? { atol: 0, rtol: 0 } : { atol: 1e-5, rtol: 1e-5 };
    assertClose(xv.grad!.toTypedArray(), gx, exact);
    assertClose(g.grad!.toTypedArray(), [1.86826753616333, -0.7633099555969238, 0.3137611448764801, -1.068693995475769], exact);
    assertClose(b.grad!.toTypedArray(), [0.3125, -1, -0.1875, 0.625], exact);
    const f = (xx: Variable, gg: Variable, bb: Variable) => F.groupNormalization(xx, 2, gg, bb);
    const inputs = [arr(randomValues(24, 31, -2, 2), [2, 4, 3]), arr(randomValues(4, 32), [4]), arr(randomValues(4, 33), [4])];
    gradientCheck.checkBackward(f, inputs, null, { atol: 2e-3, rtol: 2e-2 });
    gradientCheck.checkDoubleBackward(f, inputs, arr(randomValues(24, 34), [2, 4, 3]), null, { atol: 5e-3, rtol: 5e-2 });
  });
});

describeBackends('rows standardized by layer and group normalization: the one-pass gradient kernel', (test, backendName) => {
  test('gives the bits of Chainer\'s steps taken one array operation at a time (SIMD lanes, row tails, long rows, split rows)', () => {
    const be = getBackend(backendName as 'wasm' | 'webgl');
    if (!be.rowStandardizeGrad) return; // this backend takes the steps
    // rows x cols: scalar tails, SIMD bodies, pairwise blocks past 128, a row longer than
    // numpy's 8192-term buffer, and enough rows for the thread pool to split them
    for (const [rows, cols, seed] of [[3, 7, 1], [5, 37, 2], [9, 300, 3], [2, 9001, 4], [64, 129, 5]] as const) {
      const x = arr(randomValues(rows * cols, seed, -3, 3).map((v, i) => v * [1, 0.01, 100][i % 3] + (i % 2 ? 1000 : 0)), [rows, cols]);
      const gy = arr(randomValues(rows * cols, seed + 10), [rows, cols]);
      const mean = arr(randomValues(rows, seed + 20), [rows]), invstd = arr(randomValues(rows, seed + 30, 0.5, 2), [rows]);
      for (const steps of ['layer', 'group'] as const) {
        const oneKernel = ops.rowStandardizeGrad(steps, x, gy, mean, invstd, 1e-5);
        // The backend's method hidden by an own property: ops takes the steps.
        Object.defineProperty(be, 'rowStandardizeGrad', { value: undefined, configurable: true });
        let stepByStep: ops.RowStandardizeGrads;
        try { stepByStep = ops.rowStandardizeGrad(steps, x, gy, mean, invstd, 1e-5); } finally {
          delete (be as { rowStandardizeGrad?: unknown }).rowStandardizeGrad;
        }
        for (const key of ['gx', 'ggamma', 'gbeta'] as const) {
          assert.equal(Array.from(oneKernel[key].toTypedArray()), Array.from(stepByStep[key].toTypedArray()), `${steps} ${key} of ${rows}x${cols}`);
        }
      }
    }
  });
});

describeBackends('F.localResponseNormalization', (test) => {
  /** float64: window [c - n/2, c + n/2] along axis 1, alpha not divided by n. */
  function reference(x: Float32Array, N: number, C: number, S: number, n: number, k: number, alpha: number, beta: number) {
    const out = new Float64Array(x.length);
    const half = Math.floor(n / 2);
    for (let b = 0; b < N; b++) for (let c = 0; c < C; c++) for (let s = 0; s < S; s++) {
      let acc = 0;
      for (let j = Math.max(0, c - half); j <= Math.min(C - 1, c + half); j++) acc += x[(b * C + j) * S + s] ** 2;
      const i = (b * C + c) * S + s;
      out[i] = x[i] / (k + alpha * acc) ** beta;
    }
    return out;
  }

  test('defaults n 5, k 2, alpha 1e-4, beta 0.75', () => {
    const [N, C, S] = [2, 7, 3];
    const xd = randomValues(N * C * S, 12, -3, 3);
    const y = F.localResponseNormalization(arr(xd, [N, C, S]));
    assertClose(y, reference(xd, N, C, S, 5, 2, 1e-4, 0.75), { atol: 1e-6, rtol: 1e-5 });
  });

  test('alpha is not divided by n (large alpha makes the difference visible)', () => {
    const [N, C] = [3, 6];
    const xd = randomValues(N * C, 13, -2, 2);
    const y = F.localResponseNormalization(new Variable(arr(xd, [N, C])), { n: 3, k: 1, alpha: 0.5, beta: 0.6 });
    assertClose(y, reference(xd, N, C, 1, 3, 1, 0.5, 0.6), { atol: 1e-5, rtol: 1e-4 });
    assert.is(y.creator!.label, 'LocalResponseNormalization');
    gradientCheck.checkBackward((x) => F.localResponseNormalization(x, { n: 3, k: 1, alpha: 0.5, beta: 0.6 }), [arr(xd, [N, C])], null, { atol: 2e-3, rtol: 2e-2 });
  });

  test('n below 2 (0 too, as Chainer takes it) is a window of the channel alone; n 4 reaches 2 each side', () => {
    const [N, C, S] = [2, 6, 2];
    const xd = randomValues(N * C * S, 16, -2, 2);
    const self = reference(xd, N, C, S, 1, 2, 0.1, 0.75);
    for (const n of [0, 1]) assertClose(F.localResponseNormalization(arr(xd, [N, C, S]), { n, alpha: 0.1 }), self, { atol: 1e-6, rtol: 1e-5 });
    assertClose(F.localResponseNormalization(arr(xd, [N, C, S]), { n: 4, alpha: 0.1 }), reference(xd, N, C, S, 5, 2, 0.1, 0.75), { atol: 1e-6, rtol: 1e-5 });
    assertThrows(() => F.localResponseNormalization(arr(xd, [N, C, S]), { n: 2.5 }), 'localResponseNormalization', 'n must be an integer');
  });

  test('window sums in Chainer\'s order, reading only the window: a NaN or overflowing channel reaches its windows alone', () => {
    // Chainer 7.8.1's values (beta 1, so that no power rounds): a NaN in channel 0 and
    // 1e25 (whose square is inf) in channel 5. Summing through a band matrix made every
    // channel NaN (0 * inf, 0 * NaN); a different order of the window sum rounds apart.
    const xd = [NaN, 0.5, 1.25, -0.75, 0.3, 2.0, -1.5, 0.7, 0.9, -0.2, 0.4, 1e25];
    const gy = arr(Float32Array.from([0.3, -0.6, 0.9, 0.1, -0.4, 0.25, 0.7, -0.8, 0.15, 0.5, -0.35, 0.45]), [1, 6, 2]);
    const chainer: [{ n: number; k: number; alpha: number; beta: number }, number[], number[]][] = [
      [{ n: 3, k: 1, alpha: 0.5, beta: 1 },
        [NaN, 0.35555556416511536, NaN, -0.22018347680568695, 0.10165184736251831, 0.5671747922897339, -0.582524299621582, 0.21439510583877563, 0.3448275625705719, -0, 0.2693602740764618, 0],
        [NaN, -0.34758278727531433, NaN, -0.0591098889708519, NaN, 0.10846669971942902, 0.04337078332901001, -0.23639841377735138, 0.23929288983345032, -0.010506345890462399, -0.21822306513786316, 0]],
      [{ n: 5, k: 2, alpha: 0.25, beta: 1 },
        [NaN, 0.15609756112098694, NaN, -0.225521519780159, NaN, 0.5995877981185913, -0.4661099314689636, 0, 0.3183023929595947, -0, 0.14260248839855194, 0],
        [NaN, -0.1895463615655899, NaN, 0.03341345861554146, NaN, 0.06603135168552399, NaN, -0.013354902155697346, NaN, 0.004493819084018469, -0.10431822389364243, 0]],
    ];
    for (const [o, y, gx] of chainer) {
      const x = new Variable(arr(Float32Array.from(xd), [1, 6, 2]));
      const out = F.localResponseNormalization(x, o);
      assertClose(out, y, { atol: 0, rtol: 0 });
      out.grad = gy;
      out.backward();
      assertClose(x.grad!, gx, { atol: 0, rtol: 0 });
    }
  });

  test('gradient on 4-D input and double backprop', () => {
    const x = arr(randomValues(2 * 4 * 2 * 2, 14, -2, 2), [2, 4, 2, 2]);
    const f = (v: Variable) => F.localResponseNormalization(v, { n: 3, alpha: 0.3 });
    gradientCheck.checkBackward(f, [x], null, { atol: 2e-3, rtol: 2e-2 });
    gradientCheck.checkDoubleBackward(f, [x], arr(randomValues(32, 15), [2, 4, 2, 2]), null, { atol: 5e-3, rtol: 5e-2 });
  });
});

describeBackends('F.normalize', (test) => {
  test('x / (sqrt(sum x^2) + eps), eps outside the root', () => {
    const xd = new Float32Array([3, 4, 0.3, 0.4, 0, 0]);
    const eps = 0.5;
    const y = F.normalize(arr(xd, [3, 2]), { eps });
    assertClose(y, [[3 / 5.5, 4 / 5.5], [0.3 / 1, 0.4 / 1], [0, 0]], { atol: 1e-6 });
    const d = F.normalize(arr(xd, [3, 2]));
    assertClose(d, [[3 / (5 + 1e-5), 4 / (5 + 1e-5)], [0.3 / (0.5 + 1e-5), 0.4 / (0.5 + 1e-5)], [0, 0]], { atol: 1e-6 });
  });

  test('axis option, gradients, zero vectors give finite gradients', () => {
    const xd = randomValues(2 * 3 * 4, 16, -2, 2);
    const y = F.normalize(arr(xd, [2, 3, 4]), { axis: 2 });
    const expected = new Float64Array(xd.length);
    for (let r = 0; r < 6; r++) {
      let s = 0;
      for (let j = 0; j < 4; j++) s += xd[r * 4 + j] ** 2;
      for (let j = 0; j < 4; j++) expected[r * 4 + j] = xd[r * 4 + j] / (Math.sqrt(s) + 1e-5);
    }
    assertClose(y, expected, { atol: 1e-6, rtol: 1e-5 });
    gradientCheck.checkBackward((x) => F.normalize(x), [arr(xd, [2, 3, 4])], null, { atol: 2e-3, rtol: 2e-2 });
    gradientCheck.checkDoubleBackward((x) => F.normalize(x, { axis: -1 }), [arr(xd, [2, 3, 4])], arr(randomValues(24, 17), [2, 3, 4]), null, { atol: 5e-3, rtol: 5e-2 });
    const z = new Variable(array([[0, 0], [1, 2]]));
    F.normalize(z).sum().backward();
    const g = Array.from(z.grad!.dataSync());
    assert.ok(g.every(Number.isFinite), `finite gradient, got ${g}`);
    assertClose(g.slice(0, 2), [1 / 1e-5, 1 / 1e-5], { rtol: 1e-4 });
  });

  test('gradient and double backprop composed as Chainer\'s: its values, NaN where a row is all 0', () => {
    // Values of chainer.grad (enable_double_backprop) from Chainer 7.8.1 for these inputs.
    const x = new Variable(array([[0.3, -0.2, 0.7], [1e-3, 2e-3, -4e-3], [0, 0, 0]]));
    const gy = new Variable(array([[0.5, 1.5, -1.0], [0.25, -2.0, 1.0], [1.0, -1.0, 2.0]]));
    const [gx] = grad([F.normalize(x, 1e-5, 1)], [x], { gradOutputs: [gy], enableDoubleBackprop: true });
    assertClose(gx!, [[1.1573186, 1.5567604, -0.05122447], [134.61813, -275.12051, -102.98710], [1e5, -1e5, 2e5]], { rtol: 1e-6 });
    const [ggx, ggy] = grad([gx!], [x, gy], { gradOutputs: [array([[1, -1, 0.5], [2, 1, -1], [1, 1, 1]])] });
    // The zero row's norm goes through sqrt at 0, whose gradient is infinite: Chainer gets NaN.
    assertClose(ggx!, [[-0.35596311, -3.5350456, -0.25021839], [74033.883, 114442.89, 99603.609], [NaN, NaN, NaN]], { rtol: 1e-5 });
    assertClose(ggy!, [[0.74765909, -0.92176777, -0.58376795], [352.71646, 52.204758, 113.33321], [100000.008, 100000.008, 100000.008]], { rtol: 1e-5 });
  });

  test('several axes, as Chainer\'s axis tuple: one norm over all of them', () => {
    const xd = randomValues(2 * 3 * 4, 18, -2, 2);
    const expected = new Float64Array(xd.length);
    for (let n = 0; n < 2; n++) {
      let s = 0;
      for (let j = 0; j < 12; j++) s += xd[n * 12 + j] ** 2;
      for (let j = 0; j < 12; j++) expected[n * 12 + j] = xd[n * 12 + j] / (Math.sqrt(s) + 1e-5);
    }
    assertClose(F.normalize(arr(xd, [2, 3, 4]), { axis: [1, 2] }), expected, { atol: 1e-6, rtol: 1e-5 });
    assertClose(F.normalize(arr(xd, [2, 3, 4]), 1e-5, [-1, 1]), expected, { atol: 1e-6, rtol: 1e-5 });
    gradientCheck.checkBackward((x) => F.normalize(x, { axis: [0, 2] }), [arr(xd, [2, 3, 4])], null, { atol: 2e-3, rtol: 2e-2 });
  });

  test('errors', () => {
    assertThrows(() => F.normalize(arr(randomValues(6, 1), [2, 3]), { axis: 2 }), 'normalize', 'axis');
    assertThrows(() => F.normalize(arr(randomValues(6, 1), [2, 3]), { axis: [1, 1] }), 'normalize', 'duplicate');
  });
});

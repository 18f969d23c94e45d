import { F, Variable, array, config, grad, grad as gradOf, usingConfig } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends } from '../../util';
import { erfRef } from '../reference';
import { type UnaryCase, checkUnary } from '../unary-cases';

const SELU_ALPHA = 1.6732632423543772, SELU_SCALE = 1.0507009873554805;
const eluRef = (a: number) => (x: number) => (x > 0 ? x : a * Math.expm1(x));
const sigmoidRef = (x: number) => 1 / (1 + Math.exp(-x));

const CASES: UnaryCase[] = [
  { name: 'relu', fn: F.relu, ref: (x) => Math.max(0, x), lo: -2, hi: 2, kinks: [0] },
  { name: 'leakyRelu', fn: (x) => F.leakyRelu(x), ref: (x) => (x < 0 ? 0.2 * x : x), lo: -2, hi: 2, kinks: [0] },
  { name: 'leakyRelu', fn: (x) => F.leakyRelu(x, { slope: -0.5 }), ref: (x) => (x < 0 ? -0.5 * x : x), lo: -2, hi: 2, kinks: [0] },
  { name: 'elu', fn: (x) => F.elu(x), ref: eluRef(1), lo: -3, hi: 2, kinks: [0] },
  { name: 'elu', fn: (x) => F.elu(x, { alpha: 0.4 }), ref: eluRef(0.4), lo: -3, hi: 2, kinks: [0] },
  { name: 'selu', fn: (x) => F.selu(x), ref: (x) => SELU_SCALE * eluRef(SELU_ALPHA)(x), lo: -3, hi: 2, kinks: [0] },
  { name: 'clippedRelu', fn: (x) => F.clippedRelu(x), ref: (x) => Math.min(Math.max(x, 0), 20), lo: -5, hi: 25, kinks: [0, 20] },
  { name: 'clippedRelu', fn: (x) => F.clippedRelu(x, { z: 0.5 }), ref: (x) => Math.min(Math.max(x, 0), 0.5), lo: -1, hi: 1, kinks: [0, 0.5] },
  { name: 'hardSigmoid', fn: F.hardSigmoid, ref: (x) => Math.min(Math.max(0.2 * x + 0.5, 0), 1), lo: -4, hi: 4, kinks: [-2.5, 2.5] },
  { name: 'sigmoid', fn: F.sigmoid, ref: sigmoidRef, lo: -5, hi: 5 },
  { name: 'tanh', fn: F.tanh, ref: Math.tanh, lo: -3, hi: 3 },
  { name: 'softplus', fn: (x) => F.softplus(x), ref: (x) => Math.log1p(Math.exp(x)), lo: -5, hi: 5 },
  { name: 'softplus', fn: (x) => F.softplus(x, { beta: 2.5 }), ref: (x) => Math.log1p(Math.exp(2.5 * x)) / 2.5, lo: -3, hi: 3 },
  { name: 'gelu', fn: F.gelu, ref: (x) => 0.5 * x * (1 + erfRef(x / Math.SQRT2)), lo: -3, hi: 3, atol: 5e-7 },
];

describeBackends('F elementwise activations', (test) => {
  CASES.forEach((c, i) => {
    test(`${c.name} #${i}: values, gradient, double backprop, dtype error`, () => checkUnary(c));
  });

  test('conventions: leakyRelu slope 0.2, elu alpha 1, clippedRelu z 20, selu constants', () => {
    const x = array([-10, -1, 0, 1, 30]);
    assertClose(F.leakyRelu(x), [-2, -0.2, 0, 1, 30]);
    assertClose(F.clippedRelu(x), [0, 0, 0, 1, 20]);
    assertClose(F.elu(array([-1])), [Math.expm1(-1)]);
    assertClose(F.selu(array([-1, 2])), [SELU_SCALE * SELU_ALPHA * Math.expm1(-1), SELU_SCALE * 2]);
    // hardSigmoid is clip(0.2 x + 0.5, 0, 1)
    assertClose(F.hardSigmoid(array([-3, -1, 0, 2, 3])), [0, 0.3, 0.5, 0.9, 1]);
    // softplus log(1 + exp(beta x)) / beta, no overflow for large arguments
    assertClose(F.softplus(array([100, -100, 0]), { beta: 2 }), [100, 0, Math.log(2) / 2], { atol: 1e-6 });
  });

  test('softplus: the gradient is Chainer\'s (1 - 1 / (1 + exp(beta x))) gy, and its double backward ggx gy beta e / (1 + e)^2', () => {
    // Chainer 7.8.1's values: 0 where exp(beta x) vanishes next to 1 (sigmoid would give
    // 9.4e-14 at -30), 3.0994e-6 at -12 (sigmoid: 3.0721e-6), NaN where exp overflows.
    const x = [-30, -18, -12, -3.5, -0.25, 0, 0.75, 4, 20, 95];
    const gy = array([1, -2, 0.5, 1.5, -1, 2, 1, -0.5, 3, 1]);
    const ggx = array([0.5, 1, -1, 2, 1, -1.5, 0.25, 1, -2, 1]);
    const want: Record<number, [number[], number[]]> = {
      1: [[0, 0, 3.0994415283203125e-06, 0.043968379497528076, -0.43782347440719604, 1, 0.6791787147521973, -0.49100688099861145, 3, 1],
        [4.6788114561099187e-14, -3.0459961664064394e-08, -3.072068011533702e-06, 0.08535908162593842, -0.24613407254219055, -0.75,
          0.054473746567964554, -0.008831353858113289, -1.2366921708917289e-08, NaN]],
      2: [[0, 0, 0, 0.0013664960861206055, -0.377540647983551, 1, 0.8175745010375977, -0.4998323321342468, 3, 1],
        [8.75651089272076e-27, -9.278090795989042e-16, -3.775134371775124e-11, 0.005461327265948057, -0.47000744938850403, -1.5,
          0.07457322627305984, -0.00033523765159770846, -5.098025619110882e-17, NaN]],
    };
    for (const beta of [1, 2]) {
      const v = new Variable(array(x));
      const [gx] = grad([F.softplus(v, beta)], [v], { gradOutputs: [new Variable(gy)], enableDoubleBackprop: true });
      assertClose(gx!, want[beta][0], { atol: 0, rtol: 1e-5 });
      const [g2] = grad([F.sum(F.mul(gx!, ggx))], [v]);
      assertClose(g2!, want[beta][1], { atol: 0, rtol: 1e-5 });
    }
  });

  test('elu and selu: the gradient at x = inf is 1 (scale for selu), not NaN, as Chainer selects it', () => {
    // Chainer 7.8.1's first and second gradients at [inf, -inf, 0, -1, 2] for gy = 1.
    const cases: [(v: Variable) => Variable, number[], number[]][] = [
      [(v) => F.elu(v), [1, 0, 1, 0.3678794503211975, 1], [0, 0, 1, 0.3678794503211975, 0]],
      [(v) => F.selu(v), [1.0507010221481323, 0, 1.7580993175506592, 0.6467685699462891, 1.0507010221481323],
        [0, 0, 1.7580993175506592, 0.6467685699462891, 0]],
    ];
    for (const [f, want1, want2] of cases) {
      const x = new Variable(array([Infinity, -Infinity, 0, -1, 2]));
      const [gx] = grad([f(x)], [x], { gradOutputs: [new Variable(array([1, 1, 1, 1, 1]))], enableDoubleBackprop: true });
      assertClose(gx!, want1, { atol: 0, rtol: 1e-6 });
      const [g2] = grad([F.sum(gx!)], [x]);
      assertClose(g2!, want2, { atol: 0, rtol: 1e-6 });
    }
  });

  test('gradients at the kinks follow Chainer', () => {
    const grad = (f: (v: Variable) => Variable, values: number[]) => {
      const x = new Variable(array(values));
      const y = F.sum(f(x));
      y.backward();
      return Array.from(x.grad!.dataSync());
    };
    // relu: 0 at 0 (y > 0); leakyRelu: the slope at 0 (Chainer scales where x <= 0), for
    // a positive, a zero and a negative slope
    assertClose(grad(F.relu, [-1, 0, 1]), [0, 0, 1]);
    assertClose(grad((v) => F.leakyRelu(v), [-1, 0, 1]), [0.2, 0.2, 1]);
    assertClose(grad((v) => F.leakyRelu(v, 0), [-1, 0, 1]), [0, 0, 1]);
    assertClose(grad((v) => F.leakyRelu(v, -0.5), [-1, 0, 1]), [-0.5, -0.5, 1]);
    // Chainer 7.8.1 masks y <= 0 in backward when slope >= 0: with slope 0, x = -inf gives
    // y = -inf * 0 = NaN, which is not <= 0, so gy passes there
    const edges = [-Infinity, -2, -0, 0, 1.5, Infinity, NaN];
    const gyValues = [1, 2, 3, 4, 5, 6, 7];
    for (const [slope, yWant, gWant] of [[0, [NaN, -0, -0, 0, 1.5, Infinity, NaN], [1, 0, 0, 0, 5, 6, 7]],
      [0.2, [-Infinity, -0.4000000059604645, -0, 0, 1.5, Infinity, NaN], [0.2, 0.4, 0.6, 0.8, 5, 6, 7]],
      [-0.5, [Infinity, 1, 0, -0, 1.5, Infinity, NaN], [-0.5, -1, -1.5, -2, 5, 6, 7]]] as [number, number[], number[]][]) {
      const x = new Variable(array(edges));
      const y = F.leakyRelu(x, slope);
      assertClose(y, yWant, { atol: 0, rtol: 0 });
      const gy = new Variable(array(gyValues));
      const [g] = gradOf([y], [x], { gradOutputs: [gy], enableDoubleBackprop: true });
      assertClose(g!, gWant, { atol: 0, rtol: 1e-7 });
      // the second derivative for gy is the same mask (Chainer's _LeakyReLUGrad again)
      const [gg] = gradOf([F.sum(F.mul(g!, array(new Array(7).fill(0.5))))], [gy]);
      assertClose(gg!, gWant.map((v, i) => (0.5 * v) / gyValues[i]), { atol: 0, rtol: 1e-7 });
    }
    // clippedRelu: 1 only strictly inside (0, z); hardSigmoid 0.2 strictly inside (-2.5, 2.5)
    assertClose(grad((v) => F.clippedRelu(v, { z: 2 }), [0, 1, 2, 3]), [0, 1, 0, 0]);
    assertClose(grad(F.hardSigmoid, [-2.5, 0, 2.5]), [0, 0.2, 0]);
    // elu: slope alpha exp(x) up to and including 0
    assertClose(grad((v) => F.elu(v, { alpha: 2 }), [0, -1, 1]), [2, 2 * Math.exp(-1), 1]);
  });

  test('node names', () => {
    const x = new Variable(array([[1, -1]]));
    const names: [Variable, string][] = [[F.relu(x), 'ReLU'], [F.leakyRelu(x), 'LeakyReLU'], [F.elu(x), 'ELU'],
      [F.clippedRelu(x), 'ClippedReLU'], [F.hardSigmoid(x), 'HardSigmoid'], [F.softplus(x), 'Softplus'], [F.gelu(x), 'GELU'],
      [F.selu(x), 'MulConstant']];
    for (const [y, name] of names) assert.is(y.creator!.label, name);
  });

  test('gradients are nodes of their own (TanhGrad, SigmoidGrad, ReLUGrad2), as in Chainer', () => {
    for (const [f, name] of [[F.tanh, 'TanhGrad'], [F.sigmoid, 'SigmoidGrad'], [F.relu, 'ReLUGrad2']] as const) {
      const x = new Variable(array([[0.5, -1.5]]));
      const [gx] = grad([f(x)], [x], { gradOutputs: [new Variable(array([[1, 2]]))], enableDoubleBackprop: true });
      assert.is(gx!.creator!.label, name);
    }
    // relu's second derivative is zero, and its gradient's gradient is the mask again.
    const x = new Variable(array([-1, 0, 2]));
    const gy = new Variable(array([3, 4, 5]));
    const y = F.relu(x);
    const [gx] = grad([y], [x], { gradOutputs: [gy], enableDoubleBackprop: true });
    const [ggy] = grad([gx!], [gy], { gradOutputs: [new Variable(array([1, 1, 1]))] });
    assertClose(ggy!.array, [0, 0, 1]);
  });

  test('argument errors', () => {
    const x = array([1, 2]);
    assertThrows(() => F.leakyRelu(x, { slope: NaN }), 'leakyRelu', 'slope');
    assertThrows(() => F.clippedRelu(x, { z: -1 }), 'clippedRelu', 'z');
    assertThrows(() => F.softplus(x, { beta: 0 }), 'softplus', 'beta');
    assertThrows(() => F.relu([1, 2] as never), 'relu', 'x');
  });

  test('config is untouched by activations', () => {
    usingConfig('train', false, () => { F.relu(array([1])); });
    assert.is(config.train, true);
  });
});

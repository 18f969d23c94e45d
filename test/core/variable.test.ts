import { Variable, array, ones, zeros, F, L, grad, config, usingConfig, noBackpropMode, gradientCheck, NDArray } from '../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../util';

const rnd = (shape: number[], seed: number, lo = -1, hi = 1) =>
  array(randomValues(shape.reduce((p, d) => p * d, 1), seed, lo, hi), { shape });

describeBackends('Variable operators', (test, backendName) => {
  test('node labels follow Chainer', () => {
    const x = new Variable(array([1, 2]));
    const y = new Variable(array([3, 4]));
    const cases: [Variable, string][] = [
      [x.add(y), 'Add'], [x.add(1), 'AddConstant'], [x.sub(y), 'Sub'], [x.sub(1), 'AddConstant'],
      [x.rsub(1), 'SubFromConstant'], [x.mul(y), 'Mul'], [x.mul(2), 'MulConstant'], [x.div(y), 'Div'],
      [x.div(2), 'MulConstant'], [x.rdiv(2), 'DivFromConstant'], [x.pow(y), 'PowVarVar'],
      [x.pow(2), 'PowVarConst'], [x.rpow(2), 'PowConstVar'], [x.neg(), 'Neg'], [x.abs(), 'Absolute'],
      [x.reshape(2, 1), 'Reshape'], [x.reshape(2, 1).T, 'Transpose'], [F.sum(x), 'Sum'],
      [x.reshape(1, 2).matmul(y.reshape(2, 1)), 'MatMul'],
    ];
    for (const [v, label] of cases) assert.is(v.creator!.label, label);
  });

  test('values of every operator', () => {
    const x = new Variable(array([1, 2, 4]));
    const y = new Variable(array([2, 3, 0.5]));
    assertClose(x.add(y), [3, 5, 4.5]);
    assertClose(x.sub(y), [-1, -1, 3.5]);
    assertClose(x.rsub(10), [9, 8, 6]);
    assertClose(x.mul(y), [2, 6, 2]);
    assertClose(x.div(y), [0.5, 2 / 3, 8]);
    assertClose(x.rdiv(8), [8, 4, 2]);
    assertClose(x.pow(y), [1, 8, 2]);
    assertClose(x.pow(3), [1, 8, 64]);
    assertClose(x.rpow(2), [2, 4, 16]);
    assertClose(x.neg(), [-1, -2, -4]);
    assertClose(x.neg().abs(), [1, 2, 4]);
    assertClose(x.add(array([1, 1, 1])), [2, 3, 5]);
  });

  const binaryOps: [string, (a: Variable, b: Variable) => Variable, number, number][] = [
    ['add', (a, b) => a.add(b), -1, 1], ['sub', (a, b) => a.sub(b), -1, 1], ['mul', (a, b) => a.mul(b), -1, 1],
    ['div', (a, b) => a.div(b), 0.5, 2], ['pow', (a, b) => a.pow(b), 0.5, 2],
  ];
  for (const [name, fn, lo, hi] of binaryOps) {
    test(`${name}: gradient check with broadcasting, gradients summed back to each shape`, () => {
      gradientCheck.checkBackward(fn, [rnd([3, 4], 1, lo, hi), rnd([4], 2, lo, hi)]);
      gradientCheck.checkBackward(fn, [rnd([2, 1, 3], 3, lo, hi), rnd([4, 1], 4, lo, hi)]);
      const a = new Variable(rnd([3, 4], 5, lo, hi)), b = new Variable(rnd([1, 4], 6, lo, hi));
      const y = fn(a, b);
      y.grad = ones(y.shape);
      y.backward();
      assert.equal(a.grad!.shape, [3, 4]);
      assert.equal(b.grad!.shape, [1, 4]);
    });
  }

  const constOps: [string, (a: Variable) => Variable][] = [
    ['add constant', (a) => a.add(2)], ['rsub', (a) => a.rsub(2)], ['mul constant', (a) => a.mul(-3)],
    ['div constant', (a) => a.div(4)], ['rdiv', (a) => a.rdiv(2)], ['pow constant', (a) => a.pow(3)],
    ['pow 2', (a) => a.pow(2)], ['rpow', (a) => a.rpow(1.5)], ['neg', (a) => a.neg()], ['abs', (a) => a.abs()],
    ['array constant', (a) => a.mul(array([1, -2, 3]))], ['pow array constant', (a) => a.pow(array([1, 2, 0.5]))],
    ['rpow array constant', (a) => a.rpow(array([2, 3, 0.5]))],
    ['reshape', (a) => a.reshape(3, 1, 2)], ['transpose', (a) => a.transpose(1, 0)], ['T', (a) => a.T],
    ['sum axis', (a) => F.sum(a, 0)], ['sum keepdims', (a) => F.sum(a, 1, true)], ['sum all', (a) => F.sum(a)],
    ['broadcastTo', (a) => F.broadcastTo(a, [4, 2, 3])], ['sumTo', (a) => F.sumTo(a, [1, 3])],
    ['tanh', (a) => F.tanh(a)], ['sigmoid', (a) => F.sigmoid(a)],
  ];
  for (const [name, fn] of constOps) {
    test(`${name}: gradient check`, () => {
      gradientCheck.checkBackward(fn, [rnd([2, 3], 7, 0.3, 1.5)]);
    });
  }

  test('transpose(null) reverses the axes, as Chainer\'s Variable.transpose(None)', () => {
    const x = new Variable(array(Array.from({ length: 24 }, (_, i) => i), { shape: [2, 3, 4] }));
    const y = x.transpose(null);
    assert.equal([...y.shape], [4, 3, 2]);
    assertClose(y, x.transpose().array, { atol: 0, rtol: 0 });
    assert.equal([...x.transpose([1, 0, 2]).shape], [3, 2, 4]);
    assert.equal([...x.transpose(-1, 0, 1).shape], [4, 2, 3]);
  });

  test('tanh and sigmoid values', () => {
    const x = array([-2, 0, 0.5]);
    assertClose(F.tanh(x), [Math.tanh(-2), 0, Math.tanh(0.5)]);
    assertClose(F.sigmoid(x), [1 / (1 + Math.exp(2)), 0.5, 1 / (1 + Math.exp(-0.5))]);
  });

  test('matmul: values, vectors, transposes and gradient checks', () => {
    const a = array([[1, 2], [3, 4], [5, 6]]), b = array([[1, 0, 2], [0, 1, 3]]);
    assertClose(F.matmul(a, b), [[1, 2, 8], [3, 4, 18], [5, 6, 28]]);
    assertClose(F.matmul(b, a, { transa: true, transb: true }), [[1, 3, 5], [2, 4, 6], [8, 18, 28]]);
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
      const A = ta ? rnd([4, 3], 8) : rnd([3, 4], 8);
      const B = tb ? rnd([2, 4], 9) : rnd([4, 2], 9);
      gradientCheck.checkBackward((x, y) => F.matmul(x, y, { transa: ta, transb: tb }), [A, B]);
    }
    gradientCheck.checkBackward((x, y) => F.matmul(x, y), [rnd([3], 10), rnd([3, 2], 11)]);
    gradientCheck.checkBackward((x, y) => F.matmul(x, y), [rnd([2, 3], 12), rnd([3], 13)]);
    gradientCheck.checkBackward((x, y) => F.matmul(x, y), [rnd([2, 3, 4], 14), rnd([4, 2], 15)]);
    gradientCheck.checkBackward((x, y) => x.matmul(y), [rnd([2, 2, 3], 16), rnd([2, 3, 2], 17)]);
  });

  test('div: the divisor\'s gradient is -(gy / b) a / b in Chainer\'s order', () => {
    // Chainer 7.8.1's values: -gy a / b^2 computed as gy / b * (a / b) overflows at a / b = 1.2e39.
    const a = new Variable(array([[3e38, 1.7, -2.3], [0.3, 5.5, 1e-30]]));
    const b = new Variable(array([0.25, 0.7, 1e-20]));
    const y = a.div(b);
    y.grad = array([[1e-3, 0.9, -1.3], [2.1, -0.6, 1.0]]);
    y.backward();
    assertClose(a.grad!, [0.004000000189989805, 1.2857142686843872, -1.3000000084609545e+20, 8.399999618530273, -0.8571429252624512, 1.0000000200408773e+20], { atol: 0, rtol: 1e-6 });
    assertClose(b.grad!, [-4.800000196408698e+36, 3.6122450828552246, -Infinity], { atol: 0, rtol: 1e-6 });
    gradientCheck.checkBackward((p, q) => p.div(q), [rnd([2, 3], 41), rnd([3], 42, 0.5, 2)]);
  });

  test('div: second gradients are Chainer\'s DivGrad formulas', () => {
    const second = (av: number[] | number[][], bv: number[], gv: number[] | number[][], r0: number[] | number[][], r1: number[]) => {
      const a = new Variable(array(av)), b = new Variable(array(bv)), gy = new Variable(array(gv));
      const [ga, gb] = grad([a.div(b)], [a, b], { gradOutputs: [gy], enableDoubleBackprop: true });
      const l = F.add(F.sum(F.mul(ga!, array(r0))), F.sum(F.mul(gb!, array(r1))));
      return [ga!, gb!, ...grad([l], [a, b, gy]).map((g) => g!)];
    };
    // Chainer 7.8.1: its formulas give -inf at a = 3e38, b = -88 (the gradient of the
    // quotient is -1.4e33) and NaN at b = 1e-40 (inf there), and round as it does elsewhere.
    const [, , gga, ggb, ggy] = second([3e38, 88, 0.7], [-88, 1e-40, 0.3], [1.5, 1.35, 2], [0.25, -0.94, 1], [1.06, -0.87, 1.25]);
    assertClose(gga, [-0.00020532023336272687, Infinity, -27.77777671813965], { atol: 0, rtol: 0 });
    assertClose(ggb, [-Infinity, NaN, 107.40740203857422], { atol: 0, rtol: 0 });
    assertClose(ggy, [-4.1064048238706113e+34, NaN, -6.388888359069824], { atol: 0, rtol: 0 });
    // A broadcast divisor: its gradients are summed back to (3,).
    const [ga, gb, gga2, ggb2, ggy2] = second([[0.3, -1.2, 2.5], [1.1, 0.6, -0.4]], [1.7, -0.9, 0.35], [[0.5, 1.5, -1.25], [2, -0.3, 0.8]], [[1.5, 0.25, -0.5], [1, 2, -1]], [-0.5, 2, 0.75]);
    assertClose(ga, [[0.29411762952804565, -1.6666667461395264, -3.5714285373687744], [1.1764705181121826, 0.3333333432674408, 2.2857143878936768]], { atol: 0, rtol: 1e-6 });
    assertClose(gb, [-0.8131487369537354, 2.4444448947906494, 28.122451782226562], { atol: 0, rtol: 1e-6 });
    assertClose(gga2, [[0.08650518953800201, -3.7037038803100586, 7.653061389923096], [0.34602075815200806, 0.7407408356666565, -4.8979597091674805]], { atol: 0, rtol: 0 });
    assertClose(ggb2, [-1.429879903793335, 11.141977310180664, -119.0962142944336], { atol: 0, rtol: 0 });
    assertClose(ggy2, [[0.9342560172080994, 2.685185432434082, -16.73469352722168], [0.7785466909408569, -3.7037038803100586, -0.40816307067871094]], { atol: 0, rtol: 0 });
    gradientCheck.checkDoubleBackward((p, q) => p.div(q), [rnd([2, 3], 51), rnd([3], 52, 0.5, 2)], rnd([2, 3], 53), [rnd([2, 3], 54), rnd([3], 55)]);
  });

  test('a ** b: second gradients are Chainer\'s PowVarVarGrad formulas', () => {
    // Chainer 7.8.1 at a = 3e38, -0, 1 and 2.5 (b = 0.5, -inf, 3e38, 1.7): its formulas in
    // a^b, a^(b - 1), a^(b - 2) give inf where the gradients of the first-order products are NaN.
    const rtol = backendName === 'wasm' ? 1e-6 : 1e-5;  // WebGL's pow and log are a few ulp off
    const a = new Variable(array([3e38, -0, 1, 2.5])), b = new Variable(array([0.5, -Infinity, 3e38, 1.7]));
    const gy = new Variable(array([0.64, 0.55, 0.2, -1.05]));
    const [ga, gb] = grad([a.pow(b)], [a, b], { gradOutputs: [gy], enableDoubleBackprop: true });
    assertClose(ga!, [1.847520661275545e-20, -Infinity, 6.000000213819608e+37, -3.3899731636047363], { atol: 0, rtol });
    assertClose(gb!, [9.82107077983846e+20, -Infinity, 0, -4.567942142486572], { atol: 0, rtol });
    const l = F.add(F.sum(F.mul(ga!, array([0.34, 0.36, 0.74, 0.23]))), F.sum(F.mul(gb!, array([0.85, 1.32, -2.53, -0.38]))));
    const [gga, ggb, ggy] = grad([l], [a, b, gy]);
    assertClose(gga!, [1.4227262517631373e-18, Infinity, Infinity, 1.7198007106781006], { atol: 0, rtol });
    assertClose(ggb!, [7.395985597373408e+22, Infinity, 0.14800000190734863, 0.41744449734687805], { atol: 0, rtol });
    assertClose(ggy!, [1.3043609530516908e+21, -Infinity, 2.2199999878424116e+38, -0.910594642162323], { atol: 0, rtol });
    gradientCheck.checkDoubleBackward((p, q) => p.pow(q), [rnd([2, 3], 56, 0.5, 2), rnd([3], 57)], rnd([2, 3], 58), [rnd([2, 3], 59), rnd([3], 60)]);
  });

  test('pow and rdiv: gradients in Chainer\'s order of products', () => {
    const g = (f: (v: Variable) => Variable, x: number[], gy: number[]) => {
      const v = new Variable(array(x));
      const y = f(v);
      y.grad = array(gy);
      y.backward();
      return v.grad!;
    };
    // Chainer 7.8.1: x ** 3 gives (3 x^2) gy, which rounds apart from (gy x^2) 3 here.
    assertClose(g((v) => v.pow(3), [0.8329897522926331, 1.8779163360595703, 1.2326167821884155, 1.4176157712936401],
      [-0.609083354473114, -1.75853431224823, -0.8873762488365173, -0.6066720485687256]),
    [-1.267877459526062, -18.60478401184082, -4.044689178466797, -3.657567262649536], { atol: 0, rtol: 0 });
    // c / x gives (-c gy) / x^2: 1e-5 / x at x = 1e-5 with gy = 1e30 is -1e35 (gy / x^2 first overflows).
    assertClose(g((v) => v.rdiv(1e-5), [1e-5], [1e30]), [-1e35], { atol: 0, rtol: 1e-6 });
    gradientCheck.checkBackward((v) => v.rdiv(3), [rnd([3], 43, 0.5, 2)]);
    gradientCheck.checkBackward((v) => v.pow(3), [rnd([3], 44)]);
    gradientCheck.checkBackward((v) => v.rpow(1.5), [rnd([3], 45)]);
    gradientCheck.checkBackward((p, q) => p.pow(q), [rnd([3], 46, 0.5, 2), rnd([3], 47)]);
  });

  test('c / x: second gradients are Chainer\'s DivFromConstantGrad formulas, +-inf at x = 0', () => {
    const second = (f: (v: Variable) => Variable, x: number[], gy: number[], r: number[]) => {
      const v = new Variable(array(x)), g = new Variable(array(gy));
      const [gx] = grad([f(v)], [v], { gradOutputs: [g], enableDoubleBackprop: true });
      const [ggx, ggy] = grad([F.sum(F.mul(gx!, array(r)))], [v, g]);
      return [gx!, ggx!, ggy!];
    };
    // Chainer 7.8.1: 0.7 / x and rsqrt(x) (1.0 / sqrt(x)) at x = 0, inf and three more points.
    const [gx, ggx, ggy] = second((v) => v.rdiv(0.7), [0, Infinity, 1.7, 0.3, -2.5], [0.5, -1.25, 0.75, 2, -0.3], [1.5, 0.25, -0.5, 1, 2]);
    assertClose(gx, [-Infinity, 0, -0.18166089057922363, -15.555554389953613, 0.03360000252723694], { atol: 0, rtol: 0 });
    assertClose(ggx, [Infinity, -0, -0.10685934871435165, 103.70368194580078, 0.05376000329852104], { atol: 0, rtol: 1e-6 });
    assertClose(ggy, [-Infinity, -0, 0.12110725790262222, -7.777777194976807, -0.2239999920129776], { atol: 0, rtol: 1e-6 });
    const [, rggx, rggy] = second((v) => F.rsqrt(v), [0, Infinity, 1.7, 0.3], [0.5, -1.25, 0.75, 2], [1.5, 0.25, -0.5, 1]);
    assertClose(rggx, [Infinity, -0, -0.07463974505662918, 30.429025650024414], { atol: 0, rtol: 1e-6 });
    assertClose(rggy, [-Infinity, -0, 0.11278896033763885, -3.042902708053589], { atol: 0, rtol: 1e-6 });
    gradientCheck.checkDoubleBackward((v) => v.rdiv(0.7), [rnd([3], 48, 0.5, 2)], rnd([3], 49), rnd([3], 50));
  });

  test('dividing a variable by the number 0 raises, as Chainer\'s x * (1. / 0) does', () => {
    const x = new Variable(array([1, -2, 0]));
    assertThrows(() => x.div(0), 'div', 'number 0');
    assertThrows(() => F.div(x, -0), 'div', 'number 0');
    assertThrows(() => new Variable(array([1, 2], { dtype: 'int32' })).div(0), 'div', 'number 0');
    // An array of zeros is a Div operand, as in Chainer: inf and NaN as numpy gives.
    assertClose(x.div(array([0, 0, 0])), [Infinity, -Infinity, NaN]);
    assertClose(x.rdiv(0), [0, -0, NaN]);
  });

  test('div by an array and an array over a variable are Div, as in Chainer', () => {
    // Chainer 7.8.1 wraps an array operand in a Variable: x / b rounds as a division
    // (0.88, where x (1 / b) gives 0.88000005), and c / x takes Div's gradient.
    const x = new Variable(array([[1.3, 0.7, 2.2], [0.45, -1.9, 3.1]]));
    const y = x.div(array([0.9, -1.7, 2.5]));
    assert.is(y.creator!.label, 'Div');
    assertClose(y, [1.4444444179534912, -0.4117646813392639, 0.8799999952316284, 0.5, 1.1176470518112183, 1.2400000095367432], { atol: 0, rtol: 0 });
    y.grad = array([[0.3, -1.1, 0.77], [1.5, 0.2, -0.6]]);
    y.backward();
    assertClose(x.grad!, [0.3333333432674408, 0.6470588445663452, 0.30799999833106995, 1.6666667461395264, -0.11764705926179886, -0.24000000953674316], { atol: 0, rtol: 1e-7 });
    const x2 = new Variable(array([1.3, 0.7, 2.2]));
    const y2 = x2.rdiv(array([0.9, -1.7, 2.5]));
    assert.is(y2.creator!.label, 'Div');
    assertClose(y2, [0.692307710647583, -2.4285714626312256, 1.1363636255264282], { atol: 0, rtol: 1e-7 });
    y2.grad = array([0.3, -1.1, 0.77]);
    y2.backward();
    // (-c gy) / x^2 would give -0.15976334 for the first.
    assertClose(x2.grad!, [-0.15976332128047943, -3.816326856613159, -0.39772725105285645], { atol: 0, rtol: 0 });
    gradientCheck.checkBackward((v) => v.div(array([0.9, -1.7, 2.5])), [rnd([2, 3], 48)]);
    gradientCheck.checkBackward((v) => v.rdiv(array([0.9, -1.7, 2.5])), [rnd([3], 49, 0.5, 2)]);
  });

  test('double backprop: tanh, sigmoid, mul and matmul (grad of grad checked numerically)', () => {
    gradientCheck.checkDoubleBackward((x) => F.tanh(x), [rnd([2, 3], 20)], [rnd([2, 3], 21)], [rnd([2, 3], 22)]);
    gradientCheck.checkDoubleBackward((x) => F.sigmoid(x), [rnd([2, 3], 23)], [rnd([2, 3], 24)], [rnd([2, 3], 25)]);
    gradientCheck.checkDoubleBackward((x, y) => x.mul(y), [rnd([2, 3], 26), rnd([3], 27)], [rnd([2, 3], 28)], [rnd([2, 3], 29), rnd([3], 30)]);
    gradientCheck.checkDoubleBackward((x, y) => F.matmul(x, y), [rnd([2, 3], 31), rnd([3, 4], 32)], [rnd([2, 4], 33)], [rnd([2, 3], 34), rnd([3, 4], 35)]);
    gradientCheck.checkDoubleBackward((x, y) => x.div(y), [rnd([3], 36), rnd([3], 37, 0.5, 2)], [rnd([3], 38)], null);
    gradientCheck.checkDoubleBackward((x) => x.pow(3), [rnd([3], 39)], [rnd([3], 40)], null);
  });

  test('second derivative of x^3 by hand through grad()', () => {
    const x = new Variable(array([2, -1]));
    const y = F.sum(x.pow(3));
    const [gx] = grad([y], [x], { enableDoubleBackprop: true });
    assertClose(gx!, [12, 3]);            // 3x^2
    const [ggx] = grad([F.sum(gx!)], [x]);
    assertClose(ggx!, [12, -6]);          // 6x
  });

  test("dtype rules of Chainer's basic_math: constants take the variable's dtype, Mul/Div/pow need floats", () => {
    // numpy: x = int32 [1, -2, 3]; x + int32(1.5), x + int32(-1.5), int32(1.5) - x, x * int32(1 / 2),
    // x + [0.5, 1.7, -1.7].astype(int32)
    const iv = () => new Variable(array([1, -2, 3], { dtype: 'int32' }));
    const fv = () => new Variable(array([1.5, 2, 3]));
    const cases: [Variable, number[]][] = [
      [iv().add(1.5), [2, -1, 4]], [iv().sub(1.5), [0, -3, 2]], [iv().rsub(1.5), [0, 3, -2]],
      [iv().mul(1.5), [1, -2, 3]], [iv().div(2), [0, 0, 0]], [iv().div(0.5), [2, -4, 6]],
      [iv().add(array([0.5, 1.7, -1.7])), [1, -1, 2]], [iv().add(iv()), [2, -4, 6]], [iv().neg(), [-1, 2, -3]],
    ];
    for (const [y, expected] of cases) {
      assert.is(y.dtype, 'int32');
      assert.equal(y.array.toArray(), expected);
    }
    const f = fv().add(array([1, 2, 3], { dtype: 'int32' }));
    assert.is(f.dtype, 'float32');
    assertClose(f, [2.5, 4, 6]);
    assertThrows(() => iv().add(fv()), 'add', 'same dtype', 'int32', 'float32');
    assertThrows(() => fv().sub(iv()), 'sub', 'same dtype');
    assertThrows(() => iv().mul(iv()), 'mul', 'float32', 'int32');
    assertThrows(() => iv().mul(array([1, 2, 3])), 'mul', 'float32');
    assertThrows(() => iv().div(iv()), 'div', 'float32');
    assertThrows(() => iv().rdiv(2), 'div', 'float32');
    assertThrows(() => iv().pow(2), 'pow', 'float32');
    assertThrows(() => iv().rpow(2), 'pow', 'float32');
    assertThrows(() => iv().add(Infinity), 'add', 'Infinity', 'int32');
  });

  test('error messages', () => {
    const x = new Variable(array([1, 2, 3]));
    assertThrows(() => x.add(new Variable(array([1, 2]))), 'add', '(3,)', '(2,)');
    assertThrows(() => x.add('1' as never), 'add', 'operand');
    assertThrows(() => x.matmul(new Variable(array([1, 2]))), 'matmul');
    assertThrows(() => new Variable([1, 2] as never), 'Variable', 'NDArray');
    assertThrows(() => F.tanh([1] as never), 'tanh', 'Variable or an NDArray');
    assertThrows(() => x.mul(2).backward(), 'backward', '(3,)');
    assertThrows(() => { x.grad = zeros([2]); }, 'grad', '(2,)', '(3,)');
  });

  test('pow of -inf follows C\'s pow as numpy does: +-0 for negative and +-inf for positive exponents', () => {
    // Chainer 7.8.1's values; the sign is negative only for odd integral exponents.
    const b = [-0.856, 1.65, 0.5, -2.5, 3, -3, 2.5];
    const a = new Variable(array(b.map(() => -Infinity)));
    const y = a.pow(new Variable(array(b)));
    assertClose(y, [0, Infinity, Infinity, 0, -Infinity, -0, Infinity], { atol: 0 });
    assert.ok(Object.is((y.array.toArray() as number[])[5], -0), '(-inf)^-3 is -0');
    assertClose(new Variable(array([1.65, 2.5])).rpow(-Infinity), [Infinity, Infinity], { atol: 0 });
    // The forward of a base <= 0 is numpy's; its gradient needs log(c), which Chainer takes with
    // math.log and so raises (math domain error) instead of giving NaN.
    for (const c of [0, -1, -Infinity]) {
      const y = new Variable(array([0.5, 2])).rpow(c);
      assertThrows(() => F.sum(y).backward(), 'rpow', 'log(c)', `c = ${c}`);
    }
    assertClose(new Variable(array([0.5, 2])).rpow(0), [0, 0], { atol: 0 });
    // Chainer's gradient c x^(c - 1) gy at x = -inf, gy = 0.5.
    for (const [c, want] of [[0.5, 0], [1.65, Infinity], [-0.856, -0], [2.5, Infinity]]) {
      const x = new Variable(array([-Infinity]));
      const yc = x.pow(c);
      yc.grad = array([0.5]);
      yc.backward();
      assertClose(x.grad!, [want], { atol: 0 });
    }
  });
});

describeBackends('the graph', (test) => {
  test('a variable used twice and a shared subexpression (DAG)', () => {
    const x = new Variable(array([1.5, -2]));
    const h = x.mul(x);                   // x^2
    const y = F.sum(h.mul(h).add(h.mul(x)));   // x^4 + x^3
    y.backward();
    const xs = [1.5, -2];
    assertClose(x.grad!, xs.map((v) => 4 * v ** 3 + 3 * v ** 2), { rtol: 1e-5 });
  });

  test('several outputs: backward of one output and grad of several', () => {
    const x = new Variable(array([1, 2]));
    const a = x.mul(2), b = x.mul(x);
    const [ga] = grad([a, b], [x], { gradOutputs: [new Variable(ones([2])), new Variable(array([1, 10]))] });
    assertClose(ga!, [2 + 2, 2 + 40]);
    assert.is(x.grad, null, 'grad() must not touch .grad');
    // Arrays serve as seeds and initial gradients (constants), as Variable.grad takes them.
    const [gb] = grad([a, b], [x], { gradOutputs: [ones([2]), array([1, 10])], gradInputs: [array([0.5, 0.25])] });
    assertClose(gb!, [2 + 2 + 0.5, 2 + 40 + 0.25]);
    assertThrows(() => grad([a], [x], { gradOutputs: [2 as never] }), 'grad: gradOutputs[0] must be a Variable, an array or null');
    assertThrows(() => grad([a], [x], { gradInputs: [null, 'g' as never] }), 'grad', 'gradInputs');
  });

  test("gradient contributions are summed in Chainer's order, which float32 rounding shows", () => {
    // Chainer 7.8.1 runs nodes of equal rank in the order they were reached: for
    // y = sum(x * 1 + x * -1e8 + x * 1e8) the Mul of 1e8 comes first, then 1, then -1e8:
    // x.grad = (1e8 + 1) - 1e8 = 0 (creation order would give (1e8 - 1e8) + 1 = 1).
    const three = (x: Variable) => F.sum(x.mul(1).add(x.mul(-1e8)).add(x.mul(1e8)));
    const x = new Variable(array([1]));
    three(x).backward();
    assertClose(x.grad!, [0], { atol: 0 });
    const [gx] = grad([three(x)], [x]);
    assertClose(gx!, [0], { atol: 0 });
    const w = new L.Linear(1, 1, { initialW: array([[1]]), nobias: true });
    w.cleargrads();
    F.sum(w.forward(array([[1]])).add(w.forward(array([[-1e8]]))).add(w.forward(array([[1e8]])))).backward();
    assertClose(w.W.grad!, [[0]], { atol: 0 });
    // A leaf's gradient is what it held plus each contribution as it arrives:
    // x.grad = 1e8; sum(x * -1e8 + x * 1) gives (1e8 - 1e8) + 1 = 1, not 1e8 + (1 - 1e8) = 0.
    const z = new Variable(array([1]));
    z.grad = array([1e8]);
    F.sum(z.mul(-1e8).add(z.mul(1))).backward();
    assertClose(z.grad!, [1], { atol: 0 });
  });

  test("a parameter's held gradient gets each function's whole gradient added, as Chainer sums them", () => {
    // Chainer 7.8.1: W.grad = 1e8; sum(Linear(x)) for x = [[-1e8], [3]] gives W.grad
    // 1e8 + (-1e8 + 3) = 0 in float32 (adding the products into the held 1e8 gave 3).
    const l = new L.Linear(1, 1, { initialW: array([[1]]), initialBias: array([0]) });
    l.W.grad = array([[1e8]]);
    l.b!.grad = array([1e8]);
    F.sum(l.forward(array([[-1e8], [3]]))).backward();
    assertClose(l.W.grad!, [[0]], { atol: 0 });
    assertClose(l.b!.grad!, [1e8], { atol: 0 });
    // EmbedID: rows 0, 0, 1 with gy -1e8, 3, 1 onto W.grad = 1e8 give [0, 1e8].
    const e = new L.EmbedID(2, 1, { initialW: ones([2, 1]) });
    e.W.grad = array([[1e8], [1e8]]);
    const y = e.forward(array([0, 0, 1], { dtype: 'int32' }));
    y.grad = array([[-1e8], [3], [1]]);
    y.backward();
    assertClose(e.W.grad!, [[0], [1e8]], { atol: 0 });
  });

  test('backward sees the data assigned to a retained output or input after the forward, as Chainer', () => {
    // Chainer 7.8.1: y = exp(x); z = sum(y * 2); y.array = [10, 20]; z.backward() gives
    // x.grad = 2 * [10, 20] = [20, 40] (the node's retained data follows the variable).
    const x = new Variable(array([0, 1]));
    const y = F.exp(x);
    const z = F.sum(y.mul(2));
    y.array = array([10, 20]);
    z.backward();
    assertClose(x.grad!, [20, 40]);
    // Retained inputs likewise: x.array = [10, 20] after sum(x * w) gives w.grad [10, 20].
    const a = new Variable(array([1, 2])), w = new Variable(array([3, 4]));
    const s2 = F.sum(a.mul(w));
    a.array = array([10, 20]);
    s2.backward();
    assertClose(a.grad!, [3, 4]);
    assertClose(w.grad!, [10, 20]);
  });

  test("backward carries a sibling output's gradient and skips an output cut from its node, as Chainer's GradTable", () => {
    // Chainer 7.8.1: a, b = split_axis(x, 2, axis=1); b.grad = 5; a.grad = 1; a.backward()
    // gives x.grad [1, 1, 5, 5] and leaves b.grad None.
    const x = new Variable(array([[1, 2, 3, 4]]));
    const [a, b] = F.splitAxis(x, 2, 1);
    b.grad = array([[5, 5]]);
    a.grad = array([[1, 1]]);
    a.backward();
    assertClose(x.grad!, [[1, 1, 5, 5]], { atol: 0 });
    assert.is(b.grad, null);
    // b.unchain(); sum(a * b).backward(): x.grad [3, 4, 0, 0], b.grad [1, 2] (a leaf now).
    const x2 = new Variable(array([[1, 2, 3, 4]]));
    const [a2, b2] = F.splitAxis(x2, 2, 1);
    b2.unchain();
    F.sum(a2.mul(b2)).backward();
    assertClose(x2.grad!, [[3, 4, 0, 0]], { atol: 0 });
    assertClose(b2.grad!, [[1, 2]], { atol: 0 });
  });

  test('gradients accumulate across backward calls; cleargrad resets', () => {
    const x = new Variable(array([3]));
    F.sum(x.mul(x)).backward();
    F.sum(x.mul(x)).backward();
    assertClose(x.grad!, [12]);
    x.cleargrad();
    assert.is(x.grad, null);
    F.sum(x.mul(2)).backward();
    assertClose(x.grad!, [2]);
  });

  test('intermediate gradients are dropped unless retainGrad', () => {
    const x = new Variable(array([1, 2]));
    const h = x.mul(3);
    const y = F.sum(h.mul(h));
    y.backward();
    assert.is(h.grad, null);
    const h2 = x.mul(3);
    F.sum(h2.mul(h2)).backward({ retainGrad: true });
    assertClose(h2.grad!, [6, 12]);
  });

  test("backward leaves the output without a gradient unless retainGrad (Chainer's grad_var = None)", () => {
    const x = new Variable(array([1, 2]));
    const y = F.sum(x.mul(x));
    y.backward();
    assert.is(y.grad, null);
    assertClose(x.grad!, [2, 4]);
    // A gradient set by hand is consumed too.
    const z = x.mul(3);
    z.grad = array([1, 10]);
    z.backward();
    assert.is(z.grad, null);
    assertClose(x.grad!, [2 + 3, 4 + 30]);
    const w = F.sum(x.mul(x));
    w.backward({ retainGrad: true });
    assertClose(w.grad!, 1);
    // A leaf keeps the ones it starts from.
    const leaf = new Variable(array([5]));
    leaf.backward();
    assertClose(leaf.grad!, [1]);
  });

  test('grad(): ones for outputs of any shape, gradInputs, setGrad, retainGrad (as chainer.grad)', () => {
    const x = new Variable(array([1, 2])), z = new Variable(array([5, 5]));
    const h = x.mul(3);
    const y = h.mul(h);                     // 9 x^2, shape (2,): seeded with ones
    const [gx, gz] = grad([y], [x, z]);
    assertClose(gx!, [18, 36]);
    assert.is(gz, null);
    const [gx2, gz2] = grad([y], [x, z], { gradInputs: [new Variable(array([10, 20])), new Variable(array([1, 1]))] });
    assertClose(gx2!, [28, 56]);
    assertClose(gz2!, [1, 1]);
    assert.is(x.grad, null);
    grad([y], [x], { setGrad: true });
    assertClose(x.grad!, [18, 36]);
    x.cleargrad();
    grad([y], [x], { retainGrad: true });
    assertClose(h.grad!, [6, 12]);
    assertClose(y.grad!, [1, 1]);
    assert.is(x.grad, null);
    // chainer.grad's code (unlike its docstring) sets the inputs' gradients with retain_grad too:
    // x.grad [18, 36] in Chainer 7.8.1.
    grad([y], [x], { retainGrad: true, setGrad: true });
    assertClose(x.grad!, [18, 36]);
    x.cleargrad();
    assertThrows(() => grad([y], [x], { gradInputs: [] }), 'grad', 'gradInputs', '1 inputs');
    // chainer.grad sets grads[y.node] = gy for each output in turn: a repeated output keeps the last.
    const [gLast] = grad([y, y], [x], { gradOutputs: [new Variable(array([1, 1])), new Variable(array([0, 2]))] });
    assertClose(gLast!, [0, 72]);
  });

  test("grad() computes what chainer.grad does: its subgraph, and gradInputs as the table's starting values", () => {
    // Chainer 7.8.1 values throughout.
    // Only the variables between the inputs and the outputs get gradients: retainGrad stops at h.
    const x = new Variable(array([1, 2]));
    const h0 = x.mul(1), h = h0.mul(3);
    const [gh] = grad([F.sum(h.mul(h))], [h], { retainGrad: true });
    assertClose(gh!, [6, 12]);
    assertClose(h.grad!, [6, 12]);
    assert.is(h0.grad, null);
    // Inputs listed get gradients even when they need none: c * 2 on the way to y.
    const c = new Variable(array([3, 4]), { requiresGrad: false });
    const k = c.mul(2);
    const [gx, gk, gc] = grad([F.sum(k.mul(x))], [x, k, c]);
    assertClose(gx!, [6, 8]);
    assertClose(gk!, [1, 2]);
    assertClose(gc!, [2, 4]);
    // gradInputs start the sum: (1e8 - 1e8) + 1 = 1, not 1e8 + (1 - 1e8) = 0.
    const z = new Variable(array([1]));
    const [gz] = grad([F.sum(z.mul(-1e8).add(z.mul(1)))], [z], { gradInputs: [new Variable(array([1e8]))] });
    assertClose(gz!, [1], { atol: 0 });
    // Assigned in turn: an input listed twice takes its last gradInput (both results [3, 5])...
    const [g1, g2] = grad([F.sum(x.mul(x))], [x, x], { gradInputs: [new Variable(array([10, 20])), new Variable(array([1, 1]))] });
    assertClose(g1!, [3, 5]);
    assertClose(g2!, [3, 5]);
    // ...and an input that is an output takes its gradInput instead of its gradOutput: [10, 20].
    const y = x.mul(2);
    const [gy] = grad([y], [y], { gradOutputs: [new Variable(array([3, 3]))], gradInputs: [new Variable(array([10, 20]))] });
    assertClose(gy!, [10, 20]);
  });

  test('grad dtype and length of a 0-d variable are checked as Chainer does; zerograd', () => {
    const x = new Variable(array([1, 2]));
    assertThrows(() => { x.grad = array([1, 2], { dtype: 'int32' }); }, 'Variable.grad', 'int32', 'float32');
    // Chainer's grad_var setter checks as the grad setter does (ValueError: Shape of data and grad mismatch).
    assertThrows(() => { x.gradVar = new Variable(array([1, 2, 3])); }, 'Variable.gradVar', 'shape (3,)', '(2,)');
    assertThrows(() => { x.gradVar = new Variable(array([1, 2], { dtype: 'int32' })); }, 'Variable.gradVar', 'int32', 'float32');
    assert.is(x.grad, null);
    assert.is(new Variable(zeros([3, 2])).length, 3);
    const z = new Variable(array([1, 2]));
    z.zerograd();
    assert.equal(z.grad!.toArray(), [0, 0]);
    F.sum(z.mul(z)).backward();
    assertClose(z.grad!, [2, 4]);
    assertThrows(() => new Variable(array(3)).length, 'length', '0-d');
  });

  test('no graph is recorded in noBackpropMode; constant inputs are recorded, as in Chainer', () => {
    const x = new Variable(array([1, 2]));
    const y = noBackpropMode(() => x.mul(2));
    assert.is(y.creator, null);
    assert.is(config.enableBackprop, true);
    // Chainer 7.8.1: F.tanh(np.array([1, 2])).creator is a Tanh, requires_grad False, rank 1.
    const c = F.tanh(array([1, 2]));
    assert.is(c.creator!.label, 'Tanh');
    assert.is(c.rank, 1);
    assert.is(c.requiresGrad, false);
    const z = x.mul(2);
    assert.ok(z.creator !== null);
    // So backward from a graph of constants walks it and leaves the output without a
    // gradient, as any non-leaf output (Chainer: y.grad None).
    const k = new Variable(array([1, 2]), { requiresGrad: false });
    const s = F.sum(k.mul(k));
    s.backward();
    assert.is(s.grad, null);
    assert.is(k.grad, null);
  });

  test('usingConfig restores the value, also after an exception', () => {
    assert.is(config.train, true);
    usingConfig('train', false, () => assert.is(config.train, false));
    assert.is(config.train, true);
    try { usingConfig('train', false, () => { throw new Error('boom'); }); } catch { /* expected */ }
    assert.is(config.train, true);
  });

  test('unchainBackward cuts the graph; gradients stop there', () => {
    const x = new Variable(array([2]));
    const h = x.mul(3);
    const y = h.mul(h);
    h.unchainBackward();
    assert.is(h.creator, null);
    F.sum(y).backward();
    assertClose(h.grad!, [12]);
    assert.is(x.grad, null);
  });

  test('requiresGrad false leaves get no gradient', () => {
    const x = new Variable(array([1]), { requiresGrad: false });
    const w = new Variable(array([2]));
    F.sum(x.mul(w)).backward();
    assert.is(x.grad, null);
    assertClose(w.grad!, [1]);
  });

  test('backward with enableDoubleBackprop keeps a graph on the gradient', () => {
    const x = new Variable(array([2]));
    F.sum(x.pow(3)).backward({ enableDoubleBackprop: true });
    assert.ok(x.gradVar!.creator !== null);
    const g = x.gradVar!;
    x.cleargrad();
    F.sum(g).backward();
    assertClose(x.grad!, [12]);
  });

  test('toString and properties', () => {
    const x = new Variable(array([[1, 2], [3, 4]]), { name: 'x' });
    assert.is(x.toString(), 'variable x([[1., 2.],\n            [3., 4.]])');
    assert.equal(x.shape, [2, 2]);
    assert.is(x.ndim, 2);
    assert.is(x.size, 4);
    assert.is(x.dtype, 'float32');
    assert.ok(x.data instanceof NDArray);
    assert.is(new Variable(array(2.5)).item(), 2.5);
  });
});

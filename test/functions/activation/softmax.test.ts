import { F, Variable, array, grad, gradientCheck, ops } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';
import { alongAxis, logSoftmaxRef, product, softmaxRef } from '../reference';

function data(shape: number[], seed: number, scale = 3) {
  return array(randomValues(product(shape), seed, -scale, scale), { shape });
}

// Shapes exercising the contiguous-row path (inner 1), the four-column path and its tail.
const CASES: [number[], number][] = [[[3, 5], 1], [[2, 7], -1], [[2, 3, 4], 1], [[2, 5, 6], 1], [[3, 2, 5], 0], [[2, 4, 3, 3], 2], [[1, 19], 1], [[4], 0]];

describeBackends('F.softmax', (test, backendName) => {
  test('matches a float64 reference along any axis', () => {
    CASES.forEach(([shape, axis], i) => {
      const x = data(shape, 10 + i);
      const a = axis < 0 ? axis + shape.length : axis;
      const y = F.softmax(x, { axis });
      assertClose(y, alongAxis(x.dataSync(), shape, a, softmaxRef), { atol: 1e-6, rtol: 1e-5 });
      assert.equal([...y.shape], shape);
    });
  });

  test('default axis is 1, not the last axis (Chainer)', () => {
    const x = data([2, 3, 4], 3);
    assertClose(F.softmax(x), alongAxis(x.dataSync(), [2, 3, 4], 1, softmaxRef), { atol: 1e-6 });
    assertClose(F.softmax(x, 1), F.softmax(x, { axis: 1 }));
  });

  test('large inputs do not overflow (max-subtract)', () => {
    const x = array([[1000, 1001, 1002], [-1000, -1001, -1000], [88, 89, 90]]);
    assertClose(F.softmax(x), [softmaxRef([1000, 1001, 1002]), softmaxRef([-1000, -1001, -1000]), softmaxRef([88, 89, 90])], { atol: 1e-6 });
  });

  test('node name and gradient', () => {
    const x = new Variable(data([3, 4], 5));
    const y = F.softmax(x);
    assert.is(y.creator!.label, 'Softmax');
    gradientCheck.checkBackward((v) => F.softmax(v), [data([3, 4], 6)]);
    gradientCheck.checkBackward((v) => F.softmax(v, { axis: 0 }), [data([3, 5], 7)]);
    gradientCheck.checkBackward((v) => F.softmax(v, { axis: 1 }), [data([2, 5, 6], 8)]);
  });

  test('the gradient is y gy - y sum(y gy) in that order, as Chainer rounds it', () => {
    // gy nearly constant along the axis: y (gy - s) differs here by up to 1.2e-3 relative.
    const x = new Variable(array([[0.3, -0.7, 1.1, 0.25], [2.0, -1.5, 0.5, 1.0]]));
    const gy = array([[1, 1.0001, 0.9999, 1.00005], [0.5, 0.5002, 0.4999, 0.5]]);
    const y = F.softmax(x);
    y.grad = gy;
    y.backward();
    // Chainer 7.8.1's values.
    assertClose(x.grad!, [6.690621376037598e-06, 1.0557472705841064e-05, -3.409385681152344e-05, 1.6823410987854004e-05,
      6.16908073425293e-06, 3.910623490810394e-06, -1.2382864952087402e-05, 2.2724270820617676e-06], { atol: 0, rtol: 1e-5 });
  });

  test('double backprop', () => {
    gradientCheck.checkDoubleBackward((v) => F.softmax(v), [data([3, 4], 9)], [data([3, 4], 10, 1)], [data([3, 4], 11, 1)]);
    gradientCheck.checkDoubleBackward((v) => F.softmax(v, { axis: 1 }), [data([2, 3, 5], 12)], [data([2, 3, 5], 13, 1)], [data([2, 3, 5], 14, 1)]);
  });

  test('double backprop rounds as Chainer\'s _SoftmaxGrad.backward: (ggx - t) gy - ggx s', () => {
    // Chainer 7.8.1 (numpy 1.24): x, gy, ggx (3, 4); the gradients of sum(gx ggx) with respect
    // to x and gy, where t = sum(ggx y) and s = sum(y gy) along axis 1. ggx (gy - s) - t gy
    // rounds apart (3 of the 12 values for x, up to 16 ulp).
    const x = new Variable(array([-0.7133134007453918, 0.5533784627914429, -0.06308597326278687, -0.5894312858581543, 0.40963783860206604, 0.8298553228378296,
      -1.6430233716964722, -0.2567301392555237, -0.9807473421096802, -0.17315521836280823, -1.2894186973571777, 0.020690394565463066], { shape: [3, 4] }));
    const gy = new Variable(array([-0.03788574039936066, -0.304337739944458, -1.0479265451431274, -0.396190345287323, -1.0913288593292236, -1.3552087545394897,
      0.2247857302427292, -1.1093499660491943, 1.1702960729599, 0.7165876626968384, -1.9978166818618774, 0.2721288800239563], { shape: [3, 4] }));
    const ggx = array([-1.1017166376113892, 0.03305722028017044, 0.04363199323415756, -1.9884297847747803, -0.23342251777648926, -0.25579002499580383,
      0.9620005488395691, -1.1814467906951904, 0.738041877746582, -1.0989727973937988, -0.3312909007072449, -0.8404731750488281], { shape: [3, 4] });
    const y = F.softmax(x);
    const [gx] = grad([y], [x], { gradOutputs: [gy], enableDoubleBackprop: true });
    const [ddx, ddgy] = grad([F.sum(F.mul(gx!, ggx))], [x, gy]);
    // Chainer's order in float32 from kusari's own y (numpy's exp rounds some y apart)
    const f = Math.fround, yv = y.array.toTypedArray(), gv = gy.array.toTypedArray(), cv = ggx.toTypedArray();
    const wantX: number[] = [], wantGy: number[] = [];
    for (let r = 0; r < 3; r++) {
      const row = [0, 1, 2, 3].map((j) => 4 * r + j);
      const t = row.reduce((a, i) => f(a + f(cv[i] * yv[i])), 0), sy = row.reduce((a, i) => f(a + f(yv[i] * gv[i])), 0);
      // the gradient for y, then through softmax's own backward to x: y g - y sum(y g)
      const g2 = row.map((i) => f(f(f(cv[i] - t) * gv[i]) - f(cv[i] * sy)));
      const s2 = row.reduce((a, i, k) => f(a + f(yv[i] * g2[k])), 0);
      row.forEach((i, k) => {
        wantX.push(f(f(yv[i] * g2[k]) - f(yv[i] * s2)));
        wantGy.push(f(f(cv[i] - t) * yv[i]));
      });
    }
    const exact = backendName === 'wasm' ? { atol: 0, rtol: 0 } : { atol: 1e-7, rtol: 1e-5 };
    assertClose(ddx!, wantX, exact);
    assertClose(ddgy!, wantGy, exact);
    const tol = { atol: 1e-7, rtol: 1e-5 };
    assertClose(ddx!, [-0.02745978906750679, 0.07612616568803787, -0.0444386824965477, -0.004227668046951294, -0.016335830092430115, -0.03759312629699707,
      0.07165194302797318, -0.01772301271557808, 0.17129410803318024, -0.07689496129751205, -0.08118081092834473, -0.01321835070848465], tol);
    assertClose(ddgy!, [-0.09041571617126465, 0.20924225449562073, 0.11562637984752655, -0.23445287346839905, 0.03669841215014458, 0.04510492831468582,
      0.053217265754938126, -0.13502062857151031, 0.20504118502140045, -0.15512783825397491, 0.03335617482662201, -0.08326947689056396], tol);
    gradientCheck.checkDoubleBackward((v) => F.softmax(v, { axis: 0 }), [data([4, 3], 15)], [data([4, 3], 16, 1)], [data([4, 3], 17, 1)]);
  });

  test('errors name the function and argument', () => {
    assertThrows(() => F.softmax(array([[1, 2]], { dtype: 'int32' })), 'softmax', 'x', 'float32');
    assertThrows(() => F.softmax(data([2, 3], 1), { axis: 2 }), 'softmax', 'axis');
    assertThrows(() => F.softmax(data([3], 1)), 'softmax', 'axis');
  });

  test('a zero-length axis raises, other empty axes give an empty result (Chainer: x.max(axis) first)', () => {
    // Chainer 7.8.1: softmax of a (2, 3, 0) x along axis 2 raises numpy's "zero-size array
    // to reduction operation maximum which has no identity"; a (0, 3) x along axis 1 is (0, 3).
    for (const f of [F.softmax, F.logSoftmax]) {
      assertThrows(() => f(array([], { shape: [2, 3, 0] }), 2), 'zero-size axis 2', '(2, 3, 0)');
      assertThrows(() => f(array([], { shape: [0, 3] }), 0), 'zero-size axis 0');
      assert.equal([...f(array([], { shape: [0, 3] })).shape], [0, 3]);
    }
    assertThrows(() => F.logSoftmax(array([], { shape: [2, 0] })), 'logSoftmax', 'zero-size axis 1');
  });
});

describeBackends('F.logSoftmax', (test) => {
  test('subtracts max + log(sum exp(x - max)) in one step, as Chainer rounds it', () => {
    // Chainer 7.8.1's values; (x - max) - log(sum) differs by up to 5.7e-4 relative here.
    const x = array([[6.0, -3.0, -2.5], [5.3, 0.1, -4.0], [0.25, 0.5, 7.75]]);
    assertClose(F.logSoftmax(x), [-0.0003266334533691406, -9.000326156616211, -8.500326156616211, -0.00559234619140625,
      -5.205592632293701, -9.30559253692627, -7.501262664794922, -7.251262664794922, -0.001262664794921875], { atol: 0, rtol: 1e-5 });
  });

  test('matches a float64 reference along any axis', () => {
    CASES.forEach(([shape, axis], i) => {
      const x = data(shape, 20 + i);
      const a = axis < 0 ? axis + shape.length : axis;
      assertClose(F.logSoftmax(x, { axis }), alongAxis(x.dataSync(), shape, a, logSoftmaxRef), { atol: 2e-6, rtol: 1e-5 });
    });
  });

  test('default axis 1 and stability for huge logits', () => {
    const x = data([2, 3, 4], 4);
    assertClose(F.logSoftmax(x), alongAxis(x.dataSync(), [2, 3, 4], 1, logSoftmaxRef), { atol: 2e-6 });
    const big = array([[1e4, 0, -1e4], [50, 50, 50]]);
    assertClose(F.logSoftmax(big), [[0, -1e4, -2e4], [-Math.log(3), -Math.log(3), -Math.log(3)]], { atol: 1e-5 });
  });

  test('node name, gradient and double backprop', () => {
    assert.is(F.logSoftmax(new Variable(data([2, 3], 1))).creator!.label, 'LogSoftmax');
    gradientCheck.checkBackward((v) => F.logSoftmax(v), [data([3, 4], 30)]);
    gradientCheck.checkBackward((v) => F.logSoftmax(v, { axis: 2 }), [data([2, 3, 5], 31)]);
    gradientCheck.checkBackward((v) => F.logSoftmax(v, { axis: 1 }), [data([2, 6, 5], 32)]);
    gradientCheck.checkDoubleBackward((v) => F.logSoftmax(v), [data([3, 4], 33)], [data([3, 4], 34, 1)], [data([3, 4], 35, 1)]);
    gradientCheck.checkDoubleBackward((v) => F.logSoftmax(v, { axis: 0 }), [data([4, 3, 2], 36)], [data([4, 3, 2], 37, 1)], [data([4, 3, 2], 38, 1)]);
  });

  test('errors', () => {
    assertThrows(() => F.logSoftmax(array([[1, 2]], { dtype: 'int32' })), 'logSoftmax', 'x');
    assertThrows(() => F.logSoftmax(data([2, 3], 1), { axis: -3 }), 'logSoftmax', 'axis');
  });
});

describeBackends('ops.softmax / ops.logSoftmax', (test) => {
  test('array-level operations and their gradients', () => {
    const x = data([3, 6], 40);
    const gy = data([3, 6], 41, 1);
    const y = ops.softmax(x, 1);
    assertClose(y, alongAxis(x.dataSync(), [3, 6], 1, softmaxRef), { atol: 1e-6 });
    // softmax gradient: y (gy - sum(y gy))
    const yd = y.dataSync(), gd = gy.dataSync();
    const want: number[] = [];
    for (let r = 0; r < 3; r++) {
      let s = 0;
      for (let c = 0; c < 6; c++) s += yd[r * 6 + c] * gd[r * 6 + c];
      for (let c = 0; c < 6; c++) want.push(yd[r * 6 + c] * (gd[r * 6 + c] - s));
    }
    assertClose(ops.softmaxGrad(y, gy, 1), Float64Array.from(want), { atol: 1e-6 });
    const ly = ops.logSoftmax(x, 1);
    const lwant: number[] = [];
    const ld = ly.dataSync();
    for (let r = 0; r < 3; r++) {
      let s = 0;
      for (let c = 0; c < 6; c++) s += gd[r * 6 + c];
      for (let c = 0; c < 6; c++) lwant.push(gd[r * 6 + c] - Math.exp(ld[r * 6 + c]) * s);
    }
    assertClose(ops.logSoftmaxGrad(ly, gy, 1), Float64Array.from(lwant), { atol: 1e-6 });
    assertThrows(() => ops.softmaxGrad(y, data([3, 5], 1), 1), 'softmaxGrad', 'gy');
  });

  test('NaN and -Infinity', () => {
    const y = ops.softmax(array([[0, -Infinity, 0], [1, NaN, 2]]), 1).dataSync();
    assertClose(Array.from(y.slice(0, 3)), [0.5, 0, 0.5]);
    assert.ok(Array.from(y.slice(3)).every(Number.isNaN));
  });
});

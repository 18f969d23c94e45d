import { F, Variable, array, grad, gradientCheck } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';
import { product, reduceAxis } from '../reference';

function data(shape: number[], seed: number, lo = -2, hi = 2) {
  return array(randomValues(product(shape), seed, lo, hi), { shape });
}

const sumRef = (l: number[]) => l.reduce((a, b) => a + b, 0);
const meanRef = (l: number[]) => sumRef(l) / l.length;
const prodRef = (l: number[]) => l.reduce((a, b) => a * b, 1);

describeBackends('F.sum and F.mean', (test) => {
  test('values over all axes, one axis, keepdims', () => {
    const x = data([3, 4, 2], 1);
    const v = Array.from(x.dataSync());
    assertClose(F.sum(x), sumRef(v), { atol: 1e-5 });
    assert.equal([...F.sum(x).shape], []);
    assertClose(F.mean(x), meanRef(v), { atol: 1e-6 });
    assertClose(F.mean(x, 1), reduceAxis(v, [3, 4, 2], 1, meanRef));
    assertClose(F.mean(x, -1), reduceAxis(v, [3, 4, 2], 2, meanRef));
    assert.equal([...F.mean(x, [0, 2], { keepdims: true }).shape], [1, 4, 1]);
    assert.equal([...F.mean(x, 0, null, true).shape], [1, 4, 2]);
  });

  test('weighted mean along one axis (Chainer average)', () => {
    const x = array([[1, 2, 3], [4, 5, 6]]);
    const w = array([1, 0, 3]);
    assertClose(F.mean(x, 1, { weights: w }), [(1 + 9) / 4, (4 + 18) / 4]);
    gradientCheck.checkBackward((a, b) => F.mean(a, 1, { weights: b }), [data([2, 3], 2), array([1, 0.5, 2])]);
    assertThrows(() => F.mean(x, [0, 1], { weights: w }), 'mean', 'weights');
    assertThrows(() => F.mean(x, 1, { weights: array([1, 2]) }), 'mean', 'weights');
  });

  test('weights over every axis (axis null) and F.average, its Chainer name', () => {
    const x = array([[1, 2, 3], [4, 5, 6]]);
    const w = array([[1, 0, 3], [2, 1, 1]]);
    // numpy.average(x, weights=w): (1 + 9 + 8 + 5 + 6) / 8
    assertClose(F.average(x, null, w), 3.625);
    assert.equal([...F.average(x, { weights: w, keepdims: true }).shape], [1, 1]);
    // Chainer multiplies by the weights as given, so (3,) broadcasts along the rows: 32 / 4.
    assertClose(F.mean(x, null, array([1, 0, 3])), 8);
    assertClose(F.average(x, 1), [2, 5]);
    gradientCheck.checkBackward((a, b) => F.average(a, null, b), [data([2, 3], 11), array([[1, 0.5, 2], [0.25, 1, 3]])]);
    assertThrows(() => F.mean(x, null, array([1, 2])), 'mean', 'weights', '(2,)', '(2, 3)');
  });

  test('mean divides the sum by the count, as numpy (Chainer Mean node)', () => {
    // 5 / 3 is 1.6666666 in float32, 5 * float32(1 / 3) 1.6666667: numpy.mean gives the first.
    const x = array([[1, 2, 2], [1.3, 0, 0], [7, 0, 0]]);
    const y = F.mean(new Variable(x), 1);
    assert.is(y.creator!.label, 'Mean');
    assert.equal(Array.from(y.array.dataSync()), [Math.fround(5) / 3, Math.fround(1.3) / 3, 7 / 3].map(Math.fround));
    assert.equal(Array.from(F.mean(x).array.dataSync()), [Math.fround(Math.fround(13.3) / 9)]);
  });

  test('gradients and double backprop', () => {
    gradientCheck.checkBackward((v) => F.sum(v, 1), [data([3, 4], 3)]);
    gradientCheck.checkBackward((v) => F.mean(v, [0, 2]), [data([3, 4, 2], 4)]);
    gradientCheck.checkDoubleBackward((v) => F.sum(F.mul(v, v), 0), [data([3, 4], 5)], data([4], 6), data([3, 4], 7));
    gradientCheck.checkDoubleBackward((v) => F.mean(F.mul(v, v), 1, { keepdims: true }), [data([3, 4], 8)], data([3, 1], 9), data([3, 4], 10));
  });

  test('errors', () => {
    assertThrows(() => F.mean(data([2, 3], 1), 2), 'mean', 'axis');
    assertThrows(() => F.mean(array([1], { dtype: 'int32' })), 'mean', 'x');
    // Chainer's Sum expects x.dtype.kind == 'f'.
    assertThrows(() => F.sum(array([1, 2], { dtype: 'int32' })), 'sum', 'x', 'float32', 'int32');
  });

  test('mean over no elements raises, as Chainer\'s Mean (1.0 / count) does', () => {
    // Chainer 7.8.1 raises ZeroDivisionError for a (2, 0, 3) x over all axes, axis 1 or
    // (0, 1); along axis 0 the mean of no columns is an empty (0, 3) array.
    const x = array([], { shape: [2, 0, 3] });
    assertThrows(() => F.mean(x), 'mean', 'no elements', 'all axes');
    assertThrows(() => F.mean(x, 1), 'mean', 'no elements', 'axis 1');
    assertThrows(() => F.average(x, [0, 1], null, true), 'average', 'no elements', 'axis (0, 1)');
    assert.equal([...F.mean(x, 0).shape], [0, 3]);
    assert.equal([...F.mean(x, -1, { keepdims: true }).shape], [2, 0, 1]);
  });
});

describeBackends('F.max, F.min, F.argmax, F.argmin', (test) => {
  test('values along axes', () => {
    const x = data([3, 5, 2], 11);
    const v = Array.from(x.dataSync());
    assertClose(F.max(x), Math.max(...v));
    assertClose(F.min(x), Math.min(...v));
    assertClose(F.max(x, 1), reduceAxis(v, [3, 5, 2], 1, (l) => Math.max(...l)));
    assertClose(F.min(x, 2), reduceAxis(v, [3, 5, 2], 2, (l) => Math.min(...l)));
    assert.equal([...F.max(x, 1, { keepdims: true }).shape], [3, 1, 2]);
    assert.is(F.max(new Variable(x)).creator!.label, 'Max');
    assert.is(F.min(new Variable(x)).creator!.label, 'Min');
  });

  test('the gradient goes to every tied maximum (Chainer)', () => {
    const x = new Variable(array([[1, 3, 3], [2, 2, 0]]));
    F.sum(F.max(x, 1)).backward();
    assertClose(x.grad!, [[0, 1, 1], [1, 1, 0]]);
    const z = new Variable(array([4, 1, 1]));
    F.min(z).backward();
    assertClose(z.grad!, [0, 1, 1]);
  });

  test('gradients and double backprop', () => {
    gradientCheck.checkBackward((v) => F.max(v, 1), [data([3, 5], 12)]);
    gradientCheck.checkBackward((v) => F.min(v, [0, 2]), [data([3, 2, 4], 13)]);
    gradientCheck.checkDoubleBackward((v) => F.max(F.mul(v, v), 0), [data([3, 4], 14)], data([4], 15), data([3, 4], 16));
  });

  test('argmax/argmin: int32, first occurrence, no graph', () => {
    const x = array([[1, 5, 5], [7, 0, 7], [2, 2, 2]]);
    const a = F.argmax(x, 1);
    assert.is(a.dtype, 'int32');
    assert.equal(a.array.toArray(), [1, 0, 0]);
    assert.equal(F.argmin(x, 1).array.toArray(), [0, 1, 0]);
    assert.equal(F.argmax(x, 0).array.toArray(), [1, 0, 1]);
    assert.is(F.argmax(x).item(), 3);
    assert.is(F.argmin(x).item(), 4);
    const v = new Variable(x);
    const r = F.argmax(v, 1);
    assert.is(r.creator, null);
    assert.is(r.requiresGrad, false);
  });

  test('errors', () => {
    assertThrows(() => F.max(data([2, 3], 1), 2), 'max', 'axis');
    assertThrows(() => F.argmax(data([2, 3], 1), -3), 'argmax', 'axis');
    assertThrows(() => F.min(array([[1]], { dtype: 'int32' })), 'min', 'x');
    // So do Chainer's ArgMax and ArgMin.
    assertThrows(() => F.argmax(array([1, 3, 2], { dtype: 'int32' })), 'argmax', 'x', 'int32');
    assertThrows(() => F.argmin(array([[1]], { dtype: 'int32' }), 1), 'argmin', 'x', 'int32');
    assertThrows(() => F.max(array([], { shape: [0] })), 'max', 'axis');
  });

  test('argmax/argmin of an empty array along a non-empty axis give an empty int32 array (numpy)', () => {
    // Chainer 7.8.1: F.argmax(zeros((2, 0, 3)), axis=0) has shape (0, 3), axis=2 (2, 0); an
    // empty axis (axis=1, or all axes) raises "attempt to get argmax of an empty sequence".
    const x = array([], { shape: [2, 0, 3] });
    for (const f of [F.argmax, F.argmin]) {
      const a = f(x, 0), b = f(x, -1);
      assert.equal([...a.shape], [0, 3]);
      assert.equal([...b.shape], [2, 0]);
      assert.is(a.dtype, 'int32');
      assert.is(f(array([], { shape: [0, 3] }), 1).shape[0], 0);
    }
    assertThrows(() => F.argmax(x, 1), 'argmax', 'empty', 'axis 1');
    assertThrows(() => F.argmin(x), 'argmin', 'empty');
  });
});

describeBackends('F.prod', (test, backendName) => {
  test('float32 products round as numpy: one element after the other', () => {
    // 3 rows of 50 factors in [0.5, 1.5): products taken in vector lanes and then
    // combined differ from numpy's in the last bits.
    const n = 50;
    const v = Float32Array.from(randomValues(3 * n, 61, 0.5, 1.5));
    const want = [0, 1, 2].map((r) => {
      let p = 1;
      for (let k = 0; k < n; k++) p = Math.fround(p * v[r * n + k]);
      return p;
    });
    assert.equal(Array.from(F.prod(array(v, { shape: [3, n] }), 1).array.dataSync()), want);
    let all = 1;
    for (const e of v.slice(0, n)) all = Math.fround(all * e);
    assert.equal(F.prod(array(v.slice(0, n))).item(), all);
  });

  test('values and zero-safe gradients', () => {
    const x = data([3, 4], 20, 0.5, 1.5);
    const v = Array.from(x.dataSync());
    assertClose(F.prod(x), prodRef(v), { rtol: 1e-5 });
    assertClose(F.prod(x, 1), reduceAxis(v, [3, 4], 1, prodRef));
    assert.equal([...F.prod(x, 0, { keepdims: true }).shape], [1, 4]);
    // d prod / d x_i = product of the others, also where some x are zero
    const z = new Variable(array([[2, 0, 3], [0, 0, 5], [1, 2, 4]]));
    F.sum(F.prod(z, 1)).backward();
    assertClose(z.grad!, [[0, 6, 0], [0, 0, 0], [8, 4, 2]]);
    assert.is(F.prod(new Variable(x)).creator!.label, 'Prod');
  });

  test('gradients and double backprop', () => {
    gradientCheck.checkBackward((v) => F.prod(v, 1), [data([3, 4], 21)]);
    gradientCheck.checkBackward((v) => F.prod(v, [0, 2]), [data([2, 3, 2], 22)]);
    gradientCheck.checkBackward((v) => F.prod(v), [data([2, 3], 23)]);
    gradientCheck.checkDoubleBackward((v) => F.prod(v, 1), [data([2, 4], 24)], data([2], 25), data([2, 4], 26));
    gradientCheck.checkDoubleBackward((v) => F.prod(v, [0, 2]), [data([2, 3, 2], 27)], data([3], 28), data([2, 3, 2], 29));
  });

  test('the gradient multiplies each group in the order the axis tuple names its axes, as Chainer', () => {
    // Chainer 7.8.1 (numpy 1.24) for a (4, 5) x: Prod's backward moves the axes to the front
    // in the given order and takes cumulative products along them, so axis (1, 0) and (0, 1)
    // give gradients ulps apart (8 of these 20 values).
    const x = [-0.8019314408302307, -1.3243589401245117, -0.24836161732673645, 0.4204452335834503, 1.1360465288162231,
      0.10970640182495117, -0.5526472926139832, -0.7847803831100464, 0.7487457990646362, 1.6347830295562744,
      0.2727687656879425, -1.2333287000656128, -0.9582651853561401, 1.600019097328186, 0.20288243889808655,
      -1.7321348190307617, -0.08369619399309158, -1.1632260084152222, -0.6292880773544312, -0.4880058169364929];
    const want: Record<string, number[]> = {
      '1,0': [-4.958761564921588e-05, -3.0026501917745918e-05, -0.00016011277330107987, 9.458037675358355e-05, 3.50037298630923e-05,
        0.00036247537354938686, -7.195523357950151e-05, -5.067133315606043e-05, 5.31099722138606e-05, 2.4324859623447992e-05,
        0.0001457860053051263, -3.2242714951280504e-05, -4.149776941630989e-05, 2.4853370632627048e-05, 0.00019600449013523757,
        -2.2957721739658155e-05, -0.0004751215747091919, -3.418584674363956e-05, -6.319183012237772e-05, -8.148646156769246e-05],
      '0,1': [-4.958761201123707e-05, -3.0026501917745918e-05, -0.00016011277330107987, 9.458036947762594e-05, 3.50037298630923e-05,
        0.00036247531534172595, -7.195523357950151e-05, -5.067132951808162e-05, 5.31099722138606e-05, 2.4324861442437395e-05,
        0.00014578601985704154, -3.224271858925931e-05, -4.14977730542887e-05, 2.4853370632627048e-05, 0.00019600449013523757,
        -2.2957721739658155e-05, -0.0004751215747091919, -3.418584674363956e-05, -6.319183012237772e-05, -8.148645429173484e-05],
    };
    for (const axis of [[1, 0], [0, 1], [-1, -2]]) {
      const v = new Variable(array(x, { shape: [4, 5] }));
      const y = F.prod(v, axis);
      assertClose(y, 3.976586231146939e-05, { atol: 0, rtol: backendName === 'wasm' ? 0 : 1e-6 });
      y.backward();
      const key = axis.map((a) => (a + 2) % 2).join(',');
      assertClose(v.grad!, want[key], { atol: 0, rtol: backendName === 'wasm' ? 0 : 1e-6 });
    }
    gradientCheck.checkBackward((v) => F.prod(v, [2, 0]), [data([2, 3, 2], 30)]);
    gradientCheck.checkDoubleBackward((v) => F.prod(v, [1, 0]), [data([3, 2], 31)], data([], 32), data([3, 2], 33));
  });

  test('second derivatives are exact where x has zeros', () => {
    // prod(x) = x0 x1 x2 x3; the Hessian entry (i, k) is the product of the other two
    const xs = [0, 2, 0, 3];
    const x = new Variable(array(xs));
    const [g] = grad([F.prod(x)], [x], { enableDoubleBackprop: true });
    const c = [1, -2, 0.5, 4];
    const [h] = grad([F.sum(F.mul(g!, array(c)))], [x]);
    const want = xs.map((_, k) => c.reduce((s, ci, i) => {
      if (i === k) return s;
      return s + ci * xs.reduce((p, xj, j) => (j === i || j === k ? p : p * xj), 1);
    }, 0));
    assertClose(h!, Float64Array.from(want));
    gradientCheck.checkDoubleBackward((v) => F.prod(v, 1), [array([[0, 2, 0.5], [0, 0, 1.5]])], array([1, -1]), array([[0.3, 0.2, -0.4], [1, 0.5, 2]]));
  });

  test("second derivatives with infinite factors: Chainer's inf, -inf and NaN", () => {
    // Chainer 7.8.1: the gradient of its gx (cumprods of x from both ends) for these rows;
    // x = [2, inf, 3] gives -inf and inf at its ends, where an empty sum times an infinite
    // product would give NaN.
    const x = new Variable(array([[2, Infinity, 3, -1.5], [0, Infinity, -Infinity, 0.5], [Infinity, 0, 4, 0]]));
    const [gx] = grad([F.prod(x, 1)], [x], { gradOutputs: [array([1, 2, -0.5])], enableDoubleBackprop: true });
    assertClose(gx!, [[-Infinity, -9, -Infinity, Infinity], [-Infinity, NaN, NaN, NaN], [-0, NaN, NaN, NaN]], { atol: 0, rtol: 0 });
    const [g2] = grad([F.sum(F.mul(gx!, array([[1, 0.5, -1, 2], [2, 1, 1, -1], [0.5, -2, 1, 3]])))], [x]);
    assertClose(g2!, [[Infinity, 10.5, NaN, NaN], [NaN, NaN, NaN, NaN], [0, -Infinity, NaN, NaN]], { atol: 0, rtol: 0 });
    const y = new Variable(array([2, Infinity, 3]));
    const [gy] = grad([F.prod(y)], [y], { enableDoubleBackprop: true });
    const [h] = grad([F.sum(F.mul(gy!, array([1, 0.5, -1])))], [y]);
    assertClose(h!, [-Infinity, 1, Infinity], { atol: 0, rtol: 0 });
  });
});

describeBackends('F.cumsum', (test) => {
  const cum = (l: number[]) => { let s = 0; return l.map((e) => (s += e)); };

  test('float32 partial sums round as numpy.cumsum: one element after the other', () => {
    // Magnitudes 1e-3 .. 1e3 make every addition round; a prefix taken in another order
    // (four lanes, then the carry) differs in the last bits of most entries.
    const n = 37;
    const v = Float32Array.from(randomValues(n * 2, 47, -3, 3), (e, i) => (i % 3 ? 1 : -1) * 10 ** e);
    const x = new Variable(array(v, { shape: [2, n] }));
    const y = F.cumsum(x, 1);
    const want = new Float32Array(2 * n), back = new Float32Array(2 * n);
    const gy = Float32Array.from(randomValues(2 * n, 48, -2, 2));
    for (let r = 0; r < 2; r++) {
      let s = v[r * n];
      want[r * n] = s;
      for (let k = 1; k < n; k++) want[r * n + k] = s = Math.fround(s + v[r * n + k]);
      // The gradient is the cumulative sum of gy from the end (Chainer: flip, cumsum, flip).
      let g = gy[r * n + n - 1];
      back[r * n + n - 1] = g;
      for (let k = n - 2; k >= 0; k--) back[r * n + k] = g = Math.fround(g + gy[r * n + k]);
    }
    assert.equal(Array.from(y.array.dataSync()), Array.from(want));
    y.grad = array(gy, { shape: [2, n] });
    y.backward();
    assert.equal(Array.from(x.grad!.dataSync()), Array.from(back));
    // numpy copies the first element: -0 keeps its sign.
    assert.ok(Object.is(F.cumsum(array([-0, 1])).array.dataSync()[0], -0));
  });

  test('along every axis, and flattened', () => {
    // inner 1 with lengths off the 4-lane blocks, and strided axes
    for (const [shape, axis] of [[[3, 11], 1], [[2, 3, 5], 0], [[2, 3, 5], 1], [[2, 6, 7], 2], [[9], 0], [[2, 9, 4], -2]] as [number[], number][]) {
      const x = data(shape, 30 + shape.length + axis);
      const a = axis < 0 ? axis + shape.length : axis;
      const n = shape[a], inner = product(shape.slice(a + 1));
      const v = Array.from(x.dataSync());
      const want = new Float64Array(v.length);
      for (let p = 0; p < v.length / (n * inner); p++) for (let j = 0; j < inner; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) { const i = (p * n + k) * inner + j; s += v[i]; want[i] = s; }
      }
      assertClose(F.cumsum(x, axis), want);
    }
    const x = data([2, 3], 40);
    assertClose(F.cumsum(x), Float64Array.from(cum(Array.from(x.dataSync()))));
    assert.equal([...F.cumsum(x).shape], [6]);
  });

  test('gradients and double backprop', () => {
    assert.is(F.cumsum(new Variable(data([3], 1)), 0).creator!.label, 'Cumsum');
    gradientCheck.checkBackward((v) => F.cumsum(v, 1), [data([3, 6], 41)]);
    gradientCheck.checkBackward((v) => F.cumsum(v, 0), [data([5, 3], 42)]);
    gradientCheck.checkBackward((v) => F.cumsum(v), [data([2, 3], 43)]);
    gradientCheck.checkDoubleBackward((v) => F.cumsum(F.mul(v, v), 1), [data([2, 5], 44)], data([2, 5], 45), data([2, 5], 46));
  });

  test('errors', () => {
    assertThrows(() => F.cumsum(data([2, 3], 1), 2), 'cumsum', 'axis');
    assertThrows(() => F.cumsum(array([1], { dtype: 'int32' })), 'cumsum', 'x');
  });
});

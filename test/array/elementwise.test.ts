import { array, ops, backend, NDArray } from '../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../util';

// erf by its Taylor series, converged in float64 for |x| <= 3.
function erfRef(x: number): number {
  let term = x, sum = x;
  for (let n = 1; n < 80; n++) {
    term *= -x * x / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

const unaryCases: [string, (x: NDArray) => NDArray, (x: number) => number, [number, number]][] = [
  ['neg', ops.neg, (x) => -x, [-3, 3]],
  ['abs', ops.abs, Math.abs, [-3, 3]],
  ['exp', ops.exp, Math.exp, [-5, 5]],
  ['log', ops.log, Math.log, [0.01, 10]],
  ['sqrt', ops.sqrt, Math.sqrt, [0, 10]],
  ['rsqrt', ops.rsqrt, (x) => 1 / Math.sqrt(x), [0.1, 10]],
  ['square', ops.square, (x) => x * x, [-3, 3]],
  ['sin', ops.sin, Math.sin, [-6, 6]],
  ['cos', ops.cos, Math.cos, [-6, 6]],
  ['tan', ops.tan, Math.tan, [-1.2, 1.2]],
  ['tanh', ops.tanh, Math.tanh, [-5, 5]],
  ['sigmoid', ops.sigmoid, (x) => 1 / (1 + Math.exp(-x)), [-20, 20]],
  ['relu', ops.relu, (x) => Math.max(x, 0), [-3, 3]],
  ['sign', ops.sign, Math.sign, [-3, 3]],
  ['floor', ops.floor, Math.floor, [-3, 3]],
  ['ceil', ops.ceil, Math.ceil, [-3, 3]],
  ['expm1', ops.expm1, Math.expm1, [-1e-3, 1e-3]],
  ['log1p', ops.log1p, Math.log1p, [-0.5, 3]],
  ['log2', ops.log2, Math.log2, [0.1, 100]],
  ['log10', ops.log10, Math.log10, [0.1, 100]],
  ['arcsin', ops.arcsin, Math.asin, [-0.99, 0.99]],
  ['arccos', ops.arccos, Math.acos, [-0.99, 0.99]],
  ['arctan', ops.arctan, Math.atan, [-5, 5]],
  ['sinh', ops.sinh, Math.sinh, [-3, 3]],
  ['cosh', ops.cosh, Math.cosh, [-3, 3]],
  ['erf', ops.erf, erfRef, [-3, 3]],
  ['reciprocal', ops.reciprocal, (x) => 1 / x, [0.1, 5]],
  ['softplus', ops.softplus, (x) => Math.log1p(Math.exp(x)), [-20, 20]],
];

describeBackends('NDArray elementwise', (test, here) => {
  for (const [name, fn, ref, [lo, hi]] of unaryCases) {
    test(`unary ${name} matches a float64 reference (odd length, SIMD body and tail)`, () => {
      const x = randomValues(37, name.length * 7 + 1, lo, hi);
      const y = fn(array(x));
      assert.is(y.dtype, 'float32');
      assertClose(y, Array.from(x, (v) => ref(v)), { atol: 1e-6, rtol: 2e-6 });
    });
  }

  test('log1p, expm1 and softplus keep their relative precision where the result is small', () => {
    // Where 1 + x or exp(x) - 1 would cancel: an absolute tolerance would hide the error.
    const close = (y: NDArray, x: number[], ref: (v: number) => number) => assertClose(y, x.map(ref), { atol: 0, rtol: 4e-6 });
    const log1pAt = [1e-7, -1e-7, 3.0590232e-7, 4.539993e-5, -1e-4, 0.01, -0.3, 0.45, 2, 1e6];
    close(ops.log1p(array(log1pAt)), log1pAt, Math.log1p);
    const expm1At = [1e-7, -1e-7, 1e-5, -3e-4, 0.01, -0.2, 0.5, 2, -20];
    close(ops.expm1(array(expm1At)), expm1At, Math.expm1);
    const softplusAt = [-20, -15, -9, -1e-3, 0, 0.5, 6, 10, 30];
    close(ops.softplus(array(softplusAt)), softplusAt, (v) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
  });

  test('erf is exact at 0 and keeps its relative precision for small arguments', () => {
    // scipy's erf, which Chainer calls, is; an absolute error bound (Abramowitz and Stegun's
    // 1.5e-7) gave erf(0) = 1e-9 and erf(1e-6) 9e-4 off.
    const at = [1e-6, -1e-3, 0.1, 0.49, 0.5, -0.7, 1, 2, -3, 4.5];
    assertClose(ops.erf(array(at)), at.map((v) => (Math.abs(v) > 3 ? Math.sign(v) : erfRef(v))), { atol: 0, rtol: 4e-7 });
    const special = ops.erf(array([0, -0, Infinity, -Infinity, NaN])).toArray() as number[];
    assert.equal(special.map((v) => (Object.is(v, -0) ? '-0' : Number.isNaN(v) ? 'nan' : v)), [0, '-0', 1, -1, 'nan']);
  });

  test('pow, arctan2 and fmod follow numpy at the edges and broadcast', () => {
    // numpy (C99): 1^nan = 1, (-1)^(+-inf) = 1, nan^0 = 1, 0^-1 = inf, a negative base to a fraction is nan
    assertClose(ops.pow(array([1, -1, -1, NaN, 0, -8, 2, 2]), array([NaN, Infinity, -Infinity, 0, -1, 1 / 3, -Infinity, 10])),
      [1, 1, 1, 1, Infinity, NaN, 0, 1024], { atol: 0, rtol: 0 });
    const fm = ops.fmod(array([5, -5, -0, 7.5, -4, Infinity]), array([Infinity, 3, 2, -2, 2, 2])).toArray() as number[];
    assert.equal(fm.map((v) => (Object.is(v, -0) ? '-0' : Number.isNaN(v) ? 'nan' : v)), [5, -2, '-0', 1.5, '-0', 'nan']);
    // C's atan2 at signed zeros and infinities
    const ys = [0, -0, 0, -0, 1, Infinity, -Infinity, Infinity, 2], xs = [-0, -0, 0, 0, -1, Infinity, -Infinity, 3, -Infinity];
    const at = ops.arctan2(array(ys), array(xs)).toArray() as number[];
    const sign0 = (v: number) => (Object.is(v, -0) ? '-0' : v);
    assert.equal(at.map(sign0), ys.map((y, i) => sign0(Math.fround(Math.atan2(y, xs[i])))));
    // (2, 1, 3) against (4, 1): broadcast to (2, 4, 3)
    const a = randomValues(6, 5, 0.5, 2), b = randomValues(4, 6, -2, 2);
    const want: number[] = [];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < 3; k++) want.push(Math.pow(a[i * 3 + k], b[j]));
    const p = ops.pow(array(a, { shape: [2, 1, 3] }), array(b, { shape: [4, 1] }));
    assert.equal(p.shape, [2, 4, 3]);
    assertClose(p, want, { atol: 0, rtol: 2e-7 });
  });

  test('softplus and sigmoid do not overflow at the extremes', () => {
    assertClose(ops.softplus(array([-100, 100])), [0, 100]);
    assertClose(ops.sigmoid(array([-100, 100])), [0, 1]);
  });

  test('integer unary ops stay int32; the rest compute in float32', () => {
    const x = array([-3, 0, 2], { dtype: 'int32' });
    assert.is(ops.neg(x).dtype, 'int32');
    assert.equal(ops.abs(x).toArray(), [3, 0, 2]);
    assert.equal(ops.square(x).toArray(), [9, 0, 4]);
    assert.equal(ops.sign(x).toArray(), [-1, 0, 1]);
    assert.is(ops.exp(x).dtype, 'float32');
    assertClose(ops.exp(x), [Math.exp(-3), 1, Math.exp(2)]);
  });

  test('binary ops broadcast like numpy', () => {
    const a = array([[1], [2], [3]]);         // (3, 1)
    const b = array([10, 20, 30, 40]);         // (4,)
    const s = ops.add(a, b);
    assert.equal(s.shape, [3, 4]);
    assertClose(s, [[11, 21, 31, 41], [12, 22, 32, 42], [13, 23, 33, 43]]);
    const c = array(randomValues(24, 3), { shape: [2, 3, 4] });
    const d = array(randomValues(3, 4), { shape: [3, 1] });
    const r = ops.mul(c, d);
    const cv = c.toTypedArray(), dv = d.toTypedArray();
    const expected: number[] = [];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) expected.push(cv[i * 12 + j * 4 + k] * dv[j]);
    assertClose(r, expected);
    assert.equal(r.shape, [2, 3, 4]);
  });

  test('every binary op against a reference, with broadcasting on either side', () => {
    const a = array(randomValues(30, 5, 0.5, 3), { shape: [5, 6] });
    const b = array(randomValues(6, 6, 0.5, 3), { shape: [6] });
    const av = a.toTypedArray(), bv = b.toTypedArray();
    const cases: [(x: NDArray, y: NDArray) => NDArray, (x: number, y: number) => number][] = [
      [ops.add, (x, y) => x + y], [ops.sub, (x, y) => x - y], [ops.mul, (x, y) => x * y],
      [ops.div, (x, y) => x / y], [ops.pow, (x, y) => x ** y], [ops.maximum, Math.max],
      [ops.minimum, Math.min], [ops.arctan2, Math.atan2], [ops.fmod, (x, y) => x % y],
    ];
    for (const [fn, ref] of cases) {
      const ab: number[] = [], ba: number[] = [];
      for (let i = 0; i < 30; i++) { ab.push(ref(av[i], bv[i % 6])); ba.push(ref(bv[i % 6], av[i])); }
      assertClose(fn(a, b), ab, { rtol: 1e-5 });
      assertClose(fn(b, a), ba, { rtol: 1e-5 });
    }
  });

  test('scalar operands and dtype promotion', () => {
    const i = array([1, 2, 3], { dtype: 'int32' });
    assert.is(ops.add(i, 1).dtype, 'int32');
    assert.is(ops.add(i, 0.5).dtype, 'float32');
    assertClose(ops.add(i, 0.5), [1.5, 2.5, 3.5]);
    assert.is(ops.div(i, 2).dtype, 'float32');
    assertClose(ops.div(i, 2), [0.5, 1, 1.5]);
    assert.equal(ops.floorDiv(array([-7, 7], { dtype: 'int32' }), 2).toArray(), [-4, 3]);
    assertClose(ops.sub(10, array([1, 2])), [9, 8]);
    assert.is(ops.mul(i, array([0.5, 0.5, 0.5])).dtype, 'float32');
  });

  test('comparisons produce int32 masks', () => {
    const a = array([1, 2, 3, NaN]);
    const b = array([2, 2, 2, 2]);
    const cases: [NDArray, number[]][] = [
      [ops.equal(a, b), [0, 1, 0, 0]], [ops.notEqual(a, b), [1, 0, 1, 1]],
      [ops.less(a, b), [1, 0, 0, 0]], [ops.lessEqual(a, b), [1, 1, 0, 0]],
      [ops.greater(a, b), [0, 0, 1, 0]], [ops.greaterEqual(a, b), [0, 1, 1, 0]],
    ];
    for (const [m, e] of cases) {
      assert.is(m.dtype, 'int32');
      assert.equal(Array.from(m.toTypedArray()), e);
    }
    assert.equal(Array.from(ops.less(array([1, 5], { dtype: 'int32' }), 3).toTypedArray()), [1, 0]);
  });

  test('maximum and minimum propagate NaN like numpy', () => {
    const r = ops.maximum(array([NaN, 1]), array([0, NaN])).toTypedArray();
    assert.ok(Number.isNaN(r[0]) && Number.isNaN(r[1]));
  });

  test('where selects with broadcasting', () => {
    const c = array([[1], [0]], { dtype: 'int32' });
    const r = ops.where(c, array([1, 2, 3]), -1);
    assert.equal(r.toArray(), [[1, 2, 3], [-1, -1, -1]]);
  });

  test('cast truncates toward zero and back', () => {
    const x = array([-2.7, -0.5, 0.5, 2.7, 1e10]);
    assert.equal(Array.from(ops.cast(x, 'int32').toTypedArray()), [-2, 0, 0, 2, -2147483648]);
    const y = ops.cast(array([-3, 4], { dtype: 'int32' }), 'float32');
    assert.is(y.dtype, 'float32');
    assert.equal(y.toArray(), [-3, 4]);
  });

  test('activation gradients from the output: tanhGrad, sigmoidGrad, reluGrad', () => {
    // 11 elements: the SIMD body and the scalar tail; relu's mask is y > 0 (0 at 0).
    const ys = randomValues(11, 41, -1, 1), gys = randomValues(11, 42, -3, 3);
    ys[3] = 0;
    const y = array(ys), gy = array(gys);
    const f = (v: number) => Math.fround(v);
    assertClose(ops.tanhGrad(y, gy), ys.map((v, i) => f(gys[i] * f(1 - f(v * v)))), { atol: 0, rtol: 0 });
    assertClose(ops.sigmoidGrad(y, gy), ys.map((v, i) => f(gys[i] * f(v * f(1 - v)))), { atol: 0, rtol: 0 });
    assertClose(ops.reluGrad(y, gy), ys.map((v, i) => (v > 0 ? gys[i] : 0)), { atol: 0, rtol: 0 });
    // A product with the mask, as Chainer: a NaN gradient stays NaN where y <= 0.
    assert.ok(Number.isNaN(ops.reluGrad(array([-1]), array([Number.NaN])).item()));
    assertThrows(() => ops.tanhGrad(array([1, 2, 3]), array([1, 2])), 'tanhGrad', '(3,)', '(2,)');
  });

  test('clip', () => {
    assertClose(ops.clip(array([-2, 0.5, 3]), -1, 1), [-1, 0.5, 1]);
  });

  test('errors name the op and the shapes', () => {
    assertThrows(() => ops.add(array([1, 2, 3]), array([1, 2])), 'add', '(3,)', '(2,)', 'broadcast');
    assertThrows(() => ops.mul(array([[1, 2]]), array([1, 2, 3])), 'mul', '(1, 2)', '(3,)');
    assertThrows(() => ops.exp([1, 2] as never), 'exp', 'NDArray');
    assertThrows(() => ops.where(array([1, 0]), array([1, 2]), array([3, 4])), 'where', 'int32');
  });

  test('mixing backends is an error, never a silent copy', () => {
    const a = array([1, 2]);
    const other = here === 'wasm' ? 'webgl' : 'wasm';
    const impostor = { ...a.backend, name: other } as unknown as typeof a.backend;
    const b = new NDArray(array([3, 4]).storage, [2], 'float32', impostor);
    assertThrows(() => ops.add(a, b), 'add', `'${here}'`, `'${other}'`, 'toDevice');
    assertThrows(() => ops.matmul(array([[1]]), new NDArray(array([[1]]).storage, [1, 1], 'float32', impostor)), 'matmul', 'toDevice');
  });

  test('an error leaves the backend working', () => {
    assertThrows(() => ops.add(array([1, 2, 3]), array([1, 2])), 'add');
    assertClose(ops.add(array([1, 2]), array([3, 4])), [4, 6]);
    assert.ok(backend.memory().wasmBytes === undefined || backend.memory().wasmBytes! > 0);
  });
});

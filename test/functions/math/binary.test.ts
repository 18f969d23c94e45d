import { F, Variable, array, grad, gradientCheck } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';
import { awayFrom, product } from '../reference';

function data(shape: number[], seed: number, lo = -2, hi = 2) {
  return array(randomValues(product(shape), seed, lo, hi), { shape });
}

/** Elementwise reference of two same-shape arrays. */
function zip(a: ReturnType<typeof data>, b: ReturnType<typeof data>, f: (x: number, y: number) => number): Float64Array {
  const av = a.dataSync(), bv = b.dataSync();
  return Float64Array.from(av, (x, i) => f(x, bv[i]));
}

describeBackends('F binary math', (test, backendName) => {
  test('add of one operand or more than two is a MultiAdd, ((x0 + x1) + x2) + ... broadcast (Chainer)', () => {
    // Chainer 7.8.1: F.add(a, b, c, a) with a (3,), b (2, 1) and c a (3,) array.
    const a = new Variable(array([0.1, 0.7, -1.3])), b = new Variable(array([[0.2], [1e-8]]));
    const c = array([0.3, 0.25, 2.5]);
    const y = F.add(a, b, c, a);
    assert.is(y.creator!.label, 'MultiAdd');
    assertClose(y, [[0.7000000476837158, 1.8499999046325684, 0.10000014305114746], [0.5000000596046448, 1.649999976158142, -0.09999990463256836]], { atol: 0, rtol: 0 });
    y.grad = array([[1, 2, 3], [4, 5, 6]]);
    y.backward();
    assertClose(a.grad!, [10, 14, 18], { atol: 0, rtol: 0 });
    assertClose(b.grad!, [[6], [15]], { atol: 0, rtol: 0 });
    const one = F.add(a);
    assert.is(one.creator!.label, 'MultiAdd');
    assertClose(one, a.array, { atol: 0, rtol: 0 });
    gradientCheck.checkBackward((p, q, r) => F.add(p, q, r), [data([2, 3], 1), data([3], 2), data([2, 1], 3)]);
    gradientCheck.checkDoubleBackward((p, q, r) => F.add(p, q, r), [data([2, 3], 1), data([3], 2), data([2, 1], 3)], data([2, 3], 4), [data([2, 3], 5), data([3], 6), data([2, 1], 7)]);
    assertThrows(() => F.add(a, b, 1 as unknown as Variable), 'add', 'xs[2]', 'number');
    assertThrows(() => F.add(a, b, new Variable(array([1, 2, 3], { dtype: 'int32' }))), 'add', 'xs[2]', 'int32');
    assertThrows(() => (F.add as () => Variable)(), 'add', 'operand');
  });

  test('arctan2: values, broadcasting, gradients', () => {
    const a = data([3, 4], 1), b = data([3, 4], 2);
    assertClose(F.arctan2(a, b), zip(a, b, Math.atan2));
    gradientCheck.checkBackward((x, y) => F.arctan2(x, y), [data([3, 4], 3), data([3, 4], 4, 0.5, 2)]);
    gradientCheck.checkBackward((x, y) => F.arctan2(x, y), [data([3, 4], 5), data([4], 6, 0.5, 2)]);
    gradientCheck.checkDoubleBackward((x, y) => F.arctan2(x, y), [data([2, 3], 7), data([2, 3], 8, 0.5, 2)], data([2, 3], 9), [data([2, 3], 10), data([2, 3], 11)]);
    assert.is(F.arctan2(new Variable(a), b).creator!.label, 'Arctan2');
  });

  test('arctan2: second gradients are Chainer\'s Arctan2Grad formulas, over sqnorm ** 2', () => {
    // Chainer 7.8.1: at |x1| or |x2| = 3e38, sqnorm ** 2 is inf and the second gradients NaN.
    const a = new Variable(array([-3e38, -88, 0.5, 1.2])), b = new Variable(array([-0, -1, 3e38, -0.7]));
    const gy = new Variable(array([1.75, 0.4365, 0.0965, -1.3]));
    const [g1, g2] = grad([F.arctan2(a, b)], [a, b], { gradOutputs: [gy], enableDoubleBackprop: true });
    assertClose(g1!, [-0, -5.6358945585088804e-05, 0, 0.4715025722980499], { atol: 0, rtol: 3e-7 });
    assertClose(g2!, [0, 0.004959587007761002, -0, 0.8082901835441589], { atol: 0, rtol: 3e-7 });
    const l = F.add(F.sum(F.mul(g1!, array([-1.86, -0.277, -0.355, 0.6]))), F.sum(F.mul(g2!, array([-0.083, -0.627, -0.044, 1.1]))));
    const [ga, gb, ggy] = grad([l], [a, b, gy]);
    assertClose(ga!, [NaN, -3.497317447909154e-05, NaN, -0.7165023684501648], { atol: 0, rtol: 1e-6 });
    assertClose(gb!, [NaN, -1.6410407624789514e-05, NaN, 0.44602540135383606], { atol: 0, rtol: 1e-6 });
    assertClose(ggy!, [-0, -0.007088314741849899, -0, -0.9015544056892395], { atol: 0, rtol: 1e-6 });
    gradientCheck.checkDoubleBackward((x, y) => F.arctan2(x, y), [data([2, 3], 22), data([3], 23, 0.5, 2)], data([2, 3], 24), [data([2, 3], 25), data([3], 26)]);
  });

  test('fmod: sign of the dividend, gradients', () => {
    assertClose(F.fmod(array([5.5, -5.5, 5.5, -5.5]), array([2, 2, -2, -2])), [1.5, -1.5, 1.5, -1.5]);
    // away from the jumps of fmod (x / d integral)
    const x = array([3.3, -2.7, 0.4, 5.1, -7.9, 1.2]), d = array([1.5, 1.1, -0.7, 2.2, 2.5, -0.5]);
    assertClose(F.fmod(x, d), zip(x, d, (p, q) => p % q), { atol: 1e-6 });
    gradientCheck.checkBackward((p, q) => F.fmod(p, q), [x, d]);
    assert.is(F.fmod(new Variable(x), d).creator!.label, 'Fmod');
  });

  test('maximum/minimum at NaN: maximum sends the gradient to x2, minimum to neither (Chainer)', () => {
    // Chainer 7.8.1: maximum's gx2 = where(x1 >= x2, 0, gy); minimum's gx1 = gy (x1 <= x2),
    // gx2 = gy (x1 > x2), both false at NaN.
    const grads = (f: (p: Variable, q: Variable) => Variable) => {
      const p = new Variable(array([NaN, 1, NaN, 2])), q = new Variable(array([1, NaN, NaN, 3]));
      F.sum(f(p, q)).backward();
      return [p.grad!, q.grad!];
    };
    const [a1, b1] = grads(F.maximum);
    assertClose(a1, [0, 0, 0, 0], { atol: 0, rtol: 0 });
    assertClose(b1, [1, 1, 1, 1], { atol: 0, rtol: 0 });
    const [a2, b2] = grads(F.minimum);
    assertClose(a2, [0, 0, 0, 1], { atol: 0, rtol: 0 });
    assertClose(b2, [0, 0, 0, 0], { atol: 0, rtol: 0 });
  });

  test('maximum/minimum: Chainer\'s MaximumGrad and MinimumGrad, first and second order', () => {
    // Chainer 7.8.1: maximum splits gy with where (an inf or NaN gy stays on its side),
    // minimum multiplies by its masks; the gradient of both is where(cond, ggx1, ggx2),
    // ggx2 where an input is NaN.
    const x1 = array([NaN, 1, NaN, 2, 5]), x2 = array([1, NaN, NaN, 3, 4]);
    const run = (f: (p: Variable, q: Variable) => Variable) => {
      const a = new Variable(x1), b = new Variable(x2), gy = new Variable(array([0.5, Infinity, -1.5, NaN, 2]));
      const [g1, g2] = grad([f(a, b)], [a, b], { gradOutputs: [gy], enableDoubleBackprop: true });
      const l = F.add(F.sum(F.mul(g1!, array([1.5, -2, 0.25, 3, -1]))), F.sum(F.mul(g2!, array([-0.5, 4, 2, 0.75, 1.25]))));
      return [g1!, g2!, ...grad([l], [a, b, gy])];
    };
    const [a1, b1, ga, gb, ggy] = run(F.maximum);
    assertClose(a1!, [0, 0, 0, 0, 2], { atol: 0, rtol: 0 });
    assertClose(b1!, [0.5, Infinity, -1.5, NaN, 0], { atol: 0, rtol: 0 });
    assert.is(ga, null);
    assert.is(gb, null);
    assertClose(ggy!, [-0.5, 4, 2, 0.75, -1], { atol: 0, rtol: 0 });
    const [a2, b2, , , ggy2] = run(F.minimum);
    assertClose(a2!, [0, NaN, -0, NaN, 0], { atol: 0, rtol: 0 });
    assertClose(b2!, [0, NaN, -0, NaN, 2], { atol: 0, rtol: 0 });
    assertClose(ggy2!, [-0.5, 4, 2, 3, 1.25], { atol: 0, rtol: 0 });
    gradientCheck.checkDoubleBackward((p, q) => F.minimum(p, q), [data([2, 3], 12), data([3], 13)], data([2, 3], 14), [data([2, 3], 15), data([3], 16)]);
    gradientCheck.checkDoubleBackward((p, q) => F.maximum(p, q), [data([2, 3], 17), data([2, 1], 18)], data([2, 3], 19), [data([2, 3], 20), data([2, 1], 21)]);
  });

  test('maximum/minimum: ties send the gradient to x1 (Chainer)', () => {
    const a = data([3, 4], 12);
    // b differs from a by at least 0.2 everywhere, so no tie sits within the difference step
    const b = array(Float32Array.from(a.dataSync(), (v, i) => v + (i % 2 ? 1 : -1) * (0.2 + 0.1 * (i % 5))), { shape: [3, 4] });
    assertClose(F.maximum(a, b), zip(a, b, Math.max));
    assertClose(F.minimum(a, b), zip(a, b, Math.min));
    const x1 = new Variable(array([1, 2, 3])), x2 = new Variable(array([3, 2, 1]));
    F.sum(F.maximum(x1, x2)).backward();
    assertClose(x1.grad!, [0, 1, 1]);
    assertClose(x2.grad!, [1, 0, 0]);
    const y1 = new Variable(array([1, 2, 3])), y2 = new Variable(array([3, 2, 1]));
    F.sum(F.minimum(y1, y2)).backward();
    assertClose(y1.grad!, [1, 1, 0]);
    assertClose(y2.grad!, [0, 0, 1]);
    gradientCheck.checkBackward((p, q) => F.maximum(p, q), [a, b]);
    gradientCheck.checkBackward((p, q) => F.minimum(p, q), [a, array([0.5, -0.5, 1.5, -1.5])]);
    gradientCheck.checkDoubleBackward((p, q) => F.maximum(F.mul(p, p), q), [a, array(Float32Array.from(a.dataSync(), (v, i) => v * v + (i % 2 ? 0.3 : -0.3)), { shape: [3, 4] })], data([3, 4], 15), [data([3, 4], 16), data([3, 4], 17)]);
  });

  test('linearInterpolate computes p x + (1 - p) y in Chainer\'s order', () => {
    // Chainer 7.8.1's values; p (x - y) + y gives 0.0011388063 for the first and -inf at p = inf.
    const p = array([0.9260788559913635, 0.3, Infinity, -0.25, 0.5]);
    const x = array([-0.12572528421878815, 2.5, 0.7849506139755249, 1e-3, 3e38]);
    const y = array([1.590482473373413, -1.75, 1.7082812786102295, 4.0, 3e38]);
    assertClose(F.linearInterpolate(p, x, y), [0.0011387541890144348, -0.4750000238418579, NaN, 4.999750137329102, 3.0000000054977558e+38], { atol: 0, rtol: 1e-6 });
  });

  test('linearInterpolate\'s double backprop rounds as Chainer\'s LinearInterpolateGrad.backward', () => {
    // Chainer 7.8.1 (numpy 1.24): the gradients of sum(gp ggp) + sum(gx ggx) + sum(gy ggy) with
    // respect to p, x, y and gz are gz (ggx - ggy), gz ggp, -gz ggp and
    // (x - y) ggp + p ggx + (1 - p) ggy; differentiating gz - p gz instead gave
    // gz ggx - gz ggy and ggy - p ggy (4 of these 12 values for p and gz rounded apart).
    const v = (a: number[]) => new Variable(array(a, { shape: [2, 3] }));
    const p = v([1.4487313032150269, 0.5682131052017212, 2.431732416152954, 0.6419163942337036, 0.8449927568435669, 0.840682864189148]);
    const x = v([-0.6066115498542786, -0.07002844661474228, 1.3503888845443726, -0.3965507745742798, 0.18879953026771545, -0.021223461255431175]);
    const y = v([0.6092165112495422, -0.36490875482559204, -0.1523618847131729, 0.24238142371177673, 0.10302314162254333, -0.8649727702140808]);
    const gz = v([0.8957830667495728, -1.2984812259674072, -1.201115608215332, -1.2824918031692505, 0.966972291469574, -0.36060836911201477]);
    const gg = [[-0.9710363745689392, -1.136021375656128, 0.4211311340332031, -1.0548406839370728, -1.2720781564712524, 0.6139930486679077],
      [-1.1967077255249023, -0.32243815064430237, -0.006761540193110704, -0.44533535838127136, -0.05409396067261696, 1.338773488998413],
      [-0.5168941617012024, -1.2593071460723877, -1.8367457389831543, -0.20476610958576202, -0.35225701332092285, 0.2650909125804901]];
    const gs = grad([F.linearInterpolate(p, x, y)], [p, x, y], { gradOutputs: [gz], enableDoubleBackprop: true });
    const loss = F.add(...gs.map((g, i) => F.sum(F.mul(g!, array(gg[i], { shape: [2, 3] })))));
    const [dp, dx, dy, dgz] = grad([loss], [p, x, y, gz]);
    const tol = backendName === 'wasm' ? { atol: 0, rtol: 0 } : { atol: 1e-6, rtol: 1e-5 };
    assertClose(dp!, [-0.6089654564857483, -1.216506838798523, -2.1980226039886475, 0.3085280954837799, 0.28831541538238525, -0.387178897857666], tol);
    assertClose(dx!, [-0.8698379397392273, 1.475102424621582, -0.5058271884918213, 1.3528245687484741, -1.2300642728805542, -0.22141103446483612], tol);
    assertClose(dy!, [0.8698379397392273, -1.475102424621582, 0.5058271884918213, -1.3528245687484741, 1.2300642728805542, 0.22141103446483612], tol);
    assertClose(dgz!, [-0.3211480379104614, -1.0619561672210693, 3.246141195297241, 0.31478023529052734, -0.2094256579875946, 1.6857736110687256], tol);
  });

  test('squaredDifference and linearInterpolate', () => {
    const a = data([2, 5], 18), b = data([2, 5], 19), p = data([2, 5], 20, 0, 1);
    assertClose(F.squaredDifference(a, b), zip(a, b, (x, y) => (x - y) ** 2));
    const pv = p.dataSync();
    assertClose(F.linearInterpolate(p, a, b), zip(a, b, (x, y) => 0, ).map((_, i) => pv[i] * a.dataSync()[i] + (1 - pv[i]) * b.dataSync()[i]));
    gradientCheck.checkBackward((x, y) => F.squaredDifference(x, y), [a, b]);
    gradientCheck.checkDoubleBackward((x, y) => F.squaredDifference(x, y), [a, b], data([2, 5], 21), [data([2, 5], 22), data([2, 5], 23)]);
    gradientCheck.checkBackward((q, x, y) => F.linearInterpolate(q, x, y), [p, a, b]);
    gradientCheck.checkDoubleBackward((q, x, y) => F.linearInterpolate(q, x, y), [p, a, b], data([2, 5], 24), [data([2, 5], 25), data([2, 5], 26), data([2, 5], 27)]);
    // Chainer's squared_difference calls squared_error: a SquaredError node, shapes equal.
    assert.is(F.squaredDifference(new Variable(a), b).creator!.label, 'SquaredError');
    assertThrows(() => F.squaredDifference(a, data([5], 1)), 'squaredDifference', 'x2', '(5,)', '(2, 5)');
    assert.is(F.linearInterpolate(new Variable(p), a, b).creator!.label, 'LinearInterpolate');
    assertThrows(() => F.linearInterpolate(p, a, data([5], 1)), 'linearInterpolate', 'y');
  });

  test('clip: bounds included in the gradient, one-sided bounds', () => {
    const x = array(awayFrom(randomValues(12, 28, -2, 2), [-0.5, 0.5]), { shape: [3, 4] });
    assertClose(F.clip(x, -0.5, 0.5), Float64Array.from(x.dataSync(), (v) => Math.min(Math.max(v, -0.5), 0.5)));
    assertClose(F.clip(x, null, 0.5), Float64Array.from(x.dataSync(), (v) => Math.min(v, 0.5)));
    gradientCheck.checkBackward((v) => F.clip(v, -0.5, 0.5), [x]);
    gradientCheck.checkDoubleBackward((v) => F.clip(F.mul(v, v), -0.5, 0.5), [x], data([3, 4], 29), data([3, 4], 30));
    const v = new Variable(array([-1, -0.5, 0, 0.5, 1]));
    F.sum(F.clip(v, -0.5, 0.5)).backward();
    assertClose(v.grad!, [0, 1, 1, 1, 0]);
    assert.is(F.clip(new Variable(x), 0, 1).creator!.label, 'Clip');
    assertThrows(() => F.clip(x, 1, 0), 'clip', 'xMin');
    assertThrows(() => F.clip(x, 0.5, 0.5), 'clip', 'xMin (0.5)', 'less than xMax (0.5)');
    assertThrows(() => F.clip(x, null, null), 'clip', 'xMin');
  });

  test('arctan2: the gradients are (x2 / (x1^2 + x2^2)) gy and (-x1 / (x1^2 + x2^2)) gy, Chainer\'s order', () => {
    // Chainer 7.8.1's values; (gy / (x1^2 + x2^2)) x2 rounds apart for each of these.
    const a = new Variable(array([1.1452239751815796, -1.700205683708191, -1.3281112909317017, -0.4976969361305237]));
    const b = new Variable(array([0.12891408801078796, -1.7458504438400269, 1.7903742790222168, 1.8202637434005737]));
    const y = F.arctan2(a, b);
    y.grad = array([0.18129383027553558, -1.4474449157714844, -0.34365466237068176, 0.6874098777770996]);
    y.backward();
    assertClose(a.grad!, [0.017596814781427383, 0.425518274307251, -0.12381382286548615, 0.35137471556663513], { atol: 0, rtol: 0 });
    assertClose(b.grad!, [-0.15632344782352448, -0.41439321637153625, -0.09184589982032776, 0.0960729569196701], { atol: 0, rtol: 0 });
  });

  test('pow: -0 to an odd power keeps its sign past 64, a base near 1 to a large power stays accurate', () => {
    // Chainer 7.8.1 (numpy's pow): (-0) ** -101 = -inf and (-0) ** 65 = -0; 0.99999 ** 100000
    // is 0.36737835, where exp2(b log2 a) with the hardware log2 gave 0.36795 on webgl.
    const a = new Variable(array([-0, -0, -0, 0.99999, 1.00001, 0.99999]));
    const b = new Variable(array([-101, 65, -100, 100000, -50000.5, 8192.5]));
    const y = a.pow(b);
    assertClose(y, [-Infinity, -0, Infinity, 0.3673783540725708, 0.6061174273490906, 0.9212381839752197], { atol: 0, rtol: 1e-5 });
    assert.ok(Object.is(y.array.dataSync()[1], -0), '(-0) ** 65 is -0');
    y.grad = array([1, 1, 1, 1, 1, 1]);
    y.backward();
    assertClose(a.grad!, [-Infinity, 0, Infinity, 36738.203125, -30305.87109375, 7547.3193359375], { atol: 0, rtol: 1e-5 });
    assertClose(b.grad!, [Infinity, NaN, -Infinity, -3.6787910175917204e-06, 6.069375103834318e-06, -9.224938366969582e-06], { atol: 0, rtol: 1e-5 });
  });

  test('floor and sign return Variables outside the graph', () => {
    const x = new Variable(array([-1.5, -0.2, 0, 0.7, 2]));
    const f = F.floor(x), s = F.sign(x);
    assertClose(f, [-2, -1, 0, 0, 2]);
    assertClose(s, [-1, -1, 0, 1, 1]);
    assert.is(f.creator, null);
    assert.is(s.requiresGrad, false);
    assert.is(f.dtype, 'float32');
    // Chainer 7.8.1 applies numpy's floor and sign to int32 too, keeping the dtype.
    const i = array([-3, 0, 5], { dtype: 'int32' });
    assert.is(F.floor(i).dtype, 'int32');
    assert.is(F.sign(i).dtype, 'int32');
    assertClose(F.floor(i), [-3, 0, 5], { atol: 0, rtol: 0 });
    assertClose(F.sign(i), [-1, 0, 1], { atol: 0, rtol: 0 });
    assertThrows(() => F.floor([1] as never), 'floor', 'x');
  });

  test('dtype errors name the argument', () => {
    const i = array([1, 2], { dtype: 'int32' }), f = array([1, 2]);
    assertThrows(() => F.arctan2(f, i), 'arctan2', 'x2');
    assertThrows(() => F.maximum(i, f), 'maximum', 'x1');
    assertThrows(() => F.fmod(f, i), 'fmod', 'divisor');
  });
});

describeBackends('F.batchMatmul', (test) => {
  test('batched products, 2-d operands as column vectors, transposes', () => {
    const a = data([3, 2, 4], 40), b = data([3, 4, 5], 41);
    const av = a.dataSync(), bv = b.dataSync();
    const want: number[] = [];
    for (let n = 0; n < 3; n++) for (let i = 0; i < 2; i++) for (let j = 0; j < 5; j++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += av[(n * 2 + i) * 4 + k] * bv[(n * 4 + k) * 5 + j];
      want.push(s);
    }
    const y = F.batchMatmul(a, b);
    assertClose(y, Float64Array.from(want), { atol: 1e-5 });
    assert.equal([...y.shape], [3, 2, 5]);
    // (B, N) operands are B column vectors: a^T b gives (B, 1, 1) dot products
    const u = data([3, 4], 42), w = data([3, 4], 43);
    const uv = u.dataSync(), wv = w.dataSync();
    const dots = [0, 1, 2].map((n) => [0, 1, 2, 3].reduce((s, k) => s + uv[n * 4 + k] * wv[n * 4 + k], 0));
    const d = F.batchMatmul(u, w, { transa: true });
    assert.equal([...d.shape], [3, 1, 1]);
    assertClose(d, Float64Array.from(dots), { atol: 1e-5 });
    gradientCheck.checkBackward((p, q) => F.batchMatmul(p, q, { transb: true }), [data([2, 3, 4], 44), data([2, 5, 4], 45)]);
    assert.is(F.batchMatmul(new Variable(a), b).creator!.label, 'BatchMatMul');
    assertThrows(() => F.batchMatmul(a, data([2, 4, 5], 1)), 'batchMatmul', 'batch');
    assertThrows(() => F.batchMatmul(a, data([3, 3, 5], 1)), 'batchMatmul', 'inner');
    // Chainer's MatMul and BatchMatMul refuse integer operands rather than cast them.
    const ints = array([[1, 2], [3, 4]], { dtype: 'int32' });
    assertThrows(() => F.matmul(ints, data([2, 2], 1)), 'matmul', 'a', 'int32');
    assertThrows(() => F.matmul(data([2, 2], 1), ints), 'matmul', 'b', 'int32');
    assertThrows(() => F.batchMatmul(data([2, 2], 1), ints), 'batchMatmul', 'b', 'int32');
  });

  test('a batch of one broadcasts, as numpy.matmul in Chainer\'s forward', () => {
    // Chainer 7.8.1: batch_matmul of a (1, 2, 3) and b (4, 3, 2), and of b and a transposed.
    const a = array([[[0.5, -1.25, 2.0], [1.5, 0.25, -0.75]]]);
    const b = array(Array.from({ length: 24 }, (_, i) => i * 0.125 - 1), { shape: [4, 3, 2] });
    const y = F.batchMatmul(a, b);
    assert.equal([...y.shape], [4, 2, 2]);
    assertClose(y, [[[-0.5625, -0.40625], [-1.3125, -1.1875]], [[0.375, 0.53125], [-0.5625, -0.4375]], [[1.3125, 1.46875], [0.1875, 0.3125]], [[2.25, 2.40625], [0.9375, 1.0625]]], { atol: 0, rtol: 0 });
    assertClose(F.batchMatmul(b, a, { transa: true, transb: true }), [[[-0.5625, -1.3125], [-0.40625, -1.1875]], [[0.375, -0.5625], [0.53125, -0.4375]], [[1.3125, 0.1875], [1.46875, 0.3125]], [[2.25, 0.9375], [2.40625, 1.0625]]], { atol: 0, rtol: 0 });
    // The gradient of the broadcast operand is summed over the batch.
    gradientCheck.checkBackward((p, q) => F.batchMatmul(p, q), [data([1, 2, 3], 46), data([4, 3, 2], 47)]);
    gradientCheck.checkBackward((p, q) => F.batchMatmul(p, q, { transa: true }), [data([3, 3, 2], 48), data([1, 3, 4], 49)]);
  });
});

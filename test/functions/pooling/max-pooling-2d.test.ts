import { F, Variable, array, grad, gradientCheck, type NDArray } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';
import { maxPoolRef } from './pool-reference';

/** Distinct values at least 0.01 apart, shuffled: no ties even after a gradient-check step. */
function distinct(shape: number[], seed: number): NDArray {
  const n = shape.reduce((p, d) => p * d, 1);
  const keys = randomValues(n, seed);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a] - keys[b]);
  const data = new Float32Array(n);
  order.forEach((j, rank) => { data[j] = (rank - n / 2) * 0.01; });
  return array(data, { shape });
}

interface Case { name: string; x: number[]; k: number[]; options: Record<string, unknown>; w: { sy: number; sx: number; ph: number; pw: number }; out: number[] }

const cases: Case[] = [
  { name: 'k2 (coverAll default)', x: [2, 3, 5, 5], k: [2, 2], options: {}, w: { sy: 2, sx: 2, ph: 0, pw: 0 }, out: [3, 3] },
  { name: 'k3 s2 pad 1', x: [1, 2, 7, 9], k: [3, 3], options: { stride: 2, pad: 1 }, w: { sy: 2, sx: 2, ph: 1, pw: 1 }, out: [4, 5] },
  { name: 'k (2, 3) s1 coverAll false', x: [2, 2, 5, 6], k: [2, 3], options: { stride: 1, coverAll: false }, w: { sy: 1, sx: 1, ph: 0, pw: 0 }, out: [4, 4] },
  { name: 'wide rows, stride 1 and 2 and 3 (vector lanes)', x: [1, 2, 6, 41], k: [3, 3], options: { stride: [1, 2], pad: 1 }, w: { sy: 1, sx: 2, ph: 1, pw: 1 }, out: [6, 21] },
  { name: 'wide rows, stride 1', x: [1, 1, 4, 37], k: [2, 2], options: { stride: 1 }, w: { sy: 1, sx: 1, ph: 0, pw: 0 }, out: [3, 36] },
  { name: 'wide rows, stride 3', x: [1, 1, 5, 40], k: [3, 3], options: { stride: 3, coverAll: false }, w: { sy: 3, sx: 3, ph: 0, pw: 0 }, out: [1, 13] },
  // stride 2: the last four outputs of a row run in vector lanes when their taps end the row
  { name: 'k2 s2 on rows 24 wide (vector lanes up to the row end)', x: [2, 3, 6, 24], k: [2, 2], options: {}, w: { sy: 2, sx: 2, ph: 0, pw: 0 }, out: [3, 12] },
  { name: 'k3 s2 pad 1 on rows 25 wide', x: [1, 2, 5, 25], k: [3, 3], options: { stride: 2, pad: 1 }, w: { sy: 2, sx: 2, ph: 1, pw: 1 }, out: [3, 13] },
];

describeBackends('F.maxPooling2d', (test) => {
  test('coverAll defaults to true: 5x5 with ksize 2 gives 3x3', () => {
    const x = new Variable(array(Float32Array.from({ length: 25 }, (_, i) => i), { shape: [1, 1, 5, 5] }));
    const y = F.maxPooling2d(x, 2);
    assertClose(y, [[[[6, 8, 9], [16, 18, 19], [21, 23, 24]]]]);
    assert.is(y.creator!.label, 'MaxPooling2D');
    assert.equal(F.maxPooling2d(x, 2, { coverAll: false }).shape, [1, 1, 2, 2]);
  });

  test('padding counts as -infinity', () => {
    const x = array([[[[-1, -2], [-3, -4]]]]);
    // Windows at pad 1, stride 2: each holds one pixel and three pads.
    assertClose(F.maxPooling2d(x, 2, { pad: 1 }), [[[[-1, -2], [-3, -4]]]]);
  });

  test('the gradient goes to the first maximum of the window, row-major', () => {
    const x = new Variable(array([[[[1, 3], [3, 2]]]]));
    const y = F.maxPooling2d(x, 2);
    y.grad = array([[[[5]]]]);
    y.backward();
    assertClose(x.grad!, [[[[0, 5], [0, 0]]]]);
    const z = new Variable(array([[[[7, 7], [7, 7]]]]));
    const yz = F.maxPooling2d(z, 2);
    yz.grad = array([[[[1]]]]);
    yz.backward();
    assertClose(z.grad!, [[[[1, 0], [0, 0]]]]);
  });

  test('a window with nothing above -infinity routes to its first tap, or nowhere when that is padding', () => {
    // Chainer 7.8.1's values (numpy's argmax over the -inf-padded window picks tap 0); the
    // double backward reads ggx there, and -inf where tap 0 is padding.
    const I = -Infinity;
    const x0 = [[[[I, I, 1, I, I], [I, I, 2, I, I], [I, I, I, I, 3]]]];
    const expected = [
      { options: {}, y: [[[[I, 2, I], [I, I, 3]]]], gx: [[[[1, 0, 0, 0, 3], [0, 0, 2, 0, 0], [4, 0, 5, 0, 6]]]], ggy: [[[[10, 80, 50], [110, 130, 150]]]], k: 2 },
      { options: { pad: 1 }, y: [[[[I, 1, I, I], [I, 2, 3, I], [I, I, I, I]]]], gx: [[[[0, 0, 2, 0, 0], [0, 0, 6, 0, 0], [0, 0, 0, 0, 7]]]],
        ggy: [[[[I, 30, I, I], [I, 80, 150, I], [I, I, I, I]]]], k: 2 },
      { options: { stride: 3 }, y: [[[[I, I, I], [I, I, I]]]], gx: [[[[1, 0, 0, 2, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]]]], ggy: [[[[10, 40, I], [I, I, I]]]], k: 1 },
    ];
    for (const e of expected) {
      const x = new Variable(array(x0));
      const y = F.maxPooling2d(x, e.k, e.options);
      assertClose(y, e.y);
      const gy = new Variable(array(Float32Array.from({ length: y.size }, (_, i) => i + 1), { shape: y.shape }));
      const [gx] = grad([y], [x], { gradOutputs: [gy], enableDoubleBackprop: true });
      assertClose(gx!, e.gx);
      const ggx = array(Float32Array.from({ length: x.size }, (_, i) => 10 * i + 10), { shape: x.shape });
      const [ggy] = grad([gx!], [gy], { gradOutputs: [new Variable(ggx)] });
      assertClose(ggy!, e.ggy);
    }
    // Wide rows take the vector lanes: the reference loop routes every window as numpy does.
    const shape = [1, 2, 5, 43];
    const data = randomValues(2 * 5 * 43, 9).map((v) => (v < 0.3 ? -Infinity : v));
    for (const [k, options, sy, sx, p] of [[2, {}, 2, 2, 0], [3, { stride: 1, pad: 1 }, 1, 1, 1], [2, { stride: [1, 2] }, 1, 2, 0]] as const) {
      const xv = new Variable(array(data, { shape }));
      const y = F.maxPooling2d(xv, k, options);
      const [oh, ow] = y.shape.slice(2);
      const ref = maxPoolRef(data, shape, { kh: k, kw: k, sy, sx, ph: p, pw: p }, oh, ow);
      assertClose(y, ref.y);
      y.grad = array(new Float32Array(y.size).fill(1), { shape: y.shape });
      y.backward();
      const want = new Float64Array(xv.size);
      ref.at.forEach((a, o) => { if (a >= 0) want[Math.floor(o / (oh * ow)) * 5 * 43 + a] += 1; });
      assertClose(xv.grad!, want);
    }
  });

  test('returnIndices: each maximum\'s place in its window (ky * kw + kx, padding counted), as Chainer\'s return_indices', () => {
    // Chainer 7.8.1's indexes (int64 there, int32 here).
    const x1 = array([[[[3, 1, 4, 1, 5], [9, 2, 6, 5, 3], [5, 8, 9, 7, 9]]]]);
    const [y, indexes] = F.maxPooling2d(x1, 3, 2, 1, true, true);
    assertClose(y, [[[[9, 6, 5], [9, 9, 9]]]]);
    assert.is(indexes.dtype, 'int32');
    assert.equal(indexes.toArray(), [[[[7, 7, 4], [1, 4, 4]]]]);
    const [, idx2] = F.maxPooling2d(x1, [2, 3], [1, 2], { coverAll: false, returnIndices: true });
    assert.equal(idx2.toArray(), [[[[3, 3], [0, 3]]]]);
    const I = -Infinity;
    const x0 = array([[[[I, I, 1, I, I], [I, I, 2, I, I], [I, I, I, I, 3]]]]);
    assert.equal(F.maxPooling2d(x0, { ksize: 2, returnIndices: true })[1].toArray(), [[[[0, 2, 0], [0, 0, 0]]]]);
    assert.equal(F.maxPooling2d(x0, 2, { pad: 1, returnIndices: true })[1].toArray(), [[[[0, 3, 0, 0], [0, 1, 3, 0], [0, 0, 0, 0]]]]);
    // Without it, y alone.
    assert.instance(F.maxPooling2d(x1, 2, { returnIndices: false }), Variable);
  });

  for (const c of cases) {
    test(`values and routing against a reference loop: ${c.name}`, () => {
      const x = new Variable(distinct(c.x, 1));
      const y = F.maxPooling2d(x, c.k, c.options);
      assert.equal(y.shape, [c.x[0], c.x[1], ...c.out]);
      const win = { kh: c.k[0], kw: c.k[1], ...c.w };
      const ref = maxPoolRef(x.array.dataSync(), c.x, win, c.out[0], c.out[1]);
      assertClose(y, ref.y);
      // Gradient: each output's gradient lands on its reference argmax (overlaps add up).
      const gy = randomValues(y.size, 2);
      const expected = new Float64Array(x.size);
      const plane = c.x[2] * c.x[3], outPlane = c.out[0] * c.out[1];
      ref.at.forEach((a, o) => { if (a >= 0) expected[Math.floor(o / outPlane) * plane + a] += gy[o]; });
      y.grad = array(gy, { shape: y.shape });
      y.backward();
      assertClose(x.grad!, expected, { atol: 1e-6 });
    });
  }

  test('ties route to the first maximum also in wide rows (vector lanes)', () => {
    for (const [k, options, width] of [[2, {}, 43], [3, { stride: 1, pad: 1 }, 43], [3, { stride: [1, 2] }, 43], [2, { stride: 3 }, 43], [2, {}, 24]] as const) {
      const shape = [1, 2, 5, width];
      // Three levels only: most windows hold several equal maxima.
      const data = randomValues(2 * 5 * width, 7).map((v) => Math.round(v * 1.5));
      const x = new Variable(array(data, { shape }));
      const y = F.maxPooling2d(x, k, options);
      const [oh, ow] = y.shape.slice(2);
      const s = (options as { stride?: number | number[] }).stride ?? k;
      const [sy, sx] = typeof s === 'number' ? [s, s] : s;
      const p = (options as { pad?: number }).pad ?? 0;
      const ref = maxPoolRef(data, shape, { kh: k, kw: k, sy, sx, ph: p, pw: p }, oh, ow);
      assertClose(y, ref.y);
      y.grad = array(new Float32Array(y.size).fill(1), { shape: y.shape });
      y.backward();
      const expected = new Float64Array(x.size);
      ref.at.forEach((a, o) => { expected[Math.floor(o / (oh * ow)) * 5 * width + a] += 1; });
      assertClose(x.grad!, expected);
    }
  });

  test('gradient check and double backprop', () => {
    const x = distinct([2, 2, 5, 6], 3);
    gradientCheck.checkBackward((x) => F.maxPooling2d(x, 3, { stride: 2, pad: 1 }), [x], null, { eps: 1e-3 });
    const y = F.maxPooling2d(x, 2);
    gradientCheck.checkDoubleBackward((x) => F.maxPooling2d(x, 2), [x], array(randomValues(y.size, 4), { shape: y.shape }),
      array(randomValues(x.size, 5), { shape: x.shape }), { eps: 1e-3 });
  });

  test('errors name maxPooling2d and the argument', () => {
    assertThrows(() => F.maxPooling2d(array([[1, 2], [3, 4]]), 2), 'maxPooling2d', 'x', '4-D');
    assertThrows(() => F.maxPooling2d(array(new Int32Array(4), { shape: [1, 1, 2, 2], dtype: 'int32' }), 2), 'maxPooling2d', 'x', 'int32');
    assertThrows(() => F.maxPooling2d(array(new Float32Array(4), { shape: [1, 1, 2, 2] }), 0), 'maxPooling2d', 'ksize');
    assertThrows(() => F.maxPooling2d(array(new Float32Array(4), { shape: [1, 1, 2, 2] }), 3, { coverAll: false }), 'maxPooling2d', 'output');
    // Chainer's type check wants x.size > 0.
    assertThrows(() => F.maxPooling2d(array(new Float32Array(0), { shape: [0, 2, 4, 4] }), 2), 'maxPooling2d', 'x', 'empty', '(0, 2, 4, 4)');
  });
});

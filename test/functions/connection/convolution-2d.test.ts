import { F, Variable, array, gradientCheck, type NDArray } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';
import { type RefParams, convRef } from './conv-reference';

function rand(shape: number[], seed: number): NDArray {
  return array(randomValues(shape.reduce((p, d) => p * d, 1), seed), { shape });
}

interface Case {
  name: string;
  x: number[];
  W: number[];
  options: Record<string, unknown>;
  ref: RefParams;
  out: [number, number];
}

// Output sizes worked out by hand from floor((H + 2p - dk) / s) + 1, dk = d (k - 1) + 1.
const cases: Case[] = [
  { name: 'k3 pad 1', x: [2, 3, 5, 6], W: [4, 3, 3, 3], options: { pad: 1 }, ref: { ph: 1, pw: 1 }, out: [5, 6] },
  { name: 'stride 2, pad (1, 2)', x: [1, 2, 7, 9], W: [3, 2, 3, 2], options: { stride: 2, pad: [1, 2] }, ref: { sy: 2, sx: 2, ph: 1, pw: 2 }, out: [4, 6] },
  { name: 'stride (1, 3)', x: [1, 2, 6, 11], W: [2, 2, 2, 3], options: { stride: [1, 3] }, ref: { sx: 3 }, out: [5, 3] },
  { name: 'dilate 2', x: [2, 2, 7, 8], W: [3, 2, 3, 3], options: { dilate: 2, pad: 1 }, ref: { dy: 2, dx: 2, ph: 1, pw: 1 }, out: [5, 6] },
  { name: 'groups 2', x: [2, 4, 5, 5], W: [6, 2, 3, 3], options: { groups: 2 }, ref: { groups: 2 }, out: [3, 3] },
  { name: '1x1 pointwise', x: [2, 3, 4, 5], W: [5, 3, 1, 1], options: {}, ref: {}, out: [4, 5] },
  { name: 'wide rows, stride 2 (vector path)', x: [2, 2, 9, 37], W: [3, 2, 3, 3], options: { stride: 2, pad: 1 }, ref: { sy: 2, sx: 2, ph: 1, pw: 1 }, out: [5, 19] },
  // Width 1 with pad 2 and dilate 2: taps 0 and 2 lie outside the image for the only output column.
  { name: 'taps outside a one-pixel row', x: [1, 2, 5, 1], W: [1, 2, 3, 3], options: { stride: [2, 1], pad: 2, dilate: 2 }, ref: { sy: 2, ph: 2, pw: 2, dy: 2, dx: 2 }, out: [3, 1] },
  { name: 'coverAll rounds up', x: [1, 1, 6, 7], W: [2, 1, 3, 3], options: { stride: 2, coverAll: true }, ref: { sy: 2, sx: 2 }, out: [3, 3] },
];

describeBackends('F.convolution2d', (test) => {
  test('hand-computed: ones kernel sums each window (cross-correlation, no flip)', () => {
    const x = new Variable(array([[[[0, 1, 2], [3, 4, 5], [6, 7, 8]]]]));
    const W = new Variable(array([[[[1, 0], [0, 2]]]]));
    const y = F.convolution2d(x, W, array([1]));
    // y[i, j] = x[i, j] + 2 x[i+1, j+1] + 1
    assertClose(y, [[[[9, 12], [18, 21]]]]);
    assert.is(y.creator!.label, 'Convolution2DFunction');
  });

  for (const c of cases) {
    test(`values against a reference loop: ${c.name}`, () => {
      const x = rand(c.x, 1), W = rand(c.W, 2), b = rand([c.W[0]], 3);
      const y = F.convolution2d(x, W, b, c.options);
      assert.equal(y.shape, [c.x[0], c.W[0], ...c.out]);
      assertClose(y, convRef(x.dataSync(), c.x, W.dataSync(), c.W, b.dataSync(), c.ref, c.out[0], c.out[1]), { atol: 1e-5 });
    });
  }

  test('output sizes: floor by default, coverAll rounds up', () => {
    const W = rand([1, 1, 3, 3], 4);
    assert.equal(F.convolution2d(rand([1, 1, 6, 6], 5), W, null, { stride: 2 }).shape, [1, 1, 2, 2]);
    assert.equal(F.convolution2d(rand([1, 1, 6, 6], 5), W, null, { stride: 2, coverAll: true }).shape, [1, 1, 3, 3]);
    // dk = 2 (3 - 1) + 1 = 5: (9 - 5) / 1 + 1 = 5
    assert.equal(F.convolution2d(rand([1, 1, 9, 9], 5), W, null, { dilate: 2 }).shape, [1, 1, 5, 5]);
  });

  for (const c of cases) {
    test(`gradients of x, W and b: ${c.name}`, () => {
      const shrink = c.x[3] > 20 ? [1, c.x[1], 5, 9] : c.x;
      const x = rand(shrink, 6), W = rand(c.W, 7), b = rand([c.W[0]], 8);
      gradientCheck.checkBackward((x, W, b) => F.convolution2d(x, W, b, c.options), [x, W, b], null, { atol: 2e-3 });
    });
  }

  test('gradient without a bias', () => {
    gradientCheck.checkBackward((x, W) => F.convolution2d(x, W, null, { stride: 2, pad: 1 }), [rand([2, 2, 5, 5], 9), rand([3, 2, 3, 3], 10)]);
  });

  test('double backprop (plain, and groups with stride and coverAll)', () => {
    const x = rand([2, 2, 5, 4], 11), W = rand([3, 2, 3, 2], 12), b = rand([3], 13);
    const gy = rand([2, 3, 5, 4], 14);
    const ggs = [x, W, b].map((a, i) => rand([...a.shape], 20 + i));
    gradientCheck.checkDoubleBackward((x, W, b) => F.convolution2d(x, W, b, { pad: 1 }), [x, W, b], gy, ggs, { atol: 2e-3 });
    const x2 = rand([1, 4, 6, 5], 15), W2 = rand([2, 2, 3, 3], 16);
    const gy2 = rand([1, 2, 3, 2], 17);
    gradientCheck.checkDoubleBackward((x, W) => F.convolution2d(x, W, null, { stride: 2, groups: 2, coverAll: true }), [x2, W2], gy2,
      [rand([1, 4, 6, 5], 18), rand([2, 2, 3, 3], 19)], { atol: 2e-3 });
  });

  test('padding taps are zeros of the column buffer: times an infinite weight or gradient they give NaN (Chainer)', () => {
    // Chainer 7.8.1: im2col pads with 0, and 0 * inf = NaN in the product.
    const y = F.convolution2d(array([[[[2]]]]), array([[[[Infinity]]]]), null, { pad: 1 });
    assertClose(y, [NaN, NaN, NaN, NaN, Infinity, NaN, NaN, NaN, NaN], { atol: 0, rtol: 0 });
    const x = new Variable(array([[[[1.5, -2]]]])), W = new Variable(array([[[[0.5, 0.25]]]]));
    const y2 = F.convolution2d(x, W, null, { pad: [0, 1] });
    assertClose(y2, [0.375, 0.25, -1], { atol: 0, rtol: 0 });
    y2.grad = array([[[[Infinity, 1, 2]]]]);
    y2.backward();
    assertClose(W.grad!, [NaN, Infinity], { atol: 0, rtol: 0 });
    assertClose(x.grad!, [Infinity, 1.25], { atol: 0, rtol: 0 });
  });

  test('the bias is added after the sum of the products, as Chainer\'s y += b', () => {
    // Chainer 7.8.1: (1e8 - 1e8) + 1 = 1, where starting the sum from the bias gives
    // (1 + 1e8) - 1e8 = 0 in float32; a product of two taps and a grouped one.
    const y = F.convolution2d(array([[[[1, 1]]]]), array([[[[1e8, -1e8]]]]), array([1]));
    assertClose(y, [1], { atol: 0, rtol: 0 });
    const y2 = F.convolution2d(array([[[[1, 1]], [[2, 3]]]]), array([[[[1e8, -1e8]]], [[[0.5, 0.25]]]]), array([1, 1e8]), { groups: 2 });
    assertClose(y2, [1, 1e8], { atol: 0, rtol: 0 });
  });

  test('errors name convolution2d and the argument', () => {
    const W = rand([4, 3, 3, 3], 1);
    assertThrows(() => F.convolution2d(rand([1, 2, 5, 5], 1), W), 'convolution2d', 'x.shape[1] (2) must equal W.shape[1] * groups (3 * 1)');
    assertThrows(() => F.convolution2d(rand([3, 5, 5], 1), W), 'convolution2d', 'x', '4-D');
    assertThrows(() => F.convolution2d(rand([1, 3, 5, 5], 1), rand([4, 3, 3], 1)), 'convolution2d', 'W', '4-D');
    assertThrows(() => F.convolution2d(array(new Int32Array(75), { shape: [1, 3, 5, 5], dtype: 'int32' }), W), 'convolution2d', 'x', 'int32');
    assertThrows(() => F.convolution2d(rand([1, 3, 5, 5], 1), W, rand([3], 1)), 'convolution2d', 'b');
    assertThrows(() => F.convolution2d(rand([1, 3, 2, 2], 1), W), 'convolution2d', 'output');
    assertThrows(() => F.convolution2d(rand([1, 6, 5, 5], 1), rand([5, 3, 3, 3], 1), null, { groups: 2 }), 'convolution2d', 'groups');
    assertThrows(() => F.convolution2d(rand([1, 3, 5, 5], 1), W, null, { stride: 0 }), 'convolution2d', 'stride');
  });
});

describeBackends('F.convolution2d\'s bias gradient in numpy\'s order', (test, backendName) => {
  test('gb is one reduction over axes (0, 2, 3), as Chainer\'s F.sum(gy, axis=(0, 2, 3)): one output channel sums gy pairwise whole', () => {
    const x = array(Array.from({ length: 40 }, (_, i) => ((i * 7) % 11 - 5) / 4), { shape: [2, 1, 5, 4] });
    const gy = array(Array.from({ length: 112 }, (_, i) => ((i * 37) % 101 - 50) / 7), { shape: [2, 1, 7, 8] });
    const b = new Variable(array([0.125]));
    const y = F.convolution2d(new Variable(x), array([[[[0.5], [-1.25]]]]), b, { pad: 2, dilate: 2 });
    y.grad = gy;
    y.backward();
    // Chainer 7.8.1 on numpy 1.24; the planes summed first, then added, give -4.285716
    assertClose(b.grad!.toTypedArray(), [-4.285715579986572], backendName === 'wasm' ? { atol: 0, rtol: 0 } : { atol: 1e-5, rtol: 1e-5 });
  });
});

describeBackends('F.convolution2d with groups: padding taps are zeros that are multiplied', (test) => {
  // Chainer pads the image with zeros (im2col) and multiplies them: an infinite weight or
  // upstream gradient that meets the padding gives NaN (inf * 0), not a finite sum.
  const image = () => array([[[[1, 2], [3, 4]], [[-1, 0.5], [2, -3]]]]);
  test('an infinite weight whose tap lies on the padding makes the output NaN', () => {
    const y = F.convolution2d(image(), array([[[[Infinity, 1], [2, 3]]], [[[0.5, -1], [1, 2]]]]), null, { pad: 1, groups: 2 });
    // Chainer 7.8.1 on numpy 1.24
    assertClose(y, [NaN, NaN, NaN, NaN, Infinity, Infinity, NaN, Infinity, Infinity, -2, 0, 0.5, 5, -5, -2.75, -2, 4, -1.5], { atol: 0, rtol: 0 });
  });
  test('an infinite upstream gradient at a border output makes the weight gradients of its padding taps NaN', () => {
    const xv = new Variable(image()), W = new Variable(array([[[[1, 1], [2, 3]]], [[[0.5, -1], [1, 2]]]]));
    const y = F.convolution2d(xv, W, null, { pad: 1, groups: 2 });
    const gy = new Float32Array(18).fill(1);
    gy[9] = Infinity;  // channel 1, output (0, 0): only its tap (1, 1) reads the image
    y.grad = array(gy, { shape: [1, 2, 3, 3] });
    y.backward();
    assertClose(W.grad!, [10, 10, 10, 10, NaN, NaN, NaN, -Infinity], { atol: 0, rtol: 0 });
    assertClose(xv.grad!, [7, 7, 7, 7, Infinity, 2.5, 2.5, 2.5], { atol: 0, rtol: 0 });
  });
});

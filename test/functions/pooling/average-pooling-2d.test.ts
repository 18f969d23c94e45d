import { F, Variable, array, gradientCheck, type NDArray } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';
import { avgPoolRef, unpoolRef } from './pool-reference';

function rand(shape: number[], seed: number): NDArray {
  return array(randomValues(shape.reduce((p, d) => p * d, 1), seed), { shape });
}

describeBackends('F.averagePooling2d', (test) => {
  test('divides by kh * kw with padded zeros included', () => {
    const x = new Variable(array([[[[1, 1], [1, 1]]]]));
    const y = F.averagePooling2d(x, 2, { stride: 1, pad: 1 });
    assertClose(y, [[[[0.25, 0.5, 0.25], [0.5, 1, 0.5], [0.25, 0.5, 0.25]]]]);
    assert.is(y.creator!.label, 'AveragePooling2D');
  });

  test('no coverAll: 5x5 with ksize 2 gives 2x2', () => {
    const x = array(Float32Array.from({ length: 25 }, (_, i) => i), { shape: [1, 1, 5, 5] });
    assertClose(F.averagePooling2d(x, 2), [[[[3, 5], [13, 15]]]]);
  });

  test('divides each window sum by kh * kw, as Chainer\'s col.mean and gx /= kh * kw', () => {
    // Chainer 7.8.1's values: multiplying by 1 / 9 instead rounds four of these apart
    // (y[0] -0.20666666, gx[4] -0.01111111).
    const x = new Variable(array([[[[-0.36, -0.56, 0.69, -0.4], [-0.12, -0.82, -0.4, -0.83], [-0.31, 0.42, 0.95, 0.25], [-0.46, 0.31, 0.25, 0.65]]]]));
    const y = F.averagePooling2d(x, 3, { stride: 2, pad: 1 });
    assertClose(y, [[[[-0.20666664838790894, -0.25777778029441833], [-0.1088888943195343, 0.08666666597127914]]]], { atol: 0, rtol: 0 });
    y.grad = array([[[[0.07, 0.82], [-0.17, -0.43]]]]);
    y.backward();
    assertClose(x.grad!, [0.007777777966111898, 0.09888888895511627, 0.09111110866069794, 0.09111110866069794,
      -0.011111111380159855, 0.03222221881151199, 0.04333333298563957, 0.04333333298563957,
      -0.018888888880610466, -0.06666667014360428, -0.04777777940034866, -0.04777777940034866,
      -0.018888888880610466, -0.06666667014360428, -0.04777777940034866, -0.04777777940034866], { atol: 0, rtol: 0 });
  });

  const cases = [
    { x: [2, 3, 6, 7], k: [3, 3], o: { stride: 2, pad: 1 }, w: { kh: 3, kw: 3, sy: 2, sx: 2, ph: 1, pw: 1 }, out: [3, 4] },
    { x: [1, 2, 5, 38], k: [2, 3], o: { stride: 1 }, w: { kh: 2, kw: 3, sy: 1, sx: 1, ph: 0, pw: 0 }, out: [4, 36] },
    { x: [1, 2, 4, 41], k: [2, 2], o: { pad: [0, 1] }, w: { kh: 2, kw: 2, sy: 2, sx: 2, ph: 0, pw: 1 }, out: [2, 21] },
    { x: [1, 1, 7, 40], k: [3, 3], o: { stride: 3 }, w: { kh: 3, kw: 3, sy: 3, sx: 3, ph: 0, pw: 0 }, out: [2, 13] },
    { x: [2, 3, 6, 24], k: [2, 2], o: {}, w: { kh: 2, kw: 2, sy: 2, sx: 2, ph: 0, pw: 0 }, out: [3, 12] },
  ];
  for (const c of cases) {
    test(`values against a reference loop: x ${c.x.join('x')}, k ${c.k.join('x')}`, () => {
      const x = rand(c.x, 1);
      const y = F.averagePooling2d(x, c.k, c.o);
      assert.equal(y.shape, [c.x[0], c.x[1], ...c.out]);
      assertClose(y, avgPoolRef(x.dataSync(), c.x, c.w, c.out[0], c.out[1]), { atol: 1e-6 });
    });
  }

  test('gradient check and double backprop', () => {
    const x = rand([2, 2, 5, 6], 2);
    gradientCheck.checkBackward((x) => F.averagePooling2d(x, 3, { stride: 2, pad: 1 }), [x]);
    const y = F.averagePooling2d(x, 2, { stride: 1 });
    gradientCheck.checkDoubleBackward((x) => F.averagePooling2d(x, 2, { stride: 1 }), [x], rand([...y.shape], 3), rand([2, 2, 5, 6], 4));
  });

  test('errors name averagePooling2d and the argument', () => {
    assertThrows(() => F.averagePooling2d(rand([2, 3, 3], 1), 2), 'averagePooling2d', 'x');
    assertThrows(() => F.averagePooling2d(rand([1, 1, 3, 3], 1), 2, { stride: [1, 0] }), 'averagePooling2d', 'stride');
  });
});

describeBackends('F.unpooling2d', (test) => {
  test('output sizes: coverAll (default) 2x3 with ksize 2 gives 3x5, coverAll false 4x6', () => {
    const x = new Variable(array([[[[1, 2, 3], [4, 5, 6]]]]));
    const y = F.unpooling2d(x, 2);
    assert.equal(y.shape, [1, 1, 3, 5]);
    assert.is(y.creator!.label, 'Unpooling2D');
    const z = F.unpooling2d(x, 2, { coverAll: false });
    // Non-overlapping windows: every pixel becomes a 2x2 block.
    assertClose(z, [[[[1, 1, 2, 2, 3, 3], [1, 1, 2, 2, 3, 3], [4, 4, 5, 5, 6, 6], [4, 4, 5, 5, 6, 6]]]]);
    // With coverAll the last row and column of blocks are cut to fit 3x5.
    assertClose(y, [[[[1, 1, 2, 2, 3], [1, 1, 2, 2, 3], [4, 4, 5, 5, 6]]]]);
  });

  test('values against a reference loop (overlapping windows add up)', () => {
    const x = rand([2, 3, 3, 4], 5);
    const w = { kh: 3, kw: 2, sy: 2, sx: 1, ph: 1, pw: 0 };
    const y = F.unpooling2d(x, [3, 2], { stride: [2, 1], pad: [1, 0], coverAll: false });
    // 2 * 2 + 3 - 2 = 5, 1 * 3 + 2 = 5
    assert.equal(y.shape, [2, 3, 5, 5]);
    assertClose(y, unpoolRef(x.dataSync(), [2, 3, 3, 4], w, 5, 5), { atol: 1e-6 });
    const y2 = F.unpooling2d(x, 2, { outsize: [6, 8] });
    assertClose(y2, unpoolRef(x.dataSync(), [2, 3, 3, 4], { kh: 2, kw: 2, sy: 2, sx: 2, ph: 0, pw: 0 }, 6, 8), { atol: 1e-6 });
    assertThrows(() => F.unpooling2d(x, 2, { outsize: [9, 8] }), 'unpooling2d', 'outsize');
    // A null side takes its default, as Chainer's None: (None, 6) gives (5, 6) for 3x3 with ksize 2.
    const x3 = rand([1, 1, 3, 3], 11);
    assertClose(F.unpooling2d(x3, 2, { outsize: [null, 6] }), unpoolRef(x3.dataSync(), [1, 1, 3, 3], { kh: 2, kw: 2, sy: 2, sx: 2, ph: 0, pw: 0 }, 5, 6), { atol: 1e-6 });
    assert.equal(F.unpooling2d(x3, 2, { outsize: [6, null], coverAll: false }).shape, [1, 1, 6, 6]);
  });

  test('stride = ksize, even pads and an output k times the unpadded input: Chainer\'s crop-and-repeat', () => {
    // Chainer 7.8.1: unpooling_2d(arange(20).reshape(1, 1, 4, 5), 3, pad=2) crops one pixel
    // from each border and repeats each of the rest 3x3 (the window sum would start 0, 1, 1).
    const x = new Variable(array(Float32Array.from({ length: 20 }, (_, i) => i), { shape: [1, 1, 4, 5] }));
    const rows = (r: number[]) => [r, r, r];
    const expected = [[[...rows([6, 6, 6, 7, 7, 7, 8, 8, 8]), ...rows([11, 11, 11, 12, 12, 12, 13, 13, 13])]]];
    assertClose(F.unpooling2d(x, 3, { pad: 2 }), expected);
    assertClose(F.unpooling2d(x, 3, { pad: 2, outsize: [6, 9] }), expected);
    // ksize 2 with pad (2, 0) takes the same path, where it agrees with the window sum.
    const x2 = Float32Array.from({ length: 24 }, (_, i) => i);
    const y2 = F.unpooling2d(array(x2, { shape: [1, 1, 4, 6] }), 2, { pad: [2, 0], coverAll: false });
    assertClose(y2, unpoolRef(x2, [1, 1, 4, 6], { kh: 2, kw: 2, sy: 2, sx: 2, ph: 2, pw: 0 }, 4, 12), { atol: 0 });
    gradientCheck.checkBackward((v) => F.unpooling2d(v, 3, { pad: 2 }), [rand([2, 1, 4, 5], 9)]);
    // Chainer's test of that path divides by H - pad: ZeroDivisionError there.
    assertThrows(() => F.unpooling2d(rand([1, 1, 1, 3], 10), 3, { stride: 2, pad: 1, coverAll: false }), 'unpooling2d', 'pad (1, 1)');
  });

  test('gradient check and double backprop', () => {
    const x = rand([2, 2, 3, 3], 6);
    gradientCheck.checkBackward((x) => F.unpooling2d(x, 3, { stride: 2, pad: 1 }), [x]);
    const y = F.unpooling2d(x, 2);
    gradientCheck.checkDoubleBackward((x) => F.unpooling2d(x, 2), [x], rand([...y.shape], 7), rand([2, 2, 3, 3], 8));
  });

  test('the gradient of Chainer\'s integer-scale path sums each window row first, as numpy does there', () => {
    // Chainer 7.8.1's gradients for ksize 2, coverAll false: (a + b) + (c + d) per window,
    // except for an input one pixel wide, whose windows numpy sums in order. The other
    // order rounds apart (-0.58199996 and 0.57699996 for the second and first elements).
    const gy2 = [[[[-0.903, -0.422, 0.442, -0.957], [-0.588, -0.898, -0.395, 0.328], [-0.384, 0.167, -0.861, 0.735], [-0.734, -0.644, -0.008, 0.727]],
      [[0.518, 0.941, 0.519, -0.231], [-0.183, 0.427, -0.459, 0.708], [0.826, 0.522, 0.033, -0.664], [-0.403, -0.432, -0.346, -0.08]]]];
    const gy1 = [[[[0.089, -0.565], [0.6, 0.453], [0.699, -0.465], [0.23, 0.306]], [[-0.226, -0.179], [0.62, 0.201], [0.797, -0.02], [0.657, 0.718]]]];
    const cases: [number[], number[][][][], number[]][] = [
      [[1, 2, 2, 2], gy2, [-2.811000108718872, -0.5820000171661377, -1.5950000286102295, 0.5929999947547913, 1.7029999494552612, 0.5370000004768372, 0.5130000114440918, -1.056999921798706]],
      [[1, 2, 2, 1], gy1, [0.5770000219345093, 0.7699999809265137, 0.41600000858306885, 2.1519999504089355]],
    ];
    for (const [shape, gy, gx] of cases) {
      const x = new Variable(array(new Float32Array(shape.reduce((a, b) => a * b, 1)), { shape }));
      const y = F.unpooling2d(x, 2, { coverAll: false });
      y.grad = array(gy);
      y.backward();
      assertClose(x.grad!, gx, { atol: 0, rtol: 0 });
    }
  });
});

import { F, Variable, array, gradientCheck, type NDArray } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';
import { convRef, deconvRef } from './conv-reference';

function rand(shape: number[], seed: number): NDArray {
  return array(randomValues(shape.reduce((p, d) => p * d, 1), seed), { shape });
}

describeBackends('F.deconvolution2d', (test) => {
  test('hand-computed: each pixel spreads the kernel, W is (in, out, kh, kw)', () => {
    const x = new Variable(array([[[[1, 2], [3, 4]]]]));
    const W = new Variable(array([[[[1, 1], [1, 1]]]]));
    const y = F.deconvolution2d(x, W, null, { stride: 2 });
    // stride 2, k 2: the windows do not overlap, every pixel becomes a 2x2 block.
    assertClose(y, [[[[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]]]);
    assert.is(y.creator!.label, 'Deconvolution2DFunction');
    // stride 1: overlapping windows add up.
    assertClose(F.deconvolution2d(x, W), [[[[1, 3, 2], [4, 10, 6], [3, 7, 4]]]]);
  });

  test('output size s (H - 1) + k - 2p, and values against a reference loop', () => {
    const x = rand([2, 3, 4, 5], 1), W = rand([3, 2, 3, 4], 2), b = rand([2], 3);
    const y = F.deconvolution2d(x, W, b, { stride: [2, 3], pad: [1, 2] });
    // 2 * 3 + 3 - 2 = 7, 3 * 4 + 4 - 4 = 12
    assert.equal(y.shape, [2, 2, 7, 12]);
    assertClose(y, deconvRef(x.dataSync(), [2, 3, 4, 5], W.dataSync(), [3, 2, 3, 4], b.dataSync(), { sy: 2, sx: 3, ph: 1, pw: 2 }, 7, 12), { atol: 1e-5 });
  });

  test('groups and dilation against a reference loop', () => {
    const x = rand([2, 4, 3, 4], 4), W = rand([4, 3, 2, 3], 5), b = rand([6], 6);
    const y = F.deconvolution2d(x, W, b, { groups: 2, dilate: 2, stride: 2 });
    // 2 * 2 + (2 (2 - 1) + 1) = 7, 2 * 3 + (2 (3 - 1) + 1) = 11
    assert.equal(y.shape, [2, 6, 7, 11]);
    assertClose(y, deconvRef(x.dataSync(), [2, 4, 3, 4], W.dataSync(), [4, 3, 2, 3], b.dataSync(), { groups: 2, dy: 2, dx: 2, sy: 2, sx: 2 }, 7, 11), { atol: 1e-5 });
  });

  test('a one-pixel-wide output whose kernel reaches past both sides (gradients read it by a convolution)', () => {
    const x = rand([1, 4, 3, 1], 21), W = rand([4, 2, 1, 3], 22), b = rand([4], 23);
    const options = { stride: [2, 1], pad: 2, dilate: [1, 2], groups: 2 };
    const y = F.deconvolution2d(x, W, b, options);
    // 2 (3 - 1) + 1 - 4 = 1, 1 (1 - 1) + 5 - 4 = 1
    assert.equal(y.shape, [1, 4, 1, 1]);
    assertClose(y, deconvRef(x.dataSync(), [1, 4, 3, 1], W.dataSync(), [4, 2, 1, 3], b.dataSync(), { groups: 2, dx: 2, sy: 2, ph: 2, pw: 2 }, 1, 1), { atol: 1e-5 });
    gradientCheck.checkBackward((x, W, b) => F.deconvolution2d(x, W, b, options), [x, W, b], null, { atol: 2e-3 });
  });

  test('outsize: the extra rows a coverAll convolution would read', () => {
    const x = rand([1, 2, 3, 3], 7), W = rand([2, 1, 3, 3], 8);
    // A stride-2 k-3 convolution maps both 7 and 8 to 3 (8 with coverAll).
    const y = F.deconvolution2d(x, W, null, { stride: 2, outsize: [8, 7] });
    assert.equal(y.shape, [1, 1, 8, 7]);
    assertClose(y, deconvRef(x.dataSync(), [1, 2, 3, 3], W.dataSync(), [2, 1, 3, 3], null, { sy: 2, sx: 2 }, 8, 7), { atol: 1e-5 });
    assertThrows(() => F.deconvolution2d(x, W, null, { stride: 2, outsize: [10, 7] }), 'deconvolution2d', 'outsize');
    // Either side may be null, as Chainer's None: that side takes the default (7 here).
    // Chainer 7.8.1: outsize (None, 8) gives (7, 8) and (6, None) gives (6, 7).
    assertClose(F.deconvolution2d(x, W, null, { stride: 2, outsize: [null, 8] }),
      deconvRef(x.dataSync(), [1, 2, 3, 3], W.dataSync(), [2, 1, 3, 3], null, { sy: 2, sx: 2 }, 7, 8), { atol: 1e-5 });
    assert.equal(F.deconvolution2d(x, W, null, 2, 0, [6, null]).shape, [1, 1, 6, 7]);
    assertThrows(() => F.deconvolution2d(x, W, null, { stride: 2, outsize: [null, 10] }), 'deconvolution2d', 'outsize');
  });

  test('deconvolution is the adjoint of convolution: <conv(x), y> = <x, deconv(y)>', () => {
    const x = rand([2, 3, 6, 7], 9), W = rand([4, 3, 3, 3], 10), y = rand([2, 4, 3, 4], 11);
    const opt = { stride: 2, pad: 1 };
    const cx = convRef(x.dataSync(), [2, 3, 6, 7], W.dataSync(), [4, 3, 3, 3], null, { sy: 2, sx: 2, ph: 1, pw: 1 }, 3, 4);
    const dy = F.deconvolution2d(y, W, null, { ...opt, outsize: [6, 7] }).array.dataSync();
    let lhs = 0, rhs = 0;
    y.dataSync().forEach((v, i) => { lhs += v * cx[i]; });
    x.dataSync().forEach((v, i) => { rhs += v * dy[i]; });
    assert.ok(Math.abs(lhs - rhs) < 1e-4 * Math.max(1, Math.abs(lhs)), `${lhs} vs ${rhs}`);
  });

  test('gradients of x, W and b', () => {
    gradientCheck.checkBackward((x, W, b) => F.deconvolution2d(x, W, b, { stride: 2, pad: 1 }),
      [rand([2, 3, 3, 4], 12), rand([3, 2, 3, 3], 13), rand([2], 14)], null, { atol: 2e-3 });
    gradientCheck.checkBackward((x, W, b) => F.deconvolution2d(x, W, b, { groups: 2, outsize: [4, 6], stride: 2 }),
      [rand([1, 4, 2, 3], 15), rand([4, 1, 2, 2], 16), rand([2], 17)], null, { atol: 2e-3 });
  });

  test('double backprop', () => {
    const x = rand([1, 2, 3, 3], 18), W = rand([2, 2, 2, 3], 19), b = rand([2], 20);
    const opt = { stride: 2, pad: [0, 1] };
    const y = F.deconvolution2d(x, W, b, opt);
    gradientCheck.checkDoubleBackward((x, W, b) => F.deconvolution2d(x, W, b, opt), [x, W, b], rand([...y.shape], 21),
      [rand([1, 2, 3, 3], 22), rand([2, 2, 2, 3], 23), rand([2], 24)], { atol: 2e-3 });
  });

  test('errors name deconvolution2d and the argument', () => {
    assertThrows(() => F.deconvolution2d(rand([1, 2, 3, 3], 1), rand([3, 2, 3, 3], 1)), 'deconvolution2d', 'x.shape[1] (2) must equal W.shape[0] (3)');
    assertThrows(() => F.deconvolution2d(rand([2, 3, 3], 1), rand([2, 2, 3, 3], 1)), 'deconvolution2d', 'x');
    assertThrows(() => F.deconvolution2d(rand([1, 2, 3, 3], 1), rand([2, 2, 3, 3], 1), rand([3], 1)), 'deconvolution2d', 'b');
    assertThrows(() => F.deconvolution2d(rand([1, 2, 3, 3], 1), rand([2, 2, 3, 3], 1), null, { pad: 4 }), 'deconvolution2d', 'output');
  });
});

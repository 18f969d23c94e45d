import { F, Variable, array, gradientCheck, type NDArray } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';

function rand(shape: number[], seed: number): NDArray {
  return array(randomValues(shape.reduce((p, d) => p * d, 1), seed), { shape });
}

// y[n, c M + m, oy, ox] = b[c M + m] + sum x[n, c, oy s - p + ky, ox s - p + kx] W[m, c, ky, kx]
function depthwiseRef(x: ArrayLike<number>, xs: number[], W: ArrayLike<number>, ws: number[], b: ArrayLike<number> | null,
                      s: number, p: number, oh: number, ow: number): Float64Array {
  const [N, C, H, Wd] = xs;
  const [M, , kh, kw] = ws;
  const y = new Float64Array(N * C * M * oh * ow);
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let m = 0; m < M; m++) {
    for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) {
      let sum = b ? b[c * M + m] : 0;
      for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) {
        const iy = oy * s - p + ky, ix = ox * s - p + kx;
        if (iy >= 0 && iy < H && ix >= 0 && ix < Wd) sum += x[((n * C + c) * H + iy) * Wd + ix] * W[((m * C + c) * kh + ky) * kw + kx];
      }
      y[(((n * C + c) * M + m) * oh + oy) * ow + ox] = sum;
    }
  }
  return y;
}

describeBackends('F.depthwiseConvolution2d', (test) => {
  test('output channel c * multiplier + m is channel c filtered by W[m, c]', () => {
    // Two channels, multiplier 2, 1x1 kernels: the output is x[c] * W[m, c].
    const x = new Variable(array([[[[1]], [[10]]]]));
    const W = new Variable(array([[[[2]], [[3]]], [[[5]], [[7]]]]));
    const y = F.depthwiseConvolution2d(x, W);
    // channels: (c0, m0) = 1*2, (c0, m1) = 1*5, (c1, m0) = 10*3, (c1, m1) = 10*7
    assertClose(y, [[[[2]], [[5]], [[30]], [[70]]]]);
    assert.is(y.creator!.label, 'DepthwiseConvolution2D');
  });

  test('values against a reference loop', () => {
    const x = rand([2, 3, 6, 7], 1), W = rand([2, 3, 3, 3], 2), b = rand([6], 3);
    const y = F.depthwiseConvolution2d(x, W, b, { stride: 2, pad: 1 });
    assert.equal(y.shape, [2, 6, 3, 4]);
    assertClose(y, depthwiseRef(x.dataSync(), [2, 3, 6, 7], W.dataSync(), [2, 3, 3, 3], b.dataSync(), 2, 1, 3, 4), { atol: 1e-5 });
  });

  test('gradients of x, W and b, and double backprop', () => {
    const x = rand([2, 3, 4, 5], 4), W = rand([2, 3, 2, 3], 5), b = rand([6], 6);
    gradientCheck.checkBackward((x, W, b) => F.depthwiseConvolution2d(x, W, b, { pad: 1 }), [x, W, b], null, { atol: 2e-3 });
    const y = F.depthwiseConvolution2d(x, W, b, { pad: 1 });
    gradientCheck.checkDoubleBackward((x, W, b) => F.depthwiseConvolution2d(x, W, b, { pad: 1 }), [x, W, b], rand([...y.shape], 7),
      [rand([2, 3, 4, 5], 8), rand([2, 3, 2, 3], 9), rand([6], 10)], { atol: 2e-3 });
  });

  test('errors name depthwiseConvolution2d and the argument', () => {
    assertThrows(() => F.depthwiseConvolution2d(rand([1, 2, 4, 4], 1), rand([2, 3, 3, 3], 1)), 'depthwiseConvolution2d', 'x.shape[1] (2) must equal W.shape[1] (3)');
    assertThrows(() => F.depthwiseConvolution2d(rand([1, 3, 4, 4], 1), rand([2, 3, 3, 3], 1), rand([3], 1)), 'depthwiseConvolution2d', 'b');
    assertThrows(() => F.depthwiseConvolution2d(rand([3, 4, 4], 1), rand([2, 3, 3, 3], 1)), 'depthwiseConvolution2d', 'x');
  });
});

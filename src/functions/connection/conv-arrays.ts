// The three products behind every 2-D convolution, on NDArrays: the convolution, its
// transpose, and the weight gradient. Each is im2col/col2im plus one batched GEMM; with
// groups, the channel blocks become a batch axis of the GEMM.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { type Conv2DParams, convGeometry } from './conv-geometry';

function addChannelBias(y: NDArray, b: NDArray | undefined): NDArray {
  return b ? ops.add(y, ops.reshape(b, [1, b.shape[0], 1, 1])) : y;
}

/** A 1x1 kernel with unit stride and no padding reads x itself as its column buffer. */
function isPointwise(kh: number, kw: number, p: Conv2DParams): boolean {
  return kh === 1 && kw === 1 && p.sy === 1 && p.sx === 1 && p.ph === 0 && p.pw === 0;
}

/** y (N, O, oh, ow) = x (N, C, H, W) correlated with W (O, C/G, kh, kw), plus b. */
export function convForward(x: NDArray, W: NDArray, b: NDArray | undefined, p: Conv2DParams, oh: number, ow: number): NDArray {
  const [, , kh, kw] = W.shape;
  return ops.conv2d(x, W, b ?? null, convGeometry(x.shape, kh, kw, p, oh, ow), p.groups);
}

/**
 * y (N, Cout, outH, outW), the transposed convolution of x (N, Cin, H, W) with
 * W (Cin, Cout/G, kh, kw): each input pixel spreads W over an output window.
 */
export function deconvForward(x: NDArray, W: NDArray, b: NDArray | undefined, p: Conv2DParams, outH: number, outW: number): NDArray {
  const [N, Cin, H, Wd] = x.shape;
  const [, CoutG, kh, kw] = W.shape;
  const G = p.groups, P = H * Wd, Cout = CoutG * G, K = CoutG * kh * kw;
  const col = G === 1
    ? ops.matmul(ops.reshape(W, [Cin, K]), ops.reshape(x, [N, Cin, P]), { transA: true })
    : ops.matmul(ops.reshape(W, [G, Cin / G, K]), ops.reshape(x, [N, G, Cin / G, P]), { transA: true });
  const y = isPointwise(kh, kw, p) && outH === H && outW === Wd
    ? ops.reshape(col, [N, Cout, H, Wd])
    : ops.col2im(col, convGeometry([N, Cout, outH, outW], kh, kw, p, H, Wd), 'batch-major');
  return addChannelBias(y, b);
}

/**
 * gW (O, C/G, kh, kw) = sum over images and positions of gy (N, O, oh, ow) times the taps
 * of x; with `into`, written into (or added to) that resident array.
 */
export function convGradW(x: NDArray, gy: NDArray, kh: number, kw: number, p: Conv2DParams, into?: ops.Into): NDArray {
  const [, , oh, ow] = gy.shape;
  return ops.conv2dGradW(x, gy, convGeometry(x.shape, kh, kw, p, oh, ow), p.groups, into);
}

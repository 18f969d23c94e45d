// Linear, convolutions and embeddings. Chainer's weight layouts are ONNX's: Linear's W
// (out, in) is Gemm's B with transB, Convolution2D's W (out, in/groups, kh, kw) is Conv's,
// and Deconvolution2D's W (in, out/groups, kh, kw) is ConvTranspose's.
import type { Conv2DParams } from '../../functions/connection/conv-geometry';
import type { Convolution2DFunction } from '../../functions/connection/convolution-2d';
import type { Deconvolution2DFunction } from '../../functions/connection/deconvolution-2d';
import type { DepthwiseConvolution2D } from '../../functions/connection/depthwise-convolution-2d';
import type { EmbedIDFunction } from '../../functions/connection/embed-id';
import type { Variable } from '../../core/variable';
import { type Converter, converter } from './converter';
import { type Window, transposedWindowAttributes, windowAttributes } from './window';

/** The (height, width) windows of a (transposed) convolution of x by W into (outH, outW). */
function convWindows(x: Variable, W: Variable, p: Conv2DParams, outH: number, outW: number): [Window, Window] {
  return [
    { size: x.shape[2], out: outH, k: W.shape[2], s: p.sy, p: p.ph, d: p.dy },
    { size: x.shape[3], out: outW, k: W.shape[3], s: p.sx, p: p.pw, d: p.dx },
  ];
}

export const connectionConverters: Record<string, Converter> = {
  // y = x W^T + b on 2-D x (linear reshapes other x before the node).
  LinearFunction: converter((g, _, x, [y]) => { g.op('Gemm', x, { transB: 1 }, y); }),
  Convolution2DFunction: converter<Convolution2DFunction>((g, n, x, [y]) => {
    const [h, w] = convWindows(n.inputs[0], n.inputs[1], n.params, n.outH, n.outW);
    g.op('Conv', x, { ...windowAttributes(h, w), group: n.params.groups }, y);
  }),
  Deconvolution2DFunction: converter<Deconvolution2DFunction>((g, n, x, [y]) => {
    const [h, w] = convWindows(n.inputs[0], n.inputs[1], n.params, n.outH, n.outW);
    g.op('ConvTranspose', x, { ...transposedWindowAttributes(h, w), group: n.params.groups }, y);
  }),
  // W (multiplier, C, kh, kw) is a grouped convolution's (C * multiplier, 1, kh, kw), channel c * multiplier + m.
  DepthwiseConvolution2D: converter<DepthwiseConvolution2D>((g, n, [x, W, ...b], [y]) => {
    const [M, C, kh, kw] = n.inputs[1].shape;
    const grouped = g.op('Reshape', [g.op('Transpose', [W], { perm: { ints: [1, 0, 2, 3] } }), g.int64s([C * M, 1, kh, kw])]);
    const [h, w] = convWindows(n.inputs[0], n.inputs[1], n.params, n.outH, n.outW);
    g.op('Conv', [x, grouped, ...b], { ...windowAttributes(h, w), group: C }, y);
  }),
  // Rows of W at the ids; rows at ignoreLabel are zeros.
  EmbedIDFunction: converter<EmbedIDFunction>((g, n, [ids, W], [y]) => {
    if (n.ignoreLabel === null) { g.op('Gather', [W, ids], { axis: 0 }, y); return; }
    const ignored = g.op('Equal', [ids, g.scalar(n.ignoreLabel, 'int32')]);
    const rows = g.op('Gather', [W, g.op('Where', [ignored, g.scalar(0, 'int32'), ids])], { axis: 0 });
    const keep = g.op('Unsqueeze', [g.op('Cast', [g.op('Not', [ignored])], { to: 1 }), g.int64s([-1])]);
    g.op('Mul', [rows, keep], {}, y);
  }),
};

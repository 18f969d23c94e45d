// 2-D pooling. Max pooling ignores padded positions in both; Chainer's average pooling
// divides by the whole window, padding included: count_include_pad.
import type { ConvGeometry } from '../../array/ops/index';
import type { FunctionNode } from '../../core/function-node';
import { type Converter, converter, selectingNaN } from './converter';
import { endPad, transposedWindowAttributes, windowAttributes } from './window';

interface Pooling extends FunctionNode { readonly geometry: ConvGeometry }

/**
 * A pooling operator. ONNX's pads must be smaller than the window; a window that coverAll
 * places wholly in the padding needs more, so x is then padded first with `padValue` (what
 * the padding counts as: -inf for max, 0 for the average) and pooled without pads.
 */
function pooling(opType: string, padValue: number, extra: Record<string, number> = {}): Converter {
  return converter<Pooling>((g, { geometry: p }, [x], [y]) => {
    const h = { size: p.h, out: p.oh, k: p.kh, s: p.sy, p: p.ph, d: 1 }, w = { size: p.w, out: p.ow, k: p.kw, s: p.sx, p: p.pw, d: 1 };
    const attributes = windowAttributes(h, w, false);
    const pads = [h.p, w.p, endPad(h), endPad(w)];
    const fits = pads.every((pad, i) => pad < [p.kh, p.kw][i % 2]);
    const input = fits ? x : g.op('Pad', [x, g.int64s([0, 0, pads[0], pads[1], 0, 0, pads[2], pads[3]]), g.scalar(padValue, 'float32')]);
    const pool = (v: string) => g.op(opType, [v], { ...attributes, ...(fits ? {} : { pads: { ints: [0, 0, 0, 0] } }), ...extra });
    // The maximum of a window holding a NaN is NaN, as numpy's max in Chainer's max pooling.
    if (opType === 'MaxPool') selectingNaN(g, input, pool, pool, y);
    else g.op('Identity', [pool(input)], {}, y);
  });
}

export const poolingConverters: Record<string, Converter> = {
  MaxPooling2D: pooling('MaxPool', -Infinity),
  AveragePooling2D: pooling('AveragePool', 0, { count_include_pad: 1 }),
  // A transposed convolution of each channel with an all-ones window; the geometry is the
  // pooling that maps the output (h, w) back to x (oh, ow).
  Unpooling2D: converter<Pooling>((g, { geometry: p }, [x], [y]) => {
    const ones = g.initializer('ones', 'float32', [p.c, 1, p.kh, p.kw], new Float32Array(p.c * p.kh * p.kw).fill(1));
    const h = { size: p.oh, out: p.h, k: p.kh, s: p.sy, p: p.ph, d: 1 }, w = { size: p.ow, out: p.w, k: p.kw, s: p.sx, p: p.pw, d: 1 };
    g.op('ConvTranspose', [x, ones], { ...transposedWindowAttributes(h, w), group: p.c }, y);
  }),
};

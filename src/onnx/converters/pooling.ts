// 2-D pooling. Max pooling ignores padded positions in both; Chainer's average pooling
// divides by the whole window, padding included: count_include_pad.
import type { ConvGeometry } from '../../array/ops/index';
import type { FunctionNode } from '../../core/function-node';
import { type Converter, converter } from './converter';
import { windowAttributes } from './window';

interface Pooling extends FunctionNode { readonly geometry: ConvGeometry }

function pooling(opType: string, extra: Record<string, number> = {}): Converter {
  return converter<Pooling>((g, { geometry: p }, [x], [y]) => {
    const h = { size: p.h, out: p.oh, k: p.kh, s: p.sy, p: p.ph, d: 1 }, w = { size: p.w, out: p.ow, k: p.kw, s: p.sx, p: p.pw, d: 1 };
    g.op(opType, [x], { ...windowAttributes(h, w, false), ...extra }, y);
  });
}

export const poolingConverters: Record<string, Converter> = {
  MaxPooling2D: pooling('MaxPool'),
  AveragePooling2D: pooling('AveragePool', { count_include_pad: 1 }),
};

// Normalizations. Batch normalization with fixed statistics (test mode) is ONNX's
// BatchNormalization in inference mode over channel axis 1; with the statistics of the
// input itself (the standardization inside layerNormalization and groupNormalization) it
// is written out with ReduceMean.
import type { FixedBatchNormalization, BatchNormalization } from '../../functions/normalization/batch-normalization';
import type { LocalResponseNormalization, NormalizeL2 } from '../../functions/normalization/local-response-normalization';
import { shapeString } from '../../array/shape';
import type { Variable } from '../../core/variable';
import type { OnnxGraph } from '../graph';
import { type Converter, converter } from './converter';
import { reshapeTarget } from './array';

const allEqual = (v: Variable, value: number) => v.creator === null && Array.from(v.array.dataSync()).every((d) => d === value);

/** gamma v + beta over channel axis 1 of a (outer, C, inner) value, left out where gamma is ones and beta zeros. */
function affine(g: OnnxGraph, v: string, gamma: Variable, beta: Variable, names: string[]): string {
  if (allEqual(gamma, 1) && allEqual(beta, 0)) return v;
  const channel = (name: string) => g.op('Reshape', [name, g.int64s([1, -1, 1])]);
  return g.op('Add', [g.op('Mul', [v, channel(names[1])]), channel(names[2])]);
}

export const normalizationConverters: Record<string, Converter> = {
  FixedBatchNormalization: converter<FixedBatchNormalization>((g, n, x, [y]) => {
    const [xv, gamma] = n.inputs;
    const overChannels = xv.ndim >= 2 && gamma.ndim === 1 && gamma.shape[0] === xv.shape[1] && n.layout.outer === xv.shape[0];
    if (!overChannels) {
      throw new Error(`exportOnnx: no ONNX form for F.fixedBatchNormalization over other axes than 1 (x ${shapeString(xv.shape)}, gamma ${shapeString(gamma.shape)})`);
    }
    g.op('BatchNormalization', x, { epsilon: { float: n.eps } }, y);
  }),
  // (x - mean) / sqrt(var + eps) per channel of the (outer, C, inner) view, biased variance.
  BatchNormalization: converter<BatchNormalization>((g, n, names, [y]) => {
    const [xv, gamma, beta] = n.inputs;
    const { outer, C, inner } = n.layout;
    const X = g.op('Reshape', [names[0], reshapeTarget(g, xv.shape, [outer, C, inner])]);
    const mean = (v: string) => g.op('ReduceMean', [v], { axes: { ints: [0, 2] }, keepdims: 1 });
    const d = g.op('Sub', [X, mean(X)]);
    const std = g.op('Sqrt', [g.op('Add', [mean(g.op('Mul', [d, d])), g.scalar(n.eps, 'float32')])]);
    const normalized = affine(g, g.op('Div', [d, std]), gamma, beta, names);
    g.op('Reshape', [normalized, reshapeTarget(g, [outer, C, inner], xv.shape)], {}, y);
  }),
  // Chainer sums the squares over the 2 floor(n / 2) + 1 channels around each; ONNX's LRN
  // divides alpha by its size, and takes 4-D (N, C, H, W) only: other x are viewed so.
  LocalResponseNormalization: converter<LocalResponseNormalization>((g, n, [x], [y]) => {
    const size = 2 * Math.floor(n.n / 2) + 1;
    const shape = n.inputs[0].shape;
    const image = [shape[0], shape[1], shape.slice(2).reduce((p, d) => p * d, 1), 1];
    const as4d = shape.length === 4;
    const v = as4d ? x : g.op('Reshape', [x, reshapeTarget(g, shape, image)]);
    const lrn = g.op('LRN', [v], { size, alpha: { float: n.alpha * size }, beta: { float: n.beta }, bias: { float: n.k } }, as4d ? y : undefined);
    if (!as4d) g.op('Reshape', [lrn, reshapeTarget(g, image, shape)], {}, y);
  }),
  // x / (|x| + eps) along the axis
  NormalizeL2: converter<NormalizeL2>((g, n, [x], [y]) => {
    const norm = g.op('ReduceL2', [x], { axes: { ints: [n.axis] }, keepdims: 1 });
    g.op('Div', [x, g.op('Add', [norm, g.scalar(n.eps, 'float32')])], {}, y);
  }),
};

// Normalizations. Batch normalization works on the (outer, C, inner) view of x that its
// node's layout gives, with fixed statistics (test mode) or with those of x itself (the
// standardization inside layerNormalization and groupNormalization).
import type { FixedBatchNormalization, BatchNormalization } from '../../functions/normalization/batch-normalization';
import { type LocalResponseNormalization, type NormalizeL2, lrnHalf } from '../../functions/normalization/local-response-normalization';
import type { Variable } from '../../core/variable';
import type { OnnxGraph } from '../graph';
import { type Converter, converter } from './converter';
import { reshapeTarget } from './array';
import { reshapeBatchAxis } from '../batch-axis';

const allEqual = (v: Variable, value: number) => v.creator === null && Array.from(v.array.dataSync()).every((d) => d === value);

/** A per-channel value as (1, C, 1), to broadcast against the (outer, C, inner) view. */
const channel = (g: OnnxGraph, name: string) => g.op('Reshape', [name, g.int64s([1, -1, 1])]);

/** gamma v + beta per channel, left out where gamma is ones and beta zeros. */
function affine(g: OnnxGraph, v: string, gamma: Variable, beta: Variable, names: string[]): string {
  if (allEqual(gamma, 1) && allEqual(beta, 0)) return v;
  return g.op('Add', [g.op('Mul', [v, channel(g, names[1])]), channel(g, names[2])]);
}

/** y = f(X) with X the (outer, C, inner) view of x (the node's layout), viewed back as x. */
function inLayout(g: OnnxGraph, n: FixedBatchNormalization | BatchNormalization, x: string, y: string, f: (X: string) => string): void {
  const shape = n.inputs[0].shape, view = [n.layout.outer, n.layout.C, n.layout.inner];
  const axis = g.batchAxis(n.inputs[0]);
  const fn = n.label === 'BatchNormalization' ? 'F.batchNormalization' : 'F.fixedBatchNormalization';
  const X = g.op('Reshape', [x, reshapeTarget(g, shape, view, axis, fn)]);
  g.op('Reshape', [f(X), reshapeTarget(g, view, shape, reshapeBatchAxis(shape, view, axis, g.batchSize), fn)], {}, y);
}

/** (X - mean) / sqrt(var + eps) */
function standardize(g: OnnxGraph, X: string, mean: string, variance: string, eps: number): string {
  return g.op('Div', [g.op('Sub', [X, mean]), g.op('Sqrt', [g.op('Add', [variance, g.scalar(eps, 'float32')])])]);
}

export const normalizationConverters: Record<string, Converter> = {
  // Over channel axis 1 (the BatchNormalization link's default) ONNX's own operator; over
  // other axes the same formula written out.
  FixedBatchNormalization: converter<FixedBatchNormalization>((g, n, names, [y]) => {
    const [xv, gamma, beta] = n.inputs;
    const overChannels = xv.ndim >= 2 && gamma.ndim === 1 && gamma.shape[0] === xv.shape[1] && n.layout.outer === xv.shape[0];
    if (overChannels) { g.op('BatchNormalization', names, { epsilon: { float: n.eps } }, y); return; }
    inLayout(g, n, names[0], y, (X) => affine(g, standardize(g, X, channel(g, names[3]), channel(g, names[4]), n.eps), gamma, beta, names));
  }),
  // With the statistics of x itself: the mean and the biased variance over outer and inner.
  BatchNormalization: converter<BatchNormalization>((g, n, names, [y]) => {
    const [, gamma, beta] = n.inputs;
    const mean = (v: string) => g.op('ReduceMean', [v], { axes: { ints: [0, 2] }, keepdims: 1 });
    inLayout(g, n, names[0], y, (X) => {
      const mu = mean(X), d = g.op('Sub', [X, mu]);
      return affine(g, standardize(g, X, mu, mean(g.op('Mul', [d, d])), n.eps), gamma, beta, names);
    });
  }),
  // Chainer sums the squares over the 2 floor(n / 2) + 1 channels around each; ONNX's LRN
  // divides alpha by its size, and takes 4-D (N, C, H, W) only: other x are viewed so.
  LocalResponseNormalization: converter<LocalResponseNormalization>((g, n, [x], [y]) => {
    const size = 2 * lrnHalf(n.n) + 1;
    const shape = n.inputs[0].shape;
    const image = [shape[0], shape[1], shape.slice(2).reduce((p, d) => p * d, 1), 1];
    const as4d = shape.length === 4;
    const axis = g.batchAxis(n.inputs[0]);
    const v = as4d ? x : g.op('Reshape', [x, reshapeTarget(g, shape, image, axis, 'F.localResponseNormalization')]);
    const lrn = g.op('LRN', [v], { size, alpha: { float: n.alpha * size }, beta: { float: n.beta }, bias: { float: n.k } }, as4d ? y : undefined);
    if (!as4d) g.op('Reshape', [lrn, reshapeTarget(g, image, shape, reshapeBatchAxis(shape, image, axis, g.batchSize), 'F.localResponseNormalization')], {}, y);
  }),
  // x / (|x| + eps) along the axes
  NormalizeL2: converter<NormalizeL2>((g, n, [x], [y]) => {
    const norm = g.op('ReduceL2', [x], { axes: { ints: [...n.axis] }, keepdims: 1 });
    g.op('Div', [x, g.op('Add', [norm, g.scalar(n.eps, 'float32')])], {}, y);
  }),
};

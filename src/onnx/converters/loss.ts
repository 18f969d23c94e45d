// Losses, for graphs that end in their loss (a model evaluated with its targets as inputs).
import type { SoftmaxCrossEntropy } from '../../functions/loss/softmax-cross-entropy';
import type { OnnxGraph } from '../graph';
import { type Converter, converter } from './converter';

/** The mean of the elementwise terms of x0 - x1 over all elements. */
function meanOf(term: (g: OnnxGraph, d: string) => string): Converter {
  return converter((g, _, [x0, x1], [y]) => { g.op('ReduceMean', [term(g, g.op('Sub', [x0, x1]))], { keepdims: 0 }, y); });
}

export const lossConverters: Record<string, Converter> = {
  MeanSquaredError: meanOf((g, d) => g.op('Mul', [d, d])),
  MeanAbsoluteError: meanOf((g, d) => g.op('Abs', [d])),
  // ONNX's loss gives -classWeight[t] log softmax(x)[t] at each position, 0 at ignoreLabel;
  // Chainer's mean divides their sum by the labels not ignored (normalize) or by the batch
  // size, at least 1, where ONNX's would divide by the sum of their weights.
  SoftmaxCrossEntropy: converter<SoftmaxCrossEntropy>((g, n, [x, t], [y]) => {
    const weights = n.classWeight ? [g.constant(n.classWeight)] : [];
    const attributes = { reduction: 'none', ignore_index: n.ignoreLabel };
    if (n.reduce === 'no') { g.op('SoftmaxCrossEntropyLoss', [x, t, ...weights], attributes, y); return; }
    const terms = g.op('SoftmaxCrossEntropyLoss', [x, t, ...weights], attributes);
    const count = n.normalize
      ? g.op('ReduceSum', [g.op('Cast', [g.op('Not', [g.op('Equal', [t, g.scalar(n.ignoreLabel, 'int32')])])], { to: 1 })], { keepdims: 0 })
      : g.op('Cast', [g.op('Squeeze', [g.op('Slice', [g.op('Shape', [t]), g.int64s([0]), g.int64s([1])]), g.int64s([0])])], { to: 1 });
    const sum = g.op('ReduceSum', [terms], { keepdims: 0 });
    g.op('Div', [sum, g.op('Max', [count, g.scalar(1, 'float32')])], {}, y);
  }),
};

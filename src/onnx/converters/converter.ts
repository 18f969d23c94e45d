// A converter writes the ONNX nodes that compute one function node of the traced graph:
// given the value names of the node's inputs (x) and the names its outputs must get (y).
import type { FunctionNode } from '../../core/function-node';
import type { OnnxGraph } from '../graph';

export type Converter = (g: OnnxGraph, node: FunctionNode, x: string[], y: string[]) => void;

/** A converter of one function-node class: node is typed as that class. */
export function converter<N extends FunctionNode>(fn: (g: OnnxGraph, node: N, x: string[], y: string[]) => void): Converter {
  return fn as Converter;
}

/** A converter to one ONNX operator of the same inputs, with fixed or node-derived attributes. */
export function sameInputs<N extends FunctionNode>(opType: string, attributes: (node: N) => Parameters<OnnxGraph['op']>[2] = () => ({})): Converter {
  return converter<N>((g, node, x, [y]) => { g.op(opType, x, attributes(node), y); });
}

/** The ONNX axis of a possibly negative axis of an ndim-dimensional value. */
export function positiveAxis(axis: number, ndim: number): number {
  return axis < 0 ? axis + ndim : axis;
}

/**
 * A maximum or minimum over windows of x (`select` applied to x) that is NaN where its window
 * holds a NaN, as numpy's max and min (Chainer's) are: ONNX's ReduceMax, ReduceMin and MaxPool
 * skip NaNs in onnxruntime. `widest` (a maximum over the same windows) of x's NaN map finds them.
 */
export function selectingNaN(g: OnnxGraph, x: string, select: (v: string) => string, widest: (v: string) => string, y: string): void {
  const nans = widest(g.op('Cast', [g.op('IsNaN', [x])], { to: 1 }));
  g.op('Where', [g.op('Greater', [nans, g.scalar(0, 'float32')]), g.scalar(NaN, 'float32'), select(x)], {}, y);
}

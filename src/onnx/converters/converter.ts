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

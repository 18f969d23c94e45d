// exportOnnx: runs a model's forward once in test mode and writes the graph that ran as an
// ONNX model. The define-by-run graph is walked back from the outputs through the function
// nodes; each node becomes the ONNX nodes its converter writes, parameters become
// initializers named by their paths in the model ('predictor/l1/W').
import { NDArray } from '../array/ndarray';
import { shapeString } from '../array/shape';
import { usingConfig } from '../core/config';
import type { FunctionNode } from '../core/function-node';
import { Variable, type VariableLike, asVariable } from '../core/variable';
import { writeAtomic } from '../io/files';
import { Link } from '../links/link';
import type { Squeeze } from '../functions/array/expand-dims';
import { checkBoolean, readOptions, showValue } from '../util/options';
import { batchAxisOf, partOfBatch } from './batch-axis';
import { converters } from './converters/index';
import { type ModelPaths, OnnxGraph } from './graph';
import { type ValueInfoMessage, encodeModel } from './onnx-proto';

/**
 * The default opset. What the converters write means the same in opsets 13 to 17 (Squeeze's
 * axes input and Split's equal parts since 13, reduction axes as attributes until 18).
 */
export const ONNX_OPSET = 17;
const MIN_OPSET = 13;
/** The IR version that came with an opset (ONNX 1.8: opset 13, IR 7; 1.9 to 1.12: IR 8). */
const irVersionOf = (opset: number) => (opset === 13 ? 7 : 8);

export interface ExportOnnxOptions {
  /** Also writes the model to this file (Node, Deno), through a temporary file renamed over it. */
  path?: string;
  /** Names of the graph inputs (default input0, input1, ...). */
  inputNames?: readonly string[];
  /** Names of the graph outputs (default output0, output1, ...). */
  outputNames?: readonly string[];
  /**
   * Axis 0 of the inputs and outputs as the symbolic dimension 'batch' (default true), so
   * that the model runs on any batch size; false fixes it to the example's.
   */
  dynamicBatch?: boolean;
  /** The graph's name (default: the model's class name). */
  graphName?: string;
  /** The ONNX opset, 13 to 17 (default 17). */
  opset?: number;
}

/** What exportOnnx traces: a link (its forward) or a function of Variables. */
export type OnnxExportable = Link | ((...inputs: Variable[]) => unknown);

const OPTION_NAMES = ['path', 'inputNames', 'outputNames', 'dynamicBatch', 'graphName', 'opset'] as const;

/** Chainer's F.* name of a function node, for messages: LocalResponseNormalization -> localResponseNormalization. */
function functionName(label: string): string {
  const base = label.replace(/Function$/, '').replace(/2D$/, '2d');
  const upper = /^[A-Z]+(?=[A-Z][a-z]|$)/.exec(base)?.[0] ?? base[0];
  return upper.toLowerCase() + base.slice(upper.length);
}

/** Names given for `count` graph inputs or outputs, or prefix0, prefix1, ... */
function valueNames(option: string, names: readonly string[] | undefined, count: number, prefix: string): readonly string[] {
  if (names === undefined) return Array.from({ length: count }, (_, i) => `${prefix}${i}`);
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string' && n !== '')) throw new TypeError(`exportOnnx: ${option} must be a list of non-empty strings, got ${showValue(names)}`);
  if (names.length !== count) throw new RangeError(`exportOnnx: ${option} has ${names.length} names for ${count} ${prefix}s`);
  return names;
}

function outputsOf(result: unknown): Variable[] {
  const list = Array.isArray(result) ? result : [result];
  list.forEach((v, i) => {
    if (!(v instanceof Variable)) throw new TypeError(`exportOnnx: the model's forward must return a Variable or an array of them; output ${i} is ${v === null ? 'null' : typeof v === 'object' ? (v as object).constructor?.name : typeof v}`);
  });
  return list as Variable[];
}

/**
 * The function nodes between the inputs and the outputs, in the order they ran. A node that
 * does not depend on the inputs (one of an earlier step that made a recurrent link's state,
 * or a computation on parameters alone) is left out: its outputs are constants.
 */
function nodesBetween(inputs: readonly Variable[], outputs: readonly Variable[]): FunctionNode[] {
  const behind = new Set<FunctionNode>();
  const stack = [...outputs];
  while (stack.length) {
    const creator = stack.pop()!.creator;
    if (creator && !behind.has(creator)) {
      behind.add(creator);
      stack.push(...creator.inputs);
    }
  }
  // Generation (rank) first: a node's rank exceeds those of its inputs' creators, whenever
  // it was constructed (a FunctionNode made before the nodes that feed it ran has the lower
  // id); creation order among nodes of one generation.
  // A Variable holding the array of a live one (x.array passed on) is live too.
  const live = new Set<NDArray>(inputs.map((v) => v.array));
  return [...behind].sort((a, b) => a.rank - b.rank || a.id - b.id).filter((node) => {
    if (!node.inputs.some((v) => live.has(v.array))) return false;
    for (const y of node.outputs) live.add(y.array);
    return true;
  });
}

/** The paths of the model's parameters and persistent arrays ('l1/W', 'bn/avg_mean'); none for a function. */
function modelPaths(model: OnnxExportable): ModelPaths {
  const params = new Map<Variable, string>(), arrays = new Map<NDArray, string>();
  if (!(model instanceof Link)) return { params, arrays };
  for (const [path, p] of model.namedparams(false)) params.set(p, path.slice(1));
  for (const [path, link] of model.namedlinks()) {
    const prefix = path === '/' ? '' : `${path.slice(1)}/`;
    for (const name of link.persistentNames()) {
      const value = (link as unknown as Record<string, unknown>)[name];
      if (value instanceof NDArray) arrays.set(value, `${prefix}${name}`);
    }
  }
  return { params, arrays };
}

/** The options checked, with their defaults. */
function readExportOptions(given: ExportOnnxOptions): ExportOnnxOptions & { opset: number; dynamicBatch: boolean } {
  const options = readOptions('exportOnnx', given, [...OPTION_NAMES]);
  const opset = options.opset ?? ONNX_OPSET;
  if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > ONNX_OPSET) {
    throw new RangeError(`exportOnnx: opset must be an integer from ${MIN_OPSET} to ${ONNX_OPSET} (the opsets in which the converters' operators mean the same), got ${showValue(opset)}`);
  }
  if (options.path !== undefined && (typeof options.path !== 'string' || options.path === '')) {
    throw new TypeError(`exportOnnx: path must be a non-empty string, got ${showValue(options.path)}`);
  }
  if (options.graphName !== undefined && typeof options.graphName !== 'string') {
    throw new TypeError(`exportOnnx: graphName must be a string, got ${showValue(options.graphName)}`);
  }
  return { ...options, opset, dynamicBatch: checkBoolean('exportOnnx', 'dynamicBatch', options.dynamicBatch ?? true) };
}

/** Runs the model once in test mode on fresh graph-recording copies of the examples. */
function trace(model: OnnxExportable, exampleInputs: VariableLike | readonly VariableLike[]): { inputs: Variable[]; outputs: Variable[]; nodes: FunctionNode[] } {
  if (!(model instanceof Link) && typeof model !== 'function') throw new TypeError('exportOnnx: model must be a Link or a function of Variables');
  const examples = (Array.isArray(exampleInputs) ? exampleInputs : [exampleInputs]) as readonly VariableLike[];
  if (examples.length === 0) throw new RangeError('exportOnnx: exampleInputs must hold at least one input');
  // Inputs that require gradients, so that functions applied to the inputs alone are recorded too.
  const inputs = examples.map((x, i) => new Variable(asVariable(x, `exportOnnx: exampleInputs[${i}]`).array, { requiresGrad: true }));
  const run = () => (model instanceof Link ? model.forward(...inputs) : model(...inputs));
  const outputs = outputsOf(usingConfig('train', false, () => usingConfig('enableBackprop', true, run)));
  const nodes = nodesBetween(inputs, outputs);
  const missing = nodes.find((n) => !converters.has(n.label));
  if (missing) throw new Error(`exportOnnx: no ONNX form for F.${functionName(missing.label)} (function node ${missing.label}, output ${shapeString(missing.outputs[0].shape)})`);
  outputs.forEach((v, i) => {
    if (!inputs.includes(v) && !(v.creator && nodes.includes(v.creator))) {
      throw new Error(`exportOnnx: output ${i} ${shapeString(v.shape)} does not depend on the inputs, so the model would always return the example's value `
        + '(F.accuracy, F.argmax, F.argmin, F.floor and F.sign record no graph)');
    }
  });
  return { inputs, outputs, nodes };
}

/**
 * A graph input's or output's type and shape, with its batch axes (none, or a fixed
 * batch) the symbolic 'batch', or unknown where it is a multiple of the batch (a concat along
 * it) or a part (`partial`: x[1:]).
 */
function valueInfo(v: Variable, name: string, batchAxes: readonly (number | null)[], batchSize: number, partial: boolean, unranked = false): ValueInfoMessage {
  if (unranked) return { name, type: v.dtype, dims: null };
  return { name, type: v.dtype, dims: v.shape.map((d, axis) => (!batchAxes.includes(axis) ? d : d === batchSize && !partial ? 'batch' : null)) };
}

/**
 * Runs `model` once on `exampleInputs` in test mode (config.train false) and returns the
 * graph that ran as an ONNX model (opset 17, or 13 to 16): parameters as initializers under
 * their paths in the model, axis 0 of inputs and outputs dynamic. A function without an ONNX
 * form is an error naming it. With `path`, the bytes are also written to that file (Node, Deno).
 */
export function exportOnnx(model: OnnxExportable, exampleInputs: VariableLike | readonly VariableLike[], options: ExportOnnxOptions = {}): Uint8Array {
  const o = readExportOptions(options);
  const { inputs, outputs, nodes } = trace(model, exampleInputs);
  const inputNames = valueNames('inputNames', o.inputNames, inputs.length, 'input');
  const outputNames = valueNames('outputNames', o.outputNames, outputs.length, 'output');
  if (new Set([...inputNames, ...outputNames]).size !== inputs.length + outputs.length) {
    throw new RangeError(`exportOnnx: input and output names must all differ, got inputs ${inputNames.join(', ')} and outputs ${outputNames.join(', ')}`);
  }
  const batchSize = inputs[0].ndim > 0 ? inputs[0].shape[0] : 1;

  const g = new OnnxGraph(batchSize, o.dynamicBatch, inputNames[0], modelPaths(model));
  inputs.forEach((v, i) => { g.setName(v, inputNames[i]); g.setBatchAxis(v, v.ndim > 0 ? 0 : null); });
  // An output that is an input, or repeats, is a copy of its value.
  const copies: [Variable, string][] = [];
  const partial = new Set<Variable>(), unranked = new Set<Variable>();
  outputs.forEach((v, i) => {
    if (inputs.includes(v) || g.hasName(v)) copies.push([v, outputNames[i]]);
    else g.setName(v, outputNames[i]);
  });
  for (const node of nodes) {
    const x = node.inputs.map((v) => g.nameOf(v));
    const y = node.outputs.map((v) => g.outputName(v, node.label));
    const axes = node.inputs.map((v) => g.batchAxis(v));
    // Each batch axis of each input followed alone too: an output may hold the batch on
    // several axes (x y^T), and keeps one where a reduction or an index drops the other.
    const batchAxesOut = node.outputs.map((_, k) => {
      const alone = node.inputs.flatMap((x, i) => [axes[i], ...g.otherBatchAxes(x)].map((a) => (a === null ? null : batchAxisOf(node, node.inputs.map((_, j) => (j === i ? a : null)), k, batchSize))));
      return [...new Set([batchAxisOf(node, axes, k, batchSize), ...alone])].filter((a): a is number => a !== null);
    });
    // A part of the batch (x[-2:]) is not as long as the batch, whatever the example's length.
    const part = node.inputs.some((v) => partial.has(v)) || partOfBatch(node, axes[0], batchSize);
    // F.squeeze without axes removes the batch axis at a batch of 1 only: the rank of what
    // follows depends on the batch size.
    const rankVaries = node.inputs.some((v) => unranked.has(v)) || (node.label === 'Squeeze' && (node as Squeeze).axis === null && axes[0] !== null);
    // Outputs without elements at any batch size are their shapes alone: constants of those
    // shapes (a batch axis, first, from the batch at run time), where operators would meet
    // zero sizes in their own ways (Reshape reads a 0 in its shape as the input's size there).
    const batchAt = (k: number) => (o.dynamicBatch ? batchAxesOut[k] : []);
    const emptyAlways = (v: Variable, k: number) => v.size === 0
      && (!o.dynamicBatch || (!part && !rankVaries && batchAt(k).length <= 1 && (batchAt(k)[0] ?? 0) === 0));
    if (node.outputs.every(emptyAlways)) {
      node.outputs.forEach((v, k) => g.op('Expand', [g.scalar(0, v.dtype), batchAt(k).length ? g.batchShape(v.shape.slice(1)) : g.int64s(v.shape, 'shape')], {}, y[k]));
    } else {
      converters.get(node.label)!(g, node, x, y);
    }
    node.outputs.forEach((v, k) => {
      g.setBatchAxis(v, batchAxesOut[k][0] ?? null);
      g.setOtherBatchAxes(v, batchAxesOut[k].slice(1));
      if (part) partial.add(v);
      if (rankVaries && o.dynamicBatch) unranked.add(v);
    });
  }
  for (const [v, name] of copies) g.op('Identity', [g.nameOf(v)], {}, name);

  // Initializers no node reads (a parameter a converter had no use for) are left out.
  const read = new Set(g.nodes.flatMap((n) => n.inputs));
  const batchAxes = (v: Variable) => (o.dynamicBatch ? [g.batchAxis(v), ...g.otherBatchAxes(v)] : []);
  const bytes = encodeModel({
    irVersion: irVersionOf(o.opset), opsetVersion: o.opset, producerName: 'kusari',
    graph: {
      name: o.graphName ?? (model instanceof Link ? model.constructor.name : model.name || 'model'),
      nodes: g.nodes,
      initializers: g.initializers.filter((t) => read.has(t.name)),
      inputs: inputs.map((v, i) => valueInfo(v, inputNames[i], batchAxes(v), batchSize, false)),
      outputs: outputs.map((v, i) => valueInfo(v, outputNames[i], batchAxes(v), batchSize, partial.has(v), unranked.has(v))),
    },
  });
  if (o.path !== undefined) writeAtomic(o.path, bytes, 'exportOnnx');
  return bytes;
}

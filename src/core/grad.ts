// chainer.grad: gradients of outputs with respect to chosen inputs, without touching
// any variable's .grad.
import { onesLike } from '../array/creation';
import { NDArray } from '../array/ndarray';
import { runBackward } from './backward';
import { Variable } from './variable';
import { readOptions } from '../util/options';
import type { FunctionNode } from './function-node';

export interface GradOptions {
  /** Gradients of the outputs (Variables or arrays); null entries mean ones (of the output's shape). */
  gradOutputs?: readonly (Variable | NDArray | null)[] | null;
  /** Initial gradients of the inputs: the computed ones are added to them (not in place). */
  gradInputs?: readonly (Variable | NDArray | null)[] | null;
  /** Also store each result as the input's gradient (with retainGrad too, as chainer.grad does). */
  setGrad?: boolean;
  /** Store the gradients of the intermediate variables reached in their gradient. */
  retainGrad?: boolean;
  /** Record the backward computation so the result can be differentiated again. */
  enableDoubleBackprop?: boolean;
}

export function grad(outputs: readonly Variable[], inputs: readonly Variable[], options: GradOptions = {}): (Variable | null)[] {
  options = readOptions('grad', options, ['gradOutputs', 'gradInputs', 'setGrad', 'retainGrad', 'enableDoubleBackprop']);
  if (!Array.isArray(outputs) || !Array.isArray(inputs)) throw new TypeError('grad: outputs and inputs must be arrays of Variables');
  outputs.forEach((y, i) => { if (!(y instanceof Variable)) throw new TypeError(`grad: outputs[${i}] must be a Variable`); });
  inputs.forEach((x, i) => { if (!(x instanceof Variable)) throw new TypeError(`grad: inputs[${i}] must be a Variable`); });
  const gys = asVariables('gradOutputs', options.gradOutputs) ?? outputs.map(() => null);
  if (gys.length !== outputs.length) throw new RangeError(`grad: ${gys.length} gradOutputs given for ${outputs.length} outputs`);
  const seeds = outputs.map((y, i) => {
    const g = gys[i];
    if (g) return g;
    // Chainer fills ones of any shape here (unlike Variable.backward, which needs a size-1 output).
    return new Variable(onesLike(y.array), { requiresGrad: false });
  });
  const gxs = asVariables('gradInputs', options.gradInputs);
  if (gxs !== null && gxs.length !== inputs.length) throw new RangeError(`grad: ${gxs.length} gradInputs given for ${inputs.length} inputs`);
  // chainer.grad assigns each output's gradient in turn, then each input's: a variable listed
  // twice takes its last one, and an input's replaces an output's (not the sum).
  const last = new Map<Variable, Variable>();
  outputs.forEach((y, i) => last.set(y, seeds[i]));
  const initialGrads = new Map<Variable, Variable>();
  inputs.forEach((x, i) => {
    const g = gxs?.[i];
    if (!g) return;
    if (last.has(x)) last.set(x, g);
    else initialGrads.set(x, g);
  });
  const grads = runBackward([...last.keys()], [...last.values()], {
    targets: inputs, initialGrads, gradRequired: gradRequired(outputs, inputs),
    retainGrad: options.retainGrad, enableDoubleBackprop: options.enableDoubleBackprop,
  });
  const result = inputs.map((x) => grads.get(x) ?? null);
  if (options.setGrad) inputs.forEach((x, i) => { x.gradVar = result[i]; });
  return result;
}

/** A list of gradients as Variables: an array becomes a constant (as Variable.grad takes one). */
function asVariables(name: string, gs: readonly (Variable | NDArray | null)[] | null | undefined): (Variable | null)[] | null {
  if (gs == null) return null;
  if (!Array.isArray(gs)) throw new TypeError(`grad: ${name} must be an array of Variables, arrays or nulls`);
  return gs.map((g, i) => {
    if (g === null || g === undefined || g instanceof Variable) return g ?? null;
    if (g instanceof NDArray) return new Variable(g, { requiresGrad: false });
    throw new TypeError(`grad: ${name}[${i}] must be a Variable, an array or null`);
  });
}

/**
 * chainer.grad's subgraph: the variables on a path from the inputs to the outputs (the
 * inputs themselves included, whether or not they require a gradient). Only their gradients
 * are computed, so no gradient flows past the inputs, and retainGrad stops there too.
 */
function gradRequired(outputs: readonly Variable[], inputs: readonly Variable[]): Set<Variable> {
  // Backward from the outputs: the functions that consume each variable requiring a gradient.
  const consumers = new Map<Variable, FunctionNode[]>();
  const seen = new Set<FunctionNode>();
  const stack = outputs.map((y) => y.creator).filter((f): f is FunctionNode => f !== null);
  while (stack.length) {
    const f = stack.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const x of f.inputs) {
      if (!x.requiresGrad) continue;
      const list = consumers.get(x);
      if (list) list.push(f); else consumers.set(x, [f]);
      if (x.creator && !seen.has(x.creator)) stack.push(x.creator);
    }
  }
  // Forward from the inputs along those functions.
  const required = new Set<Variable>();
  const visited = new Set<FunctionNode>();
  const todo = [...inputs];
  while (todo.length) {
    const x = todo.pop()!;
    if (required.has(x)) continue;
    required.add(x);
    for (const f of consumers.get(x) ?? []) {
      if (visited.has(f)) continue;
      visited.add(f);
      for (const y of f.outputs) if (consumers.has(y)) todo.push(y);
    }
  }
  return required;
}
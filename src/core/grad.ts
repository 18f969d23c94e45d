// chainer.grad: gradients of outputs with respect to chosen inputs, without touching
// any variable's .grad.
import { onesLike } from '../array/creation';
import { NDArray } from '../array/ndarray';
import { runBackward } from './backward';
import { Variable } from './variable';
import { readOptions } from '../util/options';
import { usingConfig } from './config';

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
  // An output listed twice takes its last gradient, not the sum: chainer.grad assigns each in turn.
  const last = new Map<Variable, Variable>();
  outputs.forEach((y, i) => last.set(y, seeds[i]));
  const grads = runBackward([...last.keys()], [...last.values()], { targets: inputs, retainGrad: options.retainGrad, enableDoubleBackprop: options.enableDoubleBackprop });
  const result = usingConfig('enableBackprop', !!options.enableDoubleBackprop, () => inputs.map((x, i) => {
    const g = grads.get(x) ?? null, initial = gxs?.[i] ?? null;
    return initial && g ? initial.add(g) : initial ?? g;
  }));
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

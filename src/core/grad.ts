// chainer.grad: gradients of outputs with respect to chosen inputs, without touching
// any variable's .grad.
import { onesLike } from '../array/creation';
import { shapeString } from '../array/shape';
import { runBackward } from './backward';
import { Variable } from './variable';
import { readOptions } from '../util/options';

export interface GradOptions {
  /** Gradients of the outputs; null entries mean ones for size-1 outputs. */
  gradOutputs?: readonly (Variable | null)[] | null;
  /** Record the backward computation so the result can be differentiated again. */
  enableDoubleBackprop?: boolean;
}

export function grad(outputs: readonly Variable[], inputs: readonly Variable[], options: GradOptions = {}): (Variable | null)[] {
  options = readOptions('grad', options, ['gradOutputs', 'enableDoubleBackprop']);
  if (!Array.isArray(outputs) || !Array.isArray(inputs)) throw new TypeError('grad: outputs and inputs must be arrays of Variables');
  outputs.forEach((y, i) => { if (!(y instanceof Variable)) throw new TypeError(`grad: outputs[${i}] must be a Variable`); });
  inputs.forEach((x, i) => { if (!(x instanceof Variable)) throw new TypeError(`grad: inputs[${i}] must be a Variable`); });
  const gys = options.gradOutputs ?? outputs.map(() => null);
  if (gys.length !== outputs.length) throw new RangeError(`grad: ${gys.length} gradOutputs given for ${outputs.length} outputs`);
  const seeds = outputs.map((y, i) => {
    const g = gys[i];
    if (g) return g;
    if (y.size !== 1) throw new RangeError(`grad: outputs[${i}] has shape ${shapeString(y.shape)}; give its gradient in gradOutputs`);
    return new Variable(onesLike(y.array), { requiresGrad: false });
  });
  const grads = runBackward(outputs, seeds, { targets: inputs, enableDoubleBackprop: options.enableDoubleBackprop });
  return inputs.map((x) => grads.get(x) ?? null);
}

// Fused optimizer steps: validates a parameter, its gradient and state, then runs the
// backend's update kernel, which updates resident arrays in place and returns new arrays for
// the others.
import { OPTIMIZER_KERNELS, type OptimizerKernel } from '../../backends/optimizer-kernels';
import type { NDArray } from '../ndarray';
import type { Storage } from '../../backends/backend';
import { shapeString, shapesEqual } from '../shape';
import { checkArray, sameBackend, wrap } from './common';
import { showValue } from '../../util/options';

export interface OptimizerStep {
  param: NDArray;
  state: NDArray[];
}

export function optimizerUpdate(kernel: OptimizerKernel, param: NDArray, grad: NDArray, state: readonly NDArray[],
                                scalars: readonly number[]): OptimizerStep {
  const name = `optimizerUpdate(${kernel})`;
  const spec = OPTIMIZER_KERNELS[kernel];
  if (!spec) throw new RangeError(`optimizerUpdate: unknown kernel '${String(kernel)}' (expected one of ${Object.keys(OPTIMIZER_KERNELS).join(', ')})`);
  checkArray(name, 'param', param); checkArray(name, 'grad', grad);
  state.forEach((s, i) => checkArray(name, `state '${spec.state[i] ?? i}'`, s));
  if (state.length !== spec.state.length) throw new RangeError(`${name}: expected ${spec.state.length} state arrays (${spec.state.join(', ')}), got ${state.length}`);
  if (scalars.length !== spec.scalars.length) throw new RangeError(`${name}: expected ${spec.scalars.length} scalars (${spec.scalars.join(', ')}), got ${scalars.length}`);
  const arrays = [param, grad, ...state];
  const names = ['param', 'grad', ...spec.state.map((s) => `state '${s}'`)];
  arrays.forEach((a, i) => {
    if (a.dtype !== 'float32') throw new TypeError(`${name}: ${names[i]} must be float32, got ${a.dtype}`);
    if (!shapesEqual(a.shape, param.shape)) throw new RangeError(`${name}: ${names[i]} has shape ${shapeString(a.shape)} but param has ${shapeString(param.shape)}`);
  });
  scalars.forEach((v, i) => {
    if (typeof v !== 'number' || Number.isNaN(v)) throw new TypeError(`${name}: scalar '${spec.scalars[i]}' must be a number, got ${showValue(v)}`);
  });
  const backend = sameBackend(name, arrays, names);
  const out = backend.optimizerUpdate(kernel, param, grad, state, scalars);
  return { param: updated(out.param, param), state: out.state.map((s, i) => updated(s, state[i])) };
}

/** An array updated in place (a resident one) comes back as it is; other storage is new. */
function updated(storage: Storage, before: NDArray): NDArray {
  return storage === before.storage ? before : wrap(storage, before.shape, 'float32', before.backend);
}

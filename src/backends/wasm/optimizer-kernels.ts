// The fused update rules (assembly/optimizers.ts), by kernel name. Each takes n, the
// parameter and gradient pointers, the state pointers and the scalars, in the order of
// OPTIMIZER_KERNELS.
import type { OptimizerKernel } from '../optimizer-kernels';
import type { SplitKernel } from './thread-pool';

const exportNames: Record<OptimizerKernel, SplitKernel> = {
  sgd: 'sgd_update', momentumSgd: 'momentum_sgd_update', nesterovAg: 'nesterov_ag_update', adam: 'adam_update',
  amsgrad: 'amsgrad_update', adaGrad: 'ada_grad_update', adaDelta: 'ada_delta_update', rmsprop: 'rmsprop_update',
  rmspropEpsInsideSqrt: 'rmsprop_eps_inside_sqrt_update', adabound: 'adabound_update', amsbound: 'amsbound_update',
  correctedMomentumSgd: 'corrected_momentum_sgd_update', rmspropGraves: 'rmsprop_graves_update', smorms3: 'smorms3_update', msvag: 'msvag_update',
};

/** The export of a fused update rule; its elements are independent, so threads split it by ranges. */
export function optimizerKernel(kernel: OptimizerKernel): SplitKernel {
  return exportNames[kernel];
}

// Signatures of the fused update rules (assembly/optimizers.ts), by kernel name. Each
// takes n, the parameter and gradient pointers, the state pointers and the scalars, in
// the order of OPTIMIZER_KERNELS.
import type { OptimizerKernel } from '../optimizer-kernels';
import { kernels } from './module';

type FusedUpdate = (n: number, param: number, grad: number, ...stateAndScalars: number[]) => void;

const exportNames: Record<OptimizerKernel, string> = {
  sgd: 'sgd_update', momentumSgd: 'momentum_sgd_update', nesterovAg: 'nesterov_ag_update', adam: 'adam_update',
  amsgrad: 'amsgrad_update', adaGrad: 'ada_grad_update', adaDelta: 'ada_delta_update', rmsprop: 'rmsprop_update',
  rmspropEpsInsideSqrt: 'rmsprop_eps_inside_sqrt_update',
};

export function optimizerKernel(kernel: OptimizerKernel): FusedUpdate {
  return kernels[exportNames[kernel]] as FusedUpdate;
}

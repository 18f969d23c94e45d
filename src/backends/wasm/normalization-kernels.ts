// Signatures of the normalization and loss kernels called directly (assembly/normalization.ts,
// assembly/loss.ts); the LSTM cell and the softmax cross entropy gradient run on the thread pool,
// called by name. Pointers are byte addresses in the arena, sizes in elements.
import { kernels } from './module';

export interface NormKernels {
  batch_norm_forward_f32(x: number, outer: number, C: number, inner: number, gamma: number, beta: number, eps: number,
                         mean: number, variance: number, computeStats: number, invstd: number, work: number, y: number): void;
  batch_norm_backward_f32(x: number, gy: number, outer: number, C: number, inner: number, gamma: number, mean: number,
                          invstd: number, work: number, gx: number, ggamma: number, gbeta: number): void;
  running_average_f32(avg: number, batch: number, n: number, decay: number, weight: number): void;
  softmax_cross_entropy_f32(x: number, t: number, lse: number, N: number, C: number, S: number, cw: number, ignore: number,
                            coeff: number, terms: number, loss: number): void;
}

export const normKernels = kernels as unknown as NormKernels;

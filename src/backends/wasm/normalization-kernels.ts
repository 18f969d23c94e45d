// Signatures of the normalization, loss and rnn kernels (assembly/normalization.ts,
// assembly/rnn.ts, assembly/loss.ts). Pointers are byte addresses in the arena, sizes in elements.
import { kernels } from './module';

export interface NormKernels {
  batch_norm_forward_f32(x: number, outer: number, C: number, inner: number, gamma: number, beta: number, eps: number,
                         mean: number, variance: number, computeStats: number, invstd: number, work: number, y: number): void;
  batch_norm_backward_f32(x: number, gy: number, outer: number, C: number, inner: number, gamma: number, mean: number,
                          invstd: number, work: number, gx: number, ggamma: number, gbeta: number): void;
  running_average_f32(avg: number, batch: number, n: number, decay: number, weight: number): void;
  lstm_forward_f32(cPrev: number, x: number, rowsC: number, rowsX: number, units: number, work: number, c: number, h: number,
                   part: number, parts: number): void;
  lstm_backward_f32(cPrev: number, x: number, c: number, gc: number, gh: number, rowsC: number, rowsX: number, units: number,
                    work: number, gcPrev: number, gx: number, part: number, parts: number): void;
  softmax_cross_entropy_f32(x: number, t: number, lse: number, N: number, C: number, S: number, cw: number, ignore: number,
                            coeff: number, terms: number, loss: number): void;
  softmax_cross_entropy_grad_f32(x: number, t: number, lse: number, N: number, C: number, S: number, cw: number, ignore: number,
                                 g: number, gStride: number, coeff: number, gx: number, part: number, parts: number): void;
}

export const normKernels = kernels as unknown as NormKernels;

// Signatures of the activation and math kernels (assembly/softmax.ts, assembly/scan.ts).
import { kernels } from './module';

/** The softmax family and the scans; the softmax family runs split over `outer` (part, parts last). */
export interface MathKernels {
  softmax_f32(x: number, outer: number, n: number, inner: number, out: number, part: number, parts: number): void;
  log_softmax_f32(x: number, outer: number, n: number, inner: number, out: number, part: number, parts: number): void;
  logsumexp_f32(x: number, outer: number, n: number, inner: number, out: number, part: number, parts: number): void;
  softmax_grad_f32(y: number, gy: number, outer: number, n: number, inner: number, gx: number, part: number, parts: number): void;
  log_softmax_grad_f32(y: number, gy: number, outer: number, n: number, inner: number, gx: number, part: number, parts: number): void;
  scan_f32(op: number, x: number, outer: number, n: number, inner: number, reverse: number, exclusive: number, out: number): void;
  recurrence_f32(a: number, b: number, outer: number, n: number, inner: number, reverse: number, out: number): void;
  scan_i32(op: number, x: number, outer: number, n: number, inner: number, reverse: number, exclusive: number, out: number): void;
}

export const math = kernels as unknown as MathKernels;

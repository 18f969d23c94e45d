// Signatures of the math kernels called directly (assembly/scan.ts).
import { kernels } from './module';

/** The scans; the softmax family runs on the thread pool, called by name (thread-pool.ts splitKernels). */
export interface MathKernels {
  scan_f32(op: number, x: number, outer: number, n: number, inner: number, reverse: number, exclusive: number, out: number): void;
  recurrence_f32(a: number, b: number, outer: number, n: number, inner: number, reverse: number, out: number): void;
  scan_i32(op: number, x: number, outer: number, n: number, inner: number, reverse: number, exclusive: number, out: number): void;
}

export const math = kernels as unknown as MathKernels;

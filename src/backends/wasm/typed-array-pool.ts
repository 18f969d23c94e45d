// Recycled kernel results (backends/temporaries.ts) kept for the next result of the same
// length and dtype. In a Chromium page the memory of a new typed array costs far more than
// rewriting one already touched (a fresh 40 KB Float32Array filled: 150-300 us there, 1-5 us
// in Node; rewritten: under 1 us), and a training step makes its backward pass's gradients
// anew every step. Only arrays nothing can reach are given here, so reusing one is invisible.
import type { DType, TypedArray } from '../../array/dtype';

export class TypedArrayPool {
  private readonly float32 = new Map<number, Float32Array[]>();
  private readonly int32 = new Map<number, Int32Array[]>();
  /** Guards against an array given twice (two results would then share it). */
  private readonly held = new WeakSet<TypedArray>();
  private heldBytes = 0;

  /** `maxBytes` bounds what is kept; an array beyond it is left to the collector. */
  constructor(private readonly maxBytes: number) {}

  get bytes(): number {
    return this.heldBytes;
  }

  /** A kept array of n elements (contents unspecified), or a new one. */
  take(n: number, dtype: DType): TypedArray {
    const kept = (dtype === 'int32' ? this.int32 : this.float32).get(n)?.pop();
    if (!kept) return dtype === 'int32' ? new Int32Array(n) : new Float32Array(n);
    this.held.delete(kept);
    this.heldBytes -= kept.byteLength;
    return kept;
  }

  give(a: TypedArray): void {
    if (this.held.has(a) || a.length === 0 || this.heldBytes + a.byteLength > this.maxBytes) return;
    const byLength: Map<number, TypedArray[]> = a instanceof Int32Array ? this.int32 : this.float32;
    let list = byLength.get(a.length);
    if (!list) byLength.set(a.length, list = []);
    list.push(a);
    this.held.add(a);
    this.heldBytes += a.byteLength;
  }
}

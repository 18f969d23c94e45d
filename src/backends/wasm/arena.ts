// Linear memory as a scratch arena. Arrays of the wasm backend live in ordinary typed
// arrays that the JavaScript collector owns; a kernel call copies its operands in above
// the heap base, runs, and copies its result out, then the arena is reset. Memory use is
// therefore the largest single call, and stays flat in a training loop however long it
// runs, synchronous or not, with no dispose() needed.
import type { TypedArray } from '../../array/dtype';
import { kernels } from './module';

export class Arena {
  private readonly memory = kernels.memory;
  private readonly base = kernels.heapBase();
  private top = this.base;
  private f32 = new Float32Array(this.memory.buffer);
  private i32 = new Int32Array(this.memory.buffer);

  /** Starts a kernel call: everything placed before is free again. */
  reset(): void {
    this.top = this.base;
  }

  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  /** Reserves `bytes` (16-byte aligned) and returns the pointer. */
  alloc(bytes: number): number {
    const ptr = this.top;
    const end = ptr + ((bytes + 15) & ~15);
    // The views' own length is the cheap bound to test; it is 0 once a grow elsewhere
    // (another arena on the same memory) detached them, which refreshes them too.
    if (end > this.f32.byteLength) {
      const have = this.memory.buffer.byteLength;
      if (end > have) this.memory.grow(Math.ceil((end - have) / 65536));
      this.f32 = new Float32Array(this.memory.buffer);
      this.i32 = new Int32Array(this.memory.buffer);
    }
    this.top = end;
    return ptr;
  }

  /** Copies an operand in. */
  put(data: TypedArray): number {
    const ptr = this.alloc(data.length * 4);
    if (data instanceof Int32Array) this.i32.set(data, ptr >> 2);
    else this.f32.set(data, ptr >> 2);
    return ptr;
  }

  /** Copies small integer arguments (shapes, strides) in. */
  putInts(values: readonly number[]): number {
    const ptr = this.alloc(Math.max(values.length, 1) * 4);
    for (let i = 0; i < values.length; i++) this.i32[(ptr >> 2) + i] = values[i];
    return ptr;
  }

  /** Copies a result out into a new typed array. */
  takeF32(ptr: number, n: number): Float32Array {
    return this.f32.slice(ptr >> 2, (ptr >> 2) + n);
  }

  takeI32(ptr: number, n: number): Int32Array {
    return this.i32.slice(ptr >> 2, (ptr >> 2) + n);
  }

  /** A live view into the arena (valid until the next alloc or reset). */
  viewF32(ptr: number, n: number): Float32Array {
    return this.f32.subarray(ptr >> 2, (ptr >> 2) + n);
  }

  viewI32(ptr: number, n: number): Int32Array {
    return this.i32.subarray(ptr >> 2, (ptr >> 2) + n);
  }
}

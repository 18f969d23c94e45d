// Where the wasm backend's kernel results come from. In a Chromium page the memory of a new
// typed array costs far more than rewriting one already touched (a fresh 40 KB Float32Array
// filled: 150-700 us there, the more the busier the machine, against a few us in Node;
// rewritten: under 1 us), and a training step makes its results anew every step. So:
// - recycled results (backends/temporaries.ts: arrays nothing can reach any more, a backward
//   pass's gradients) are kept for the next result of the same length and dtype;
// - new arrays of one length come four to an ArrayBuffer, which the page makes and sweeps
//   far fewer of (see the README's Performance section for what that gave; Node: no
//   difference). A kept array keeps at most the three others of its buffer alive.
import type { DType, TypedArray } from '../../array/dtype';
import { uninitializedArray, uninitializedBuffer } from '../../io/uninitialized';

/** New arrays per buffer, and the largest array that shares one (larger ones own theirs). */
const PER_BUFFER = 4;
const MAX_SHARED_BYTES = 256 * 1024;
/**
 * The bytes of the buffers with arrays still to hand out: beyond it the oldest is let go,
 * so lengths made once (a last smaller batch, varying shapes) hold little.
 */
const OPEN_BYTES = 4 * 1024 * 1024;

interface OpenBuffer {
  buffer: ArrayBuffer;
  /** Where the arrays' bytes begin in it, and how many there are. */
  offset: number;
  size: number;
  next: number;
}

/** New arrays, PER_BUFFER of one length and dtype to an ArrayBuffer. */
class SharedBuffers {
  /** By length (float32) or minus length (int32), oldest first. */
  private readonly open = new Map<number, OpenBuffer>();
  private openBytes = 0;

  make(n: number, dtype: DType): TypedArray {
    const bytes = n * 4;
    // Up to 64 bytes V8 keeps a typed array in its heap, which costs nothing to make.
    if (bytes <= 64) return dtype === 'int32' ? new Int32Array(n) : new Float32Array(n);
    // Every result is written whole (a copy out of linear memory, a fill): no zeroing first.
    if (bytes > MAX_SHARED_BYTES) return uninitializedArray(dtype, n);
    const key = dtype === 'int32' ? -n : n;
    let slot = this.open.get(key);
    if (!slot) {
      const size = bytes * PER_BUFFER;
      for (const [oldest, s] of this.open) {
        if (this.openBytes + size <= OPEN_BYTES) break;
        this.close(oldest, s);
      }
      const [buffer, offset] = uninitializedBuffer(size);
      slot = { buffer, offset, size, next: 0 };
      this.open.set(key, slot);
      this.openBytes += size;
    }
    const at = slot.offset + bytes * slot.next++;
    if (slot.next === PER_BUFFER) this.close(key, slot);
    return dtype === 'int32' ? new Int32Array(slot.buffer, at, n) : new Float32Array(slot.buffer, at, n);
  }

  private close(key: number, slot: OpenBuffer): void {
    this.open.delete(key);
    this.openBytes -= slot.size;
  }
}

export class TypedArrayPool {
  private readonly float32 = new Map<number, Float32Array[]>();
  private readonly int32 = new Map<number, Int32Array[]>();
  /** Guards against an array given twice (two results would then share it). */
  private readonly held = new WeakSet<TypedArray>();
  private heldBytes = 0;
  private readonly buffers = new SharedBuffers();

  /** `maxBytes` bounds what is kept; an array beyond it is left to the collector. */
  constructor(private readonly maxBytes: number) {}

  get bytes(): number {
    return this.heldBytes;
  }

  /** A kept array of n elements (contents unspecified), or a new one. */
  take(n: number, dtype: DType): TypedArray {
    const kept = (dtype === 'int32' ? this.int32 : this.float32).get(n)?.pop();
    if (!kept) return this.buffers.make(n, dtype);
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

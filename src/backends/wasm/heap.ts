// Resident blocks: arrays that live in wasm linear memory between kernel calls (parameters,
// their gradients, optimizer state), so that a kernel reads them where they are instead of
// copying them in. The heap is the low part of linear memory, [base, top); the scratch
// arena of each kernel call sits above `top`. Freed blocks go to a free list (first fit,
// neighbours merged); a freed block at the top lowers the top, so the scratch area and the
// heap never overlap and memory does not creep upward in a loop that frees what it takes.
import type { DType } from '../../array/dtype';

/**
 * The storage of a resident array: a span of linear memory, whether it was freed, and a
 * version that changes whenever a kernel may have written to it (what is derived from its
 * contents, such as a weight packed for the GEMM kernel, is stale once it changes).
 */
export class ResidentBlock {
  #freed = false;
  #version = 0;
  constructor(readonly ptr: number, readonly bytes: number, readonly length: number, readonly dtype: DType) {}

  get freed(): boolean {
    return this.#freed;
  }

  get version(): number {
    return this.#version;
  }

  /** Notes that the contents may change (its pointer went to a kernel that can write it). */
  mayChange(): void {
    this.#version++;
  }

  /** Marks the block freed; every later use of an array on it is an error. */
  markFreed(): void {
    this.#freed = true;
  }
}

interface Span {
  ptr: number;
  bytes: number;
}

/** Rounds a byte count up to the 16-byte alignment SIMD loads like (no 32-bit bit tricks). */
export function align16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

export class Heap {
  /** End of the heap: the scratch area of a kernel call starts here. */
  top: number;
  /** Free spans below `top`, sorted by address, never adjacent (merged on free). */
  private readonly spans: Span[] = [];
  private live = 0;
  private liveBytes = 0;
  private freeBytes = 0;

  constructor(base: number) {
    this.top = align16(base);
  }

  /** Blocks held and their bytes. */
  get blocks(): number { return this.live; }
  get bytes(): number { return this.liveBytes; }
  /** Bytes below the top kept for reuse. */
  get pooledBytes(): number { return this.freeBytes; }

  /**
   * Reserves `bytes` (16-byte aligned) and returns the pointer. `ensure(end)` must make
   * linear memory at least `end` bytes long (it throws where that is impossible).
   */
  alloc(bytes: number, ensure: (end: number) => void): number {
    const size = Math.max(align16(bytes), 16);
    for (let i = 0; i < this.spans.length; i++) {
      const s = this.spans[i];
      if (s.bytes < size) continue;
      const ptr = s.ptr;
      if (s.bytes === size) this.spans.splice(i, 1);
      else { s.ptr += size; s.bytes -= size; }
      this.freeBytes -= size;
      this.count(size);
      return ptr;
    }
    const ptr = this.top;
    ensure(ptr + size);
    this.top = ptr + size;
    this.count(size);
    return ptr;
  }

  free(ptr: number, bytes: number): void {
    const size = Math.max(align16(bytes), 16);
    this.live--;
    this.liveBytes -= size;
    if (ptr + size === this.top) {
      this.top = ptr;
      // The span just below may now end at the top: give it back as well.
      const last = this.spans[this.spans.length - 1];
      if (last && last.ptr + last.bytes === this.top) {
        this.spans.pop();
        this.freeBytes -= last.bytes;
        this.top = last.ptr;
      }
      return;
    }
    let i = 0;
    while (i < this.spans.length && this.spans[i].ptr < ptr) i++;
    this.spans.splice(i, 0, { ptr, bytes: size });
    this.freeBytes += size;
    // Merge with the following span, then with the preceding one.
    const next = this.spans[i + 1];
    if (next && ptr + size === next.ptr) {
      this.spans[i].bytes += next.bytes;
      this.spans.splice(i + 1, 1);
    }
    const prev = this.spans[i - 1];
    if (prev && prev.ptr + prev.bytes === ptr) {
      prev.bytes += this.spans[i].bytes;
      this.spans.splice(i, 1);
    }
  }

  private count(size: number): void {
    this.live++;
    this.liveBytes += size;
  }
}

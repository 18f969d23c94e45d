// Linear memory as the wasm backend sees it: resident blocks in a heap at the bottom (see
// heap.ts), and above them a scratch arena for one kernel call at a time. A call begins,
// places its operands (a resident operand is used where it lives; a JavaScript-owned one is
// copied in), runs, and copies its result out; the next call starts from the heap's top
// again. Memory use is therefore the resident arrays plus the largest single call, and stays
// flat in a training loop however long it runs, synchronous or not, with no dispose().
//
// Pointers are byte offsets up to 4 GiB: they are divided, never shifted, since a signed
// 32-bit shift turns an offset past 2 GiB negative.
import type { DType, TypedArray } from '../../array/dtype';
import { shapeString } from '../../array/shape';
import { usedAfterFree, type Operand } from '../backend';
import { kernels } from './module';
import { Heap, ResidentBlock, align16 } from './heap';

/** The largest linear memory wasm32 can address: 65,536 pages of 64 KiB. */
export const WASM32_MAX_BYTES = 65536 * 65536;

/** Where an operand's elements are: a JavaScript typed array or a resident block. */
export type WasmStorage = TypedArray | ResidentBlock;

/** One per module instance: the heap's bookkeeping must be the only one over its memory. */
export class Arena {
  private readonly memory = kernels.memory;
  readonly heap = new Heap(kernels.heapBase());
  private top = this.heap.top;
  private f32 = new Float32Array(this.memory.buffer);
  private i32 = new Int32Array(this.memory.buffer);
  /** The call in progress and its operands, named in errors. */
  private label = '';
  private operands: readonly Operand[] = [];

  /**
   * Starts a kernel call: the scratch placed before is free again. An operand whose
   * storage is still to be made (NDArray.isPending: a parameter's initial values) is made
   * first, as a resident block can only be placed between calls.
   */
  begin(label: string, operands: readonly Operand[]): void {
    for (const x of operands) void x.storage;
    this.label = label;
    this.operands = operands;
    this.top = this.heap.top;
  }

  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  /** Reserves `bytes` (16-byte aligned) of scratch and returns the pointer. */
  alloc(bytes: number): number {
    const ptr = this.top;
    const end = ptr + align16(bytes);
    this.ensure(end, bytes);
    this.top = end;
    return ptr;
  }

  /** Makes linear memory at least `end` bytes long, or throws a RangeError naming the call. */
  private ensure(end: number, request: number): void {
    // The views' own length is the cheap bound to test; views made before a grow elsewhere
    // are shorter than the memory (shared memory) or empty (detached), and get refreshed.
    if (end <= this.f32.byteLength) return;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      if (end > WASM32_MAX_BYTES) throw this.tooLarge(end, request);
      try {
        this.memory.grow(Math.ceil((end - have) / 65536));
      } catch {
        throw this.tooLarge(end, request, 'the runtime refused to grow wasm memory that far');
      }
    }
    this.f32 = new Float32Array(this.memory.buffer);
    this.i32 = new Int32Array(this.memory.buffer);
  }

  private tooLarge(end: number, request: number, why?: string): RangeError {
    const shapes = this.operands.map((x) => `${shapeString(x.shape)} ${x.dtype}`).join(', ');
    return new RangeError(`${this.label}: needs ${end.toLocaleString('en-US')} bytes of wasm memory ` +
      `(a block of ${request.toLocaleString('en-US')} bytes${shapes ? ` for operands ${shapes}` : ''}); ` +
      (why ?? `wasm32 addresses at most 4 GiB (${WASM32_MAX_BYTES.toLocaleString('en-US')} bytes)`));
  }

  /** The pointer of an operand: where a resident one lives, or a scratch copy of a JavaScript one. */
  put(x: Operand): number {
    const s = this.storageOf(x);
    if (s instanceof ResidentBlock) return this.resident(x, s);
    const ptr = this.alloc(s.length * 4);
    this.write(ptr, s);
    return ptr;
  }

  /**
   * The pointer of a resident operand, checking that it is alive. Whoever asks may write
   * there, so the block's version moves on (putRead is for operands a kernel only reads).
   */
  resident(x: Operand, s: ResidentBlock): number {
    const ptr = this.residentRead(x, s);
    s.mayChange();
    return ptr;
  }

  /** put() for an operand the kernel only reads: a resident block keeps its version. */
  putRead(x: Operand): number {
    const s = this.storageOf(x);
    return s instanceof ResidentBlock ? this.residentRead(x, s) : this.put(x);
  }

  /**
   * An operand's storage. One still to be made must be named at begin(): made once scratch
   * is in use, its resident block would be placed over that scratch.
   */
  private storageOf(x: Operand): WasmStorage {
    if ((x as { isPending?: boolean }).isPending && this.top !== this.heap.top) {
      throw new Error(`${this.label}: internal error: an operand (${shapeString(x.shape)} ${x.dtype}) whose storage is ` +
        'still to be made was not named when the call began');
    }
    return x.storage as WasmStorage;
  }

  private residentRead(x: Operand, s: ResidentBlock): number {
    if (s.freed) {
      throw usedAfterFree(this.label, x);
    }
    return s.ptr;
  }

  private write(ptr: number, data: TypedArray): void {
    if (data instanceof Int32Array) this.i32.set(data, ptr / 4);
    else this.f32.set(data, ptr / 4);
  }

  /** Copies small integer arguments (shapes, strides) in. */
  putInts(values: readonly number[]): number {
    const ptr = this.alloc(Math.max(values.length, 1) * 4);
    const at = ptr / 4;
    for (let i = 0; i < values.length; i++) this.i32[at + i] = values[i];
    return ptr;
  }

  /** Copies a result out into a new typed array (new + set: slice() of a wasm view is slow in browsers). */
  take(ptr: number, n: number, dtype: DType): TypedArray {
    const out = dtype === 'int32' ? new Int32Array(n) : new Float32Array(n);
    out.set(this.view(ptr, n, dtype));
    return out;
  }

  /** A live view into linear memory (valid until the next allocation grows it). */
  view(ptr: number, n: number, dtype: DType): TypedArray {
    const at = ptr / 4;
    return dtype === 'int32' ? this.i32.subarray(at, at + n) : this.f32.subarray(at, at + n);
  }

  /** A live view of n bytes at ptr (valid until the next allocation grows memory). */
  viewBytes(ptr: number, n: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, ptr, n);
  }

  viewF32(ptr: number, n: number): Float32Array {
    return this.view(ptr, n, 'float32') as Float32Array;
  }

  viewI32(ptr: number, n: number): Int32Array {
    return this.view(ptr, n, 'int32') as Int32Array;
  }

  // ------------------------------------------------------------ resident blocks

  /** A new resident block holding a copy of x. */
  keep(x: Operand): ResidentBlock {
    this.begin('keep (a resident copy)', [x]);
    const s = x.storage as WasmStorage;
    const n = s.length;
    const block = this.allocResident(n, x.dtype);
    if (s instanceof ResidentBlock) {
      const from = this.resident(x, s);
      this.view(block.ptr, n, x.dtype).set(this.view(from, n, x.dtype));
    } else {
      this.write(block.ptr, s);
    }
    return block;
  }

  /** A new resident block of n elements (contents unspecified). */
  allocResident(n: number, dtype: DType): ResidentBlock {
    const bytes = n * 4;
    // Resident blocks are placed between calls: the scratch of the last call is free.
    this.top = this.heap.top;
    const ptr = this.heap.alloc(bytes, (end) => this.ensure(end, bytes));
    this.top = this.heap.top;
    return new ResidentBlock(ptr, bytes, n, dtype);
  }

  release(block: ResidentBlock): void {
    if (block.freed) return;
    block.markFreed();
    this.heap.free(block.ptr, block.bytes);
    this.top = this.heap.top;
  }
}

/** The arena of the kernel module's linear memory. */
export const linearMemory = new Arena();

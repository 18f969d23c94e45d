// Weights packed once for the GEMM kernel instead of once per product. The kernel packs
// op(B) into panels before multiplying; a layer's forward x W^T packs W every call, which
// for a few rows of x costs about as much as the product (a recurrent step, 20x650 by
// 650x2600: 1.37x the speed with W packed beforehand; batch 100 with 1000x1000: 1.07-1.09x).
// A single row of x (batch-1 inference) reads W as it lies, four rows at a time; packed so
// that each four rows are one stream (gemv_pack_rows), the same product runs faster: that
// is a copy of its own, the `rows` layout.
// A resident B read transposed gets its packed copy on the second product that reads the
// same contents (a weight that changes after every product, as in training an MLP, is never
// packed twice), and keeps it while the block's version stays: any kernel given the block's
// pointer to write (an optimizer update, accumulation, a result written into it) moves the
// version on (arena.resident), and the next product repacks. The copy goes when the block
// is released, and all copies together stay within `budget` (256 MiB unless set).
import { type Arena } from './arena';
import { ResidentBlock } from './heap';
import { kernels } from './module';
import { pool } from './thread-pool';

/** Linear memory the packed copies may hold at most, together, unless the user says otherwise. */
const DEFAULT_BUDGET_BYTES = 256 * 1024 * 1024;

/** `panels`: op(B) for the GEMM kernel (gemm_pack_b); `rows`: for matrix-vector products (gemv_pack_rows). */
export type PackedLayout = 'panels' | 'rows';

interface Copy {
  block: ResidentBlock;
  /** The weight's version when the copy was made. */
  version: number;
}

interface Entry {
  N: number;
  K: number;
  /** The block's version at the last product that read it. */
  seen: number;
  copies: Partial<Record<PackedLayout, Copy>>;
}

const layouts: Record<PackedLayout, {
  bytes(N: number, K: number): number;
  pack(N: number, K: number, src: number, dst: number, parts: number): void;
}> = {
  panels: {
    bytes: (N, K) => kernels.gemm_packed_b_bytes(N, K),
    pack: (N, K, src, dst, parts) => pool.run('gemm_pack_b', [1, N, K, src, K, dst], parts),
  },
  rows: {
    bytes: (N, K) => kernels.gemv_packed_rows_bytes(N, K),
    pack: (N, K, src, dst, parts) => pool.run('gemv_pack_rows', [N, K, src, K, dst], parts),
  },
};

export class PackedWeights {
  private readonly entries = new Map<ResidentBlock, Entry>();
  private heldBytes = 0;
  #budget = DEFAULT_BUDGET_BYTES;

  constructor(private readonly arena: Arena) {}

  /** Bytes the copies may hold together; lowering it below what they hold frees them all. */
  get budget(): number {
    return this.#budget;
  }

  set budget(bytes: number) {
    this.#budget = bytes;
    if (this.heldBytes <= bytes) return;
    for (const e of this.entries.values()) this.freeCopies(e);
  }

  /** Packed copies alive, and their bytes. */
  get blocks(): number {
    let n = 0;
    for (const e of this.entries.values()) n += Object.keys(e.copies).length;
    return n;
  }

  get bytes(): number {
    return this.heldBytes;
  }

  /**
   * `block`, the row-major N x K matrix B of a product that reads it transposed, packed in
   * `layout`, or 0 when this product reads or packs it itself. Call before the product takes
   * scratch memory: packing a first copy places a resident block.
   */
  of(block: ResidentBlock, layout: PackedLayout, N: number, K: number, parts: number): number {
    const e = this.entries.get(block);
    if (!e || e.N !== N || e.K !== K) {
      this.drop(block);
      this.entries.set(block, { N, K, seen: block.version, copies: {} });
      return 0;
    }
    const copy = e.copies[layout];
    if (copy && copy.version === block.version) return copy.block.ptr;
    if (e.seen !== block.version) {
      e.seen = block.version;
      return 0;
    }
    // The second product with these contents: pack them for it and those that follow.
    const kind = layouts[layout];
    let made = copy;
    if (!made) {
      const bytes = kind.bytes(N, K);
      if (bytes <= 0 || this.heldBytes + bytes > this.#budget) return 0;
      made = e.copies[layout] = { block: this.arena.allocResident(bytes / 4, 'float32'), version: -1 };
      this.heldBytes += bytes;
    }
    kind.pack(N, K, block.ptr, made.block.ptr, parts);
    made.version = block.version;
    return made.block.ptr;
  }

  /** Forgets `block` (it is being released), freeing its packed copies. */
  drop(block: ResidentBlock): void {
    const e = this.entries.get(block);
    if (!e) return;
    this.freeCopies(e);
    this.entries.delete(block);
  }

  private freeCopies(e: Entry): void {
    for (const copy of Object.values(e.copies)) {
      this.heldBytes -= copy.block.bytes;
      this.arena.release(copy.block);
    }
    e.copies = {};
  }
}

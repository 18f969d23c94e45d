// Weights packed once for the GEMM kernel instead of once per product. The kernel packs
// op(B) into panels before multiplying; a layer's forward x W^T packs W every call, which
// for a few rows of x costs about as much as the product (a recurrent step, 20x650 by
// 650x2600: 1.37x the speed with W packed beforehand; batch 100 with 1000x1000: 1.07-1.09x).
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

interface Entry {
  N: number;
  K: number;
  /** The block's version at the last product that read it. */
  seen: number;
  packed: ResidentBlock | null;
  /** The block's version when `packed` was made. */
  packedVersion: number;
}

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
    for (const e of this.entries.values()) this.freeCopy(e);
  }

  /** Packed copies alive, and their bytes. */
  get blocks(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.packed) n++;
    return n;
  }

  get bytes(): number {
    return this.heldBytes;
  }

  /**
   * The packed op(B) (gemm_pack_b's layout) of `block`, the row-major N x K matrix B of a
   * product that reads it transposed, or 0 when this product packs it itself. Call before
   * the product takes scratch memory: packing a first copy places a resident block.
   */
  of(block: ResidentBlock, N: number, K: number, parts: number): number {
    const e = this.entries.get(block);
    if (!e || e.N !== N || e.K !== K) {
      this.drop(block);
      this.entries.set(block, { N, K, seen: block.version, packed: null, packedVersion: -1 });
      return 0;
    }
    if (e.packed && e.packedVersion === block.version) return e.packed.ptr;
    if (e.seen !== block.version) {
      e.seen = block.version;
      return 0;
    }
    // The second product with these contents: pack them for it and those that follow.
    if (!e.packed) {
      const bytes = kernels.gemm_packed_b_bytes(N, K);
      if (this.heldBytes + bytes > this.#budget) return 0;
      e.packed = this.arena.allocResident(bytes / 4, 'float32');
      this.heldBytes += bytes;
    }
    pool.run('gemm_pack_b', [1, N, K, block.ptr, K, e.packed.ptr], parts);
    e.packedVersion = block.version;
    return e.packed.ptr;
  }

  /** Forgets `block` (it is being released), freeing its packed copy. */
  drop(block: ResidentBlock): void {
    const e = this.entries.get(block);
    if (!e) return;
    this.freeCopy(e);
    this.entries.delete(block);
  }

  private freeCopy(e: Entry): void {
    if (!e.packed) return;
    this.heldBytes -= e.packed.bytes;
    this.arena.release(e.packed);
    e.packed = null;
  }
}

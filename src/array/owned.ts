// Ownership of long-lived arrays. An owner (a Parameter for its data and gradient, an update
// rule for its state) keeps its arrays resident on their backend, where kernels read them
// without a copy and update them in place. The lifetime rule:
//
// - The owner frees an array when it replaces it (new data, a cleared gradient) or when the
//   owner is disposed. Freeing is immediate and deterministic: a synchronous training loop
//   of any length holds exactly what its owners hold.
// - An array an owner handed out keeps the owner alive (NDArray.owner), so an array in the
//   user's hands is never freed behind their back by the collector.
// - Using an array after its owner freed it throws a clear error, never reads stale data.
// - Only as a backstop, an owner that is collected without dispose() returns its arrays
//   when the runtime runs finalizers (between tasks; never inside a synchronous job).
//
// Everything else (activations, intermediate results) is a temporary that the backend may
// hand to the garbage collector (the wasm backend's typed arrays).
import { type Backend, type Storage, usedAfterFree } from '../backends/backend';
import { NDArray } from './ndarray';

/**
 * What the backstop frees: storage and its backend, never the array (which keeps its owner
 * alive). The storage of a pending array is null until it is made.
 */
interface Held {
  backend: Backend;
  storage: Storage | null;
  freed?: boolean;
}

const backstop = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry<Set<Held>>((held) => { for (const h of held) free(h); held.clear(); })
  : null;

function free(h: Held): void {
  h.freed = true;
  if (h.storage !== null) h.backend.release(h.storage);
}

export class OwnedArrays {
  readonly #owner: object;
  readonly #held = new Set<Held>();
  #byArray = new WeakMap<NDArray, Held>();

  constructor(owner: object) {
    this.#owner = owner;
    backstop?.register(owner, this.#held, this);
  }

  /**
   * A resident copy of x that this owner holds (x itself is left alone). The copy of a
   * pending array (NDArray.isPending) that no owner holds is pending too: made from x on
   * first use, never if this owner replaces it first. One another owner holds is copied
   * now, as that owner may free it before the copy is used.
   */
  adopt(x: NDArray): NDArray {
    if (!x.isPending || x.owner !== null) return this.hold(x.backend.keep(x), x);
    const held: Held = { backend: x.backend, storage: null };
    return this.track(held, new NDArray(() => {
      if (held.freed) throw usedAfterFree(x.backend.name, x);
      return held.storage = x.backend.keep(x);
    }, x.shape, x.dtype, x.backend, this.#owner));
  }

  /** A new resident array shaped like x whose contents are unspecified (to be overwritten). */
  reserve(like: NDArray): NDArray {
    return this.hold(like.backend.reserve(like.size, like.dtype), like);
  }

  private hold(storage: Storage, like: NDArray): NDArray {
    return this.track({ backend: like.backend, storage }, new NDArray(storage, like.shape, like.dtype, like.backend, this.#owner));
  }

  private track(held: Held, kept: NDArray): NDArray {
    this.#held.add(held);
    this.#byArray.set(kept, held);
    return kept;
  }

  /** True when x is one of the arrays this owner holds (and has not freed). */
  holds(x: NDArray | null | undefined): x is NDArray {
    return !!x && this.#byArray.has(x);
  }

  /** Frees x now if this owner holds it; anything else is left alone. */
  release(x: NDArray | null | undefined): void {
    if (!x) return;
    const held = this.#byArray.get(x);
    if (!held) return;
    this.#byArray.delete(x);
    this.#held.delete(held);
    free(held);
  }

  /** Frees every array this owner holds. */
  releaseAll(): void {
    for (const h of this.#held) free(h);
    this.#held.clear();
    this.#byArray = new WeakMap();
  }

  /** Number of the arrays held. */
  get count(): number {
    return this.#held.size;
  }
}

// Temporaries proved unreachable before the collector could know it. The backward walk
// (core/backward.ts) opens a ledger; while one is open a backend that can reuse memory notes
// each temporary it makes; the walk hands back the noted ones that no gradient in flight, no
// leaf and no code it cannot vouch for can reach any more, and the backend reuses them for
// its next results. A function's own scratch goes back the same way (scratch()). In a
// browser the memory of a new typed array costs far more than rewriting one already touched
// (see the wasm backend's TypedArrayPool).
import type { Backend, Storage } from './backend';

export class TemporaryLedger {
  /** Noted and neither handed back nor given up, with the backend that made each. */
  private readonly made = new Map<Storage, Backend>();

  note(backend: Backend, storage: Storage): void {
    this.made.set(storage, backend);
  }

  /** Gives up everything noted so far: code the walk cannot vouch for may hold it. */
  abandon(): void {
    this.made.clear();
  }

  /** Hands every noted temporary that `live` does not hold back to its backend. */
  handBack(live: ReadonlySet<Storage>): void {
    for (const [storage, backend] of this.made) {
      if (live.has(storage)) continue;
      this.made.delete(storage);
      backend.recycle?.(storage);
    }
  }

  /** Moves what is still noted to `outer`, as if it had been made there. */
  passTo(outer: TemporaryLedger): void {
    for (const [storage, backend] of this.made) outer.note(backend, storage);
    this.made.clear();
  }
}

let open: TemporaryLedger | null = null;

/** Notes a temporary a backend just made, when a ledger is open. */
export function noteTemporary(backend: Backend, storage: Storage): void {
  open?.note(backend, storage);
}

/** Runs fn with a new ledger open (the one open before is closed meanwhile: it notes nothing of fn's). */
export function withLedger<T>(fn: (ledger: TemporaryLedger) => T): T {
  const outer = open;
  const ledger = new TemporaryLedger();
  open = ledger;
  try {
    return fn(ledger);
  } finally {
    open = outer;
  }
}

/**
 * Runs fn and hands back every temporary it made except the storages `results` names: for
 * the scratch of a function, which nothing outside it can reach. What it keeps counts as
 * made by the caller (a ledger open around it notes it).
 */
export function scratch<T>(fn: () => T, results: (result: T) => Iterable<Storage>): T {
  const outer = open;
  let ledger!: TemporaryLedger;
  const result = withLedger((l) => { ledger = l; return fn(); });
  ledger.handBack(new Set(results(result)));
  if (outer) ledger.passTo(outer);
  return result;
}

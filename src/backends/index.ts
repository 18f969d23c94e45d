// Backend registry and selection: `backend.use('auto' | 'wasm' | 'webgl')`.
import type { Backend, BackendName, MemoryInfo } from './backend';
import { showValue } from '../util/options';
import { WasmBackend } from './wasm/wasm-backend';
import { pool } from './wasm/thread-pool';
import { type ContextLostListener, offContextLost, onContextLost, recover } from './context-loss';

const registry = new Map<BackendName, () => Backend | null>();
const instances = new Map<BackendName, Backend>();
/** Why a registered backend's factory returned null, for the error of `use`. */
const reasons = new Map<BackendName, () => string>();
registry.set('wasm', () => new WasmBackend());
// webgl registers itself from webgl/register.ts, which the full library imports and
// kusari/infer leaves out.

let active: Backend | null = null;

/**
 * Registers a backend factory; the factory returns null where the backend cannot run,
 * and `reason` then says why.
 */
export function registerBackend(name: BackendName, factory: () => Backend | null, reason?: () => string): void {
  registry.set(name, factory);
  instances.delete(name);
  if (reason) reasons.set(name, reason);
  else reasons.delete(name);
}

/** The backend instance for a name, or null when it is unavailable in this runtime. */
export function findBackend(name: BackendName): Backend | null {
  let b = instances.get(name);
  if (b) return b;
  const make = registry.get(name);
  if (!make) return null;
  b = make() ?? undefined;
  if (b) {
    instances.set(name, b);
    const lost = b;
    b.onLoss?.(() => fallBackFrom(lost));
  }
  return b ?? null;
}

/**
 * What happens when a backend loses its storage: wasm takes over (new arrays go there),
 * then models and optimizer states are restored there from their checkpoints and the
 * user is told (context-loss.ts). The lost backend stays registered and refuses every use.
 */
function fallBackFrom(lost: Backend): BackendName {
  const fallback = getBackend('wasm');
  if (active === null || active === lost) active = fallback;
  recover(lost, fallback);
  return fallback.name;
}

export function getBackend(name: BackendName): Backend {
  const b = findBackend(name);
  if (!b) {
    if (typeof name !== 'string') throw new TypeError(`backend: a backend is named by a string ('wasm' or 'webgl'), got ${showValue(name)}`);
    const why = reasons.get(name)?.();
    throw new Error(`backend: '${name}' is not available in this runtime${why ? `: ${why}` : ''} (available: ${available().join(', ')})`);
  }
  return b;
}

/** The backends made so far (the ones that can hold arrays). */
export function instantiated(): Backend[] {
  return [...instances.values()];
}

/** Names of the backends that can run here (a backend that lost its context no longer can). */
export function available(): BackendName[] {
  return [...registry.keys()].filter((n) => { const b = findBackend(n); return b !== null && !b.lost; });
}

/** Chooses where new arrays live. 'auto' picks webgl where it runs, else wasm. */
export function use(name: BackendName | 'auto'): Backend {
  if (name === 'auto') {
    const webgl = findBackend('webgl');
    active = webgl && !webgl.lost ? webgl : getBackend('wasm');
  } else if (name !== 'wasm' && name !== 'webgl') throw new Error(`backend.use: unknown backend ${showValue(name)} (expected 'auto', 'wasm' or 'webgl')`);
  else {
    let b = getBackend(name);
    // Asked for by name after a loss: a new context, where the browser gives one (the
    // model goes back with toDevice; its optimizer state follows at the next update).
    if (b.lost) {
      instances.delete(name);
      const fresh = findBackend(name);
      if (!fresh || fresh.lost) {
        instances.set(name, b);
        throw new Error(`backend.use: '${name}' lost its context and no new one can be made${fresh ? '' : `: ${reasons.get(name)?.() ?? 'unavailable'}`}`);
      }
      b = fresh;
    }
    active = b;
  }
  return active;
}

/**
 * Listens to backend events. 'contextlost': a backend (webgl) lost its storage; by the time
 * the listener runs, models and optimizer states are back on wasm from their last checkpoint
 * (see ContextLostEvent). Returns a function that removes the listener.
 */
export function on(event: 'contextlost', listener: ContextLostListener): () => void {
  if (event !== 'contextlost') throw new Error(`backend.on: unknown event '${String(event)}' (expected 'contextlost')`);
  return onContextLost(listener);
}

export function off(event: 'contextlost', listener: ContextLostListener): void {
  if (event !== 'contextlost') throw new Error(`backend.off: unknown event '${String(event)}' (expected 'contextlost')`);
  offContextLost(listener);
}

export function currentBackend(): Backend {
  return active ?? (active = getBackend('wasm'));
}

/** The name of the backend new arrays go to. */
export function current(): BackendName {
  return currentBackend().name;
}

export function memory(name?: BackendName): MemoryInfo {
  return (name ? getBackend(name) : currentBackend()).memory();
}

/**
 * Threads the wasm backend splits large kernels over (GEMM, convolutions, float maps,
 * optimizer updates): min(cores, 4) by default where the runtime allows shared memory, 1
 * elsewhere (a browser page that is not cross-origin isolated). Workers start on first
 * use; until they are up, work runs on the calling thread. Results do not depend on it.
 */
export function threads(): number {
  return pool.threads();
}

/**
 * Asks for n threads (an integer from 1 to 64) and returns the number in effect: n where
 * the runtime allows shared memory, 1 where it does not. Workers never keep a process alive.
 */
export function setThreads(n: number): number {
  return pool.setThreads(n);
}

export type { Backend, BackendName, MemoryInfo } from './backend';
export { ContextLostError, checkpointPeriod, type CheckpointPeriod, type ContextLostEvent, type ContextLostListener } from './context-loss';

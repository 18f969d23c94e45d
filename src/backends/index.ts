// Backend registry and selection: `backend.use('auto' | 'wasm' | 'webgl')`.
import type { Backend, BackendName, MemoryInfo } from './backend';
import { WasmBackend } from './wasm/wasm-backend';
import { pool } from './wasm/thread-pool';

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
  if (b) instances.set(name, b);
  return b ?? null;
}

export function getBackend(name: BackendName): Backend {
  const b = findBackend(name);
  if (!b) {
    const why = reasons.get(name)?.();
    throw new Error(`backend: '${name}' is not available in this runtime${why ? `: ${why}` : ''} (available: ${available().join(', ')})`);
  }
  return b;
}

/** The backends made so far (the ones that can hold arrays). */
export function instantiated(): Backend[] {
  return [...instances.values()];
}

/** Names of the backends that can run here. */
export function available(): BackendName[] {
  return [...registry.keys()].filter((n) => findBackend(n) !== null);
}

/** Chooses where new arrays live. 'auto' picks webgl where it runs, else wasm. */
export function use(name: BackendName | 'auto'): Backend {
  if (name === 'auto') active = findBackend('webgl') ?? getBackend('wasm');
  else if (name !== 'wasm' && name !== 'webgl') throw new Error(`backend.use: unknown backend '${String(name)}' (expected 'auto', 'wasm' or 'webgl')`);
  else active = getBackend(name);
  return active;
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

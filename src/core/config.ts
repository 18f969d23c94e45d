// Global configuration, as chainer.config: read by functions at call time.
//
// usingConfig changes one value for the duration of a call. A synchronous call changes it in
// place and restores it on return: nothing else runs meanwhile, and it stays as cheap as an
// assignment. An async function may be suspended while other tasks run, so where the runtime
// tracks tasks (AsyncLocalStorage in Node and Deno) it gets a scope of its own, seen by
// everything it awaits and by nobody else. Elsewhere (browsers), and for plain functions that
// return a promise, the change is shared until the promise settles; scopes that end out of
// order throw, and the values are still restored as if they had ended in order.
import { inspectAs } from '../io/inspect';
import { taskLocalStorage, type TaskLocal } from '../io/task-local';
import { showValue } from '../util/options';

export interface Config {
  /** Training mode: dropout drops, batch normalization uses batch statistics. */
  train: boolean;
  /** Whether calls record the graph for backward. */
  enableBackprop: boolean;
  /** Whether functions check their arguments (always on unless turned off for speed). */
  typeCheck: boolean;
  [key: string]: unknown;
}

type Layer = Record<string, unknown>;

/** The values outside every async scope. */
const base: Layer = { train: true, enableBackprop: true, typeCheck: true };
/**
 * The values of the running task's async scope: its own key over the layer it began in.
 * Made for the first async scope (in Deno, node:async_hooks starts its Node compatibility
 * layer, ~40 ms that a script with no async scope should not pay); null without one.
 */
let scopeStorage: TaskLocal<Layer> | null | undefined;
const scopes = (): TaskLocal<Layer> | null => (scopeStorage === undefined ? (scopeStorage = taskLocalStorage<Layer>()) : scopeStorage);
/** Until an async scope has begun, every value is read from base directly. */
let scoped = false;

function layer(): Layer {
  return scoped ? scopes()!.getStore() ?? base : base;
}

/** The layer that holds name for the running task: the innermost scope that set it, or base. */
function owner(name: string): Layer {
  let l = layer();
  while (l !== base && !Object.hasOwn(l, name)) l = Object.getPrototypeOf(l) as Layer;
  return l;
}

export const config = {} as Config;
const exposed = new Set<string>();

/** Makes config[name] read and write the running task's value. */
function expose(name: string): void {
  if (exposed.has(name)) return;
  exposed.add(name);
  // A key first set by plain assignment (config.foo = 1) moves into base.
  if (Object.hasOwn(config, name)) { base[name] = config[name]; delete config[name]; }
  else if (!Object.hasOwn(base, name)) base[name] = undefined;
  Object.defineProperty(config, name, {
    get: () => layer()[name],
    set: (value: unknown) => { owner(name)[name] = value; },
    enumerable: true,
    configurable: true,
  });
}
for (const name of Object.keys(base)) expose(name);
// Consoles would show the accessors; show the running task's values.
inspectAs(config, (c) => `{ ${Object.keys(c).map((k) => `${k}: ${showValue(c[k])}`).join(', ')} }`);

const AsyncFunction = (async () => {}).constructor;

/** A change shared by all tasks until its promise settles, in the order changes began. */
interface SharedChange { layer: Layer; name: string; old: unknown }
const sharedChanges: SharedChange[] = [];

function overlapError(change: SharedChange, running: SharedChange[], cause?: unknown): Error {
  const others = running.map((c) => `usingConfig('${c.name}')`).join(', ');
  const fix = scopes()
    ? 'pass an async function (async () => await ...), whose scope then belongs to its own task, or await one scope before starting the next'
    : 'this runtime has no AsyncLocalStorage to keep concurrent tasks apart, so await one scope before starting the next';
  return new Error(`usingConfig('${change.name}'): this async scope ended while ${others}, begun after it, is still running; `
    + `both shared one configuration meanwhile, each seeing the other's values. The values are restored; ${fix}`, { cause });
}

/** Restores a shared change when its promise settles; throws if a later change is still running. */
function untilSettled<T>(change: SharedChange, promise: Promise<T>): Promise<T> {
  sharedChanges.push(change);
  const end = (error?: unknown): void => {
    const i = sharedChanges.indexOf(change);
    sharedChanges.splice(i, 1);
    const running = sharedChanges.slice(i);
    // A later change of the same value restores what this one found when it ends.
    const later = running.find((c) => c.layer === change.layer && c.name === change.name);
    if (later) later.old = change.old;
    else change.layer[change.name] = change.old;
    if (running.length) throw overlapError(change, running, error);
  };
  return promise.then((v) => { end(); return v; }, (e) => { end(e); throw e; });
}

/**
 * Runs fn with config[name] = value and restores the old value afterwards, also when fn
 * throws or, for an async fn, when its promise settles. An async function's value is its
 * own where the runtime tracks tasks (Node, Deno): concurrent tasks keep theirs.
 */
export function usingConfig<T>(name: string, value: unknown, fn: () => T): T {
  if (typeof fn !== 'function') throw new TypeError(`usingConfig: the third argument must be the function to run with config.${String(name)} set, got ${showValue(fn)}`);
  expose(name);
  const storage = fn instanceof AsyncFunction ? scopes() : null;
  if (storage) {
    scoped = true;
    const scope = Object.create(layer()) as Layer;
    scope[name] = value;
    return storage.run(scope, fn);
  }
  const target = owner(name);
  const old = target[name];
  target[name] = value;
  let result: T;
  try {
    result = fn();
  } catch (e) {
    target[name] = old;
    throw e;
  }
  if (result instanceof Promise) return untilSettled({ layer: target, name, old }, result) as T;
  target[name] = old;
  return result;
}

/** Runs fn without recording the graph (chainer.no_backprop_mode). */
export function noBackpropMode<T>(fn: () => T): T {
  return usingConfig('enableBackprop', false, fn);
}

/** Runs fn recording the graph even inside noBackpropMode (chainer.force_backprop_mode). */
export function forceBackpropMode<T>(fn: () => T): T {
  return usingConfig('enableBackprop', true, fn);
}

// Surviving a backend whose storage can vanish: a WebGL context that the browser drops (GPU
// reset, too many contexts, a tab in the background). Every texture is gone at once, so what
// must survive is copied to the host beforehand by checkpoints (optimizers/checkpoint.ts),
// and on loss:
//
//   1. the lost backend refuses every later use with a ContextLostError (no zeros read back
//      from a dead context, no kernel writing into nothing),
//   2. new arrays go to the fallback backend (wasm),
//   3. each recovery (one per optimizer being checkpointed) puts its model and state back
//      on the fallback from its last checkpoint,
//   4. the user is told once: a console warning and the 'contextlost' event.
//
// This file knows no GL and no optimizer: backends report a loss here, optimizers register
// their recoveries here.
import type { Backend, BackendName } from './backend';
import { showValue } from '../util/options';

/** What a listener of 'contextlost' receives. */
export interface ContextLostEvent {
  readonly type: 'contextlost';
  /** The backend that lost its storage. */
  readonly backend: BackendName;
  /** Where the arrays went and new arrays now go. */
  readonly fallback: BackendName;
  /**
   * The models and optimizer states put back from a checkpoint, one per optimizer: the
   * optimizer's update count now (`t`) and how many updates were undone since the
   * checkpoint (`rolledBack`).
   */
  readonly restored: readonly { t: number; rolledBack: number }[];
  /** The largest rolledBack (0 without optimizers). */
  readonly rolledBack: number;
  /** The warning printed to the console. */
  readonly message: string;
}

export type ContextLostListener = (event: ContextLostEvent) => void;

/**
 * Thrown by every use of an array of a lost backend, and by the call (a kernel, a read)
 * that found the loss. By then the recovery has run: a training step that catches it can
 * run again on the fallback backend (the Trainer's updater does).
 */
export class ContextLostError extends Error {
  constructor(readonly backend: BackendName, readonly fallback: BackendName, what: string) {
    super(`${backend}: ${what}: the ${backend === 'webgl' ? 'WebGL context' : 'device'} was lost and its arrays with it; ` +
      `models and optimizer states went back to their last checkpoint on '${fallback}' and new arrays go there ` +
      '(redo this step; arrays made on the lost backend must be made again)');
    this.name = 'ContextLostError';
  }
}

/** Puts the arrays its owners keep back on `fallback`; returns what it restored (per optimizer). */
export type Recovery = (lost: Backend, fallback: Backend) => readonly { t: number; rolledBack: number }[];

/**
 * How often a model training on a backend that can lose its storage is copied to the host:
 * after an update once `updates` updates or `ms` milliseconds have passed since the last
 * copy began, whichever comes first. A loss undoes at most about that much training.
 */
export interface CheckpointPeriod {
  updates: number;
  ms: number;
}

// A checkpoint of the article MLP with Adam costs about 10 ms of the main thread (README,
// "When the browser drops the WebGL context"): every 100 updates that is 0.1 ms per step.
// 10 s bounds what a model of slow steps loses, and its cost to a fraction of a percent.
const period: CheckpointPeriod = { updates: 100, ms: 10_000 };

/** Reads, or changes then reads, the checkpoint period (see CheckpointPeriod). */
export function checkpointPeriod(next: Partial<CheckpointPeriod> = {}): CheckpointPeriod {
  const { updates = period.updates, ms = period.ms } = next;
  if (!(updates === Infinity || (Number.isInteger(updates) && updates >= 1))) {
    throw new RangeError(`backend.checkpointPeriod: updates must be a positive integer or Infinity, got ${showValue(updates)}`);
  }
  if (!(typeof ms === 'number' && ms > 0)) throw new RangeError(`backend.checkpointPeriod: ms must be a positive number or Infinity, got ${showValue(ms)}`);
  period.updates = updates;
  period.ms = ms;
  return { ...period };
}

const listeners = new Set<ContextLostListener>();
const recoveries = new Set<Recovery>();

/** Calls `listener` after each context loss, once recovery is done. Returns a function that removes it. */
export function onContextLost(listener: ContextLostListener): () => void {
  if (typeof listener !== 'function') throw new TypeError(`backend.on('contextlost'): the listener must be a function, got ${typeof listener}`);
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function offContextLost(listener: ContextLostListener): void {
  listeners.delete(listener);
}

/** Registers a recovery run on every loss before the listeners (see optimizers/checkpoint.ts). */
export function registerRecovery(recovery: Recovery): void {
  recoveries.add(recovery);
}

/**
 * Runs the recoveries, warns and tells the listeners: called once per loss by the registry
 * after it has made `fallback` the backend new arrays go to.
 */
export function recover(lost: Backend, fallback: Backend): ContextLostEvent {
  const restored: { t: number; rolledBack: number }[] = [];
  for (const r of recoveries) restored.push(...r(lost, fallback));
  const rolledBack = restored.reduce((m, r) => Math.max(m, r.rolledBack), 0);
  const what = restored.length === 0 ? 'no optimizer had a model there'
    : restored.map((r) => `an optimizer resumes at update ${r.t} (${r.rolledBack} update${r.rolledBack === 1 ? '' : 's'} rolled back)`).join('; ');
  const message = `kusari: the ${lost.name} backend lost its context; training continues on ${fallback.name}: ${what}`;
  console.warn(message);
  const event: ContextLostEvent = { type: 'contextlost', backend: lost.name, fallback: fallback.name, restored, rolledBack, message };
  for (const l of [...listeners]) {
    try {
      l(event);
    } catch (e) {
      console.error(`backend.on('contextlost'): a listener threw: ${(e as Error)?.message ?? e}`);
    }
  }
  return event;
}

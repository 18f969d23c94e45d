// Host checkpoints of a model being trained on a backend whose storage can vanish (webgl).
//
// After a lost context every texture is gone, so a host copy must already exist of all that
// training has made: parameters, link persistents, update rules' state and step counts,
// the optimizer's t and epoch. A checkpoint is what optimizer.serialize and
// target.serialize hand out (the same walk that saves a snapshot file, so nothing is
// forgotten), taken right after an update; its arrays are copied asynchronously (pixel
// buffers behind one fence, enqueued together, so they are consistent with each other and
// with the counts recorded at that moment). The copy is collected without waiting, by a
// timer between tasks or at a later update (a synchronous loop, where WebGL fences never
// signal, takes it when the next one is due), and only then replaces the previous
// checkpoint. Gradients are not copied: every step computes them again.
//
// On loss the model moves to the fallback backend without reading the dead textures, and
// the last checkpoint is loaded into it and into the optimizer: training resumes from it,
// having undone the updates since (the event says how many). Before the first checkpoint
// has arrived, parameters start again from their initializers at t = 0.
import { zeros, fromTyped } from '../array/creation';
import type { DType, TypedArray } from '../array/dtype';
import { NDArray } from '../array/ndarray';
import type { Backend, PendingCopy } from '../backends/backend';
import { ContextLostError, checkpointPeriod, registerRecovery } from '../backends/context-loss';
import type { Link } from '../links/link';
import type { Parameter } from '../links/parameter';
import { recordState, replayState } from '../serializers/state-backup';
import type { SerialValue } from '../serializers/serializer';
import type { Optimizer } from './optimizer';

/** An array of a checkpoint: its elements on the host. */
interface HostCopy {
  data: TypedArray;
  shape: readonly number[];
  dtype: DType;
}

/** The state recorded right after one update, arrays as host copies. */
interface Checkpoint {
  values: Map<string, SerialValue | HostCopy>;
  t: number;
  /** The backend it was copied from. */
  from: Backend;
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * The backend a model's arrays live on, when it is one whose storage can vanish. `params`:
 * the model's parameters when the caller has them listed already.
 */
function volatileBackend(target: Link, params: readonly Parameter[] = target.params(false)): Backend | null {
  for (const p of params) {
    if (!p.hasData) continue;
    const b = p.array.backend;
    return b.copyToHost && !b.lost ? b : null;
  }
  return null;
}

class OptimizerCheckpoints {
  #last: Checkpoint | null = null;
  #pending: (Checkpoint & { copy: PendingCopy; keys: string[] }) | null = null;
  #updates = 0;
  #startedAt = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly optimizer: WeakRef<Optimizer>) {}

  /** Called after each update: collects a finished copy, starts the next one when due. */
  afterUpdate(optimizer: Optimizer): void {
    const b = optimizer.target && volatileBackend(optimizer.target);
    if (!b) return;
    this.#updates++;
    const period = checkpointPeriod();
    // The first copy on this backend (training began or came back here) is not left
    // waiting a whole period; nor is one still unfenced when the next is due (a
    // synchronous loop, see HostCopy): those are taken at once.
    const first = () => this.#last?.from !== b;
    const due = this.#updates >= period.updates || now() - this.#startedAt >= period.ms;
    this.collect(due || first());
    if (!this.#pending && (due || first())) this.begin(optimizer, b);
  }

  private begin(optimizer: Optimizer, b: Backend): void {
    const values = new Map<string, SerialValue | HostCopy>();
    recordState(optimizer, values as Map<string, SerialValue>, 'optimizer/');
    recordState(optimizer.target!, values as Map<string, SerialValue>, 'model/');
    const keys: string[] = [], arrays: NDArray[] = [];
    for (const [k, v] of values) {
      if (!(v instanceof NDArray)) continue;
      if (v.backend === b) {
        keys.push(k);
        arrays.push(v);
      } else values.set(k, { data: v.toTypedArray(), shape: v.shape, dtype: v.dtype });  // resident elsewhere: a copy now
    }
    const copy = b.copyToHost!(arrays.map((a) => ({ storage: a.storage, shape: a.shape, dtype: a.dtype })));
    this.#pending = { copy, values, keys, t: optimizer.t, from: b };
    this.#updates = 0;
    this.#startedAt = now();
    this.poll();
  }

  /** Between updates (an async loop, a page at rest) a timer collects the copy. */
  private poll(): void {
    if (this.#timer !== null || typeof setTimeout !== 'function') return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      try {
        this.collect();
      } catch (e) {
        if (!(e instanceof ContextLostError)) throw e;  // the recovery has already run
      }
      if (this.#pending) this.poll();
    }, 4);
  }

  /** Takes a finished copy as the last checkpoint (a ContextLostError passes: the recovery has run). */
  private collect(wait = false): void {
    const p = this.#pending;
    if (!p) return;
    let copies: TypedArray[] | null;
    try {
      copies = p.copy.poll(wait);
    } catch (e) {
      this.#pending = null;
      throw e;
    }
    if (!copies) return;
    p.keys.forEach((k, i) => {
      const a = p.values.get(k) as NDArray;
      p.values.set(k, { data: copies![i], shape: a.shape, dtype: a.dtype });
    });
    this.#last = { values: p.values, t: p.t, from: p.from };
    this.#pending = null;
  }

  /** Puts the model and the optimizer back on `fallback` from the last checkpoint, if they lived on `lost`. */
  restore(lost: Backend, fallback: Backend): { t: number; rolledBack: number } | null {
    const optimizer = this.optimizer.deref();
    const target = optimizer?.target;
    if (!optimizer || !target || !target.params(false).some((p) => p.array.backend === lost)) return null;
    this.#pending?.copy.cancel();
    this.#pending = null;
    const before = optimizer.t;
    moveWithoutReading(target, lost, fallback);
    for (const p of target.params()) p.updateRule?.dispose();
    const last = this.#last;
    if (last) {
      const values = new Map<string, SerialValue>();
      for (const [k, v] of last.values) {
        values.set(k, isHostCopy(v) ? fromTyped(v.data.slice(), v.shape, { backend: fallback.name }) : v);
      }
      replayState(optimizer, values, 'optimizer/');
      replayState(target, values, 'model/');
    } else {
      optimizer.t = 0;
      for (const p of target.params()) if (p.updateRule) p.updateRule.t = 0;
    }
    // Parameters the checkpoint does not have (none yet, or initialized since) start again.
    for (const [path, p] of target.namedparams(false)) {
      if (!last?.values.has(`model/${path.slice(1)}`)) p.initialize(p.shape);
    }
    this.#updates = 0;
    return { t: optimizer.t, rolledBack: before - optimizer.t };
  }
}

function isHostCopy(v: unknown): v is HostCopy {
  return typeof v === 'object' && v !== null && !(v instanceof NDArray) && ArrayBuffer.isView((v as HostCopy).data);
}

/**
 * Points every parameter and persistent array of the model that lived on `lost` at zeros on
 * `fallback` (the dead textures cannot be read, which toDevice would do), gradients cleared,
 * and makes `fallback` the model's device; the checkpoint then fills in the values.
 */
function moveWithoutReading(target: Link, lost: Backend, fallback: Backend): void {
  const on = { backend: fallback.name };
  for (const link of target.links()) {
    const props = link as unknown as Record<string, unknown>;
    for (const name of link.persistentNames()) {
      const v = props[name];
      if (v instanceof NDArray && v.backend === lost) props[name] = zeros(v.shape, { ...on, dtype: v.dtype });
    }
  }
  for (const p of target.params()) {
    p.cleargrad();
    if (p.hasData && p.array.backend === lost) p.array = zeros(p.shape, { ...on, dtype: p.dtype });
  }
  target.toDevice(fallback.name);
}

const live = new WeakMap<Optimizer, OptimizerCheckpoints>();
const all = new Set<WeakRef<OptimizerCheckpoints>>();

registerRecovery((lost, fallback) => {
  const restored: { t: number; rolledBack: number }[] = [];
  for (const ref of all) {
    const c = ref.deref();
    if (!c) {
      all.delete(ref);
      continue;
    }
    const r = c.restore(lost, fallback);
    if (r) restored.push(r);
  }
  return restored;
});

/**
 * Called by an optimizer after each update (with the parameters of its target, as listed
 * for the update): checkpoints its model where it can vanish.
 */
export function checkpointAfterUpdate(optimizer: Optimizer, params?: readonly Parameter[]): void {
  let c = live.get(optimizer);
  if (!c) {
    if (!optimizer.target || !volatileBackend(optimizer.target, params)) return;
    live.set(optimizer, c = new OptimizerCheckpoints(new WeakRef(optimizer)));
    all.add(new WeakRef(c));
  }
  c.afterUpdate(optimizer);
}

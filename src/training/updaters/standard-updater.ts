// StandardUpdater: one batch from the main iterator, converted to arrays, one optimizer
// step on the loss (chainer.training.updaters.StandardUpdater).
import type { BackendName } from '../../backends/backend';
import { ContextLostError } from '../../backends/index';
import type { Serializer } from '../../serializers/serializer';
import type { DatasetIterator } from '../../iterators/iterator';
import { concatExamples, type Converter } from '../../datasets/convert';
import type { Trainer } from '../trainer';
import type { BatchFunction, TargetLink, Updater, UpdaterOptimizer } from './updater';
import type { Variable } from '../../core/variable';
import { type ArgumentsOf, readArguments } from '../../util/options';

export interface StandardUpdaterOptions {
  /** Batch -> arrays (default concatExamples); an array result is spread into the loss function. */
  converter?: Converter;
  /** Backend of the model (moved there, as Chainer's to_device) and of the converted arrays. */
  device?: BackendName | null;
  /** The loss function (default: the main optimizer's target, i.e. its forward). */
  lossFunc?: BatchFunction<Variable> | null;
  /** Call optimizer.newEpoch() whenever the main iterator starts an epoch (default true). */
  autoNewEpoch?: boolean;
}

function isIterator(x: unknown): x is DatasetIterator {
  return !!x && typeof (x as DatasetIterator).next === 'function' && typeof (x as DatasetIterator).serialize === 'function' && 'epoch' in (x as object);
}

function isOptimizer(x: unknown): x is UpdaterOptimizer {
  return !!x && typeof (x as UpdaterOptimizer).update === 'function' && typeof (x as UpdaterOptimizer).serialize === 'function';
}

/** Calls a loss function with converted arrays: spread for an array, as one argument otherwise. */
export function callWithArrays(fn: (...args: never[]) => unknown, inArrays: unknown): unknown {
  const call = fn as (...args: unknown[]) => unknown;
  return Array.isArray(inArrays) ? call(...inArrays) : call(inArrays);
}

/** A function calling the link's forward, for optimizer.update and evaluation. */
export function forwardOf(op: string, link: TargetLink | null): (...args: unknown[]) => unknown {
  if (!link || typeof link.forward !== 'function') {
    throw new TypeError(`${op}: the target has no forward method; give a loss function instead`);
  }
  return (...args) => link.forward!(...args);
}

export class StandardUpdater implements Updater {
  iteration = 0;
  converter: Converter;
  device: BackendName | null;
  lossFunc: BatchFunction<Variable> | null;
  readonly autoNewEpoch: boolean;
  protected readonly iterators: Record<string, DatasetIterator>;
  protected readonly optimizers: Record<string, UpdaterOptimizer>;

  /** `iterator` and `optimizer` may be single objects (named 'main') or objects of them by name. */
  constructor(iterator: DatasetIterator | Record<string, DatasetIterator>,
              optimizer: UpdaterOptimizer | Record<string, UpdaterOptimizer>,
              ...args: ArgumentsOf<StandardUpdaterOptions>) {
    const options = readArguments<StandardUpdaterOptions>('StandardUpdater', args, ['converter', 'device', 'lossFunc'],
      ['converter', 'device', 'lossFunc', 'autoNewEpoch']);
    this.iterators = isIterator(iterator) ? { main: iterator } : { ...iterator };
    if (!isIterator(this.iterators.main)) throw new TypeError('StandardUpdater: needs an iterator (or an object of iterators with a \'main\' one)');
    for (const [name, it] of Object.entries(this.iterators)) {
      if (!isIterator(it)) throw new TypeError(`StandardUpdater: iterator '${name}' is not an iterator`);
    }
    this.optimizers = isOptimizer(optimizer) ? { main: optimizer } : { ...optimizer };
    if (!isOptimizer(this.optimizers.main)) throw new TypeError('StandardUpdater: needs an optimizer (or an object of optimizers with a \'main\' one)');
    for (const [name, o] of Object.entries(this.optimizers)) {
      if (!isOptimizer(o)) throw new TypeError(`StandardUpdater: optimizer '${name}' is not an optimizer`);
      if (!o.target) throw new Error(`StandardUpdater: optimizer '${name}' has no target; call optimizer.setup(model) first`);
    }
    this.converter = options.converter ?? concatExamples as Converter;
    this.device = options.device ?? null;
    // As Chainer: a device moves every optimizer's target there, not only the batches.
    if (this.device !== null) {
      for (const o of Object.values(this.optimizers)) o.target!.toDevice?.(this.device);
    }
    this.lossFunc = options.lossFunc ?? null;
    this.autoNewEpoch = options.autoNewEpoch ?? true;
    if (this.autoNewEpoch) for (const o of Object.values(this.optimizers)) o.useAutoNewEpoch = true;
  }

  get epoch(): number { return this.iterators.main.epoch; }
  get epochDetail(): number { return this.iterators.main.epochDetail; }
  get previousEpochDetail(): number | null { return this.iterators.main.previousEpochDetail; }
  get isNewEpoch(): boolean { return this.iterators.main.isNewEpoch; }

  connectTrainer(_trainer: Trainer): void {}

  finalize(): void {
    for (const it of Object.values(this.iterators)) it.finalize();
  }

  getOptimizer(name: string): UpdaterOptimizer {
    const o = this.optimizers[name];
    if (!o) throw new Error(`StandardUpdater.getOptimizer: no optimizer named '${name}' (have ${Object.keys(this.optimizers).join(', ')})`);
    return o;
  }

  getAllOptimizers(): Record<string, UpdaterOptimizer> {
    return { ...this.optimizers };
  }

  getIterator(name: string): DatasetIterator {
    const it = this.iterators[name];
    if (!it) throw new Error(`StandardUpdater.getIterator: no iterator named '${name}' (have ${Object.keys(this.iterators).join(', ')})`);
    return it;
  }

  /** One update, then iteration += 1. */
  update(): void {
    this.updateCore();
    this.iteration += 1;
  }

  protected updateCore(): void {
    const iterator = this.iterators.main;
    const batch = iterator.next();
    const optimizer = this.optimizers.main;
    const lossFunc = this.lossFunc ?? forwardOf('StandardUpdater', optimizer.target);
    const step = () => {
      const inArrays = this.converter(batch, this.device);
      if (Array.isArray(inArrays)) optimizer.update(lossFunc, ...inArrays);
      else optimizer.update(lossFunc, inArrays);
    };
    try {
      step();
    } catch (e) {
      if (!(e instanceof ContextLostError)) throw e;
      // The backend lost its context mid-step and the model went back to its last
      // checkpoint on the fallback: the same batch again, converted there.
      if (this.device === e.backend) this.device = e.fallback;
      step();
    }
    if (this.autoNewEpoch && iterator.isNewEpoch) optimizer.newEpoch?.({ auto: true });
  }

  /** Keys as Chainer's: iterator:<name>/..., optimizer:<name>/..., model:<name>/..., iteration. */
  serialize(s: Serializer): void {
    for (const [name, it] of Object.entries(this.iterators)) it.serialize(s.child(`iterator:${name}`));
    for (const [name, o] of Object.entries(this.optimizers)) {
      o.serialize(s.child(`optimizer:${name}`));
      o.target!.serialize(s.child(`model:${name}`));
    }
    this.iteration = s.value('iteration', this.iteration, 'int');
  }
}

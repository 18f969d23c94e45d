// Trainer: the training loop of chainer.training.Trainer. Each iteration runs one update
// inside a fresh observation scope, then every extension whose trigger fires, in
// descending priority (registration order among equals), until the stop trigger fires.
import { defaultGenerator } from '../array/random';
import * as io from '../io/index';
import type { Serializer } from '../serializers/serializer';
import { Reporter, type Observation } from './reporter';
import { type ExtensionLike, type ExtensionProperties, PRIORITY_READER } from './extension';
import { getTrigger, type Trigger, type TriggerSpec } from './trigger';
import type { Updater } from './updaters/updater';
import { type ArgumentsOf, readArguments, readOptions, showValue } from '../util/options';

export interface TrainerOptions {
  /** Output directory for logs, plots and snapshots (default 'result'). */
  out?: string;
  /** Extensions to register right away. */
  extensions?: ExtensionLike[];
}

export interface ExtendOptions {
  /** Name (default: the extension's name or defaultName, or the function's name). */
  name?: string;
  /** When to call it (default: the extension's trigger, or every iteration). */
  trigger?: TriggerSpec;
  /** Higher runs earlier (default: the extension's priority, or PRIORITY_READER). */
  priority?: number;
  /** Also call it once before the first update (default: the extension's setting). */
  callBeforeTraining?: boolean;
}

export interface RunOptions {
  /** Print the error of a failing loop before the extensions are finalized (default true). */
  showLoopExceptionMsg?: boolean;
}

interface ExtensionEntry {
  extension: ExtensionLike;
  trigger: Trigger;
  priority: number;
  callBeforeTraining: boolean;
}

function now(): number {
  return (globalThis.performance?.now() ?? Date.now()) / 1000;
}

function propertiesOf(ext: ExtensionLike): ExtensionProperties {
  return ext as ExtensionProperties;
}

/** Calls an extension: a function is called, an Extension object's call() is. */
function invoke(ext: ExtensionLike, trainer: Trainer): void {
  if (typeof ext === 'function') ext(trainer);
  else ext.call(trainer);
}

export class Trainer {
  readonly updater: Updater;
  readonly stopTrigger: Trigger;
  /** Values reported during the current iteration. */
  observation: Observation = {};
  out: string;
  readonly reporter: Reporter;
  private readonly extensions = new Map<string, ExtensionEntry>();
  private done = false;
  private running = false;
  private startAt: number | null = null;
  private snapshotElapsedTime = 0;
  private finalElapsedTime: number | null = null;

  constructor(updater: Updater, stopTrigger: TriggerSpec = null, ...args: ArgumentsOf<TrainerOptions>) {
    const options = readArguments<TrainerOptions>('Trainer', args, ['out', 'extensions'], ['out', 'extensions']);
    if (!updater || typeof updater.update !== 'function') throw new TypeError('Trainer: updater must be an updater (e.g. training.updaters.StandardUpdater)');
    this.updater = updater;
    this.stopTrigger = getTrigger(stopTrigger);
    this.out = options.out ?? 'result';
    const reporter = new Reporter();
    for (const [name, optimizer] of Object.entries(updater.getAllOptimizers())) {
      const target = optimizer.target;
      if (!target) continue;
      reporter.addObserver(name, target);
      if (typeof target.namedlinks === 'function') reporter.addObservers(name, target.namedlinks(true));
    }
    this.reporter = reporter;
    updater.connectTrainer(this);
    for (const ext of options.extensions ?? []) this.extend(ext);
  }

  /** True before the first update. */
  get isBeforeTraining(): boolean {
    return this.updater.iteration === 0;
  }

  /** Seconds of training so far, including the time before a resumed snapshot. */
  get elapsedTime(): number {
    if (this.done) return this.finalElapsedTime!;
    if (this.startAt === null) throw new Error('Trainer.elapsedTime: training has not been started yet');
    return now() - this.startAt + this.snapshotElapsedTime;
  }

  /**
   * Registers an extension. Names must be unique: a taken name gets `_1`, `_2`, ...
   * appended. The name 'training' is reserved.
   */
  extend(extension: ExtensionLike, options: ExtendOptions = {}): this {
    options = readOptions('Trainer.extend', options, ['name', 'trigger', 'priority', 'callBeforeTraining']);
    if (typeof extension !== 'function' && (typeof extension !== 'object' || extension === null || typeof (extension as { call?: unknown }).call !== 'function')) {
      throw new TypeError('Trainer.extend: an extension must be a function of the trainer or an object with call(trainer)');
    }
    const props = propertiesOf(extension);
    let name = options.name ?? (typeof extension === 'function' ? null : props.name) ?? props.defaultName
      ?? (typeof extension === 'function' && extension.name ? extension.name : null);
    if (!name) throw new TypeError('Trainer.extend: name is not given for the extension');
    if (name === 'training') throw new RangeError('Trainer.extend: the name "training" is prohibited as an extension name');
    const trigger = getTrigger(options.trigger ?? props.trigger ?? [1, 'iteration']);
    const priority = options.priority ?? props.priority ?? PRIORITY_READER;
    const callBeforeTraining = options.callBeforeTraining ?? props.callBeforeTraining ?? false;
    let modified = name;
    for (let ordinal = 1; this.extensions.has(modified); ordinal++) modified = `${name}_${ordinal}`;
    name = modified;
    if (typeof extension === 'function') Object.defineProperty(extension, 'name', { value: name, configurable: true });
    else props.name = name;
    this.extensions.set(name, { extension, trigger, priority, callBeforeTraining });
    return this;
  }

  /** The extension registered under `name`. */
  getExtension<T extends ExtensionLike = ExtensionLike>(name: string): T {
    const entry = this.extensions.get(name);
    if (!entry) throw new Error(`Trainer.getExtension: extension ${showValue(name)} not found (registered: ${[...this.extensions.keys()].join(', ') || 'none'})`);
    return entry.extension as T;
  }

  /** Names of the registered extensions, in registration order. */
  get extensionNames(): string[] {
    return [...this.extensions.keys()];
  }

  /** Runs the training loop until the stop trigger fires. A trainer runs once. */
  run(options: RunOptions = {}): void {
    options = readOptions('Trainer.run', options, ['showLoopExceptionMsg']);
    for (const _ of this.loop(options)) { /* one iteration per step */ }
  }

  /**
   * The same loop, giving control back to the event loop every `yieldEvery` milliseconds
   * (default 50), so that a page stays responsive and can show progress while training.
   */
  async runAsync(options: RunOptions & { yieldEvery?: number } = {}): Promise<void> {
    options = readOptions('Trainer.runAsync', options, ['showLoopExceptionMsg', 'yieldEvery']);
    const every = (options.yieldEvery ?? 50) / 1000;
    let last = now();
    for (const _ of this.loop(options)) {
      if (now() - last >= every) {
        await new Promise<void>((resolve) => setTimeout(resolve, 0));
        last = now();
      }
    }
  }

  /** The training loop as steps: one update and its extensions per step. */
  private *loop(options: RunOptions): Generator<void, void, void> {
    if (this.done) throw new Error('Trainer.run: cannot run the training loop multiple times');
    if (this.running) throw new Error('Trainer.run: the training loop is already running');
    this.running = true;
    try {
      if (io.hasFileSystem() && this.out) io.makeDirs(this.out);
      // Stable sort: equal priorities keep registration order.
      const entries = [...this.extensions.values()].sort((a, b) => b.priority - a.priority);
      this.startAt = now();
      for (const entry of entries) {
        const init = propertiesOf(entry.extension).initialize;
        if (typeof init === 'function' && !entry.trigger.finished) init.call(entry.extension, this);
      }
      // Only before the first update: a run resumed from a snapshot does not call them again.
      if (this.isBeforeTraining) {
        this.observation = {};
        this.reporter.scope(this.observation, () => {
          for (const entry of entries) if (entry.callBeforeTraining) invoke(entry.extension, this);
        });
      }
      const updater = this.updater;
      try {
        while (!this.stopTrigger.call(this)) {
          this.observation = {};
          this.reporter.scope(this.observation, () => {
            updater.update();
            for (const entry of entries) if (entry.trigger.call(this)) invoke(entry.extension, this);
          });
          yield;
        }
      } catch (error) {
        if (options.showLoopExceptionMsg ?? true) {
          console.error(`Exception in main training loop: ${(error as Error)?.message ?? error}`);
          if ((error as Error)?.stack) console.error((error as Error).stack);
          console.error('Will finalize trainer extensions and updater before reraising the exception.');
        }
        for (const entry of entries) {
          const handler = propertiesOf(entry.extension).onError;
          if (typeof handler !== 'function') continue;
          // Every handler runs; their own errors are printed and ignored.
          try {
            handler.call(entry.extension, this, error);
          } catch (handlerError) {
            console.error(`Exception in error handler: ${(handlerError as Error)?.message ?? handlerError}`);
          }
        }
        throw error;
      } finally {
        for (const entry of entries) {
          const finalize = propertiesOf(entry.extension).finalize;
          if (typeof finalize === 'function') finalize.call(entry.extension);
        }
        updater.finalize();
      }
      this.finalElapsedTime = this.elapsedTime;
      this.done = true;
    } finally {
      this.running = false;
    }
  }

  /**
   * Keys as Chainer's: updater/..., stop_trigger/..., extensions/<name>/...,
   * extension_triggers/<name>/..., _snapshot_elapsed_time; and _random_state, the state
   * of the library's default generator (dropout masks, shuffling), so that a run resumed
   * from a snapshot draws the numbers an uninterrupted one would.
   */
  serialize(s: Serializer): void {
    this.updater.serialize(s.child('updater'));
    this.stopTrigger.serialize?.(s.child('stop_trigger'));
    const exts = s.child('extensions');
    const triggers = s.child('extension_triggers');
    for (const [name, entry] of this.extensions) {
      const ser = propertiesOf(entry.extension).serialize;
      if (typeof ser === 'function') ser.call(entry.extension, exts.child(name));
      entry.trigger.serialize?.(triggers.child(name));
    }
    if (!s.isLoading) {
      s.value('_snapshot_elapsed_time', this.startAt === null && !this.done ? this.snapshotElapsedTime : this.elapsedTime, 'float');
    } else {
      this.snapshotElapsedTime = s.value('_snapshot_elapsed_time', this.snapshotElapsedTime, 'float');
    }
    defaultGenerator.serialize(s, '_random_state');
  }
}

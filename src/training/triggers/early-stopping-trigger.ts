// EarlyStoppingTrigger: a stop trigger that fires when a monitored value has not improved
// for `patience` checks, or at maxTrigger (chainer EarlyStoppingTrigger).
import { DictSummary } from '../reporter';
import type { Trainer } from '../trainer';
import { getTrigger, type Trigger, type TriggerSpec } from '../trigger';
import type { IntervalUnit } from './interval-trigger';
import { type ArgumentsOf, readArguments, showValue } from '../../util/options';

export interface EarlyStoppingOptions {
  /** How often the monitored value is checked (default [1, 'epoch']). */
  checkTrigger?: TriggerSpec;
  /** The observation key to watch (default 'main/loss'). */
  monitor?: string;
  /** Checks without improvement before stopping (default 3). */
  patience?: number;
  /** Chainer's older name of patience. */
  patients?: number;
  /** 'max', 'min', or 'auto' (max for keys containing 'accuracy', min otherwise). */
  mode?: 'auto' | 'max' | 'min';
  verbose?: boolean;
  /** Stop here anyway (default [100, 'epoch']). */
  maxTrigger?: TriggerSpec;
}

export class EarlyStoppingTrigger {
  count = 0;
  readonly patience: number;
  readonly monitor: string;
  best: number;
  private summary = new DictSummary();
  private readonly maxTrigger: Trigger;
  private readonly intervalTrigger: Trigger;
  private readonly better: (value: number, best: number) => boolean;
  private readonly verbose: boolean;

  constructor(...args: ArgumentsOf<EarlyStoppingOptions>) {
    const options = readArguments<EarlyStoppingOptions>('EarlyStoppingTrigger', args, ['checkTrigger', 'monitor', 'patience', 'mode', 'verbose', 'maxTrigger'],
      ['checkTrigger', 'monitor', 'patience', 'mode', 'verbose', 'maxTrigger', 'patients']);
    if (options.patience != null && options.patients != null) {
      throw new TypeError("EarlyStoppingTrigger: both 'patience' and 'patients' are given; 'patients' is an alias of the former, give only 'patience'");
    }
    this.patience = options.patience ?? options.patients ?? 3;
    this.monitor = options.monitor ?? 'main/loss';
    if (typeof this.monitor !== 'string') throw new TypeError(`EarlyStoppingTrigger: monitor must be an observation key (a string), got ${showValue(this.monitor)}`);
    this.verbose = !!options.verbose;
    this.maxTrigger = getTrigger(options.maxTrigger ?? [100, 'epoch']);
    this.intervalTrigger = getTrigger(options.checkTrigger ?? [1, 'epoch']);
    const mode = options.mode ?? 'auto';
    const greater = mode === 'max' || (mode === 'auto' && this.monitor.includes('accuracy'));
    this.better = greater ? (v, b) => v > b : (v, b) => v < b;
    this.best = greater ? -Infinity : Infinity;
    if (this.verbose) console.log(`early stopping: operator is ${greater ? 'greater' : 'less'}`);
  }

  call(trainer: Trainer): boolean {
    const observation = trainer.observation;
    if (this.monitor in observation) this.summary.add({ [this.monitor]: observation[this.monitor] });
    if (this.maxTrigger.call(trainer)) return true;
    if (!this.intervalTrigger.call(trainer)) return false;
    if (!(this.monitor in observation)) {
      console.warn(`EarlyStoppingTrigger: ${this.monitor} is not in the observation`);
      return false;
    }
    const current = this.summary.computeMean()[this.monitor];
    this.summary = new DictSummary();
    if (this.better(current, this.best)) {
      this.best = current;
      this.count = 0;
    } else {
      this.count += 1;
    }
    if (this.count >= this.patience) {
      if (this.verbose) console.log(`Epoch ${trainer.updater.epoch}: early stopping`);
      return true;
    }
    return false;
  }

  getTrainingLength(): [number, IntervalUnit] | undefined {
    return this.maxTrigger.getTrainingLength?.();
  }
}

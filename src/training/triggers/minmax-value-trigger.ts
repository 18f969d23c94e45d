// Triggers that fire when a reported value reaches a new best (chainer BestValueTrigger,
// MaxValueTrigger, MinValueTrigger): the value is averaged between checks, checks happen
// at the interval of an inner trigger (every epoch by default).
import { serializeOptionalFloat, type Serializer } from '../../serializers/serializer';
import { DictSummary } from '../reporter';
import type { Trainer } from '../trainer';
import { readTriggerArgument, type Trigger, type TriggerSpec } from '../trigger';

export interface BestValueTriggerOptions {
  /** When to compare the mean of the value with the best (default [1, 'epoch']). */
  trigger?: TriggerSpec;
}

export class BestValueTrigger {
  private bestValue: number | null = null;
  private summary = new DictSummary();
  private readonly intervalTrigger: Trigger;

  constructor(readonly key: string, private readonly compare: (best: number, value: number) => boolean,
              trigger: TriggerSpec | BestValueTriggerOptions = [1, 'epoch']) {
    this.intervalTrigger = readTriggerArgument(this.constructor.name, trigger, [1, 'epoch']);
  }

  call(trainer: Trainer): boolean {
    const observation = trainer.observation;
    if (this.key in observation) this.summary.add({ [this.key]: observation[this.key] });
    if (!this.intervalTrigger.call(trainer)) return false;
    const stats = this.summary.computeMean();
    if (!(this.key in stats)) {
      throw new Error(`${this.constructor.name}: key '${this.key}' was not found in the observation (available keys: ${Object.keys(stats).join(', ') || 'none'})`);
    }
    const value = stats[this.key];
    this.summary = new DictSummary();
    if (this.bestValue === null || this.compare(this.bestValue, value)) {
      this.bestValue = value;
      return true;
    }
    return false;
  }

  /** The best value seen so far, or null. */
  get best(): number | null {
    return this.bestValue;
  }

  serialize(s: Serializer): void {
    this.intervalTrigger.serialize?.(s.child('interval_trigger'));
    this.summary.serialize(s.child('summary'));
    this.bestValue = serializeOptionalFloat(s, 'best_value', this.bestValue);
  }
}

/** Fires when the value of `key` exceeds every earlier value. */
export class MaxValueTrigger extends BestValueTrigger {
  constructor(key: string, trigger: TriggerSpec | BestValueTriggerOptions = [1, 'epoch']) {
    super(key, (best, value) => value > best, trigger);
  }
}

/** Fires when the value of `key` is below every earlier value. */
export class MinValueTrigger extends BestValueTrigger {
  constructor(key: string, trigger: TriggerSpec | BestValueTriggerOptions = [1, 'epoch']) {
    super(key, (best, value) => value < best, trigger);
  }
}

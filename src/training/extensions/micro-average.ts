// MicroAverage: sum(numerators) / sum(denominators) over each interval of its trigger,
// reported under resultKey, e.g. correct / total examples over an epoch where the mean of
// per-batch accuracies would weight small batches too much
// (chainer.training.extensions.MicroAverage).
import type { Serializer } from '../../serializers/serializer';
import { Extension, PRIORITY_EDITOR } from '../extension';
import { report, scalarOf } from '../reporter';
import { readTriggerArgument, type Trigger, type TriggerSpec } from '../trigger';
import type { Trainer } from '../trainer';

export class MicroAverage extends Extension {
  override priority = PRIORITY_EDITOR;
  private readonly averageTrigger: Trigger;
  private numerator = 0;
  private denominator = 0;

  constructor(private readonly numeratorKey: string, private readonly denominatorKey: string, private readonly resultKey: string,
              trigger: TriggerSpec | { trigger?: TriggerSpec } = [1, 'epoch']) {
    super();
    this.averageTrigger = readTriggerArgument('MicroAverage', trigger, [1, 'epoch']);
  }

  call(trainer: Trainer): void {
    const observation = trainer.observation;
    // Iterations that report neither do not count (the trigger is not asked either), as in Chainer.
    if (!(this.numeratorKey in observation && this.denominatorKey in observation)) return;
    this.numerator += this.read(observation[this.numeratorKey], this.numeratorKey);
    this.denominator += this.read(observation[this.denominatorKey], this.denominatorKey);
    if (this.averageTrigger.call(trainer)) {
      const result = this.numerator / this.denominator;
      this.numerator = 0;
      this.denominator = 0;
      report({ [this.resultKey]: result });
    }
  }

  private read(value: unknown, key: string): number {
    const v = scalarOf(value);
    if (v === null) throw new TypeError(`MicroAverage: the observation '${key}' must be a scalar (a number or a 0-dimensional array)`);
    return v;
  }

  /** Keys as Chainer's: _numerator, _denominator. */
  override serialize(s: Serializer): void {
    this.numerator = s.value('_numerator', this.numerator);
    this.denominator = s.value('_denominator', this.denominator);
  }
}

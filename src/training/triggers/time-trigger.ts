// TimeTrigger: fires at the first check after every `period` seconds of training time
// (trainer.elapsedTime, which counts the time before a resumed snapshot), as chainer
// TimeTrigger.
import type { Serializer } from '../../serializers/serializer';
import type { Trainer } from '../trainer';
import { showValue } from '../../util/options';

export class TimeTrigger {
  private nextTime: number;

  constructor(readonly period: number) {
    if (typeof period !== 'number' || !(period > 0) || !Number.isFinite(period)) {
      throw new RangeError(`TimeTrigger: period must be a positive number of seconds, got ${showValue(period)}`);
    }
    this.nextTime = period;
  }

  call(trainer: Trainer): boolean {
    // One firing per check at most: a long pause moves the next time by one period only.
    if (this.nextTime < trainer.elapsedTime) {
      this.nextTime += this.period;
      return true;
    }
    return false;
  }

  /** Key as Chainer's: next_time. */
  serialize(s: Serializer): void {
    this.nextTime = s.value('next_time', this.nextTime, 'float');
  }
}

// ManualScheduleTrigger: fires at the listed iterations or epochs (chainer
// ManualScheduleTrigger); `finished` turns true once the last point has passed.
import { type Serializer, valueOr } from '../../serializers/serializer';
import type { Trainer } from '../trainer';
import { Progress, checkUnit, type IntervalUnit } from './interval-trigger';

export class ManualScheduleTrigger {
  readonly points: number[];
  finished = false;
  private finishedUnknown = false;
  private readonly progress = new Progress();

  constructor(points: number | readonly number[], readonly unit: IntervalUnit) {
    checkUnit('ManualScheduleTrigger', unit);
    this.points = typeof points === 'number' ? [points] : [...points];
    // An empty list is accepted, as Chainer does: such a trigger never fires.
    if (!this.points.every((p) => typeof p === 'number' && Number.isFinite(p))) {
      throw new RangeError(`ManualScheduleTrigger: points must be finite numbers, got ${JSON.stringify(points)}`);
    }
  }

  call(trainer: Trainer): boolean {
    const [previous, current] = this.progress.advance(trainer.updater, this.unit);
    const fire = this.points.some((p) => previous < p && p <= current);
    // after a file without the flag, the first call decides it from the position alone
    if ((fire || this.finishedUnknown) && current >= Math.max(...this.points)) this.finished = true;
    this.finishedUnknown = false;
    return fire;
  }

  serialize(s: Serializer): void {
    this.progress.serialize(s);
    // A file without the flag (an older Chainer's) leaves it false until the next call, as Chainer.
    const stored = valueOr<boolean | null>(s, 'finished', this.finished, null, 'bool');
    this.finishedUnknown = stored === null;
    this.finished = stored ?? false;
  }
}

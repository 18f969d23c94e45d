// ManualScheduleTrigger: fires at the listed iterations or epochs (chainer
// ManualScheduleTrigger); `finished` turns true once the last point has passed.
import type { Serializer } from '../../serializers/serializer';
import type { Trainer } from '../trainer';
import { Progress, checkUnit, type IntervalUnit } from './interval-trigger';

export class ManualScheduleTrigger {
  readonly points: number[];
  finished = false;
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
    if (fire && current >= Math.max(...this.points)) this.finished = true;
    return fire;
  }

  serialize(s: Serializer): void {
    this.progress.serialize(s);
    this.finished = s.value('finished', this.finished, 'bool');
  }
}

// ManualScheduleTrigger: fires at the listed iterations or epochs (chainer
// ManualScheduleTrigger); `finished` turns true once the last point has passed.
import type { Serializer } from '../../serializers/serializer';
import type { Trainer } from '../trainer';
import { checkUnit, type IntervalUnit } from './interval-trigger';

export class ManualScheduleTrigger {
  readonly points: number[];
  finished = false;
  private previousIteration = 0;
  private previousEpochDetail = 0;

  constructor(points: number | readonly number[], readonly unit: IntervalUnit) {
    checkUnit('ManualScheduleTrigger', unit);
    this.points = typeof points === 'number' ? [points] : [...points];
    if (this.points.length === 0 || !this.points.every((p) => typeof p === 'number' && Number.isFinite(p))) {
      throw new RangeError(`ManualScheduleTrigger: points must be one or more finite numbers, got ${JSON.stringify(points)}`);
    }
  }

  call(trainer: Trainer): boolean {
    const updater = trainer.updater;
    const last = Math.max(...this.points);
    let fire: boolean;
    if (this.unit === 'epoch') {
      const epochDetail = updater.epochDetail;
      let previous = this.previousEpochDetail;
      if (previous < 0) previous = updater.previousEpochDetail ?? 0;
      fire = this.points.some((p) => previous < p && p <= epochDetail);
      if (fire && epochDetail >= last) this.finished = true;
    } else {
      const iteration = updater.iteration;
      let previous = this.previousIteration;
      if (previous < 0) previous = iteration - 1;
      fire = this.points.some((p) => previous < p && p <= iteration);
      if (fire && iteration >= last) this.finished = true;
    }
    this.previousIteration = updater.iteration;
    this.previousEpochDetail = updater.epochDetail;
    return fire;
  }

  serialize(s: Serializer): void {
    this.previousIteration = s.value('previous_iteration', this.previousIteration, 'int');
    this.previousEpochDetail = s.value('previous_epoch_detail', this.previousEpochDetail, 'float');
    this.finished = s.value('finished', this.finished, 'bool');
  }
}

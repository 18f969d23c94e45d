// IntervalTrigger: fires every `period` iterations or epochs (chainer IntervalTrigger).
// For epochs it compares the epoch detail before and after the update, so it fires at
// the iteration that crosses a multiple of the period, also when batches straddle epochs.
import type { Serializer } from '../../serializers/serializer';
import type { Trainer } from '../trainer';
import { floorDiv } from '../util/python';

export type IntervalUnit = 'epoch' | 'iteration';

export function checkUnit(op: string, unit: unknown): asserts unit is IntervalUnit {
  if (unit !== 'epoch' && unit !== 'iteration') {
    throw new RangeError(`${op}: the unit must be 'epoch' or 'iteration', got ${JSON.stringify(unit)}`);
  }
}

export class IntervalTrigger {
  /** epochDetail / period at the last check (kept for compatibility with Chainer's count). */
  count = 0;
  private previousIteration = 0;
  private previousEpochDetail = 0;

  constructor(readonly period: number, readonly unit: IntervalUnit) {
    checkUnit('IntervalTrigger', unit);
    if (typeof period !== 'number' || !(period > 0) || !Number.isFinite(period)) {
      throw new RangeError(`IntervalTrigger: period must be a positive number, got ${String(period)}`);
    }
  }

  call(trainer: Trainer): boolean {
    const updater = trainer.updater;
    let fire: boolean;
    if (this.unit === 'epoch') {
      const epochDetail = updater.epochDetail;
      let previous = this.previousEpochDetail;
      // A negative value means "unknown" (an old snapshot): take the updater's.
      if (previous < 0) previous = updater.previousEpochDetail ?? 0;
      this.count = floorDiv(epochDetail, this.period);
      fire = floorDiv(previous, this.period) !== floorDiv(epochDetail, this.period);
    } else {
      const iteration = updater.iteration;
      let previous = this.previousIteration;
      if (previous < 0) previous = iteration - 1;
      fire = floorDiv(previous, this.period) !== floorDiv(iteration, this.period);
    }
    this.previousIteration = updater.iteration;
    this.previousEpochDetail = updater.epochDetail;
    return fire;
  }

  serialize(s: Serializer): void {
    this.previousIteration = s.value('previous_iteration', this.previousIteration, 'int');
    this.previousEpochDetail = s.value('previous_epoch_detail', this.previousEpochDetail, 'float');
  }

  getTrainingLength(): [number, IntervalUnit] {
    return [this.period, this.unit];
  }

  toString(): string {
    return `<IntervalTrigger: period: ${this.period}, unit: ${this.unit}>`;
  }
}

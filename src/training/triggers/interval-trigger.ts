// IntervalTrigger: fires every `period` iterations or epochs (chainer IntervalTrigger).
// For epochs it compares the epoch detail before and after the update, so it fires at
// the iteration that crosses a multiple of the period, also when batches straddle epochs.
import { type Serializer, valueOr } from '../../serializers/serializer';
import type { Trainer } from '../trainer';
import { floorDiv } from '../util/python';
import { showValue } from '../../util/options';

export type IntervalUnit = 'epoch' | 'iteration';

export function checkUnit(op: string, unit: unknown): asserts unit is IntervalUnit {
  if (unit !== 'epoch' && unit !== 'iteration') {
    throw new RangeError(`${op}: the unit must be 'epoch' or 'iteration', got ${JSON.stringify(unit)}`);
  }
}

/**
 * What a trigger remembers between calls: the iteration and epoch detail it last saw, so
 * that it fires when a point is crossed between two calls (snapshot keys
 * previous_iteration and previous_epoch_detail, as Chainer's).
 */
export class Progress {
  private previousIteration = 0;
  private previousEpochDetail = 0;

  /** [previous, current] position in the unit; the current one is remembered for the next call. */
  advance(updater: Trainer['updater'], unit: IntervalUnit): [number, number] {
    let previous: number, current: number;
    if (unit === 'epoch') {
      current = updater.epochDetail;
      previous = this.previousEpochDetail;
      // A negative value means "unknown" (an old snapshot): take the updater's.
      if (previous < 0) previous = updater.previousEpochDetail ?? 0;
    } else {
      current = updater.iteration;
      previous = this.previousIteration;
      if (previous < 0) previous = current - 1;
    }
    this.previousIteration = updater.iteration;
    this.previousEpochDetail = updater.epochDetail;
    return [previous, current];
  }

  /** A file without the keys (an older Chainer's) leaves them unknown (-1), as Chainer does. */
  serialize(s: Serializer): void {
    this.previousIteration = valueOr(s, 'previous_iteration', this.previousIteration, -1, 'int');
    this.previousEpochDetail = valueOr(s, 'previous_epoch_detail', this.previousEpochDetail, -1, 'float');
  }
}

export class IntervalTrigger {
  /** epochDetail / period at the last check (kept for compatibility with Chainer's count). */
  count = 0;
  private readonly progress = new Progress();

  constructor(readonly period: number, readonly unit: IntervalUnit) {
    checkUnit('IntervalTrigger', unit);
    if (typeof period !== 'number' || !(period > 0) || !Number.isFinite(period)) {
      throw new RangeError(`IntervalTrigger: period must be a positive number, got ${showValue(period)}`);
    }
  }

  call(trainer: Trainer): boolean {
    const [previous, current] = this.progress.advance(trainer.updater, this.unit);
    if (this.unit === 'epoch') this.count = floorDiv(current, this.period);
    return floorDiv(previous, this.period) !== floorDiv(current, this.period);
  }

  serialize(s: Serializer): void {
    this.progress.serialize(s);
  }

  getTrainingLength(): [number, IntervalUnit] {
    return [this.period, this.unit];
  }

  toString(): string {
    return `<IntervalTrigger: period: ${this.period}, unit: ${this.unit}>`;
  }
}

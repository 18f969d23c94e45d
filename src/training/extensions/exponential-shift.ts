// ExponentialShift: init * rate^t, optionally bounded by `target`
// (chainer.training.extensions.ExponentialShift).
import { HyperparameterShift, type ShiftOptions } from './shift';
import type { ArgumentsOf } from '../../util/options';
import { showValue } from '../../util/options';
import { pythonPow } from '../../util/pow';

export type ExponentialShiftOptions = ShiftOptions;

export class ExponentialShift extends HyperparameterShift {
  constructor(attr: string, private readonly rate: number, ...args: ArgumentsOf<ShiftOptions>) {
    super(attr, ...args);
    if (typeof rate !== 'number' || !(rate >= 0)) throw new RangeError(`ExponentialShift: rate must be a non-negative number, got ${showValue(rate)}`);
  }

  protected get increasing(): boolean { return this.rate > 1; }

  protected valueAt(t: number): number {
    return this.init! * pythonPow(this.rate, t);
  }
}

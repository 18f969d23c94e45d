// ExponentialShift: init * rate^t, optionally bounded by `target`
// (chainer.training.extensions.ExponentialShift).
import { HyperparameterShift, type ShiftOptions } from './shift';

export type ExponentialShiftOptions = ShiftOptions;

export class ExponentialShift extends HyperparameterShift {
  constructor(attr: string, private readonly rate: number, options: ShiftOptions = {}) {
    super(attr, options);
    if (!(rate >= 0)) throw new RangeError(`ExponentialShift: rate must be non-negative, got ${rate}`);
  }

  protected get increasing(): boolean { return this.rate > 1; }

  protected valueAt(t: number): number {
    return this.init! * this.rate ** t;
  }
}

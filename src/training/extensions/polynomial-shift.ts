// PolynomialShift: init * max(1 - t / maxCount, 0)^rate, optionally bounded by `target`
// (chainer.training.extensions.PolynomialShift).
import { HyperparameterShift, type ShiftOptions } from './shift';
import type { ArgumentsOf } from '../../util/options';
import { pythonPow } from '../../util/pow';

export class PolynomialShift extends HyperparameterShift {
  constructor(attr: string, private readonly rate: number, private readonly maxCount: number, ...args: ArgumentsOf<ShiftOptions>) {
    super(attr, ...args);
    if (!(maxCount > 0)) throw new RangeError(`PolynomialShift: maxCount must be positive, got ${maxCount}`);
  }

  protected get increasing(): boolean { return this.rate <= 0; }

  protected valueAt(t: number): number {
    return this.init! * pythonPow(Math.max(1 - t / this.maxCount, 0), this.rate);
  }

  /** Chainer compares target / value here (the other shifts compare value / target). */
  protected override bound(value: number): number {
    if (this.target === null) return value;
    if (this.rate > 0) return this.target / value > 1 ? this.target : value;
    return this.target / value < 1 ? this.target : value;
  }
}

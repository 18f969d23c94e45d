// ExponentialShift: multiplies a hyperparameter by `rate` at every call, from `init`,
// optionally stopping at `target` (chainer.training.extensions.ExponentialShift).
import type { Trainer } from '../trainer';
import type { UpdaterOptimizer } from '../updaters/updater';
import { HyperparameterShift } from './shift';

export interface ExponentialShiftOptions {
  /** Starting value (default: the optimizer's value when training starts). */
  init?: number | null;
  /** A bound the value does not pass. */
  target?: number | null;
  /** The optimizer to change (default the updater's 'main'). */
  optimizer?: UpdaterOptimizer | null;
}

export class ExponentialShift extends HyperparameterShift {
  private init: number | null;
  private readonly rate: number;
  private readonly target: number | null;

  constructor(attr: string, rate: number, options: ExponentialShiftOptions = {}) {
    super(attr, options.optimizer ?? null);
    if (!(rate >= 0)) throw new RangeError(`ExponentialShift: rate must be non-negative, got ${rate}`);
    this.rate = rate;
    this.init = options.init ?? null;
    this.target = options.target ?? null;
  }

  override initialize(trainer: Trainer): void {
    const optimizer = this.getOptimizer(trainer);
    if (this.init === null) this.init = this.currentValue(optimizer);
    this.updateValue(optimizer, this.lastValue ?? this.init);
  }

  call(trainer: Trainer): void {
    this.t += 1;
    const optimizer = this.getOptimizer(trainer);
    if (this.init === null) this.init = this.currentValue(optimizer);
    let value = this.init * this.rate ** this.t;
    if (this.target !== null) {
      // Like min/max toward the target, written as Chainer does so negative values work too.
      if (this.rate > 1) {
        if (value / this.target > 1) value = this.target;
      } else if (value / this.target < 1) {
        value = this.target;
      }
    }
    this.updateValue(optimizer, value);
  }
}

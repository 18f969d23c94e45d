// LinearShift: moves a hyperparameter linearly from valueRange[0] to valueRange[1] between
// calls timeRange[0] and timeRange[1] (chainer.training.extensions.LinearShift).
import type { Trainer } from '../trainer';
import type { UpdaterOptimizer } from '../updaters/updater';
import { HyperparameterShift } from './shift';

export class LinearShift extends HyperparameterShift {
  constructor(attr: string, private readonly valueRange: readonly [number, number], private readonly timeRange: readonly [number, number],
              options: { optimizer?: UpdaterOptimizer | null } = {}) {
    super(attr, options.optimizer ?? null);
    if (valueRange?.length !== 2 || timeRange?.length !== 2) throw new TypeError('LinearShift: valueRange and timeRange must be pairs [start, end]');
    if (!(timeRange[1] > timeRange[0])) throw new RangeError(`LinearShift: timeRange must increase, got [${timeRange.join(', ')}]`);
  }

  override initialize(trainer: Trainer): void {
    this.updateValue(this.getOptimizer(trainer), this.lastValue ?? this.computeNextValue());
  }

  call(trainer: Trainer): void {
    this.t += 1;
    this.updateValue(this.getOptimizer(trainer), this.computeNextValue());
  }

  private computeNextValue(): number {
    const [t1, t2] = this.timeRange;
    const [v1, v2] = this.valueRange;
    if (this.t <= t1) return v1;
    if (this.t >= t2) return v2;
    const rate = (this.t - t1) / (t2 - t1);
    return v1 + rate * (v2 - v1);
  }
}

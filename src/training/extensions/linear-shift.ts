// LinearShift: moves a hyperparameter linearly from valueRange[0] to valueRange[1] between
// calls timeRange[0] and timeRange[1] (chainer.training.extensions.LinearShift).
import type { UpdaterOptimizer } from '../updaters/updater';
import { HyperparameterShift } from './shift';
import { type ArgumentsOf, readArguments } from '../../util/options';

export class LinearShift extends HyperparameterShift {
  constructor(attr: string, private readonly valueRange: readonly [number, number], private readonly timeRange: readonly [number, number],
              ...args: ArgumentsOf<{ optimizer?: UpdaterOptimizer | null }>) {
    // Chainer's (attr, value_range, time_range, optimizer): the optimizer positionally or as an option
    super(attr, { optimizer: readArguments<{ optimizer?: UpdaterOptimizer | null }>('LinearShift', args, ['optimizer'], ['optimizer']).optimizer });
    if (valueRange?.length !== 2 || timeRange?.length !== 2) throw new TypeError('LinearShift: valueRange and timeRange must be pairs [start, end]');
    // timeRange [t, t] is a step at call t (t1 >= t2 never interpolates), as in Chainer.
    if (![...valueRange, ...timeRange].every((v) => typeof v === 'number')) throw new TypeError('LinearShift: valueRange and timeRange must hold numbers');
    this.init = valueRange[0];
  }

  protected get increasing(): boolean { return this.valueRange[1] > this.valueRange[0]; }

  protected override startValue(): number {
    return this.valueAt(this.t);
  }

  protected valueAt(t: number): number {
    const [t1, t2] = this.timeRange;
    const [v1, v2] = this.valueRange;
    if (t <= t1) return v1;
    if (t >= t2) return v2;
    return v1 + ((t - t1) / (t2 - t1)) * (v2 - v1);
  }
}

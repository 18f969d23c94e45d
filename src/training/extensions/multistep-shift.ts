// MultistepShift: init * gamma^k after the k-th of the given steps
// (chainer.training.extensions.MultistepShift), with Chainer's argument order
// (attr, gamma, stepValue, init, optimizer). Snapshots keep the call count and the
// number of steps passed (_t, _current_step), as Chainer's.
import type { Serializer } from '../../serializers/serializer';
import type { Trainer } from '../trainer';
import type { UpdaterOptimizer } from '../updaters/updater';
import { HyperparameterShift } from './shift';
import { type ArgumentsOf, readArguments, showValue } from '../../util/options';
import { pythonPow } from '../../util/pow';

export interface MultistepShiftOptions {
  /** Starting value (default: the optimizer's value when training starts). */
  init?: number | null;
  /** The optimizer to change (default the updater's 'main'). */
  optimizer?: UpdaterOptimizer | null;
}

export class MultistepShift extends HyperparameterShift {
  private currentStep = 0;
  private readonly stepValue: number[];

  constructor(attr: string, private readonly gamma: number, stepValue: readonly number[], ...args: ArgumentsOf<MultistepShiftOptions>) {
    super(attr, readArguments<MultistepShiftOptions>('MultistepShift', args, ['init', 'optimizer'], ['init', 'optimizer']));
    if (typeof gamma !== 'number') throw new TypeError(`MultistepShift: gamma must be a number, got ${showValue(gamma)}`);
    if (!Array.isArray(stepValue) || !stepValue.every((s) => typeof s === 'number')) {
      throw new TypeError(`MultistepShift: stepValue must be a list of call counts, got ${showValue(stepValue)}`);
    }
    this.stepValue = [...stepValue];
  }

  protected get increasing(): boolean { return this.gamma > 1; }

  protected valueAt(t: number): number {
    if (this.currentStep < this.stepValue.length && t >= this.stepValue[this.currentStep]) this.currentStep += 1;
    return this.init! * pythonPow(this.gamma, this.currentStep);
  }

  override initialize(trainer: Trainer): void {
    const optimizer = this.getOptimizer(trainer);
    if (this.init === null) this.init = this.currentValue(optimizer);
    else this.updateValue(optimizer, this.init);
  }

  override serialize(s: Serializer): void {
    this.t = s.value('_t', this.t, 'int');
    this.currentStep = s.value('_current_step', this.currentStep, 'int');
  }
}

// MultistepShift: init * gamma^k after the k-th of the given steps
// (chainer.training.extensions.MultistepShift). Like Chainer's, only the call count is
// saved in snapshots.
import type { Serializer } from '../../serializers/serializer';
import type { Trainer } from '../trainer';
import type { UpdaterOptimizer } from '../updaters/updater';
import { HyperparameterShift } from './shift';
import { readOptions } from '../../util/options';

export class MultistepShift extends HyperparameterShift {
  private currentStep = 0;
  private readonly stepValue: number[];

  constructor(attr: string, init: number | null, private readonly gamma: number, stepValue: readonly number[],
              options: { optimizer?: UpdaterOptimizer | null } = {}) {
    super(attr, { init, optimizer: readOptions('MultistepShift', options, ['optimizer']).optimizer });
    this.stepValue = [...stepValue];
  }

  protected get increasing(): boolean { return this.gamma > 1; }

  protected valueAt(t: number): number {
    if (this.currentStep < this.stepValue.length && t >= this.stepValue[this.currentStep]) this.currentStep += 1;
    return this.init! * this.gamma ** this.currentStep;
  }

  override initialize(trainer: Trainer): void {
    const optimizer = this.getOptimizer(trainer);
    if (this.init === null) this.init = this.currentValue(optimizer);
    else this.updateValue(optimizer, this.init);
  }

  override serialize(s: Serializer): void {
    this.t = s.value('_t', this.t, 'int');
  }
}

// InverseShift: init * (1 + gamma t)^-power, Caffe's 'inv' policy, optionally bounded by
// `target` (chainer.training.extensions.InverseShift).
import { HyperparameterShift, type ShiftOptions } from './shift';
import type { ArgumentsOf } from '../../util/options';
import { showValue } from '../../util/options';
import { pythonPow } from '../../util/pow';

export class InverseShift extends HyperparameterShift {
  constructor(attr: string, private readonly gamma: number, private readonly power: number, ...args: ArgumentsOf<ShiftOptions>) {
    super(attr, ...args);
    if (typeof gamma !== 'number' || !(gamma >= 0)) throw new RangeError(`InverseShift: gamma must be a non-negative number, got ${showValue(gamma)}`);
  }

  protected get increasing(): boolean { return this.power < 0; }

  protected valueAt(t: number): number {
    return this.init! * pythonPow(1 + this.gamma * t, -this.power);
  }
}

// StepShift: init * gamma^floor(t / step), optionally bounded by `target`
// (chainer.training.extensions.StepShift).
import { HyperparameterShift, type ShiftOptions } from './shift';
import type { ArgumentsOf } from '../../util/options';
import { pythonPow } from '../../util/pow';

export class StepShift extends HyperparameterShift {
  constructor(attr: string, private readonly gamma: number, private readonly step: number, ...args: ArgumentsOf<ShiftOptions>) {
    super(attr, ...args);
    // Any positive step, as Chainer's floor(t / step): 2.5 steps down at calls 3, 5, 8, ...
    if (typeof step !== 'number' || !(step > 0) || !Number.isFinite(step)) throw new RangeError(`StepShift: step must be a positive number, got ${step}`);
  }

  protected get increasing(): boolean { return this.gamma > 1; }

  protected valueAt(t: number): number {
    return this.init! * pythonPow(this.gamma, Math.floor(t / this.step));
  }
}

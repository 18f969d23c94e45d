// Shared by the hyperparameter schedules: which optimizer they change, and the value they
// last set (saved in snapshots so a resumed run restores it before the first update).
import type { Serializer } from '../../serializers/serializer';
import { Extension } from '../extension';
import type { Trainer } from '../trainer';
import type { UpdaterOptimizer } from '../updaters/updater';

export abstract class HyperparameterShift extends Extension {
  protected t = 0;
  protected lastValue: number | null = null;

  constructor(protected readonly attr: string, protected readonly optimizer: UpdaterOptimizer | null) {
    super();
    if (typeof attr !== 'string' || !attr) throw new TypeError(`${this.constructor.name}: attr must be the name of a hyperparameter, e.g. 'lr'`);
  }

  protected getOptimizer(trainer: Trainer): UpdaterOptimizer {
    return this.optimizer ?? trainer.updater.getOptimizer('main');
  }

  protected currentValue(optimizer: UpdaterOptimizer): number {
    const v = (optimizer as unknown as Record<string, unknown>)[this.attr];
    if (typeof v !== 'number') throw new Error(`${this.constructor.name}: the optimizer has no numeric hyperparameter '${this.attr}'`);
    return v;
  }

  protected updateValue(optimizer: UpdaterOptimizer, value: number): void {
    (optimizer as unknown as Record<string, unknown>)[this.attr] = value;
    this.lastValue = value;
  }

  /** Keys as Chainer's: _t, _last_value. */
  override serialize(s: Serializer): void {
    this.t = s.value('_t', this.t, 'int');
    // Chainer stores None before the first value; NaN stands for it here.
    const stored = s.value('_last_value', this.lastValue ?? NaN, 'float');
    this.lastValue = stored === null || Number.isNaN(stored) ? null : stored;
  }
}

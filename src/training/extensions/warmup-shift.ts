// WarmupShift: moves an optimizer attribute evenly from warmupStart to init over the first
// warmupIter calls, then leaves it alone (chainer.training.extensions.WarmupShift).
import type { Serializer } from '../../serializers/serializer';
import { Extension } from '../extension';
import type { Trainer } from '../trainer';
import type { UpdaterOptimizer } from '../updaters/updater';
import { hyperparameterKey } from './shift';
import { type ArgumentsOf, readArguments, showValue } from '../../util/options';

type Attributes = Record<string, unknown>;

export class WarmupShift extends Extension {
  private t = 0;
  private warmupStart: number | null;
  private readonly optimizer: UpdaterOptimizer | null;

  /** Chainer's (attr, warmup_start, warmup_iter, init, optimizer); warmupStart null takes the optimizer's value. */
  constructor(private readonly attr: string, warmupStart: number | null, private readonly warmupIter: number, private readonly init: number,
              ...args: ArgumentsOf<{ optimizer?: UpdaterOptimizer | null }>) {
    super();
    this.optimizer = readArguments<{ optimizer?: UpdaterOptimizer | null }>('WarmupShift', args, ['optimizer'], ['optimizer']).optimizer ?? null;
    if (typeof attr !== 'string' || !attr) throw new TypeError(`WarmupShift: attr must be the name of a hyperparameter, e.g. 'lr', got ${showValue(attr)}`);
    if (![warmupIter, init].every((v) => typeof v === 'number') || (warmupStart !== null && typeof warmupStart !== 'number')) {
      throw new TypeError('WarmupShift: warmupStart (or null), warmupIter and init must be numbers');
    }
    this.warmupStart = warmupStart;
  }

  /** The optimizer and the name of the property to change. */
  private target(trainer: Trainer): [Attributes, string] {
    const optimizer = (this.optimizer ?? trainer.updater.getOptimizer('main')) as unknown as Attributes;
    return [optimizer, hyperparameterKey('WarmupShift', optimizer, this.attr)];
  }

  override initialize(trainer: Trainer): void {
    const [optimizer, key] = this.target(trainer);
    if (this.warmupStart === null) this.warmupStart = optimizer[key] as number;
    else optimizer[key] = this.warmupStart;
  }

  call(trainer: Trainer): void {
    this.t += 1;
    if (this.t > this.warmupIter) return;
    const [optimizer, key] = this.target(trainer);
    // Chainer's order of operations: (t init + (T - t) start) / T
    optimizer[key] = (this.t * this.init + (this.warmupIter - this.t) * this.warmupStart!) / this.warmupIter;
  }

  /** Key as Chainer's: _t. */
  override serialize(s: Serializer): void {
    this.t = s.value('_t', this.t, 'int');
  }
}

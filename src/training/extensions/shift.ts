// Shared by the hyperparameter schedules (ExponentialShift, StepShift, ...): which
// optimizer they change, the call count `t`, and the value they last set, saved in
// snapshots so that a resumed run restores it before the first update.
import { serializeOptionalFloat, type Serializer } from '../../serializers/serializer';
import { Extension } from '../extension';
import type { Trainer } from '../trainer';
import type { UpdaterOptimizer } from '../updaters/updater';
import { type ArgumentsOf, readArguments, showValue } from '../../util/options';

export interface ShiftOptions {
  /** Starting value (default: the optimizer's value when training starts). */
  init?: number | null;
  /** A bound the value does not pass. */
  target?: number | null;
  /** The optimizer to change (default the updater's 'main'). */
  optimizer?: UpdaterOptimizer | null;
}

/**
 * The optimizer's property a schedule of `attr` changes: the name as given, or the
 * camelCase form of Chainer's name ('weight_decay_rate' is weightDecayRate). A name the
 * optimizer has no numeric hyperparameter for is an error: setting it would change nothing.
 */
export function hyperparameterKey(extension: string, optimizer: object, attr: string): string {
  const o = optimizer as Record<string, unknown>;
  if (typeof o[attr] === 'number') return attr;
  const camel = attr.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  if (typeof o[camel] === 'number') return camel;
  throw new Error(`${extension}: the optimizer has no numeric hyperparameter '${attr}'${camel !== attr ? ` (nor '${camel}')` : ''}`);
}

export abstract class HyperparameterShift extends Extension {
  protected t = 0;
  protected lastValue: number | null = null;
  protected init: number | null;
  protected readonly target: number | null;
  protected readonly optimizer: UpdaterOptimizer | null;

  /** Chainer's (attr, ..., init, target, optimizer): after a subclass's own arguments, positionally or as options. */
  constructor(protected readonly attr: string, ...args: ArgumentsOf<ShiftOptions>) {
    super();
    const options = readArguments<ShiftOptions>(this.constructor.name, args, ['init', 'target', 'optimizer'], ['init', 'target', 'optimizer']);
    if (typeof attr !== 'string' || !attr) throw new TypeError(`${this.constructor.name}: attr must be the name of a hyperparameter, e.g. 'lr'`);
    // Chainer would set the optimizer's lr to a string init and fail at the next update
    for (const k of ['init', 'target'] as const) {
      if (options[k] != null && typeof options[k] !== 'number') throw new TypeError(`${this.constructor.name}: ${k} must be a number or null, got ${showValue(options[k])}`);
    }
    this.init = options.init ?? null;
    this.target = options.target ?? null;
    this.optimizer = options.optimizer ?? null;
  }

  /** The value after `t` calls, before the target bound. */
  protected abstract valueAt(t: number): number;

  /** Whether the value grows with t (then the target is an upper bound, else a lower one). */
  protected abstract get increasing(): boolean;

  protected getOptimizer(trainer: Trainer): UpdaterOptimizer {
    return this.optimizer ?? trainer.updater.getOptimizer('main');
  }

  protected currentValue(optimizer: UpdaterOptimizer): number {
    return (optimizer as unknown as Record<string, number>)[hyperparameterKey(this.constructor.name, optimizer, this.attr)];
  }

  protected updateValue(optimizer: UpdaterOptimizer, value: number): void {
    (optimizer as unknown as Record<string, unknown>)[hyperparameterKey(this.constructor.name, optimizer, this.attr)] = value;
    this.lastValue = value;
  }

  /** Stops at the target; written as a ratio, as Chainer does, so negative values work too. */
  protected bound(value: number): number {
    if (this.target === null) return value;
    if (this.increasing) return value / this.target > 1 ? this.target : value;
    return value / this.target < 1 ? this.target : value;
  }

  /** The value set when training starts (the initial value unless resuming). */
  protected startValue(): number {
    return this.init!;
  }

  override initialize(trainer: Trainer): void {
    const optimizer = this.getOptimizer(trainer);
    if (this.init === null) this.init = this.currentValue(optimizer);
    this.updateValue(optimizer, this.lastValue ?? this.startValue());
  }

  call(trainer: Trainer): void {
    this.t += 1;
    const optimizer = this.getOptimizer(trainer);
    if (this.init === null) this.init = this.currentValue(optimizer);
    this.updateValue(optimizer, this.bound(this.valueAt(this.t)));
  }

  /** Keys as Chainer's: _t, _last_value. */
  override serialize(s: Serializer): void {
    this.t = s.value('_t', this.t, 'int');
    this.lastValue = serializeOptionalFloat(s, '_last_value', this.lastValue);
  }
}

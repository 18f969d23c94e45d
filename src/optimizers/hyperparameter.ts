// Hyperparameters with inheritance, as Chainer's Hyperparameter: each update rule reads
// its optimizer's values unless it sets its own. A prototype chain gives exactly that:
// `rule.hyperparam.lr` falls back to `optimizer.hyperparam.lr`; assigning it on the rule
// overrides it for that parameter only.
import { readArguments, showValue } from '../util/options';

/** Creates a hyperparameter object that inherits from `parent`. */
export function childHyperparameter<H extends object>(parent: H | null): H {
  if (parent === undefined) parent = null;
  if (parent !== null && typeof parent !== 'object') {
    throw new TypeError(`UpdateRule: parentHyperparam must be an optimizer's hyperparam object or null, got ${showValue(parent)}`);
  }
  return Object.create(parent) as H;
}

/**
 * Defines `optimizer.name` accessors that read and write `optimizer.hyperparam.name`
 * (Chainer's HyperparameterProxy), so schedules like ExponentialShift('lr', ...) work.
 */
export function defineHyperparameterProxies(cls: { prototype: object }, names: readonly string[]): void {
  for (const name of names) {
    Object.defineProperty(cls.prototype, name, {
      get(this: { hyperparam: Record<string, unknown> }) { return this.hyperparam[name]; },
      set(this: { hyperparam: Record<string, unknown> }, value: unknown) { this.hyperparam[name] = value; },
      configurable: true,
      enumerable: false,
    });
  }
}

/** An optimizer's constructor arguments: Chainer's positional hyperparameters, then an options object. */
export type HyperparameterArgs<H> = (number | boolean | Partial<H> | undefined)[];

/**
 * Reads constructor arguments in Chainer's positional order (`new SGD(0.1)` as Chainer's
 * `SGD(0.1)`, `new RMSprop(0.01, 0.9)`) or as an options object, over `defaults`. Unknown
 * keys and values of the wrong type throw, naming the optimizer.
 */
export function readHyperparameters<H extends object>(optimizer: string, args: readonly unknown[], defaults: H): H {
  const hp = readArguments(optimizer, args, Object.keys(defaults) as (keyof H & string)[], defaults);
  for (const [key, value] of Object.entries(hp)) checkHyperparameter(optimizer, defaults, key, value);
  return hp;
}

/** Throws unless `value` has the type of `defaults[key]` (and is not NaN), naming `owner`. */
export function checkHyperparameter(owner: string, defaults: object, key: string, value: unknown): void {
  const want = typeof (defaults as Record<string, unknown>)[key];
  if (typeof value !== want || Number.isNaN(value)) throw new TypeError(`${owner}: ${key} must be a ${want}, got ${showValue(value)}`);
}

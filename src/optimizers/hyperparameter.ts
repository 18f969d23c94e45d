// Hyperparameters with inheritance, as Chainer's Hyperparameter: each update rule reads
// its optimizer's values unless it sets its own. A prototype chain gives exactly that:
// `rule.hyperparam.lr` falls back to `optimizer.hyperparam.lr`; assigning it on the rule
// overrides it for that parameter only.

/** Creates a hyperparameter object that inherits from `parent`. */
export function childHyperparameter<H extends object>(parent: H | null): H {
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

/**
 * Constructor options: an options object, or a number for the first hyperparameter
 * (`new SGD(0.1)` as Chainer's `SGD(0.1)`). Undefined entries are dropped so that
 * defaults survive spreading.
 */
export function definedOnly<T extends object>(o: Partial<T> | number | undefined, first?: keyof T): Partial<T> {
  if (typeof o === 'number') {
    if (first === undefined) throw new TypeError('optimizer: options must be an object');
    return { [first]: o } as Partial<T>;
  }
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// UpdateRule: how one parameter is updated, with its own step count `t` and state arrays
// (Chainer's UpdateRule). The state names are the keys in saved files: 'v', 'm', 'vhat',
// 'h', 'msg', 'msdx', 'ms'.
import { full, zerosLike } from '../array/creation';
import { NDArray } from '../array/ndarray';
import { OwnedArrays } from '../array/owned';
import * as ops from '../array/ops/index';
import { OPTIMIZER_KERNELS, type OptimizerKernel } from '../backends/optimizer-kernels';
import type { Parameter } from '../links/parameter';
import type { Serializer, SerialValue } from '../serializers/serializer';
import { checkHyperparameter, childHyperparameter } from './hyperparameter';
import { type ArgumentsOf, readArguments, showValue } from '../util/options';

export type HookTiming = 'pre' | 'post';

/** Chainer's add_hook(hook, name=None, timing='auto') after the hook, positionally or as options. */
export interface AddHookOptions {
  /** The name to register the hook under (by default the hook's own). */
  name?: string | null;
  /** 'pre', 'post' or 'auto' (the hook's own timing, else 'pre'). */
  timing?: HookTiming | 'auto';
}

/** The name and timing of an addHook call's arguments after the hook. */
export function readHookArguments(who: string, args: readonly unknown[]): { name: string | null; timing: HookTiming | 'auto' } {
  const o = readArguments(who, args, ['name', 'timing'], { name: null as string | null, timing: 'auto' as HookTiming | 'auto' });
  if (o.name !== null && typeof o.name !== 'string') throw new TypeError(`${who}: name must be a string, got ${showValue(o.name)}`);
  return o;
}

/** A hook called with the rule and its parameter around each update. */
export type UpdateRuleHookFunction = (rule: UpdateRule | null, param: Parameter) => void;

export interface UpdateRuleHookObject {
  readonly name?: string;
  readonly timing?: HookTiming;
  run(rule: UpdateRule | null, param: Parameter): void;
}

export type UpdateRuleHook = UpdateRuleHookFunction | UpdateRuleHookObject;

export function runRuleHook(hook: UpdateRuleHook, rule: UpdateRule | null, param: Parameter): void {
  if (typeof hook === 'function') hook(rule, param);
  else hook.run(rule, param);
}

export function hookName(hook: { name?: string } | ((...a: never[]) => unknown), name: string | null | undefined, who: string): string {
  // An anonymous function is named as Python names a lambda (Chainer takes its __name__).
  const n = name ?? (typeof hook === 'function' ? hook.name || '<lambda>' : hook.name);
  if (!n) throw new Error(`${who}: the hook has no name; pass one`);
  return n;
}

/**
 * Hyperparameters as a parameter's rule holds them: whichever optimizer made the rule, its
 * values are read and overridden by name (`p.updateRule.hyperparam.lr = 0.1`, as in Chainer).
 */
export type Hyperparameters = { [name: string]: number | boolean | null | undefined };

/** Each rule class's defaults: its optimizer's, for a rule made without a parent. */
const RULE_DEFAULTS = new WeakMap<object, object>();

/** Registers the defaults of `rule`'s optimizer (Chainer's _default_hyperparam). */
export function setRuleDefaults(rule: abstract new (...args: never[]) => UpdateRule<object>, defaults: object): void {
  // (not frozen: a frozen prototype's values could not be overridden by assignment on a rule)
  RULE_DEFAULTS.set(rule, { ...defaults });
}

export abstract class UpdateRule<H extends object = object> {
  /** This rule's hyperparameters; unset ones come from the optimizer's. */
  readonly hyperparam: H;
  #state: Record<string, NDArray> | null = null;
  /** The state arrays stay resident: the fused kernels update them in place. */
  readonly #owned = new OwnedArrays(this);
  /** Number of updates made by this rule. */
  t = 0;
  /** A disabled rule leaves its parameter alone. */
  enabled = true;
  #preHooks = new Map<string, UpdateRuleHook>();
  #postHooks = new Map<string, UpdateRuleHook>();

  /**
   * As Chainer's rules: the parent is the optimizer's hyperparam, or without one the
   * optimizer's defaults (Chainer's _default_hyperparam); hyperparameters given after it, in
   * the optimizer's order or as an options object (SGDRule(null, 0.1), AdamRule(null,
   * {alpha: 0.01})), are this rule's own.
   */
  constructor(parent: H | null = null, ...hyperparams: unknown[]) {
    const defaults = RULE_DEFAULTS.get(new.target) as H | undefined;
    this.hyperparam = childHyperparameter(parent ?? defaults ?? null);
    if (hyperparams.length === 0) return;
    const name = new.target.name;
    if (!defaults) throw new TypeError(`${name}: takes no hyperparameters after its parent`);
    const keys = Object.keys(defaults);
    const given = readArguments(name, hyperparams, keys, Object.fromEntries(keys.map((k) => [k, undefined])) as Record<string, unknown>);
    for (const [key, value] of Object.entries(given)) {
      if (value === undefined || value === null) continue;
      checkHyperparameter(name, defaults, key, value);
      (this.hyperparam as Record<string, unknown>)[key] = value;
    }
  }

  /** State arrays by name, created on the first update; setting it keeps resident copies. */
  get state(): Record<string, NDArray> | null {
    return this.#state;
  }

  set state(next: Record<string, NDArray> | null) {
    const old = this.#state;
    this.#state = next === null ? null : this.ownState(next);
    if (old) for (const k of Object.keys(old)) if (this.#state?.[k] !== old[k]) this.#owned.release(old[k]);
  }

  /** The state as a record whose arrays this rule keeps, in place of the given ones. */
  private ownState(state: Record<string, NDArray>): Record<string, NDArray> {
    // Writes to one entry (state[k] = a) go through here too.
    const owned: Record<string, NDArray> = {};
    for (const [k, v] of Object.entries(state)) owned[k] = this.own(v);
    return new Proxy(owned, {
      set: (target, key, value) => {
        if (typeof key !== 'string' || !(value instanceof NDArray)) return Reflect.set(target, key, value);
        const before = target[key];
        target[key] = this.own(value);
        if (before !== target[key]) this.#owned.release(before);
        return true;
      },
    });
  }

  private own(x: unknown): NDArray {
    return x instanceof NDArray && !this.#owned.holds(x) ? this.#owned.adopt(x) : x as NDArray;
  }

  /** Frees the state arrays now; the next update creates them again. */
  dispose(): void {
    this.#state = null;
    this.#owned.releaseAll();
  }

  /** Names of the state arrays (the keys under which serialize stores them). */
  abstract stateKeys(): readonly string[];

  /** Updates the parameter data from its gradient; a missing gradient means no change. */
  protected abstract updateCore(param: Parameter): void;

  /** Creates the state, zeros of the parameter's shape by default. */
  protected initState(param: Parameter): void {
    const state: Record<string, NDArray> = {};
    for (const k of this.stateKeys()) state[k] = zerosLike(param.array);
    this.state = state;
  }

  /** Counts the step, runs hooks and the rule (Chainer's UpdateRule.update). */
  update(param: Parameter): void {
    if (!this.enabled) return;
    this.t += 1;
    if (param.hasData) this.prepare(param);
    for (const hook of this.#preHooks.values()) runRuleHook(hook, this, param);
    if (param.hasData) this.updateCore(param);
    for (const hook of this.#postHooks.values()) runRuleHook(hook, this, param);
  }

  private prepare(param: Parameter): void {
    if (this.state === null) this.initState(param);
    const state = this.state!;
    for (const k of Object.keys(state)) {
      if (state[k] instanceof NDArray && state[k].device !== param.device) state[k] = state[k].toDevice(param.device);
    }
  }

  /**
   * Runs a fused kernel on the parameter, its gradient and the kernel's state arrays,
   * and takes the new arrays.
   */
  protected fusedUpdate(kernel: OptimizerKernel, param: Parameter, scalars: readonly number[]): void {
    const grad = param.grad;
    if (grad === null) return;
    const keys = OPTIMIZER_KERNELS[kernel].state as readonly string[];
    const state = this.state!;
    const out = ops.optimizerUpdate(kernel, param.array, grad, keys.map((k) => state[k]), scalars);
    param.array = out.param;
    keys.forEach((k, i) => { state[k] = out.state[i]; });
  }

  /**
   * True when the parameter is 0-d and lives in host-visible memory: its rule then runs in
   * scalarUpdate, as numpy 1.x computes Chainer's rule on 0-d arrays.
   */
  protected isScalar(param: Parameter): boolean {
    return param.array.ndim === 0 && param.array.backend.name === 'wasm';
  }

  /**
   * The update of a 0-d parameter on the host. numpy 1.x applies value-based casting only
   * when an operand has axes: a Python float times a 0-d float32 array is a float64 there
   * (L.PReLU()'s W under `param.data -= lr * grad` is updated in double and rounded), while
   * arrays with axes take the float as float32. `step` gets the parameter, its gradient and
   * the state as numbers and returns the new parameter; what it leaves in the state and the
   * parameter are stored rounded to float32, as numpy's in-place operations store them.
   */
  protected scalarUpdate(param: Parameter, step: (p: number, g: number, state: Record<string, number>) => number): void {
    const grad = param.grad;
    if (grad === null) return;
    const state = this.state!;
    const values: Record<string, number> = {};
    for (const k of Object.keys(state)) values[k] = state[k].item();
    const p = step(param.array.item(), grad.item(), values);
    const backend = param.device;
    for (const k of Object.keys(values)) state[k] = full([], Math.fround(values[k]), { backend });
    param.array = full([], Math.fround(p), { backend });
  }

  addHook(hook: UpdateRuleHook, ...args: ArgumentsOf<AddHookOptions>): void {
    const { name, timing } = readHookArguments(`${this.constructor.name}.addHook`, args);
    if (typeof hook !== 'function' && typeof hook?.run !== 'function') throw new TypeError(`${this.constructor.name}.addHook: a hook must be a function or have a run() method`);
    if (timing !== 'pre' && timing !== 'post' && timing !== 'auto') throw new RangeError(`${this.constructor.name}.addHook: timing must be 'pre', 'post' or 'auto', got ${showValue(timing)}`);
    const n = hookName(hook, name, `${this.constructor.name}.addHook`);
    if (this.#preHooks.has(n) || this.#postHooks.has(n)) throw new Error(`${this.constructor.name}.addHook: hook '${n}' already exists`);
    const when = timing === 'auto' ? (typeof hook === 'function' ? 'pre' : hook.timing ?? 'pre') : timing;
    (when === 'pre' ? this.#preHooks : this.#postHooks).set(n, hook);
  }

  removeHook(name: string): void {
    if (!this.#preHooks.delete(name) && !this.#postHooks.delete(name)) throw new Error(`${this.constructor.name}.removeHook: no hook named ${showValue(name)}`);
  }

  /** Saves or loads `t` and the state arrays. */
  serialize(serializer: Serializer): void {
    this.t = serializer.value('t', this.t, 'int');
    if (this.state !== null) {
      for (const k of Object.keys(this.state)) this.state[k] = serializer.value(k, this.state[k]);
      return;
    }
    if (!serializer.isLoading) return;
    // No state yet: take it from the file when every entry is there, else leave it to be
    // created at the first update. A disabled rule may lack it (Chainer tolerates that).
    // Every key is asked for before deciding, so that a checked load sees them all.
    const keys = this.stateKeys();
    if (!this.enabled && !keys.every((k) => serializer.has(k))) return;
    const values = keys.map((k) => serializer.value<SerialValue>(k, null));
    if (values.every((v) => v instanceof NDArray)) this.state = Object.fromEntries(keys.map((k, i) => [k, values[i] as NDArray]));
  }
}

// Optimizer and GradientMethod, as Chainer's: setup(link) gives every parameter an update
// rule; update() clears the gradients, runs backward on the loss (when a loss function is
// given), runs the hooks, counts the step and updates each parameter with its rule.
import { zerosLike } from '../array/creation';
import { NDArray } from '../array/ndarray';
import { ContextLostError } from '../backends/index';
import { Variable } from '../core/variable';
import { endStep } from '../core/step';
import { Link } from '../links/link';
import type { Parameter } from '../links/parameter';
import type { Serializer } from '../serializers/serializer';
import { type AddHookOptions, type HookTiming, type Hyperparameters, type UpdateRule, hookName, readHookArguments, runRuleHook } from './update-rule';
import { childHyperparameter } from './hyperparameter';
import { type ArgumentsOf, readArguments, showValue, surplusArguments } from '../util/options';
import { checkpointAfterUpdate } from './checkpoint';

/** A hook called once per update with the optimizer (e.g. GradientClipping). */
export interface OptimizerWideHook {
  readonly name?: string;
  readonly timing?: HookTiming;
  readonly callForEachParam?: false;
  run(optimizer: Optimizer): void;
}

/** A hook called for every parameter with its rule (e.g. WeightDecay, Lasso). */
export interface ParameterHook {
  readonly name?: string;
  readonly timing?: HookTiming;
  readonly callForEachParam: true;
  run(rule: UpdateRule | null, param: Parameter): void;
}

export type OptimizerHookFunction = (optimizer: Optimizer) => void;
export type OptimizerHook = OptimizerWideHook | ParameterHook | OptimizerHookFunction;

/**
 * A loss function of update's arguments `Args`, or a link whose forward returns the loss.
 * Without `Args`, any function returning a Variable.
 */
export type LossFunction<Args extends unknown[] = never[]> = ((...args: Args) => Variable) | Link;

export abstract class Optimizer {
  /** The link being optimized, set by setup(). */
  target: Link | null = null;
  /** Number of updates. */
  t = 0;
  /** Number of newEpoch() calls. */
  epoch = 0;
  /** Set by an updater that calls newEpoch({auto: true}) itself. */
  useAutoNewEpoch = false;
  #preHooks: Map<string, OptimizerHook> | null = null;
  #postHooks: Map<string, OptimizerHook> | null = null;

  /** Targets a link and resets the step and epoch counts and the hooks. Returns this. */
  setup(link: Link): this {
    if (arguments.length > 1) surplusArguments(`${this.constructor.name}.setup`, arguments, 'link');
    if (!(link instanceof Link)) throw new TypeError(`${this.constructor.name}.setup: the optimization target must be a Link`);
    this.target = link;
    this.t = 0;
    this.epoch = 0;
    this.#preHooks = new Map();
    this.#postHooks = new Map();
    return this;
  }

  /** Updates the parameters, computing gradients first when lossFn is given. */
  abstract update<Args extends unknown[]>(lossFn?: LossFunction<Args> | null, ...args: Args): void;

  protected checkSetup(): Link {
    if (!this.target) throw new Error(`${this.constructor.name}: call setup(link) first`);
    return this.target;
  }

  /** Starts a new epoch. `auto` marks a call from an updater (see useAutoNewEpoch). */
  newEpoch(...args: ArgumentsOf<{ auto?: boolean }>): void {
    // Chainer's new_epoch(auto=False): new_epoch(True) is {auto: true}.
    const options = readArguments(`${this.constructor.name}.newEpoch`, args, ['auto'], { auto: false });
    if (options.auto) {
      if (!this.useAutoNewEpoch) throw new Error(`${this.constructor.name}.newEpoch: invalid call with auto: true; the updater must set optimizer.useAutoNewEpoch = true`);
    } else if (this.useAutoNewEpoch) {
      throw new Error(`${this.constructor.name}.newEpoch: the updater already starts epochs (useAutoNewEpoch); stop calling newEpoch() outside it`);
    }
    this.epoch += 1;
  }

  /**
   * Registers a hook, called in registration order before ('pre', the default) or after
   * ('post') the parameters are updated.
   */
  addHook(hook: OptimizerHook, ...args: ArgumentsOf<AddHookOptions>): this {
    const { name, timing } = readHookArguments(`${this.constructor.name}.addHook`, args);
    if (!this.#preHooks || !this.#postHooks) throw new Error(`${this.constructor.name}.addHook: call setup(link) before addHook`);
    if (typeof hook !== 'function' && typeof hook?.run !== 'function') throw new TypeError(`${this.constructor.name}.addHook: a hook must be a function or have a run() method`);
    const n = hookName(hook, name, `${this.constructor.name}.addHook`);
    if (this.#preHooks.has(n) || this.#postHooks.has(n)) throw new Error(`${this.constructor.name}.addHook: hook '${n}' already exists`);
    if (timing !== 'pre' && timing !== 'post' && timing !== 'auto') throw new RangeError(`${this.constructor.name}.addHook: timing must be 'pre', 'post' or 'auto', got ${showValue(timing)}`);
    let when = timing === 'auto' ? (typeof hook === 'function' ? 'pre' : hook.timing ?? 'pre') : timing;
    if (when !== 'pre' && when !== 'post') {
      // Chainer's optimizer falls back to 'pre' on a hook whose timing attribute is neither.
      console.warn(`${this.constructor.name}.addHook: hook '${n}' has timing ${String(when)}, not 'pre' or 'post'; it runs as 'pre'`);
      when = 'pre';
    }
    (when === 'pre' ? this.#preHooks : this.#postHooks).set(n, hook);
    return this;
  }

  removeHook(name: string): void {
    if (arguments.length > 1) surplusArguments(`${this.constructor.name}.removeHook`, arguments, 'name');
    if (!this.#preHooks?.delete(name) && !this.#postHooks?.delete(name)) throw new Error(`${this.constructor.name}.removeHook: no hook named ${showValue(name)}`);
  }

  /** True when hooks of this timing are registered. */
  protected hasHooks(timing: HookTiming): boolean {
    return ((timing === 'pre' ? this.#preHooks : this.#postHooks)?.size ?? 0) > 0;
  }

  /** Runs the hooks of one timing in registration order. */
  callHooks(timing: HookTiming = 'pre'): void {
    const hooks = timing === 'pre' ? this.#preHooks : this.#postHooks;
    for (const hook of hooks?.values() ?? []) this.callHook(hook);
  }

  protected callHook(hook: OptimizerHook): void {
    if (typeof hook === 'function') hook(this);
    else if (hook.callForEachParam) {
      for (const p of this.checkSetup().params()) runRuleHook(hook as ParameterHook, p.updateRule, p);
    } else (hook as OptimizerWideHook).run(this);
  }

  /**
   * Saves or loads `t`, `epoch` and each parameter's rule under the parameter's path
   * ('l1/W/t', 'l1/W/m', ...). Parameters themselves are saved with the link.
   */
  serialize(serializer: Serializer): void {
    this.t = serializer.value('t', this.t, 'int');
    this.epoch = serializer.value('epoch', this.epoch, 'int');
    for (const [path, p] of this.checkSetup().namedparams()) {
      p.updateRule?.serialize(serializer.child(path.slice(1)));
    }
  }
}

/** Optimizers that update each parameter from its gradient with a per-parameter rule. */
export abstract class GradientMethod<H extends object = object> extends Optimizer {
  /** Defaults for every rule; `optimizer.lr = x` (or hyperparam.lr) changes them all. */
  readonly hyperparam: H;

  constructor(defaults: H) {
    super();
    this.hyperparam = Object.assign(childHyperparameter<H>(null), defaults);
  }

  /** A new rule for one parameter, reading this optimizer's hyperparameters. */
  abstract createUpdateRule(): UpdateRule<H>;

  override setup(link: Link): this {
    if (arguments.length > 1) surplusArguments(`${this.constructor.name}.setup`, arguments, 'link');
    super.setup(link);
    // A parameter's rule is read by hyperparameter name, whichever optimizer made it.
    for (const p of link.params()) p.updateRule = this.createUpdateRule() as UpdateRule<object> as UpdateRule<Hyperparameters>;
    return this;
  }

  /**
   * Gives every initialized parameter without a gradient a zero gradient (as Chainer), of
   * the target's parameters or of the list given (the target's, taken once in an update).
   */
  reallocateClearedGrads(params: readonly Parameter[] = this.checkSetup().params(false)): void {
    for (const p of params) if (p.hasData && p.grad === null) p.grad = zerosLike(p.array);
  }

  protected override callHook(hook: OptimizerHook): void {
    // Chainer reallocates cleared gradients after each hook.
    super.callHook(hook);
    this.reallocateClearedGrads();
  }

  /**
   * With a loss function, a step cut short by a lost context (ContextLostError: the model
   * and this optimizer are back at their last checkpoint on the fallback backend) is done
   * again there, and arguments of the lost backend are moved to the model's (arrays uploaded
   * from host data can be, so a loop reusing its inputs goes on; arrays computed on the lost
   * context cannot, and then the error passes).
   */
  override update<Args extends unknown[]>(lossFn: LossFunction<Args> | null = null, ...args: Args): void {
    if (!lossFn) {
      this.updateOnce(null, args);
      return;
    }
    try {
      this.updateOnce(lossFn, args.map((a) => this.movedOffLost(a)) as Args);
    } catch (e) {
      if (!(e instanceof ContextLostError)) throw e;
      this.updateOnce(lossFn, args.map((a) => this.movedOffLost(a)) as Args);
    }
  }

  /** An argument living on a backend that lost its context, moved to the model's backend. */
  private movedOffLost(a: unknown): unknown {
    const device = this.checkSetup().device;
    if (a instanceof NDArray) return a.backend.lost ? a.toDevice(device) : a;
    if (a instanceof Variable && a.creator === null && a.array.backend.lost) return new Variable(a.array.toDevice(device), { requiresGrad: a.requiresGrad });
    return a;
  }

  private updateOnce<Args extends unknown[]>(lossFn: LossFunction<Args> | null, args: Args): void {
    const target = this.checkSetup();
    if (lossFn) {
      const name = `${this.constructor.name}.update`;
      if (!(lossFn instanceof Link) && typeof lossFn !== 'function') throw new TypeError(`${name}: lossFn must be a function or a Link, got ${showValue(lossFn)}`);
      const loss = lossFn instanceof Link ? lossFn.forward(...args) : lossFn(...args);
      if (!(loss instanceof Variable)) throw new TypeError(`${name}: the loss function must return a Variable (to call backward on), got ${showValue(loss)}`);
      target.cleargrads();
      loss.backward();
    }
    // The parameters are listed once (a hook may change the model: then again after it).
    let params = target.params();
    this.reallocateClearedGrads(params);
    if (this.hasHooks('pre')) {
      this.callHooks('pre');
      params = target.params();
    }
    this.t += 1;
    // As Chainer's `for param in target.params(): param.update()`: a parameter registered
    // in two links is listed, and so updated, twice (its rule counts two steps); one added
    // to the model after setup has no rule and stays as it is.
    for (const p of params) p.update();
    this.reallocateClearedGrads(params);
    const postHooks = this.hasHooks('post');
    this.callHooks('post');
    // Where the model can vanish with its backend (a lost WebGL context), keep a host copy.
    checkpointAfterUpdate(this, postHooks ? undefined : params);
    // The step ends here: the temporaries of the step before are released (src/core/step.ts).
    endStep();
  }
}


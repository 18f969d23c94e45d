// Adam (Chainer's, with its decoupled weight decay and the AMSGrad and AdaBound variants),
// as Chainer's AdamRule.update_core_cpu computes it:
//   m += (1 - beta1) (g - m);  v += (1 - beta2) (g g - v);  [vhat = max(vhat, v)]
//   alpha_t = alpha sqrt(1 - beta2^t) / (1 - beta1^t)
//   step = alpha_t / (sqrt(vhat) + eps);  [adabound: step = clip(step, lower_t, upper_t)]
//   p = (1 - eta weightDecayRate) p - eta step m
// eps is added to the root of the UNCORRECTED v (PyTorch adds it to the corrected one).
import { zerosLike } from '../array/creation';
import type { Parameter } from '../links/parameter';
import { defineHyperparameterProxies, type HyperparameterArgs, readHyperparameters } from './hyperparameter';
import { GradientMethod } from './optimizer';
import { UpdateRule, setRuleDefaults } from './update-rule';
import { pythonPow } from '../util/pow';

export type AdamHyperparameter = {
  alpha: number;
  beta1: number;
  beta2: number;
  eps: number;
  eta: number;
  weightDecayRate: number;
  amsgrad: boolean;
  adabound: boolean;
  /** AdaBound's final (SGD) learning rate. */
  finalLr: number;
  /** How fast AdaBound's bounds converge to finalLr. */
  gamma: number;
};

const ADAM_DEFAULTS: AdamHyperparameter = {
  alpha: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, eta: 1, weightDecayRate: 0, amsgrad: false,
  adabound: false, finalLr: 0.1, gamma: 1e-3,
};

/** The bias-corrected step size at step t (Chainer's alpha_t). */
export function adamLearningRate(hp: AdamHyperparameter, t: number): number {
  if (t === 0) throw new Error('Adam: the learning rate is undefined before the first update (t = 0)');
  // Every parameter's rule asks at the same t: the exact powers (about 20 us each past t = 64)
  // are made once a step.
  const c = corrections;
  if (c.beta1 !== hp.beta1 || c.beta2 !== hp.beta2 || c.t !== t) {
    corrections = { beta1: hp.beta1, beta2: hp.beta2, t, fix1: 1 - pythonPow(hp.beta1, t), fix2: 1 - pythonPow(hp.beta2, t) };
  }
  return hp.alpha * Math.sqrt(corrections.fix2) / corrections.fix1;
}

/** The bias corrections 1 - beta^t of the last step asked for. */
let corrections = { beta1: NaN, beta2: NaN, t: NaN, fix1: NaN, fix2: NaN };

export class AdamRule extends UpdateRule<AdamHyperparameter> {
  /** alpha when this rule was made with adabound on: finalLr follows alpha's changes relative to it. */
  readonly initialAlpha: number | undefined;

  constructor(parent: AdamHyperparameter | null = null, ...hyperparams: unknown[]) {
    super(parent, ...hyperparams);
    if (this.hyperparam.adabound) this.initialAlpha = this.hyperparam.alpha;
  }

  stateKeys(): readonly string[] {
    return this.hyperparam.amsgrad ? ['m', 'v', 'vhat'] : ['m', 'v'];
  }

  /** alpha_t for this rule's step count. */
  get alphaT(): number {
    return adamLearningRate(this.hyperparam, this.t);
  }

  get lr(): number {
    return this.alphaT;
  }

  /** AdaBound's [lower, upper] at this rule's step count. */
  get bounds(): [number, number] {
    if (this.t === 0) throw new Error('Adam: the bounds of AdaBound are undefined before the first update (t = 0)');
    if (this.initialAlpha === undefined) throw new Error('Adam: adabound was off when this parameter\'s update rule was made; it has no initial alpha to scale finalLr by');
    const hp = this.hyperparam;
    const finalLr = hp.finalLr * hp.alpha / this.initialAlpha;
    return [finalLr * (1 - 1 / (hp.gamma * this.t + 1)), finalLr * (1 + 1 / (hp.gamma * this.t))];
  }

  protected updateCore(param: Parameter): void {
    if (param.grad === null) return;
    const hp = this.hyperparam;
    // float32 cannot hold an eps that rounds to zero: Chainer refuses it too.
    if (hp.eps !== 0 && Math.fround(hp.eps) === 0) throw new RangeError(`Adam: eps (${hp.eps}) is too small for float32`);
    // amsgrad switched on after the first update starts its maximum from zeros.
    if (hp.amsgrad && this.state && !this.state.vhat) this.state.vhat = zerosLike(param.array);
    if (this.isScalar(param)) {
      this.scalarUpdate(param, (p, g, s) => this.scalarStep(p, g, s));
      return;
    }
    const scalars = [1 - hp.beta1, 1 - hp.beta2, this.alphaT, hp.eps, hp.eta, 1 - hp.eta * hp.weightDecayRate];
    if (hp.adabound) this.fusedUpdate(hp.amsgrad ? 'amsbound' : 'adabound', param, [...scalars, ...this.bounds]);
    else this.fusedUpdate(hp.amsgrad ? 'amsgrad' : 'adam', param, scalars);
  }

  /** One step of Chainer's update_core_cpu on a 0-d parameter, in numpy 1.x's types (see scalarUpdate). */
  private scalarStep(p: number, g: number, s: Record<string, number>): number {
    const hp = this.hyperparam, f = Math.fround;
    // m += (1 - beta1) (grad - m); v += (1 - beta2) (grad grad - v): float32 differences,
    // float64 products and sums, stored in float32
    s.m = f(s.m + (1 - hp.beta1) * f(g - s.m));
    s.v = f(s.v + (1 - hp.beta2) * f(f(g * g) - s.v));
    let vhat = s.v;
    if (hp.amsgrad) vhat = s.vhat = Number.isNaN(s.vhat) || Number.isNaN(s.v) ? NaN : Math.max(s.vhat, s.v);
    // step = alpha_t / (sqrt(vhat) + eps): a float32 root, the rest in float64
    let step = this.alphaT / (f(Math.sqrt(vhat)) + hp.eps);
    if (hp.adabound) {
      const [lower, upper] = this.bounds;
      step = Math.min(Math.max(step, lower), upper);
    }
    // param = (1 - eta wd) param - eta (step m), as Chainer's _inplace_axpby
    const a = 1 - hp.eta * hp.weightDecayRate;
    return a === 1 ? p + -hp.eta * (step * s.m) : a * p + -hp.eta * (step * s.m);
  }
}

setRuleDefaults(AdamRule, ADAM_DEFAULTS);

export class Adam extends GradientMethod<AdamHyperparameter> {
  declare alpha: number;
  declare beta1: number;
  declare beta2: number;
  declare eps: number;
  declare eta: number;
  declare weightDecayRate: number;
  declare amsgrad: boolean;
  declare adabound: boolean;
  declare finalLr: number;
  declare gamma: number;

  constructor(...args: HyperparameterArgs<AdamHyperparameter>) {
    super(readHyperparameters('Adam', args, ADAM_DEFAULTS));
  }

  createUpdateRule(): AdamRule { return new AdamRule(this.hyperparam); }

  /** alpha_t at the optimizer's step count. */
  get alphaT(): number {
    return adamLearningRate(this.hyperparam, this.t);
  }

  /** Adam's effective learning rate is alpha_t (what observeLr reports). */
  get lr(): number {
    return this.alphaT;
  }
}
defineHyperparameterProxies(Adam, ['alpha', 'beta1', 'beta2', 'eps', 'eta', 'weightDecayRate', 'amsgrad', 'adabound', 'finalLr', 'gamma']);

// The variants fix the flags and take Chainer's positional arguments, in its order.
const { alpha, beta1, beta2, eps, eta, weightDecayRate, finalLr, gamma } = ADAM_DEFAULTS;

/** Adam with decoupled weight decay (a weightDecayRate to set; 0 by default, as Chainer). */
export class AdamW extends Adam {
  constructor(...args: HyperparameterArgs<Pick<AdamHyperparameter, 'alpha' | 'beta1' | 'beta2' | 'eps' | 'eta' | 'weightDecayRate'>>) {
    super({ ...readHyperparameters('AdamW', args, { alpha, beta1, beta2, eps, eta, weightDecayRate }), amsgrad: false, adabound: false });
  }
}

/** Adam with amsgrad on. */
export class AMSGrad extends Adam {
  constructor(...args: HyperparameterArgs<Pick<AdamHyperparameter, 'alpha' | 'beta1' | 'beta2' | 'eps' | 'eta'>>) {
    super({ ...readHyperparameters('AMSGrad', args, { alpha, beta1, beta2, eps, eta }), amsgrad: true, adabound: false });
  }
}

/** Adam with adabound on: (alpha, beta1, beta2, finalLr, gamma, eps, eta). */
export class AdaBound extends Adam {
  constructor(...args: HyperparameterArgs<Pick<AdamHyperparameter, 'alpha' | 'beta1' | 'beta2' | 'finalLr' | 'gamma' | 'eps' | 'eta'>>) {
    super({ ...readHyperparameters('AdaBound', args, { alpha, beta1, beta2, finalLr, gamma, eps, eta }), amsgrad: false, adabound: true });
  }
}

/** Adam with amsgrad and adabound on: (alpha, beta1, beta2, finalLr, gamma, eps, eta). */
export class AMSBound extends Adam {
  constructor(...args: HyperparameterArgs<Pick<AdamHyperparameter, 'alpha' | 'beta1' | 'beta2' | 'finalLr' | 'gamma' | 'eps' | 'eta'>>) {
    super({ ...readHyperparameters('AMSBound', args, { alpha, beta1, beta2, finalLr, gamma, eps, eta }), amsgrad: true, adabound: true });
  }
}

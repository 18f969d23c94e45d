// Adam (Chainer's, with its decoupled weight decay and the AMSGrad variant):
//   m += (1 - beta1) (g - m);  v += (1 - beta2) (g g - v);  [vhat = max(vhat, v)]
//   alpha_t = alpha sqrt(1 - beta2^t) / (1 - beta1^t)
//   p -= eta (alpha_t m / (sqrt(v) + eps) + weightDecayRate p)
// eps is added to the root of the UNCORRECTED v (PyTorch adds it to the corrected one).
import { zerosLike } from '../array/creation';
import type { Parameter } from '../links/parameter';
import { defineHyperparameterProxies, type HyperparameterArgs, readHyperparameters } from './hyperparameter';
import { GradientMethod } from './optimizer';
import { UpdateRule } from './update-rule';

export interface AdamHyperparameter {
  alpha: number;
  beta1: number;
  beta2: number;
  eps: number;
  eta: number;
  weightDecayRate: number;
  amsgrad: boolean;
}

const ADAM_DEFAULTS: AdamHyperparameter = { alpha: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, eta: 1, weightDecayRate: 0, amsgrad: false };

/** The bias-corrected step size at step t (Chainer's alpha_t). */
export function adamLearningRate(hp: AdamHyperparameter, t: number): number {
  if (t === 0) throw new Error('Adam: the learning rate is undefined before the first update (t = 0)');
  const fix1 = 1 - Math.pow(hp.beta1, t);
  const fix2 = 1 - Math.pow(hp.beta2, t);
  return hp.alpha * Math.sqrt(fix2) / fix1;
}

export class AdamRule extends UpdateRule<AdamHyperparameter> {
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

  protected updateCore(param: Parameter): void {
    const hp = this.hyperparam;
    // float32 cannot hold an eps that rounds to zero: Chainer refuses it too.
    if (hp.eps !== 0 && Math.fround(hp.eps) === 0) throw new RangeError(`Adam: eps (${hp.eps}) is too small for float32`);
    // amsgrad switched on after the first update starts its maximum from zeros.
    if (hp.amsgrad && this.state && !this.state.vhat) this.state.vhat = zerosLike(param.array);
    const scalars = [1 - hp.beta1, 1 - hp.beta2, this.alphaT, hp.eps, hp.eta, hp.weightDecayRate];
    this.fusedUpdate(hp.amsgrad ? 'amsgrad' : 'adam', param, scalars);
  }
}

export class Adam extends GradientMethod<AdamHyperparameter> {
  declare alpha: number;
  declare beta1: number;
  declare beta2: number;
  declare eps: number;
  declare eta: number;
  declare weightDecayRate: number;
  declare amsgrad: boolean;

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
defineHyperparameterProxies(Adam, ['alpha', 'beta1', 'beta2', 'eps', 'eta', 'weightDecayRate', 'amsgrad']);

/** AdamW and AMSGrad fix amsgrad; the other hyperparameters are Adam's, in Chainer's order. */
type AdamVariantHyperparameter = Omit<AdamHyperparameter, 'amsgrad'>;
const { amsgrad: _, ...ADAM_VARIANT_DEFAULTS } = ADAM_DEFAULTS;

/** Adam with decoupled weight decay (a weightDecayRate to set; 0 by default, as Chainer). */
export class AdamW extends Adam {
  constructor(...args: HyperparameterArgs<AdamVariantHyperparameter>) {
    super({ ...readHyperparameters('AdamW', args, ADAM_VARIANT_DEFAULTS), amsgrad: false });
  }
}

/** Adam with amsgrad on. */
export class AMSGrad extends Adam {
  constructor(...args: HyperparameterArgs<AdamVariantHyperparameter>) {
    super({ ...readHyperparameters('AMSGrad', args, ADAM_VARIANT_DEFAULTS), amsgrad: true });
  }
}

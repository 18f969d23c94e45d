// AdaGrad (Chainer's defaults lr 0.001, eps 1e-8): h += g g; p -= lr g / (sqrt(h) + eps).
import type { Parameter } from '../links/parameter';
import { defineHyperparameterProxies, type HyperparameterArgs, readHyperparameters } from './hyperparameter';
import { GradientMethod } from './optimizer';
import { UpdateRule, setRuleDefaults } from './update-rule';

export type AdaGradHyperparameter = {
  lr: number;
  eps: number;
};

export class AdaGradRule extends UpdateRule<AdaGradHyperparameter> {
  stateKeys(): readonly string[] { return ['h']; }
  protected updateCore(param: Parameter): void {
    const { lr, eps } = this.hyperparam;
    const f = Math.fround;
    // h += grad * grad; param -= lr * grad / (sqrt(h) + eps), the root in float32
    if (this.isScalar(param)) this.scalarUpdate(param, (p, g, s) => { s.h = f(s.h + f(g * g)); return p - lr * g / (f(Math.sqrt(s.h)) + eps); });
    else this.fusedUpdate('adaGrad', param, [lr, eps]);
  }
}

const ADA_GRAD_DEFAULTS = { lr: 0.001, eps: 1e-8 };
setRuleDefaults(AdaGradRule, ADA_GRAD_DEFAULTS);

export class AdaGrad extends GradientMethod<AdaGradHyperparameter> {
  declare lr: number;
  declare eps: number;
  constructor(...args: HyperparameterArgs<AdaGradHyperparameter>) {
    super(readHyperparameters('AdaGrad', args, ADA_GRAD_DEFAULTS));
  }
  createUpdateRule(): AdaGradRule { return new AdaGradRule(this.hyperparam); }
}
defineHyperparameterProxies(AdaGrad, ['lr', 'eps']);

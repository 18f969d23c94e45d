// Chainer's CorrectedMomentumSGD (lr 0.01, momentum 0.9): v = momentum v - g; p += lr v.
// The learning rate scales the velocity when it is applied, so changing lr during training
// does not change the momentum's scale (Goyal et al.).
import type { Parameter } from '../links/parameter';
import { defineHyperparameterProxies, type HyperparameterArgs, readHyperparameters } from './hyperparameter';
import { GradientMethod } from './optimizer';
import { UpdateRule, setRuleDefaults } from './update-rule';
import type { MomentumSGDHyperparameter } from './momentum-sgd';

export type CorrectedMomentumSGDHyperparameter = MomentumSGDHyperparameter;

export class CorrectedMomentumSGDRule extends UpdateRule<CorrectedMomentumSGDHyperparameter> {
  stateKeys(): readonly string[] { return ['v']; }
  protected updateCore(param: Parameter): void {
    const { lr, momentum } = this.hyperparam;
    const f = Math.fround;
    // v *= momentum; v -= grad; param += lr * v
    if (this.isScalar(param)) this.scalarUpdate(param, (p, g, s) => { s.v = f(f(s.v * momentum) - g); return p + lr * s.v; });
    else this.fusedUpdate('correctedMomentumSgd', param, [momentum, lr]);
  }
}

const CORRECTED_MOMENTUM_SGD_DEFAULTS = { lr: 0.01, momentum: 0.9 };
setRuleDefaults(CorrectedMomentumSGDRule, CORRECTED_MOMENTUM_SGD_DEFAULTS);

export class CorrectedMomentumSGD extends GradientMethod<CorrectedMomentumSGDHyperparameter> {
  declare lr: number;
  declare momentum: number;
  constructor(...args: HyperparameterArgs<CorrectedMomentumSGDHyperparameter>) {
    super(readHyperparameters('CorrectedMomentumSGD', args, CORRECTED_MOMENTUM_SGD_DEFAULTS));
  }
  createUpdateRule(): CorrectedMomentumSGDRule { return new CorrectedMomentumSGDRule(this.hyperparam); }
}
defineHyperparameterProxies(CorrectedMomentumSGD, ['lr', 'momentum']);

// Momentum SGD (Chainer's defaults lr 0.01, momentum 0.9): v = momentum v - lr g; p += v.
import type { Parameter } from '../links/parameter';
import { defineHyperparameterProxies, type HyperparameterArgs, readHyperparameters } from './hyperparameter';
import { GradientMethod } from './optimizer';
import { UpdateRule, setRuleDefaults } from './update-rule';

export type MomentumSGDHyperparameter = {
  lr: number;
  momentum: number;
};

export class MomentumSGDRule extends UpdateRule<MomentumSGDHyperparameter> {
  stateKeys(): readonly string[] { return ['v']; }
  protected updateCore(param: Parameter): void {
    const { lr, momentum } = this.hyperparam;
    const f = Math.fround;
    // v *= momentum; v -= lr * grad; param.data += v (each step stored in float32)
    if (this.isScalar(param)) this.scalarUpdate(param, (p, g, s) => { s.v = f(f(s.v * momentum) - lr * g); return p + s.v; });
    else this.fusedUpdate('momentumSgd', param, [momentum, lr]);
  }
}

const MOMENTUM_SGD_DEFAULTS = { lr: 0.01, momentum: 0.9 };
setRuleDefaults(MomentumSGDRule, MOMENTUM_SGD_DEFAULTS);

export class MomentumSGD extends GradientMethod<MomentumSGDHyperparameter> {
  declare lr: number;
  declare momentum: number;
  constructor(...args: HyperparameterArgs<MomentumSGDHyperparameter>) {
    super(readHyperparameters('MomentumSGD', args, MOMENTUM_SGD_DEFAULTS));
  }
  createUpdateRule(): MomentumSGDRule { return new MomentumSGDRule(this.hyperparam); }
}
defineHyperparameterProxies(MomentumSGD, ['lr', 'momentum']);

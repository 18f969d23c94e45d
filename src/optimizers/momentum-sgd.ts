// Momentum SGD (Chainer's defaults lr 0.01, momentum 0.9): v = momentum v - lr g; p += v.
import type { Parameter } from '../links/parameter';
import { defineHyperparameterProxies, definedOnly } from './hyperparameter';
import { GradientMethod } from './optimizer';
import { UpdateRule } from './update-rule';

export interface MomentumSGDHyperparameter {
  lr: number;
  momentum: number;
}

export class MomentumSGDRule extends UpdateRule<MomentumSGDHyperparameter> {
  stateKeys(): readonly string[] { return ['v']; }
  protected updateCore(param: Parameter): void {
    const { lr, momentum } = this.hyperparam;
    this.fusedUpdate('momentumSgd', param, [momentum, lr]);
  }
}

export class MomentumSGD extends GradientMethod<MomentumSGDHyperparameter> {
  declare lr: number;
  declare momentum: number;
  constructor(options: Partial<MomentumSGDHyperparameter> | number = {}) {
    super({ lr: 0.01, momentum: 0.9, ...definedOnly(options, 'lr') });
  }
  createUpdateRule(): MomentumSGDRule { return new MomentumSGDRule(this.hyperparam); }
}
defineHyperparameterProxies(MomentumSGD, ['lr', 'momentum']);

// Chainer's RMSpropGraves (Graves 2013; lr 1e-4, alpha 0.95, momentum 0.9, eps 1e-4):
//   n = alpha n + (1 - alpha) g g;  gbar = alpha gbar + (1 - alpha) g
//   delta = momentum delta - lr g / sqrt(n - gbar gbar + eps);  p += delta
// The state arrays are Chainer's 'n', 'g' and 'delta'.
import type { Parameter } from '../links/parameter';
import { defineHyperparameterProxies, type HyperparameterArgs, readHyperparameters } from './hyperparameter';
import { GradientMethod } from './optimizer';
import { UpdateRule } from './update-rule';

export type RMSpropGravesHyperparameter = {
  lr: number;
  alpha: number;
  momentum: number;
  eps: number;
};

export class RMSpropGravesRule extends UpdateRule<RMSpropGravesHyperparameter> {
  stateKeys(): readonly string[] { return ['n', 'g', 'delta']; }
  protected updateCore(param: Parameter): void {
    const { lr, alpha, momentum, eps } = this.hyperparam;
    this.fusedUpdate('rmspropGraves', param, [alpha, 1 - alpha, momentum, lr, eps]);
  }
}

export class RMSpropGraves extends GradientMethod<RMSpropGravesHyperparameter> {
  declare lr: number;
  declare alpha: number;
  declare momentum: number;
  declare eps: number;
  constructor(...args: HyperparameterArgs<RMSpropGravesHyperparameter>) {
    super(readHyperparameters('RMSpropGraves', args, { lr: 1e-4, alpha: 0.95, momentum: 0.9, eps: 1e-4 }));
  }
  createUpdateRule(): RMSpropGravesRule { return new RMSpropGravesRule(this.hyperparam); }
}
defineHyperparameterProxies(RMSpropGraves, ['lr', 'alpha', 'momentum', 'eps']);

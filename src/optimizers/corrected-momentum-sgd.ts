// Chainer's CorrectedMomentumSGD (lr 0.01, momentum 0.9): v = momentum v - g; p += lr v.
// The learning rate scales the velocity when it is applied, so changing lr during training
// does not change the momentum's scale (Goyal et al.).
import type { Parameter } from '../links/parameter';
import { defineHyperparameterProxies, type HyperparameterArgs, readHyperparameters } from './hyperparameter';
import { GradientMethod } from './optimizer';
import { UpdateRule } from './update-rule';
import type { MomentumSGDHyperparameter } from './momentum-sgd';

export type CorrectedMomentumSGDHyperparameter = MomentumSGDHyperparameter;

export class CorrectedMomentumSGDRule extends UpdateRule<CorrectedMomentumSGDHyperparameter> {
  stateKeys(): readonly string[] { return ['v']; }
  protected updateCore(param: Parameter): void {
    const { lr, momentum } = this.hyperparam;
    this.fusedUpdate('correctedMomentumSgd', param, [momentum, lr]);
  }
}

export class CorrectedMomentumSGD extends GradientMethod<CorrectedMomentumSGDHyperparameter> {
  declare lr: number;
  declare momentum: number;
  constructor(...args: HyperparameterArgs<CorrectedMomentumSGDHyperparameter>) {
    super(readHyperparameters('CorrectedMomentumSGD', args, { lr: 0.01, momentum: 0.9 }));
  }
  createUpdateRule(): CorrectedMomentumSGDRule { return new CorrectedMomentumSGDRule(this.hyperparam); }
}
defineHyperparameterProxies(CorrectedMomentumSGD, ['lr', 'momentum']);

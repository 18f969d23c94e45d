// Stochastic gradient descent: p -= lr g (Chainer's SGD, lr 0.01).
import type { Parameter } from '../links/parameter';
import { defineHyperparameterProxies, type HyperparameterArgs, readHyperparameters } from './hyperparameter';
import { GradientMethod } from './optimizer';
import { UpdateRule, setRuleDefaults } from './update-rule';

export type SGDHyperparameter = {
  lr: number;
};

export class SGDRule extends UpdateRule<SGDHyperparameter> {
  stateKeys(): readonly string[] { return []; }
  protected updateCore(param: Parameter): void {
    const { lr } = this.hyperparam;
    // param.data -= lr * grad
    if (this.isScalar(param)) this.scalarUpdate(param, (p, g) => p - lr * g);
    else this.fusedUpdate('sgd', param, [lr]);
  }
}

const SGD_DEFAULTS = { lr: 0.01 };
setRuleDefaults(SGDRule, SGD_DEFAULTS);

export class SGD extends GradientMethod<SGDHyperparameter> {
  declare lr: number;
  constructor(...args: HyperparameterArgs<SGDHyperparameter>) {
    super(readHyperparameters('SGD', args, SGD_DEFAULTS));
  }
  createUpdateRule(): SGDRule { return new SGDRule(this.hyperparam); }
}
defineHyperparameterProxies(SGD, ['lr']);

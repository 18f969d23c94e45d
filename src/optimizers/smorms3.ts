// Chainer's SMORMS3 (Funk 2015; lr 0.001, eps 1e-16), with the state 'mem' (starting at
// ones), 'g' and 'g2':
//   r = 1 / (mem + 1);  g = (1 - r) g + r grad;  g2 = (1 - r) g2 + r grad grad
//   x = g g / (g2 + eps);  p -= grad min(x, lr) / (sqrt(g2) + eps);  mem = 1 + mem (1 - x)
import { onesLike, zerosLike } from '../array/creation';
import type { Parameter } from '../links/parameter';
import { defineHyperparameterProxies, type HyperparameterArgs, readHyperparameters } from './hyperparameter';
import { GradientMethod } from './optimizer';
import { UpdateRule, setRuleDefaults } from './update-rule';

export type SMORMS3Hyperparameter = {
  lr: number;
  eps: number;
};

export class SMORMS3Rule extends UpdateRule<SMORMS3Hyperparameter> {
  stateKeys(): readonly string[] { return ['mem', 'g', 'g2']; }
  protected override initState(param: Parameter): void {
    this.state = { mem: onesLike(param.array), g: zerosLike(param.array), g2: zerosLike(param.array) };
  }
  protected updateCore(param: Parameter): void {
    const { lr, eps } = this.hyperparam;
    this.fusedUpdate('smorms3', param, [lr, eps]);
  }
}

const SMORMS3_DEFAULTS = { lr: 0.001, eps: 1e-16 };
setRuleDefaults(SMORMS3Rule, SMORMS3_DEFAULTS);

export class SMORMS3 extends GradientMethod<SMORMS3Hyperparameter> {
  declare lr: number;
  declare eps: number;
  constructor(...args: HyperparameterArgs<SMORMS3Hyperparameter>) {
    super(readHyperparameters('SMORMS3', args, SMORMS3_DEFAULTS));
  }
  createUpdateRule(): SMORMS3Rule { return new SMORMS3Rule(this.hyperparam); }
}
defineHyperparameterProxies(SMORMS3, ['lr', 'eps']);

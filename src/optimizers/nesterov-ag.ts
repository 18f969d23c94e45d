// Nesterov's accelerated gradient (Chainer's NesterovAG, lr 0.01, momentum 0.9):
// v = momentum v - lr g; p += momentum^2 v - (1 + momentum) lr g.
import type { Parameter } from '../links/parameter';
import { defineHyperparameterProxies, type HyperparameterArgs, readHyperparameters } from './hyperparameter';
import { GradientMethod } from './optimizer';
import { UpdateRule, setRuleDefaults } from './update-rule';
import type { MomentumSGDHyperparameter } from './momentum-sgd';

export type NesterovAGHyperparameter = MomentumSGDHyperparameter;

export class NesterovAGRule extends UpdateRule<NesterovAGHyperparameter> {
  stateKeys(): readonly string[] { return ['v']; }
  protected updateCore(param: Parameter): void {
    const { lr, momentum } = this.hyperparam;
    const f = Math.fround;
    // v *= momentum; v -= lr * grad; param += momentum * momentum * v; param -= (1 + momentum) * lr * grad
    if (this.isScalar(param)) {
      this.scalarUpdate(param, (p, g, s) => { s.v = f(f(s.v * momentum) - lr * g); return f(p + momentum * momentum * s.v) - (1 + momentum) * lr * g; });
    } else this.fusedUpdate('nesterovAg', param, [momentum, lr, momentum * momentum, (1 + momentum) * lr]);
  }
}

const NESTEROV_AG_DEFAULTS = { lr: 0.01, momentum: 0.9 };
setRuleDefaults(NesterovAGRule, NESTEROV_AG_DEFAULTS);

export class NesterovAG extends GradientMethod<NesterovAGHyperparameter> {
  declare lr: number;
  declare momentum: number;
  constructor(...args: HyperparameterArgs<NesterovAGHyperparameter>) {
    super(readHyperparameters('NesterovAG', args, NESTEROV_AG_DEFAULTS));
  }
  createUpdateRule(): NesterovAGRule { return new NesterovAGRule(this.hyperparam); }
}
defineHyperparameterProxies(NesterovAG, ['lr', 'momentum']);

// Chainer's RMSpropGraves (Graves 2013; lr 1e-4, alpha 0.95, momentum 0.9, eps 1e-4):
//   n = alpha n + (1 - alpha) g g;  gbar = alpha gbar + (1 - alpha) g
//   delta = momentum delta - lr g / sqrt(n - gbar gbar + eps);  p += delta
// The state arrays are Chainer's 'n', 'g' and 'delta'.
import type { Parameter } from '../links/parameter';
import { defineHyperparameterProxies, type HyperparameterArgs, readHyperparameters } from './hyperparameter';
import { GradientMethod } from './optimizer';
import { UpdateRule, setRuleDefaults } from './update-rule';

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
    const f = Math.fround;
    // n, g: running averages of grad^2 and grad; delta = momentum delta - lr grad / sqrt(n - g g + eps); param += delta
    if (this.isScalar(param)) {
      this.scalarUpdate(param, (p, grad, s) => {
        s.n = f(f(s.n * alpha) + (1 - alpha) * grad * grad);
        s.g = f(f(s.g * alpha) + (1 - alpha) * grad);
        s.delta = f(f(s.delta * momentum) - lr * grad / Math.sqrt(f(s.n - f(s.g * s.g)) + eps));
        return p + s.delta;
      });
    } else this.fusedUpdate('rmspropGraves', param, [alpha, 1 - alpha, momentum, lr, eps]);
  }
}

const RMSPROP_GRAVES_DEFAULTS = { lr: 1e-4, alpha: 0.95, momentum: 0.9, eps: 1e-4 };
setRuleDefaults(RMSpropGravesRule, RMSPROP_GRAVES_DEFAULTS);

export class RMSpropGraves extends GradientMethod<RMSpropGravesHyperparameter> {
  declare lr: number;
  declare alpha: number;
  declare momentum: number;
  declare eps: number;
  constructor(...args: HyperparameterArgs<RMSpropGravesHyperparameter>) {
    super(readHyperparameters('RMSpropGraves', args, RMSPROP_GRAVES_DEFAULTS));
  }
  createUpdateRule(): RMSpropGravesRule { return new RMSpropGravesRule(this.hyperparam); }
}
defineHyperparameterProxies(RMSpropGraves, ['lr', 'alpha', 'momentum', 'eps']);

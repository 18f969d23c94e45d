// RMSprop (Chainer's defaults lr 0.01, alpha 0.99, eps 1e-8):
//   ms = alpha ms + (1 - alpha) g g;  p -= lr g / (sqrt(ms) + eps), eps outside the root.
import type { Parameter } from '../links/parameter';
import { defineHyperparameterProxies, definedOnly } from './hyperparameter';
import { GradientMethod } from './optimizer';
import { UpdateRule } from './update-rule';

export interface RMSpropHyperparameter {
  lr: number;
  alpha: number;
  eps: number;
}

export class RMSpropRule extends UpdateRule<RMSpropHyperparameter> {
  stateKeys(): readonly string[] { return ['ms']; }
  protected updateCore(param: Parameter): void {
    const { lr, alpha, eps } = this.hyperparam;
    if (eps !== 0 && Math.fround(eps) === 0) throw new RangeError(`RMSprop: eps (${eps}) is too small for float32`);
    this.fusedUpdate('rmsprop', param, [alpha, 1 - alpha, lr, eps]);
  }
}

export class RMSprop extends GradientMethod<RMSpropHyperparameter> {
  declare lr: number;
  declare alpha: number;
  declare eps: number;
  constructor(options: Partial<RMSpropHyperparameter> | number = {}) {
    super({ lr: 0.01, alpha: 0.99, eps: 1e-8, ...definedOnly(options, 'lr') });
  }
  createUpdateRule(): RMSpropRule { return new RMSpropRule(this.hyperparam); }
}
defineHyperparameterProxies(RMSprop, ['lr', 'alpha', 'eps']);

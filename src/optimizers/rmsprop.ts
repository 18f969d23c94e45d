// RMSprop (Chainer's defaults lr 0.01, alpha 0.99, eps 1e-8, epsInsideSqrt false):
//   ms = alpha ms + (1 - alpha) g g;  p -= lr g / (sqrt(ms) + eps), eps outside the root,
//   or p -= lr g / sqrt(ms + eps) with epsInsideSqrt.
import type { Parameter } from '../links/parameter';
import { defineHyperparameterProxies, type HyperparameterArgs, readHyperparameters } from './hyperparameter';
import { GradientMethod } from './optimizer';
import { UpdateRule, setRuleDefaults } from './update-rule';

export type RMSpropHyperparameter = {
  lr: number;
  alpha: number;
  eps: number;
  epsInsideSqrt: boolean;
};

export class RMSpropRule extends UpdateRule<RMSpropHyperparameter> {
  stateKeys(): readonly string[] { return ['ms']; }
  protected updateCore(param: Parameter): void {
    const { lr, alpha, eps, epsInsideSqrt } = this.hyperparam;
    if (eps !== 0 && Math.fround(eps) === 0) throw new RangeError(`RMSprop: eps (${eps}) is too small for float32`);
    const f = Math.fround, eps32 = f(eps);
    // ms *= alpha; ms += (1 - alpha) grad grad; param -= lr grad / denom, with Chainer's eps a
    // float32 (grad.dtype.type(eps)), so denom is float32
    if (this.isScalar(param)) {
      this.scalarUpdate(param, (p, g, s) => {
        s.ms = f(f(s.ms * alpha) + (1 - alpha) * g * g);
        const denom = epsInsideSqrt ? f(Math.sqrt(f(s.ms + eps32))) : f(f(Math.sqrt(s.ms)) + eps32);
        return p - lr * g / denom;
      });
    } else this.fusedUpdate(epsInsideSqrt ? 'rmspropEpsInsideSqrt' : 'rmsprop', param, [alpha, 1 - alpha, lr, eps]);
  }
}

const RMSPROP_DEFAULTS = { lr: 0.01, alpha: 0.99, eps: 1e-8, epsInsideSqrt: false };
setRuleDefaults(RMSpropRule, RMSPROP_DEFAULTS);

export class RMSprop extends GradientMethod<RMSpropHyperparameter> {
  declare lr: number;
  declare alpha: number;
  declare eps: number;
  declare epsInsideSqrt: boolean;
  constructor(...args: HyperparameterArgs<RMSpropHyperparameter>) {
    super(readHyperparameters('RMSprop', args, RMSPROP_DEFAULTS));
  }
  createUpdateRule(): RMSpropRule { return new RMSpropRule(this.hyperparam); }
}
defineHyperparameterProxies(RMSprop, ['lr', 'alpha', 'eps', 'epsInsideSqrt']);

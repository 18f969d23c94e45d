// AdaDelta (Chainer's defaults rho 0.95, eps 1e-6; no learning rate):
//   msg = rho msg + (1 - rho) g g;  dx = sqrt((msdx + eps) / (msg + eps)) g
//   msdx = rho msdx + (1 - rho) dx dx;  p -= dx
import type { Parameter } from '../links/parameter';
import { defineHyperparameterProxies, type HyperparameterArgs, readHyperparameters } from './hyperparameter';
import { GradientMethod } from './optimizer';
import { UpdateRule, setRuleDefaults } from './update-rule';

export type AdaDeltaHyperparameter = {
  rho: number;
  eps: number;
};

export class AdaDeltaRule extends UpdateRule<AdaDeltaHyperparameter> {
  stateKeys(): readonly string[] { return ['msg', 'msdx']; }
  protected updateCore(param: Parameter): void {
    const { rho, eps } = this.hyperparam;
    const f = Math.fround;
    // msg *= rho; msg += (1 - rho) grad grad; dx = sqrt((msdx + eps) / (msg + eps)) grad (a
    // float64); msdx *= rho; msdx += (1 - rho) dx dx; param -= dx
    if (this.isScalar(param)) {
      this.scalarUpdate(param, (p, g, s) => {
        s.msg = f(f(s.msg * rho) + (1 - rho) * g * g);
        const dx = Math.sqrt((s.msdx + eps) / (s.msg + eps)) * g;
        s.msdx = f(f(s.msdx * rho) + (1 - rho) * dx * dx);
        return p - dx;
      });
    } else this.fusedUpdate('adaDelta', param, [rho, 1 - rho, eps]);
  }
}

const ADA_DELTA_DEFAULTS = { rho: 0.95, eps: 1e-6 };
setRuleDefaults(AdaDeltaRule, ADA_DELTA_DEFAULTS);

export class AdaDelta extends GradientMethod<AdaDeltaHyperparameter> {
  declare rho: number;
  declare eps: number;
  constructor(...args: HyperparameterArgs<AdaDeltaHyperparameter>) {
    super(readHyperparameters('AdaDelta', args, ADA_DELTA_DEFAULTS));
  }
  createUpdateRule(): AdaDeltaRule { return new AdaDeltaRule(this.hyperparam); }
}
defineHyperparameterProxies(AdaDelta, ['rho', 'eps']);

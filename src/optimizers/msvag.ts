// Chainer's MSVAG (Balles & Hennig 2018; lr 0.1, beta 0.9, eta 1, weightDecayRate 0):
//   rho = (1 - beta)^2 (1 - b^2) / ((1 - b)^2 (1 - beta^2)), at most 0.9999, b = beta^t
//   m += (1 - beta) (g - m);  v += (1 - beta) (g g - v)
//   mt = m / (1 - b);  vt = v / (1 - b);  s = (vt - mt^2) / (1 - rho)
//   factor = clip(mt^2 / (mt^2 + rho s), 0, 1) (NaN as 0);  p -= eta (lr mt factor + wd p)
// As in Chainer, b (betaPower) starts at beta when the rule is made, is multiplied by beta
// after each update, and is not saved: a rule loaded from a file starts it again.
import type { Parameter } from '../links/parameter';
import { defineHyperparameterProxies, type HyperparameterArgs, readHyperparameters } from './hyperparameter';
import { GradientMethod } from './optimizer';
import { UpdateRule, setRuleDefaults } from './update-rule';

export type MSVAGHyperparameter = {
  lr: number;
  beta: number;
  eta: number;
  weightDecayRate: number;
};

export class MSVAGRule extends UpdateRule<MSVAGHyperparameter> {
  /** beta^t for the coming update (Chainer's beta_power). */
  betaPower: number;

  constructor(parent: MSVAGHyperparameter | null = null, ...hyperparams: unknown[]) {
    super(parent, ...hyperparams);
    this.betaPower = this.hyperparam.beta;
  }

  stateKeys(): readonly string[] { return ['m', 'v']; }

  protected updateCore(param: Parameter): void {
    if (param.grad === null) return;
    const { lr, beta, eta, weightDecayRate } = this.hyperparam;
    const b = this.betaPower;
    const rho = Math.min((1 - beta) ** 2 * (1 - b ** 2) / ((1 - b) ** 2 * (1 - beta ** 2)), 0.9999);
    const f = Math.fround;
    if (this.isScalar(param)) {
      // m, v in float32; mt, vt, s and the factor in float64 (a 0-d array over a Python float)
      this.scalarUpdate(param, (p, g, s) => {
        s.m = f(s.m + (1 - beta) * f(g - s.m));
        s.v = f(s.v + (1 - beta) * f(f(g * g) - s.v));
        const mt = s.m / (1 - b), vt = s.v / (1 - b), mt2 = mt ** 2;
        const sv = (vt - mt2) / (1 - rho);
        let factor = Math.min(Math.max(mt2 / (mt2 + rho * sv), 0), 1);
        if (Number.isNaN(factor)) factor = 0;
        return p - eta * (lr * mt * factor + weightDecayRate * p);
      });
    } else this.fusedUpdate('msvag', param, [1 - beta, 1 - b, rho, 1 - rho, lr, eta, weightDecayRate]);
    this.betaPower *= beta;
  }
}

const MSVAG_DEFAULTS = { lr: 0.1, beta: 0.9, eta: 1, weightDecayRate: 0 };
setRuleDefaults(MSVAGRule, MSVAG_DEFAULTS);

export class MSVAG extends GradientMethod<MSVAGHyperparameter> {
  declare lr: number;
  declare beta: number;
  declare eta: number;
  declare weightDecayRate: number;
  constructor(...args: HyperparameterArgs<MSVAGHyperparameter>) {
    super(readHyperparameters('MSVAG', args, MSVAG_DEFAULTS));
  }
  createUpdateRule(): MSVAGRule { return new MSVAGRule(this.hyperparam); }
}
defineHyperparameterProxies(MSVAG, ['lr', 'beta', 'eta', 'weightDecayRate']);

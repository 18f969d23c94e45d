// Chainer's update rules written out element by element in float32 (Math.fround after
// every operation, as numpy computes on float32 arrays with Python float scalars), to
// check the fused kernels against. Written from the formulas, independently of them.
const f = Math.fround;

export type State = Record<string, number[]>;
export type Rule = (p: number[], g: number[], t: number, s: State) => number[];

const zeros = (n: number) => new Array<number>(n).fill(0);

export function sgd(lr: number): Rule {
  return (p, g) => p.map((x, i) => f(x - f(f(lr) * g[i])));
}

export function momentumSgd(lr: number, momentum: number): Rule {
  return (p, g, _t, s) => {
    const v = (s.v ??= zeros(p.length));
    return p.map((x, i) => {
      v[i] = f(f(v[i] * f(momentum)) - f(f(lr) * g[i]));
      return f(x + v[i]);
    });
  };
}

export function nesterovAg(lr: number, momentum: number): Rule {
  return (p, g, _t, s) => {
    const v = (s.v ??= zeros(p.length));
    return p.map((x, i) => {
      v[i] = f(f(v[i] * f(momentum)) - f(f(lr) * g[i]));
      const y = f(x + f(f(momentum * momentum) * v[i]));
      return f(y - f(f((1 + momentum) * lr) * g[i]));
    });
  };
}

export interface AdamRef {
  alpha?: number; beta1?: number; beta2?: number; eps?: number; eta?: number; weightDecayRate?: number; amsgrad?: boolean;
  adabound?: boolean; finalLr?: number; gamma?: number;
}

// Chainer 7.8.1's AdamRule.update_core_cpu: step = alpha_t / (sqrt(vhat) + eps), clipped
// for AdaBound, then param[...] = (1 - eta wd) param + (-eta) (step m).
export function adam(o: AdamRef = {}): Rule {
  const { alpha = 0.001, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, eta = 1, weightDecayRate = 0, amsgrad = false,
    adabound = false, finalLr = 0.1, gamma = 1e-3 } = o;
  return (p, g, t, s) => {
    const m = (s.m ??= zeros(p.length)), v = (s.v ??= zeros(p.length));
    const vhat = amsgrad ? (s.vhat ??= zeros(p.length)) : null;
    // alpha_t and the bounds in double precision, eps added to the root of the uncorrected v.
    const alphaT = f(alpha * Math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t));
    const lower = f(finalLr * (1 - 1 / (gamma * t + 1))), upper = f(finalLr * (1 + 1 / (gamma * t)));
    const a = f(1 - eta * weightDecayRate);
    return p.map((x, i) => {
      m[i] = f(m[i] + f(f(1 - beta1) * f(g[i] - m[i])));
      v[i] = f(v[i] + f(f(1 - beta2) * f(f(g[i] * g[i]) - v[i])));
      let d = v[i];
      if (vhat) d = vhat[i] = Math.max(vhat[i], v[i]);
      let step = f(alphaT / f(f(Math.sqrt(d)) + f(eps)));
      if (adabound) step = Math.min(Math.max(step, lower), upper);
      return f(f(a * x) + f(f(-eta) * f(step * m[i])));
    });
  };
}

export function adaGrad(lr = 0.001, eps = 1e-8): Rule {
  return (p, g, _t, s) => {
    const h = (s.h ??= zeros(p.length));
    return p.map((x, i) => {
      h[i] = f(h[i] + f(g[i] * g[i]));
      return f(x - f(f(f(lr) * g[i]) / f(f(Math.sqrt(h[i])) + f(eps))));
    });
  };
}

export function adaDelta(rho = 0.95, eps = 1e-6): Rule {
  return (p, g, _t, s) => {
    const msg = (s.msg ??= zeros(p.length)), msdx = (s.msdx ??= zeros(p.length));
    return p.map((x, i) => {
      msg[i] = f(f(msg[i] * f(rho)) + f(f(f(1 - rho) * g[i]) * g[i]));
      const dx = f(f(Math.sqrt(f(f(msdx[i] + f(eps)) / f(msg[i] + f(eps))))) * g[i]);
      msdx[i] = f(f(msdx[i] * f(rho)) + f(f(f(1 - rho) * dx) * dx));
      return f(x - dx);
    });
  };
}

export function rmsprop(lr = 0.01, alpha = 0.99, eps = 1e-8, epsInsideSqrt = false): Rule {
  return (p, g, _t, s) => {
    const ms = (s.ms ??= zeros(p.length));
    return p.map((x, i) => {
      ms[i] = f(f(ms[i] * f(alpha)) + f(f(f(1 - alpha) * g[i]) * g[i]));
      const denom = epsInsideSqrt ? f(Math.sqrt(f(ms[i] + f(eps)))) : f(f(Math.sqrt(ms[i])) + f(eps));
      return f(x - f(f(f(lr) * g[i]) / denom));
    });
  };
}

// Fused update rules of the optimizers: one pass over a parameter reads its gradient and
// state and rewrites parameter and state in place (in the arena; the backend copies them
// out). The arithmetic is Chainer's numpy code operation by operation in float32, with
// scalars computed in float64 by the caller and rounded once, so results match Chainer's
// to the bit. Plain mul + add, never fused: a fused multiply-add would round differently
// and the loops are memory-bound anyway.
//
// Operands are 16-byte aligned blocks padded to whole vectors (the arena's layout), so
// each loop runs over whole vectors; lanes past n are scratch and never copied out.

@inline function paddedBytes(n: i32): usize {
  return <usize>((n + 3) & ~3) << 2;
}

@inline function splat(x: f32): v128 {
  return f32x4.splat(x);
}

/** a + c (x - a): a moving average's step (Adam's and MSVAG's m and v), in numpy's order. */
@inline function towards(a: v128, x: v128, c: v128): v128 {
  return f32x4.add(a, f32x4.mul(c, f32x4.sub(x, a)));
}

/** p -= lr g */
export function sgd_update(n: i32, p: usize, g: usize, lr: f32): void {
  const vlr = splat(lr);
  for (let o: usize = 0, end = paddedBytes(n); o < end; o += 16) {
    v128.store(p + o, f32x4.sub(v128.load(p + o), f32x4.mul(vlr, v128.load(g + o))));
  }
}

/** v = momentum v - lr g; p += v */
export function momentum_sgd_update(n: i32, p: usize, g: usize, v: usize, momentum: f32, lr: f32): void {
  const vm = splat(momentum), vlr = splat(lr);
  for (let o: usize = 0, end = paddedBytes(n); o < end; o += 16) {
    const vv = f32x4.sub(f32x4.mul(v128.load(v + o), vm), f32x4.mul(vlr, v128.load(g + o)));
    v128.store(v + o, vv);
    v128.store(p + o, f32x4.add(v128.load(p + o), vv));
  }
}

/** v = momentum v - lr g; p += momentum^2 v; p -= (1 + momentum) lr g */
export function nesterov_ag_update(n: i32, p: usize, g: usize, v: usize, momentum: f32, lr: f32,
                                   momentumSquared: f32, gradScale: f32): void {
  const vm = splat(momentum), vlr = splat(lr), vm2 = splat(momentumSquared), vgs = splat(gradScale);
  for (let o: usize = 0, end = paddedBytes(n); o < end; o += 16) {
    const gg = v128.load(g + o);
    const vv = f32x4.sub(f32x4.mul(v128.load(v + o), vm), f32x4.mul(vlr, gg));
    v128.store(v + o, vv);
    const pp = f32x4.add(v128.load(p + o), f32x4.mul(vm2, vv));
    v128.store(p + o, f32x4.sub(pp, f32x4.mul(vgs, gg)));
  }
}

// Chainer's AdamRule.update_core_cpu, operation by operation:
//   m += (1 - beta1) (g - m);  v += (1 - beta2) (g g - v);  [vhat = max(vhat, v)]
//   step = alpha_t / (sqrt(vhat) + eps);  [step = clip(step, lower, upper)]
//   p = (1 - eta weight_decay_rate) p - eta (step m)
// decay is 1 - eta weight_decay_rate, computed in float64 by the caller; when it is 1,
// Chainer's p += -eta (step m) rounds the same.
@inline function adamStep(n: i32, p: usize, g: usize, m: usize, v: usize, vhat: usize, amsgrad: bool, bounded: bool,
                          oneMinusBeta1: f32, oneMinusBeta2: f32, alphaT: f32, eps: f32, eta: f32, decay: f32,
                          lower: f32, upper: f32): void {
  const c1 = splat(oneMinusBeta1), c2 = splat(oneMinusBeta2), va = splat(alphaT), veps = splat(eps);
  const veta = splat(eta), vdecay = splat(decay), vlo = splat(lower), vhi = splat(upper);
  for (let o: usize = 0, end = paddedBytes(n); o < end; o += 16) {
    const gg = v128.load(g + o);
    const mm = v128.load(m + o);
    const m1 = towards(mm, gg, c1);
    v128.store(m + o, m1);
    const vv = v128.load(v + o);
    const v1 = towards(vv, f32x4.mul(gg, gg), c2);
    v128.store(v + o, v1);
    let denom = v1;
    if (amsgrad) {
      denom = f32x4.max(v128.load(vhat + o), v1);
      v128.store(vhat + o, denom);
    }
    let step = f32x4.div(va, f32x4.add(f32x4.sqrt(denom), veps));
    // numpy.clip: NaN stays NaN (wasm's min and max propagate it)
    if (bounded) step = f32x4.min(f32x4.max(step, vlo), vhi);
    const pp = v128.load(p + o);
    v128.store(p + o, f32x4.sub(f32x4.mul(vdecay, pp), f32x4.mul(veta, f32x4.mul(step, m1))));
  }
}

/** Adam with eps added to the root of the uncorrected v; alphaT is the bias-corrected step size. */
export function adam_update(n: i32, p: usize, g: usize, m: usize, v: usize,
                            oneMinusBeta1: f32, oneMinusBeta2: f32, alphaT: f32, eps: f32, eta: f32, decay: f32): void {
  adamStep(n, p, g, m, v, 0, false, false, oneMinusBeta1, oneMinusBeta2, alphaT, eps, eta, decay, 0, 0);
}

/** Adam's AMSGrad variant: the root is taken of vhat = max(vhat, v). */
export function amsgrad_update(n: i32, p: usize, g: usize, m: usize, v: usize, vhat: usize,
                               oneMinusBeta1: f32, oneMinusBeta2: f32, alphaT: f32, eps: f32, eta: f32, decay: f32): void {
  adamStep(n, p, g, m, v, vhat, true, false, oneMinusBeta1, oneMinusBeta2, alphaT, eps, eta, decay, 0, 0);
}

/** Adam's AdaBound variant: the step clipped to [lower, upper]. */
export function adabound_update(n: i32, p: usize, g: usize, m: usize, v: usize,
                                oneMinusBeta1: f32, oneMinusBeta2: f32, alphaT: f32, eps: f32, eta: f32, decay: f32,
                                lower: f32, upper: f32): void {
  adamStep(n, p, g, m, v, 0, false, true, oneMinusBeta1, oneMinusBeta2, alphaT, eps, eta, decay, lower, upper);
}

/** AMSBound: AMSGrad's vhat and AdaBound's clipped step. */
export function amsbound_update(n: i32, p: usize, g: usize, m: usize, v: usize, vhat: usize,
                                oneMinusBeta1: f32, oneMinusBeta2: f32, alphaT: f32, eps: f32, eta: f32, decay: f32,
                                lower: f32, upper: f32): void {
  adamStep(n, p, g, m, v, vhat, true, true, oneMinusBeta1, oneMinusBeta2, alphaT, eps, eta, decay, lower, upper);
}

/** h += g g; p -= lr g / (sqrt(h) + eps) */
export function ada_grad_update(n: i32, p: usize, g: usize, h: usize, lr: f32, eps: f32): void {
  const vlr = splat(lr), veps = splat(eps);
  for (let o: usize = 0, end = paddedBytes(n); o < end; o += 16) {
    const gg = v128.load(g + o);
    const hh = f32x4.add(v128.load(h + o), f32x4.mul(gg, gg));
    v128.store(h + o, hh);
    const step = f32x4.div(f32x4.mul(vlr, gg), f32x4.add(f32x4.sqrt(hh), veps));
    v128.store(p + o, f32x4.sub(v128.load(p + o), step));
  }
}

/** msg = rho msg + (1 - rho) g g; dx = sqrt((msdx + eps) / (msg + eps)) g; msdx likewise with dx; p -= dx */
export function ada_delta_update(n: i32, p: usize, g: usize, msg: usize, msdx: usize, rho: f32, oneMinusRho: f32, eps: f32): void {
  const vrho = splat(rho), c = splat(oneMinusRho), veps = splat(eps);
  for (let o: usize = 0, end = paddedBytes(n); o < end; o += 16) {
    const gg = v128.load(g + o);
    const s = f32x4.add(f32x4.mul(v128.load(msg + o), vrho), f32x4.mul(f32x4.mul(c, gg), gg));
    v128.store(msg + o, s);
    const dx = f32x4.mul(f32x4.sqrt(f32x4.div(f32x4.add(v128.load(msdx + o), veps), f32x4.add(s, veps))), gg);
    const d = f32x4.add(f32x4.mul(v128.load(msdx + o), vrho), f32x4.mul(f32x4.mul(c, dx), dx));
    v128.store(msdx + o, d);
    v128.store(p + o, f32x4.sub(v128.load(p + o), dx));
  }
}

/** ms = alpha ms + (1 - alpha) g g; p -= lr g / (sqrt(ms) + eps), eps outside the root */
export function rmsprop_update(n: i32, p: usize, g: usize, ms: usize, alpha: f32, oneMinusAlpha: f32, lr: f32, eps: f32): void {
  rmsprop(n, p, g, ms, alpha, oneMinusAlpha, lr, eps, false);
}

/** As rmsprop_update with Chainer's eps_inside_sqrt: p -= lr g / sqrt(ms + eps) */
export function rmsprop_eps_inside_sqrt_update(n: i32, p: usize, g: usize, ms: usize, alpha: f32, oneMinusAlpha: f32, lr: f32, eps: f32): void {
  rmsprop(n, p, g, ms, alpha, oneMinusAlpha, lr, eps, true);
}

// epsInsideSqrt is a constant at each inlined call site, so each loop compiles branch-free.
@inline function rmsprop(n: i32, p: usize, g: usize, ms: usize, alpha: f32, oneMinusAlpha: f32, lr: f32, eps: f32, epsInsideSqrt: bool): void {
  const va = splat(alpha), c = splat(oneMinusAlpha), vlr = splat(lr), veps = splat(eps);
  for (let o: usize = 0, end = paddedBytes(n); o < end; o += 16) {
    const gg = v128.load(g + o);
    const s = f32x4.add(f32x4.mul(v128.load(ms + o), va), f32x4.mul(f32x4.mul(c, gg), gg));
    v128.store(ms + o, s);
    const denom = epsInsideSqrt ? f32x4.sqrt(f32x4.add(s, veps)) : f32x4.add(f32x4.sqrt(s), veps);
    const step = f32x4.div(f32x4.mul(vlr, gg), denom);
    v128.store(p + o, f32x4.sub(v128.load(p + o), step));
  }
}

/** v = momentum v - g; p += lr v (Chainer's CorrectedMomentumSGD: lr scales the velocity when it is applied) */
export function corrected_momentum_sgd_update(n: i32, p: usize, g: usize, v: usize, momentum: f32, lr: f32): void {
  const vm = splat(momentum), vlr = splat(lr);
  for (let o: usize = 0, end = paddedBytes(n); o < end; o += 16) {
    const vv = f32x4.sub(f32x4.mul(v128.load(v + o), vm), v128.load(g + o));
    v128.store(v + o, vv);
    v128.store(p + o, f32x4.add(v128.load(p + o), f32x4.mul(vlr, vv)));
  }
}

/**
 * Chainer's RMSpropGraves: n = alpha n + (1 - alpha) g g;  gbar = alpha gbar + (1 - alpha) g;
 * delta = momentum delta - lr g / sqrt(n - gbar gbar + eps);  p += delta
 */
export function rmsprop_graves_update(n: i32, p: usize, g: usize, avgN: usize, avgG: usize, delta: usize,
                                      alpha: f32, oneMinusAlpha: f32, momentum: f32, lr: f32, eps: f32): void {
  const va = splat(alpha), c = splat(oneMinusAlpha), vm = splat(momentum), vlr = splat(lr), veps = splat(eps);
  for (let o: usize = 0, end = paddedBytes(n); o < end; o += 16) {
    const gg = v128.load(g + o);
    const nn = f32x4.add(f32x4.mul(v128.load(avgN + o), va), f32x4.mul(f32x4.mul(c, gg), gg));
    v128.store(avgN + o, nn);
    const mg = f32x4.add(f32x4.mul(v128.load(avgG + o), va), f32x4.mul(c, gg));
    v128.store(avgG + o, mg);
    const denom = f32x4.sqrt(f32x4.add(f32x4.sub(nn, f32x4.mul(mg, mg)), veps));
    const d = f32x4.sub(f32x4.mul(v128.load(delta + o), vm), f32x4.div(f32x4.mul(vlr, gg), denom));
    v128.store(delta + o, d);
    v128.store(p + o, f32x4.add(v128.load(p + o), d));
  }
}

/**
 * Chainer's SMORMS3 (mem starts at ones): r = 1 / (mem + 1);  gbar = (1 - r) gbar + r g;
 * g2 = (1 - r) g2 + r g g;  x = gbar gbar / (g2 + eps);  p -= g min(x, lr) / (sqrt(g2) + eps);
 * mem = 1 + mem (1 - x)
 */
export function smorms3_update(n: i32, p: usize, g: usize, mem: usize, avgG: usize, avgG2: usize, lr: f32, eps: f32): void {
  const one = splat(1), vlr = splat(lr), veps = splat(eps);
  for (let o: usize = 0, end = paddedBytes(n); o < end; o += 16) {
    const gg = v128.load(g + o);
    const mm = v128.load(mem + o);
    const r = f32x4.div(one, f32x4.add(mm, one));
    const q = f32x4.sub(one, r);
    const mg = f32x4.add(f32x4.mul(q, v128.load(avgG + o)), f32x4.mul(r, gg));
    v128.store(avgG + o, mg);
    const m2 = f32x4.add(f32x4.mul(q, v128.load(avgG2 + o)), f32x4.mul(f32x4.mul(r, gg), gg));
    v128.store(avgG2 + o, m2);
    const x = f32x4.div(f32x4.mul(mg, mg), f32x4.add(m2, veps));
    // numpy.minimum: NaN propagates (as wasm's min)
    const step = f32x4.div(f32x4.mul(gg, f32x4.min(x, vlr)), f32x4.add(f32x4.sqrt(m2), veps));
    v128.store(p + o, f32x4.sub(v128.load(p + o), step));
    v128.store(mem + o, f32x4.add(one, f32x4.mul(mm, f32x4.sub(one, x))));
  }
}

/**
 * Chainer's MSVAG: m += (1 - beta) (g - m);  v += (1 - beta) (g g - v);
 * mt = m / (1 - beta^t);  vt = v / (1 - beta^t);  s = (vt - mt mt) / (1 - rho);
 * factor = clip(mt mt / (mt mt + rho s), 0, 1), NaN as 0;  p -= eta (lr mt factor + wd p)
 */
export function msvag_update(n: i32, p: usize, g: usize, m: usize, v: usize, oneMinusBeta: f32, oneMinusBetaPower: f32,
                             rho: f32, oneMinusRho: f32, lr: f32, eta: f32, weightDecayRate: f32): void {
  const c = splat(oneMinusBeta), fix = splat(oneMinusBetaPower), vrho = splat(rho), crho = splat(oneMinusRho);
  const vlr = splat(lr), veta = splat(eta), vwd = splat(weightDecayRate), zero = splat(0), one = splat(1);
  for (let o: usize = 0, end = paddedBytes(n); o < end; o += 16) {
    const gg = v128.load(g + o);
    const mm = v128.load(m + o);
    const m1 = towards(mm, gg, c);
    v128.store(m + o, m1);
    const vv = v128.load(v + o);
    const v1 = towards(vv, f32x4.mul(gg, gg), c);
    v128.store(v + o, v1);
    const mt = f32x4.div(m1, fix), vt = f32x4.div(v1, fix);
    const mt2 = f32x4.mul(mt, mt);
    const s = f32x4.div(f32x4.sub(vt, mt2), crho);
    const q = f32x4.min(f32x4.max(f32x4.div(mt2, f32x4.add(mt2, f32x4.mul(vrho, s))), zero), one);
    // numpy's factor[isnan(factor)] = 0: a NaN lane's mask is all zeros
    const factor = v128.and(q, f32x4.eq(q, q));
    const pp = v128.load(p + o);
    const step = f32x4.add(f32x4.mul(f32x4.mul(vlr, mt), factor), f32x4.mul(vwd, pp));
    v128.store(p + o, f32x4.sub(pp, f32x4.mul(veta, step)));
  }
}

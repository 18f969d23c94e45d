// The fused update rules a backend runs for the optimizers: for each kernel, the state
// arrays it reads and rewrites and its scalar arguments, in call order. Scalars are
// computed in float64 by the optimizer (e.g. 1 - beta1) and rounded to float32 once,
// as numpy does with Python floats.
export const OPTIMIZER_KERNELS = {
  sgd: { state: [], scalars: ['lr'] },
  momentumSgd: { state: ['v'], scalars: ['momentum', 'lr'] },
  nesterovAg: { state: ['v'], scalars: ['momentum', 'lr', 'momentumSquared', 'gradScale'] },
  // decay = 1 - eta weightDecayRate (Chainer's p = decay p - eta step m)
  adam: { state: ['m', 'v'], scalars: ['oneMinusBeta1', 'oneMinusBeta2', 'alphaT', 'eps', 'eta', 'decay'] },
  amsgrad: { state: ['m', 'v', 'vhat'], scalars: ['oneMinusBeta1', 'oneMinusBeta2', 'alphaT', 'eps', 'eta', 'decay'] },
  adaGrad: { state: ['h'], scalars: ['lr', 'eps'] },
  adaDelta: { state: ['msg', 'msdx'], scalars: ['rho', 'oneMinusRho', 'eps'] },
  rmsprop: { state: ['ms'], scalars: ['alpha', 'oneMinusAlpha', 'lr', 'eps'] },
  rmspropEpsInsideSqrt: { state: ['ms'], scalars: ['alpha', 'oneMinusAlpha', 'lr', 'eps'] },
  adabound: { state: ['m', 'v'], scalars: ['oneMinusBeta1', 'oneMinusBeta2', 'alphaT', 'eps', 'eta', 'decay', 'lower', 'upper'] },
  amsbound: { state: ['m', 'v', 'vhat'], scalars: ['oneMinusBeta1', 'oneMinusBeta2', 'alphaT', 'eps', 'eta', 'decay', 'lower', 'upper'] },
  correctedMomentumSgd: { state: ['v'], scalars: ['momentum', 'lr'] },
  rmspropGraves: { state: ['n', 'g', 'delta'], scalars: ['alpha', 'oneMinusAlpha', 'momentum', 'lr', 'eps'] },
  smorms3: { state: ['mem', 'g', 'g2'], scalars: ['lr', 'eps'] },
  msvag: { state: ['m', 'v'], scalars: ['oneMinusBeta', 'oneMinusBetaPower', 'rho', 'oneMinusRho', 'lr', 'eta', 'weightDecayRate'] },
} as const;

export type OptimizerKernel = keyof typeof OPTIMIZER_KERNELS;

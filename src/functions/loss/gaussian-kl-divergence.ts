// KL divergence of N(mean, exp(lnVar)) from N(0, 1), as chainer.functions.gaussian_kl_divergence.
import type { Variable, VariableLike } from '../../core/variable';
import { add, mul, sub } from '../math/basic-math';
import { exp } from '../math/exponential';
import { floatInput } from '../math/input';
import { sum } from '../math/sum';
import { checkChoice, checkSameShape } from './common';

/** 0.5 (mean^2 + exp(lnVar) - lnVar - 1), summed (default) or averaged over all elements, or kept ('no'). */
export function gaussianKlDivergence(mean: VariableLike, lnVar: VariableLike, options: { reduce?: 'sum' | 'mean' | 'no' } = {}): Variable {
  const fn = 'gaussianKlDivergence';
  const m = floatInput(fn, 'mean', mean), v = floatInput(fn, 'lnVar', lnVar);
  checkSameShape(fn, ['mean', 'lnVar'], [m, v]);
  const reduce = checkChoice(fn, 'reduce', options.reduce ?? 'sum', ['sum', 'mean', 'no'] as const);
  const loss = mul(sub(add(mul(m, m), exp(v)), add(v, 1)), 0.5);
  if (reduce === 'no') return loss;
  const total = sum(loss);
  return reduce === 'sum' ? total : mul(total, 1 / Math.max(loss.size, 1));
}

// KL divergence of N(mean, exp(lnVar)) from N(0, 1), as chainer.functions.gaussian_kl_divergence.
import type { Variable, VariableLike } from '../../core/variable';
import { add, mul, sub } from '../math/basic-math';
import { exp } from '../math/exponential';
import { floatInput } from '../math/input';
import { sum } from '../math/sum';
import { mean as average } from '../math/average';
import { checkChoice } from './common';
import { readArguments } from '../../util/options';
import { broadcastShapes, shapeString } from '../../array/shape';

/**
 * 0.5 (mean^2 + exp(lnVar) - lnVar - 1), summed (default) or averaged over all elements, or kept ('no').
 * mean and lnVar broadcast against each other, as Chainer's elementwise arithmetic does.
 */
type KlReduce = 'sum' | 'mean' | 'no';

export function gaussianKlDivergence(mean: VariableLike, lnVar: VariableLike, reduce?: KlReduce | { reduce?: KlReduce }, options?: { reduce?: KlReduce }): Variable {
  const fn = 'gaussianKlDivergence';
  const o = readArguments(fn, [reduce, options], ['reduce'], { reduce: 'sum' as KlReduce });
  const m = floatInput(fn, 'mean', mean), v = floatInput(fn, 'lnVar', lnVar);
  broadcastShapes(`${fn}: mean and lnVar`, m.shape, v.shape);
  const r = checkChoice(fn, 'reduce', o.reduce, ['sum', 'mean', 'no'] as const);
  // Chainer's order, ((mean^2 + var) - lnVar) - 1: (... - (lnVar + 1)) rounds differently.
  const loss = mul(sub(sub(add(mul(m, m), exp(v)), v), 1), 0.5);
  if (r === 'no') return loss;
  // Chainer's average computes 1.0 / size: a ZeroDivisionError for empty inputs.
  if (r === 'mean' && loss.size === 0) throw new RangeError(`${fn}: reduce 'mean' needs a non-empty mean, got ${shapeString(m.shape)}`);
  // 'mean' is Chainer's average(loss): the sum divided by the size (its Mean node).
  return r === 'sum' ? sum(loss) : average(loss);
}

// The Gauss error function (Chainer's Erf).
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import type { Variable } from '../../core/variable';
import { mul, neg, pow } from './basic-math';
import { exp } from './exponential';
import { UnaryFunction, unaryEntry } from './unary';
import { keepsNoGradients } from '../../core/vouched';

export class Erf extends UnaryFunction {
  protected compute(x: NDArray) { return ops.erf(x); }
  // 2 / sqrt(pi) exp(-x ** 2) composed as Chainer's Erf.backward: its x ** 2 differentiates
  // to (2 x) g, which overflows to inf (and inf * 0 = NaN) at |x| = 3e38 where x g x does not.
  protected derivative(x: Variable) { return mul(exp(neg(pow(x, 2))), 2 / Math.sqrt(Math.PI)); }
}

export const erf = /* @__PURE__ */ unaryEntry('erf', Erf);

keepsNoGradients(Erf);

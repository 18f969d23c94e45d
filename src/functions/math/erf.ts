// The Gauss error function (Chainer's Erf).
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import type { Variable, VariableLike } from '../../core/variable';
import { mul } from './basic-math';
import { exp } from './exponential';
import { floatInput } from './input';
import { UnaryFunction } from './unary';
import { keepsNoGradients } from '../../core/vouched';

export class Erf extends UnaryFunction {
  protected compute(x: NDArray) { return ops.erf(x); }
  // 2 / sqrt(pi) exp(-x^2)
  protected derivative(x: Variable) { return mul(exp(mul(mul(x, x), -1)), 2 / Math.sqrt(Math.PI)); }
}

export const erf = (x: VariableLike): Variable => new Erf().apply([floatInput('erf', 'x', x)])[0];

keepsNoGradients(Erf);

// softplus and gelu: smooth activations with closed-form derivatives.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import type { Variable, VariableLike } from '../../core/variable';
import { add, mul } from '../math/basic-math';
import { erf } from '../math/erf';
import { exp } from '../math/exponential';
import { finiteNumber, floatInput } from '../math/input';
import { UnaryFunction } from '../math/unary';
import { sigmoid } from './elementwise';
import { readArguments } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

export class Softplus extends UnaryFunction {
  constructor(readonly beta: number) { super(); }
  protected compute(x: NDArray) {
    // log(1 + exp(beta x)) / beta, evaluated without overflow by the kernel.
    const bx = this.beta === 1 ? x : ops.mul(x, this.beta);
    const y = ops.softplus(bx);
    return this.beta === 1 ? y : ops.mul(y, 1 / this.beta);
  }
  protected derivative(x: Variable) {
    return sigmoid(this.beta === 1 ? x : mul(x, this.beta));
  }
}

/** log(1 + exp(beta x)) / beta; beta 1. */
export function softplus(x: VariableLike, beta?: number | { beta?: number }, options?: { beta?: number }): Variable {
  const v = floatInput('softplus', 'x', x);
  beta = finiteNumber('softplus', 'beta', readArguments('softplus', [beta, options], ['beta'], { beta: 1 }).beta);
  if (beta === 0) throw new RangeError('softplus: beta must not be 0');
  return new Softplus(beta).apply([v])[0];
}

export class GELU extends UnaryFunction {
  protected compute(x: NDArray) {
    // x Phi(x) with the exact Gaussian CDF, Phi(x) = (1 + erf(x / sqrt 2)) / 2.
    return ops.mul(ops.mul(x, 0.5), ops.add(ops.erf(ops.mul(x, Math.SQRT1_2)), 1));
  }
  protected derivative(x: Variable) {
    // Phi(x) + x phi(x)
    const cdf = mul(add(erf(mul(x, Math.SQRT1_2)), 1), 0.5);
    const pdf = mul(exp(mul(mul(x, x), -0.5)), 1 / Math.sqrt(2 * Math.PI));
    return add(cdf, mul(x, pdf));
  }
}

/** Gaussian error linear unit x Phi(x). */
export function gelu(x: VariableLike): Variable {
  return new GELU().apply([floatInput('gelu', 'x', x)])[0];
}

keepsNoGradients(Softplus, GELU);

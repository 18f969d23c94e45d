// softplus and gelu: smooth activations with closed-form derivatives.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { add, div, mul, pow } from '../math/basic-math';
import { erf } from '../math/erf';
import { exp } from '../math/exponential';
import { finiteNumber, floatInput } from '../math/input';
import { UnaryFunction } from '../math/unary';
import { readArguments, surplusArguments } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

export class Softplus extends FunctionNode {
  constructor(readonly beta: number) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    this.retainInputs([0]);
    // log(1 + exp(beta x)) / beta, evaluated without overflow by the kernel.
    const bx = this.beta === 1 ? x : ops.mul(x, this.beta);
    const y = ops.softplus(bx);
    return [this.beta === 1 ? y : ops.mul(y, 1 / this.beta)];
  }
  override backward(_: number[], [gy]: (Variable | null)[]): (Variable | null)[] {
    return new SoftplusGrad(this.beta).apply([this.getRetainedInputs()[0], gy!]);
  }
}

/**
 * gx = (1 - 1 / (1 + exp(beta x))) gy from (x, gy), Chainer's SoftplusGrad: this form, not
 * sigmoid(beta x), so that the gradient is 0 where exp(beta x) vanishes next to 1
 * and rounds as Chainer's does elsewhere.
 */
export class SoftplusGrad extends FunctionNode {
  constructor(readonly beta: number) { super(); }
  forward([x, gy]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    const e = ops.exp(this.beta === 1 ? x : ops.mul(x, this.beta));
    return [ops.mul(ops.sub(1, ops.div(1, ops.add(e, 1))), gy)];
  }
  override backward(_: number[], [ggx]: (Variable | null)[]): (Variable | null)[] {
    const [x, gy] = this.getRetainedInputs();
    // Chainer's order: ggx gy beta e / (1 + e)^2 (NaN where e overflows, as there).
    const e = exp(this.beta === 1 ? x : mul(x, this.beta));
    const gx = div(mul(mul(mul(ggx!, gy), this.beta), e), pow(add(e, 1), 2));
    return [gx, new SoftplusGrad(this.beta).apply([x, ggx!])[0]];
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
  if (arguments.length > 1) surplusArguments('gelu', arguments, 'x');
  return new GELU().apply([floatInput('gelu', 'x', x)])[0];
}

keepsNoGradients(Softplus, SoftplusGrad, GELU);

// elu and selu (Chainer's ELU; selu is scale * elu(x, alpha) there too).
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import type { Variable, VariableLike } from '../../core/variable';
import { add, mul } from '../math/basic-math';
import { finiteNumber, floatInput } from '../math/input';
import { UnaryFunction } from '../math/unary';
import { readArguments } from '../../util/options';
import { where } from '../array/where';
import { keepsNoGradients } from '../../core/vouched';

export class ELU extends UnaryFunction {
  private positive: NDArray | null = null;
  constructor(readonly alpha: number) { super(); }
  protected compute(x: NDArray) {
    this.positive = ops.greater(x, 0);
    return ops.where(this.positive, x, ops.mul(ops.expm1(x), this.alpha));
  }
  protected derivative(_: Variable, y: Variable) {
    // 1 where x > 0, alpha exp(x) = y + alpha elsewhere, selected as Chainer's ELUGrad does
    // (masking y by a product would make the gradient NaN at x = inf, where Chainer's is 1).
    return where(this.positive!, 1, add(y, this.alpha));
  }
}

/** x where x > 0, alpha (exp(x) - 1) elsewhere; alpha 1. */
export function elu(x: VariableLike, alpha?: number | { alpha?: number }, options?: { alpha?: number }): Variable {
  const v = floatInput('elu', 'x', x);
  const o = readArguments('elu', [alpha, options], ['alpha'], { alpha: 1 });
  return new ELU(finiteNumber('elu', 'alpha', o.alpha)).apply([v])[0];
}

export const SELU_ALPHA = 1.6732632423543772;
export const SELU_SCALE = 1.0507009873554805;

interface SeluOptions { alpha?: number; scale?: number }

/** selu(x, alpha?, scale?) or selu(x, {alpha, scale}): scale * elu(x, alpha) with the self-normalizing constants. */
export function selu(x: VariableLike, ...args: (number | SeluOptions | undefined)[]): Variable {
  const v = floatInput('selu', 'x', x);
  const o = readArguments('selu', args, ['alpha', 'scale'], { alpha: SELU_ALPHA, scale: SELU_SCALE });
  const alpha = finiteNumber('selu', 'alpha', o.alpha);
  const scale = finiteNumber('selu', 'scale', o.scale);
  return mul(new ELU(alpha).apply([v])[0], scale);
}

keepsNoGradients(ELU);

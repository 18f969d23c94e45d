// sqrt, rsqrt and square (Chainer's sqrt.py and square.py).
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import type { Variable, VariableLike } from '../../core/variable';
import { div, mul } from './basic-math';
import { floatInput } from './input';
import { surplusArguments } from '../../util/options';
import { UnaryFunction, unaryEntry } from './unary';
import { keepsNoGradients } from '../../core/vouched';

export class Sqrt extends UnaryFunction {
  protected compute(x: NDArray) { return ops.sqrt(x); }
  protected derivative(_: Variable, y: Variable) { return div(0.5, y); }
  protected override gradient(gy: Variable, _: Variable, y: Variable) { return div(gy, mul(y, 2)); }
}

export class Square extends UnaryFunction {
  protected compute(x: NDArray) { return ops.square(x); }
  protected derivative(x: Variable) { return mul(x, 2); }
  // Chainer's gy * 2 * x: 2 x first would overflow for |x| above FLT_MAX / 2.
  protected override gradient(gy: Variable, x: Variable) { return mul(mul(gy, 2), x); }
}

export const sqrt = /* @__PURE__ */ unaryEntry('sqrt', Sqrt);

/** 1 / sqrt(x), composed as in Chainer. */
export function rsqrt(x: VariableLike): Variable {
  if (arguments.length > 1) surplusArguments('rsqrt', arguments, 'x');
  return div(1, sqrt(floatInput('rsqrt', 'x', x)));
}

export const square = /* @__PURE__ */ unaryEntry('square', Square);

keepsNoGradients(Sqrt, Square);

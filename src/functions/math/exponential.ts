// exp, log and their relatives (Chainer's exponential.py, exponential_m1.py, logarithm_1p.py).
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import type { Variable, VariableLike } from '../../core/variable';
import { add, div, mul } from './basic-math';
import { floatInput } from './input';
import { UnaryFunction } from './unary';
import { keepsNoGradients } from '../../core/vouched';

export class Exp extends UnaryFunction {
  protected compute(x: NDArray) { return ops.exp(x); }
  protected derivative(_: Variable, y: Variable) { return y; }
}

export class Log extends UnaryFunction {
  protected compute(x: NDArray) { return ops.log(x); }
  protected derivative(x: Variable) { return div(1, x); }
  protected override gradient(gy: Variable, x: Variable) { return div(gy, x); }
}

export class Log2 extends UnaryFunction {
  protected compute(x: NDArray) { return ops.log2(x); }
  protected derivative(x: Variable) { return div(1 / Math.LN2, x); }
  protected override gradient(gy: Variable, x: Variable) { return mul(div(gy, x), 1 / Math.LN2); }
}

export class Log10 extends UnaryFunction {
  protected compute(x: NDArray) { return ops.log10(x); }
  protected derivative(x: Variable) { return div(1 / Math.LN10, x); }
  protected override gradient(gy: Variable, x: Variable) { return mul(div(gy, x), 1 / Math.LN10); }
}

export class Expm1 extends UnaryFunction {
  protected compute(x: NDArray) { return ops.expm1(x); }
  protected derivative(_: Variable, y: Variable) { return add(y, 1); }
}

export class Log1p extends UnaryFunction {
  protected compute(x: NDArray) { return ops.log1p(x); }
  protected derivative(x: Variable) { return div(1, add(x, 1)); }
  protected override gradient(gy: Variable, x: Variable) { return div(gy, add(x, 1)); }
}

export const exp = (x: VariableLike): Variable => new Exp().apply([floatInput('exp', 'x', x)])[0];
export const log = (x: VariableLike): Variable => new Log().apply([floatInput('log', 'x', x)])[0];
export const log2 = (x: VariableLike): Variable => new Log2().apply([floatInput('log2', 'x', x)])[0];
export const log10 = (x: VariableLike): Variable => new Log10().apply([floatInput('log10', 'x', x)])[0];
export const expm1 = (x: VariableLike): Variable => new Expm1().apply([floatInput('expm1', 'x', x)])[0];
export const log1p = (x: VariableLike): Variable => new Log1p().apply([floatInput('log1p', 'x', x)])[0];

keepsNoGradients(Exp, Log, Log2, Log10, Expm1, Log1p);

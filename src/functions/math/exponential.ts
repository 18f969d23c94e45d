// exp, log and their relatives (Chainer's exponential.py, exponential_m1.py, logarithm_1p.py).
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import type { Variable } from '../../core/variable';
import { add, div, mul } from './basic-math';
import { UnaryFunction, unaryEntry } from './unary';
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

export const exp = /* @__PURE__ */ unaryEntry('exp', Exp);
export const log = /* @__PURE__ */ unaryEntry('log', Log);
export const log2 = /* @__PURE__ */ unaryEntry('log2', Log2);
export const log10 = /* @__PURE__ */ unaryEntry('log10', Log10);
export const expm1 = /* @__PURE__ */ unaryEntry('expm1', Expm1);
export const log1p = /* @__PURE__ */ unaryEntry('log1p', Log1p);

keepsNoGradients(Exp, Log, Log2, Log10, Expm1, Log1p);

// sinh and cosh (Chainer's hyperbolic.py).
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import type { Variable } from '../../core/variable';
import { UnaryFunction, unaryEntry } from './unary';
import { keepsNoGradients } from '../../core/vouched';

export class Sinh extends UnaryFunction {
  protected compute(x: NDArray) { return ops.sinh(x); }
  protected derivative(x: Variable) { return cosh(x); }
}

export class Cosh extends UnaryFunction {
  protected compute(x: NDArray) { return ops.cosh(x); }
  protected derivative(x: Variable) { return sinh(x); }
}

export const sinh = /* @__PURE__ */ unaryEntry('sinh', Sinh);
export const cosh = /* @__PURE__ */ unaryEntry('cosh', Cosh);

keepsNoGradients(Sinh, Cosh);

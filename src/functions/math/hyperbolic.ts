// sinh and cosh (Chainer's hyperbolic.py).
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import type { Variable, VariableLike } from '../../core/variable';
import { floatInput } from './input';
import { UnaryFunction } from './unary';
import { keepsNoGradients } from '../../core/vouched';

export class Sinh extends UnaryFunction {
  protected compute(x: NDArray) { return ops.sinh(x); }
  protected derivative(x: Variable) { return cosh(x); }
}

export class Cosh extends UnaryFunction {
  protected compute(x: NDArray) { return ops.cosh(x); }
  protected derivative(x: Variable) { return sinh(x); }
}

export const sinh = (x: VariableLike): Variable => new Sinh().apply([floatInput('sinh', 'x', x)])[0];
export const cosh = (x: VariableLike): Variable => new Cosh().apply([floatInput('cosh', 'x', x)])[0];

keepsNoGradients(Sinh, Cosh);

// Mean squared and mean absolute error over all elements (Chainer's MeanSquaredError,
// MeanAbsoluteError): 0-d results.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { mul, sub } from '../math/basic-math';
import { floatInput } from '../math/input';
import { checkSameShape } from './common';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];

abstract class ElementwiseError extends FunctionNode {
  forward([x0, x1]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    // Chainer divides by the size even when it is 0: the mean of nothing is NaN (0 * Infinity).
    return [ops.mul(ops.sum(this.term(ops.sub(x0, x1))), 1 / x0.size)];
  }
  override backward(indexes: number[], [gy]: Grad): Grad {
    const [x0, x1] = this.getRetainedInputs();
    const gx = mul(mul(gy!, 1 / Math.max(x0.size, 1)), this.derivative(sub(x0, x1)));
    return [indexes.includes(0) ? gx : null, indexes.includes(1) ? mul(gx, -1) : null];
  }
  protected abstract term(diff: NDArray): NDArray;
  /** d term / d diff: a Variable, or a constant where the derivative is piecewise constant. */
  protected abstract derivative(diff: Variable): Variable | NDArray;
}

export class MeanSquaredError extends ElementwiseError {
  protected term(d: NDArray) { return ops.mul(d, d); }
  protected derivative(d: Variable) { return mul(d, 2); }
}

export class MeanAbsoluteError extends ElementwiseError {
  protected term(d: NDArray) { return ops.abs(d); }
  protected derivative(d: Variable) { return ops.sign(d.array); }
}

function pair(fn: string, x0: VariableLike, x1: VariableLike): [Variable, Variable] {
  const a = floatInput(fn, 'x0', x0), b = floatInput(fn, 'x1', x1);
  checkSameShape(fn, ['x0', 'x1'], [a, b]);
  return [a, b];
}

/** mean((x0 - x1)^2) over every element. */
export function meanSquaredError(x0: VariableLike, x1: VariableLike): Variable {
  return new MeanSquaredError().apply(pair('meanSquaredError', x0, x1))[0];
}

/** mean(|x0 - x1|) over every element. */
export function meanAbsoluteError(x0: VariableLike, x1: VariableLike): Variable {
  return new MeanAbsoluteError().apply(pair('meanAbsoluteError', x0, x1))[0];
}

keepsNoGradients(MeanSquaredError, MeanAbsoluteError);

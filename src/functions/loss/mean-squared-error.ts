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
import { surplusArguments } from '../../util/options';

type Grad = (Variable | null)[];

abstract class ElementwiseError extends FunctionNode {
  forward([x0, x1]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    // The sum divided by the size, as numpy's sum / size in Chainer; for an empty input
    // that is 0 / 0 = NaN, as Chainer's.
    return [ops.div(ops.sum(this.term(ops.sub(x0, x1))), x0.size)];
  }
  override backward(indexes: number[], [gy]: Grad): Grad {
    const [x0, x1] = this.getRetainedInputs();
    const gx = this.gradient(gy!, sub(x0, x1), Math.max(x0.size, 1));
    return [indexes.includes(0) ? gx : null, indexes.includes(1) ? mul(gx, -1) : null];
  }
  protected abstract term(diff: NDArray): NDArray;
  /** The gradient for x0 from the 0-d gy, in the order of Chainer's backward. */
  protected abstract gradient(gy: Variable, diff: Variable, size: number): Variable;
}

export class MeanSquaredError extends ElementwiseError {
  protected term(d: NDArray) { return ops.mul(d, d); }
  // Chainer: gy0 * diff * (2. / diff.size)
  protected gradient(gy: Variable, d: Variable, size: number) { return mul(mul(gy, d), 2 / size); }
}

export class MeanAbsoluteError extends ElementwiseError {
  protected term(d: NDArray) { return ops.abs(d); }
  // Chainer: (gy * (1. / diff.size)) * sign(diff), the sign a constant
  protected gradient(gy: Variable, d: Variable, size: number) { return mul(mul(gy, 1 / size), ops.sign(d.array)); }
}

function pair(fn: string, x0: VariableLike, x1: VariableLike): [Variable, Variable] {
  const a = floatInput(fn, 'x0', x0), b = floatInput(fn, 'x1', x1);
  checkSameShape(fn, ['x0', 'x1'], [a, b]);
  return [a, b];
}

/** mean((x0 - x1)^2) over every element. */
export function meanSquaredError(x0: VariableLike, x1: VariableLike): Variable {
  // Chainer's (x0, x1) has no reduce: an options object would go unread, leaving the mean
  if (arguments.length > 2) surplusArguments('meanSquaredError', arguments, 'x0, x1');
  return new MeanSquaredError().apply(pair('meanSquaredError', x0, x1))[0];
}

/** mean(|x0 - x1|) over every element. */
export function meanAbsoluteError(x0: VariableLike, x1: VariableLike): Variable {
  if (arguments.length > 2) surplusArguments('meanAbsoluteError', arguments, 'x0, x1');
  return new MeanAbsoluteError().apply(pair('meanAbsoluteError', x0, x1))[0];
}

keepsNoGradients(MeanSquaredError, MeanAbsoluteError);

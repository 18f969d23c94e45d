// The LSTM cell of chainer.functions.lstm: the 4 * units axis of x is interleaved, read as
// (B, units, 4) with a (tanh), i, f, o (sigmoids) along the last axis.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { zeros } from '../../array/creation';
import { shapeString } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import { Variable, type VariableLike, asVariable } from '../../core/variable';

type Grad = (Variable | null)[];

export class LSTM extends FunctionNode {
  forward([cPrev, x]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    this.retainOutputs([0]);
    const { c, h } = ops.lstmForward(cPrev, x);
    return [c, h];
  }

  override backward(_: number[], [gc, gh]: Grad): Grad {
    const [cPrev, x] = this.getRetainedInputs();
    const [c] = this.getRetainedOutputs();
    const zerosFor = (shape: readonly number[]) => new Variable(zeros(shape, { backend: c.device }), { requiresGrad: false });
    const hShape = [x.shape[0], ...cPrev.shape.slice(1)];
    return new LSTMGrad().apply([cPrev, x, c, gc ?? zerosFor(cPrev.shape), gh ?? zerosFor(hShape)]);
  }
}

/** The gradient of the cell as a node: inputs (cPrev, x, c, gc, gh), outputs (gcPrev, gx). */
export class LSTMGrad extends FunctionNode {
  forward([cPrev, x, c, gc, gh]: NDArray[]): NDArray[] {
    const { gcPrev, gx } = ops.lstmBackward(cPrev, x, c, gc, gh);
    return [gcPrev, gx];
  }

  override backward(): Grad {
    throw new Error('lstm: double backprop through the LSTM cell is not supported');
  }
}

/**
 * One LSTM step: c = tanh(a) sig(i) + cPrev sig(f), h = tanh(c) sig(o), with x
 * (B, 4 units, ...) interleaved per unit as (a, i, f, o). Returns [c, h]. When x has
 * fewer rows than cPrev, only those rows are updated: the rest of c is cPrev, and h has
 * x's rows.
 */
export function lstm(cPrev: VariableLike, x: VariableLike): [Variable, Variable] {
  const c = asVariable(cPrev, 'lstm: cPrev'), xv = asVariable(x, 'lstm: x');
  if (xv.ndim >= 2 && xv.shape[1] % 4 !== 0) throw new RangeError(`lstm: x.shape[1] (${xv.shape[1]}) must be a multiple of 4, got x ${shapeString(xv.shape)}`);
  const [cn, h] = new LSTM().apply([c, xv]);
  return [cn, h];
}

// Fully connected layer: y = x W^T + b through the GEMM kernel; the transposed W is read
// through its strides, never copied.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { shapeString } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { reshape } from '../array/reshape';
import { MatMul } from '../math/matmul';
import { sum } from '../math/sum';
import { checkFloatInput } from './check';
import { readArguments, showValue } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];

export interface LinearOptions {
  /** Leading axes of x treated as batch axes; the rest is flattened (Chainer's n_batch_axes). */
  nBatchAxes?: number;
}

/** y = x W^T (+ b) for x (N, in), W (out, in), b (out). */
export class LinearFunction extends FunctionNode {
  forward([x, W, b]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    // The bias is added in the product's pass (the same values as a separate add).
    return [ops.matmul(x, W, { transB: true, bias: b })];
  }

  override backward(indexes: number[], [gy]: Grad): Grad {
    const [x, W] = this.getRetainedInputs();
    // gW = gy^T x goes straight into a parameter's resident gradient when it can: added to
    // one it holds when the product over the batch is summed before the add.
    const [K, M] = gy!.shape, N = x.shape[1];
    const sink = indexes.includes(1) ? this.gradSink(1, gy!.array.backend.gemmAddsWhole(M, N, K)) : null;
    if (sink) ops.matmul(gy!.array, x.array, { transA: true, into: { target: sink.target, accumulate: !sink.fresh } });
    const grads: Grad = [
      // gx = gy W, gW = gy^T x, gb = column sums of gy
      indexes.includes(0) ? new MatMul(false, false).apply([gy!, W])[0] : null,
      indexes.includes(1) && !sink ? new MatMul(true, false).apply([gy!, x])[0] : null,
      indexes.includes(2) ? sum(gy!, 0) : null,
    ];
    return grads.slice(0, this.inputs.length);
  }
}

/**
 * Chainer's F.linear: `y = x W^T + b` with W of shape (out, in). x is flattened to
 * (batch, -1) after its first `nBatchAxes` axes, and y gets those batch axes back.
 */
export function linear(x: VariableLike, W: VariableLike, b?: VariableLike | null | LinearOptions, nBatchAxes?: number | LinearOptions, options?: LinearOptions): Variable {
  const o = readArguments('linear', [b, nBatchAxes, options], ['b', 'nBatchAxes'], { b: null as VariableLike | null, nBatchAxes: 1 });
  const vx = asVariable(x, 'linear: x'), vW = asVariable(W, 'linear: W');
  const vb = o.b == null ? null : asVariable(o.b, 'linear: b');
  nBatchAxes = o.nBatchAxes;
  if (!Number.isInteger(nBatchAxes) || nBatchAxes < 1) throw new RangeError(`linear: nBatchAxes must be a positive integer, got ${showValue(nBatchAxes)}`);
  checkFloatInput('linear', 'x', vx); checkFloatInput('linear', 'W', vW);
  if (vb) checkFloatInput('linear', 'b', vb);
  // As Chainer: with one batch axis x must be (N, in...); with more, x may have no feature
  // axes left (nBatchAxes >= ndim), each element then being an example of one feature.
  if (nBatchAxes === 1 && vx.ndim < 2) {
    throw new RangeError(`linear: x must have more than nBatchAxes (${nBatchAxes}) axes, got shape ${shapeString(vx.shape)}`);
  }
  if (vW.ndim !== 2) throw new RangeError(`linear: W must be 2-D (out, in), got shape ${shapeString(vW.shape)}`);
  const batchShape = vx.shape.slice(0, nBatchAxes);
  const batch = batchShape.reduce((p, d) => p * d, 1);
  const inSize = vx.shape.slice(nBatchAxes).reduce((p, d) => p * d, 1);
  const [outSize, wIn] = vW.shape;
  if (inSize !== wIn) {
    const what = vx.ndim === nBatchAxes + 1 ? `x.shape[${nBatchAxes}] (${inSize})` : `x's features per example (${inSize}, from x.shape ${shapeString(vx.shape)})`;
    throw new RangeError(`linear: ${what} must equal W.shape[1] (${wIn})`);
  }
  if (vb && (vb.ndim !== 1 || vb.shape[0] !== outSize)) {
    throw new RangeError(`linear: b must have shape (${outSize}) to match W.shape[0], got ${shapeString(vb.shape)}`);
  }
  const x2 = vx.ndim === 2 && vx.shape[1] === inSize ? vx : reshape(vx, [batch, inSize]);
  const y = new LinearFunction().apply(vb ? [x2, vW, vb] : [x2, vW])[0];
  return nBatchAxes > 1 ? reshape(y, [...batchShape, outSize]) : y;
}

keepsNoGradients(LinearFunction);

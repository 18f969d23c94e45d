// SelectItem: y[i] = x[i, t[i]], the picked score of each row (Chainer's select_item).
// Its gradient (Assign) puts gy[i] at (i, t[i]) of a zero array.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { fromTyped, zeros } from '../../array/creation';
import { shapeString } from '../../array/shape';
import { checkInt } from '../../array/ops/common';
import { FunctionNode } from '../../core/function-node';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { keepsNoGradients } from '../../core/vouched';
import { surplusArguments } from '../../util/options';

type Grad = (Variable | null)[];

/** Flat positions i * n + t[i] into x (batch, n), every t checked to lie in [0, n). */
function rowPositions(shape: readonly number[], t: NDArray): NDArray {
  checkInt('selectItem', 't', t);
  if (shape.length !== 2) throw new RangeError(`selectItem: x must be 2-dimensional (batch, n), got ${shapeString(shape)}`);
  if (t.ndim !== 1 || t.shape[0] !== shape[0]) {
    throw new RangeError(`selectItem: t must have shape (${shape[0]},) to match x ${shapeString(shape)}, got ${shapeString(t.shape)}`);
  }
  const n = shape[1];
  const td = t.dataSync();
  const flat = new Int32Array(td.length);
  for (let i = 0; i < td.length; i++) {
    // As in Chainer, labels must satisfy 0 <= t < n: a negative label is not "from the end".
    if (td[i] < 0 || td[i] >= n) throw new RangeError(`selectItem: index ${td[i]} (t[${i}]) is out of bounds for axis 1 with size ${n}`);
    flat[i] = i * n + td[i];
  }
  return fromTyped(flat, [flat.length], { backend: t.device });
}

export class SelectItem extends FunctionNode {
  forward([x, t]: NDArray[]): NDArray[] {
    this.retainInputs([1]);
    ops.sameBackend('selectItem', [x, t], ['x', 't']);
    return [ops.take(ops.reshape(x, [x.size]), rowPositions(x.shape, t), 0)];
  }
  override backward(indexes: number[], [gy]: Grad): Grad {
    const [t] = this.getRetainedInputs();
    return [indexes.includes(0) ? new Assign(this.inputs[0].shape, t.array).apply([gy!])[0] : null, null];
  }
}

export class Assign extends FunctionNode {
  constructor(readonly shape: readonly number[], readonly t: NDArray) { super(); }
  forward([gy]: NDArray[]): NDArray[] {
    const flat = zeros([this.shape[0] * this.shape[1]], { dtype: gy.dtype, backend: gy.device });
    return [ops.reshape(ops.scatterAdd(flat, rowPositions(this.shape, this.t), gy, 0), this.shape)];
  }
  override backward(_: number[], [ggx]: Grad): Grad {
    return [new SelectItem().apply([ggx!, this.t])[0]];
  }
}

/** y[i] = x[i, t[i]] for x (batch, n) and int32 labels t (batch,) with 0 <= t < n. */
export function selectItem(x: VariableLike, t: VariableLike): Variable {
  if (arguments.length > 2) surplusArguments('selectItem', arguments, 'x, t');
  return new SelectItem().apply([asVariable(x, 'selectItem: x'), asVariable(t, 'selectItem: t')])[0];
}

keepsNoGradients(SelectItem, Assign);

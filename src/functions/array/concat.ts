// Concat: joins along an existing axis; the gradient splits back into the inputs' parts.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { normalizeAxis } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { checkJoinable, splitPointsOf } from './join-check';
import { splitAxis } from './split-axis';
import { type AxisOption, checkAxis } from '../../util/axis';
import { readArguments } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];

export class Concat extends FunctionNode {
  private axisIndex = 0;
  constructor(readonly axis = 1) { super(); }
  forward(xs: NDArray[]): NDArray[] {
    if (xs.length > 0 && xs[0].ndim === 0) throw new RangeError('concat: zero-dimensional inputs cannot be concatenated');
    this.axisIndex = normalizeAxis('concat', this.axis, xs[0]?.ndim ?? 0);
    checkJoinable('concat', xs, this.axisIndex);
    return [ops.concat(xs, this.axisIndex)];
  }
  override backward(_: number[], [gy]: Grad): Grad {
    if (this.inputs.length === 1) return [gy];
    return splitAxis(gy!, splitPointsOf(this.inputs, this.axisIndex), this.axisIndex);
  }
}

/** Concatenates along an axis (default 1, as Chainer); other dimensions must match. */
export function concat(xs: readonly VariableLike[], axis?: number | AxisOption, options?: AxisOption): Variable {
  if (!Array.isArray(xs) || xs.length === 0) throw new RangeError('concat: xs must be a non-empty list of Variables or NDArrays');
  const a = checkAxis('concat', readArguments('concat', [axis, options], ['axis'], { axis: 1 }).axis);
  return new Concat(a).apply(xs.map((x, i) => asVariable(x, `concat: xs[${i}]`)))[0];
}

keepsNoGradients(Concat);

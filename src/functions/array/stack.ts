// Stack joins inputs of one shape along a new axis; Separate takes them apart again. Each
// is the other's gradient.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { zeros } from '../../array/creation';
import { normalizeAxis } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import { Variable, type VariableLike, asVariable } from '../../core/variable';
import { checkJoinable } from './join-check';
import { type AxisOption, checkAxis } from '../../util/axis';
import { readArguments } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];

export class Stack extends FunctionNode {
  private axisIndex = 0;
  constructor(readonly axis = 0) { super(); }
  forward(xs: NDArray[]): NDArray[] {
    this.axisIndex = normalizeAxis('stack', this.axis, (xs[0]?.ndim ?? 0) + 1);
    checkJoinable('stack', xs, null);
    return [ops.stack(xs, this.axisIndex)];
  }
  override backward(_: number[], [gy]: Grad): Grad {
    return separate(gy!, this.axisIndex);
  }
}

export class Separate extends FunctionNode {
  private axisIndex = 0;
  constructor(readonly axis = 0) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    const a = this.axisIndex = normalizeAxis('separate', this.axis, x.ndim);
    return ops.split(x, x.shape[a] === 0 ? [] : x.shape[a], a).map((part) => ops.squeeze(part, a));
  }
  override backward(_: number[], gys: Grad): Grad {
    const x = this.inputs[0];
    const parts = gys.map((g, i) => g ?? new Variable(zeros(this.outputs[i].shape, { dtype: x.dtype, backend: x.device }), { requiresGrad: false }));
    return [stack(parts, this.axisIndex)];
  }
}

/** Joins inputs of one shape along a new axis. */
export function stack(xs: readonly VariableLike[], axis?: number | AxisOption, options?: AxisOption): Variable {
  if (!Array.isArray(xs) || xs.length === 0) throw new RangeError('stack: xs must be a non-empty list of Variables or NDArrays');
  const a = checkAxis('stack', readArguments('stack', [axis, options], ['axis'], { axis: 0 }).axis);
  return new Stack(a).apply(xs.map((x, i) => asVariable(x, `stack: xs[${i}]`)))[0];
}

/** The slices of x along an axis, each without that axis (the inverse of stack). */
export function separate(x: VariableLike, axis?: number | AxisOption, options?: AxisOption): Variable[] {
  const a = checkAxis('separate', readArguments('separate', [axis, options], ['axis'], { axis: 0 }).axis);
  return new Separate(a).apply([asVariable(x, 'separate: x')]);
}

keepsNoGradients(Stack, Separate);

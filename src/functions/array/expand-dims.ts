// ExpandDims and Squeeze add and remove length-1 axes; the gradient reshapes back.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { reshape } from './reshape';
import { type Axes, type AxesOption, type AxisOption, checkAxes, checkAxis } from '../../util/axis';
import { readArguments } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];

export class ExpandDims extends FunctionNode {
  constructor(readonly axis: number) { super(); }
  forward([x]: NDArray[]): NDArray[] { return [ops.expandDims(x, this.axis)]; }
  override backward(_: number[], [gy]: Grad): Grad { return [reshape(gy!, this.inputs[0].shape)]; }
}

export class Squeeze extends FunctionNode {
  constructor(readonly axis: number | readonly number[] | null) { super(); }
  forward([x]: NDArray[]): NDArray[] { return [ops.squeeze(x, this.axis)]; }
  override backward(_: number[], [gy]: Grad): Grad { return [reshape(gy!, this.inputs[0].shape)]; }
}

/** Inserts a length-1 axis at `axis` (in [-ndim - 1, ndim]). */
export function expandDims(x: VariableLike, axis: number | AxisOption, options?: AxisOption): Variable {
  const a = checkAxis('expandDims', readArguments('expandDims', [axis, options], ['axis'], { axis: undefined as unknown }).axis);
  return new ExpandDims(a).apply([asVariable(x, 'expandDims: x')])[0];
}

/** Removes length-1 axes: all of them, or the listed ones (which must have length 1). */
export function squeeze(x: VariableLike, axis?: Axes | AxesOption, options?: AxesOption): Variable {
  const a = checkAxes('squeeze', readArguments('squeeze', [axis, options], ['axis'], { axis: null as Axes }).axis);
  return new Squeeze(a === null ? null : typeof a === 'number' ? a : [...a]).apply([asVariable(x, 'squeeze: x')])[0];
}

keepsNoGradients(ExpandDims, Squeeze);

// Flip: reverses the order along an axis; it is its own gradient.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { type Axes, type AxesOption, checkAxes } from '../../util/axis';
import { readArguments } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];

export class Flip extends FunctionNode {
  constructor(readonly axis: number | readonly number[]) { super(); }
  forward([x]: NDArray[]): NDArray[] { return [ops.flip(x, this.axis)]; }
  override backward(_: number[], [gy]: Grad): Grad { return new Flip(this.axis).apply([gy!]); }
}

/** Reverses the order of elements along `axis` (or along each of a list of axes). */
export function flip(x: VariableLike, axis: number | readonly number[] | AxesOption, options?: AxesOption): Variable {
  const a = checkAxes('flip', readArguments('flip', [axis, options], ['axis'], { axis: null as Axes }).axis);
  if (a === null) throw new TypeError('flip: axis is required (an integer or a list of integers)');
  return new Flip(typeof a === 'number' ? a : [...a]).apply([asVariable(x, 'flip: x')])[0];
}

keepsNoGradients(Flip);

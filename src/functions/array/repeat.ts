// Repeat: numpy.repeat of a Variable; its gradient (RepeatGrad) sums every element's
// copies back, and RepeatGrad's gradient is Repeat again.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { normalizeAxis } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { checkAxisOrNull } from '../../util/axis';
import { readArguments } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];
type Repeats = number | readonly number[];

export class Repeat extends FunctionNode {
  constructor(readonly repeats: Repeats, readonly axis: number | null) { super(); }
  forward([x]: NDArray[]): NDArray[] { return [ops.repeat(x, this.repeats, this.axis)]; }
  override backward(_: number[], [gy]: Grad): Grad {
    return new RepeatGrad(this.repeats, this.axis, this.inputs[0].shape).apply([gy!]);
  }
}

export class RepeatGrad extends FunctionNode {
  constructor(readonly repeats: Repeats, readonly axis: number | null, readonly inShape: readonly number[]) { super(); }
  forward([gy]: NDArray[]): NDArray[] { return [ops.repeatGrad(gy, this.inShape, this.repeats, this.axis)]; }
  override backward(_: number[], [ggx]: Grad): Grad {
    return new Repeat(this.repeats, this.axis).apply([ggx!]);
  }
}

/**
 * Repeats each element `repeats` times (a number, or one count per element of the axis)
 * along `axis`; without an axis, the flattened array.
 */
export function repeat(x: VariableLike, repeats: Repeats, axis?: number | null | { axis?: number | null }, options?: { axis?: number | null }): Variable {
  const v = asVariable(x, 'repeat: x');
  const given = checkAxisOrNull('repeat', readArguments('repeat', [axis, options], ['axis'], { axis: null as number | null }).axis);
  // numpy reads a 0-d x as 1-d for an axis (repeat(x, 3, 0) of a scalar gives 3 elements), as
  // the flattened array; any other axis is out of bounds there too.
  const a = given === null || (v.ndim === 0 && (given === 0 || given === -1)) ? null : normalizeAxis('repeat', given, v.ndim);
  // (anything but a list goes to the op as given, which names what it accepts)
  return new Repeat(Array.isArray(repeats) ? [...repeats] : repeats, a).apply([v])[0];
}

keepsNoGradients(Repeat, RepeatGrad);

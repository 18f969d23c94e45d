// cumsum along an axis (Chainer's Cumsum). The gradient is the cumulative sum taken from
// the other end, itself a Cumsum node, so every order of derivative is available.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { normalizeAxis } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { reshape } from '../array/reshape';
import { floatInput } from './input';
import { checkAxisOrNull } from '../../util/axis';
import { readArguments } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

export class Cumsum extends FunctionNode {
  /** axis null sums the flattened array, as numpy and Chainer. */
  constructor(readonly axis: number | null, readonly reverse = false) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    return [ops.cumsum(x, this.axis, { reverse: this.reverse })];
  }
  override backward(_: number[], [gy]: (Variable | null)[]): (Variable | null)[] {
    const back = new Cumsum(this.axis, !this.reverse).apply([gy!])[0];
    return [this.axis === null ? reshape(back, this.inputs[0].shape) : back];
  }
}

/** Cumulative sum along `axis`; without an axis, of the flattened array. */
export function cumsum(x: VariableLike, axis?: number | null | { axis?: number | null }, options?: { axis?: number | null }): Variable {
  const v = floatInput('cumsum', 'x', x);
  const a = checkAxisOrNull('cumsum', readArguments('cumsum', [axis, options], ['axis'], { axis: null as number | null }).axis);
  return new Cumsum(a === null ? null : normalizeAxis('cumsum', a, v.ndim)).apply([v])[0];
}

keepsNoGradients(Cumsum);

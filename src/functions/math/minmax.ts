// max, min, argmax and argmin (Chainer's minmax.py). The gradient of max and min goes to
// every element equal to the result, as in Chainer; argmax and argmin pick the first
// occurrence and return int32 Variables outside the graph. NaN wins as in numpy: max and
// min of a slice holding NaN are NaN (with no gradient, since NaN equals nothing), and
// argmax and argmin give the first NaN.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { normalizeAxis, shapeString } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import { Variable, type VariableLike } from '../../core/variable';
import { reshape } from '../array/reshape';
import { mul } from './basic-math';
import { floatInput } from './input';
import { type Axes, type ReductionOptions, checkAxisOrNull, readReduction } from '../../util/axis';
import { readArguments } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

export type Axis = Axes;

abstract class Selector extends FunctionNode {
  constructor(readonly axes: readonly number[], readonly keepdims: boolean) { super(); }
  protected abstract select(x: NDArray): NDArray;
  forward([x]: NDArray[]): NDArray[] {
    this.retainInputs([0]);
    this.retainOutputs([0]);
    return [this.select(x)];
  }
  override backward(_: number[], [gy]: (Variable | null)[]): (Variable | null)[] {
    const [x] = this.getRetainedInputs();
    const [y] = this.getRetainedOutputs();
    const kept = x.shape.map((d, i) => (this.axes.includes(i) ? 1 : d));
    // Every tied element receives the full upstream gradient.
    const hit = ops.cast(ops.equal(x.array, ops.reshape(y.array, kept)), 'float32');
    return [mul(reshape(gy!, kept), hit)];
  }
}

export class Max extends Selector {
  protected select(x: NDArray) { return ops.max(x, this.axes, { keepdims: this.keepdims }); }
}

export class Min extends Selector {
  protected select(x: NDArray) { return ops.min(x, this.axes, { keepdims: this.keepdims }); }
}

function selector(fn: string, Node: new (axes: readonly number[], keepdims: boolean) => Selector, x: VariableLike, args: readonly unknown[]): Variable {
  const v = floatInput(fn, 'x', x);
  const { axes, keepdims } = readReduction(fn, args, v.ndim);
  for (const a of axes) {
    if (v.shape[a] === 0) throw new RangeError(`${fn}: axis ${a} of x has length 0; the ${fn} of nothing is undefined`);
  }
  return new Node(axes, keepdims).apply([v])[0];
}

/** Maximum over axes (all by default, giving a 0-d array). */
export function max(x: VariableLike, axis?: Axes | ReductionOptions, keepdims?: boolean | ReductionOptions, options?: ReductionOptions): Variable {
  return selector('max', Max, x, [axis, keepdims, options]);
}

/** Minimum over axes (all by default, giving a 0-d array). */
export function min(x: VariableLike, axis?: Axes | ReductionOptions, keepdims?: boolean | ReductionOptions, options?: ReductionOptions): Variable {
  return selector('min', Min, x, [axis, keepdims, options]);
}

function indexOf(fn: string, find: typeof ops.argmax, x: VariableLike, args: readonly unknown[]): Variable {
  const v = floatInput(fn, 'x', x); // Chainer's ArgMax and ArgMin take floats only
  const axis = checkAxisOrNull(fn, readArguments(fn, args, ['axis'], { axis: null as number | null }).axis);
  // numpy refuses an empty sequence to search; other axes may be empty (an empty result).
  const n = axis === null ? v.size : v.shape[normalizeAxis(fn, axis, v.ndim)];
  if (n === 0) throw new RangeError(`${fn}: x ${shapeString(v.shape)} is empty along ${axis === null ? 'all axes' : `axis ${axis}`}`);
  return new Variable(find(v.array, axis), { requiresGrad: false });
}

/** Index (int32) of the first maximum along `axis`, or in the flattened array. */
export function argmax(x: VariableLike, axis?: number | null | { axis?: number | null }, options?: { axis?: number | null }): Variable {
  return indexOf('argmax', ops.argmax, x, [axis, options]);
}

/** Index (int32) of the first minimum along `axis`, or in the flattened array. */
export function argmin(x: VariableLike, axis?: number | null | { axis?: number | null }, options?: { axis?: number | null }): Variable {
  return indexOf('argmin', ops.argmin, x, [axis, options]);
}

keepsNoGradients(Max, Min);

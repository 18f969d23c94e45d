// mean (Chainer's average, of which F.mean is an alias): sum times 1/n, or a weighted
// average along one axis or over all of them.
import { broadcastShapes, normalizeAxes, normalizeAxis, shapeString } from '../../array/shape';
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { keepsNoGradients } from '../../core/vouched';
import { broadcastTo } from '../array/broadcast';
import { reshape } from '../array/reshape';
import { div, mul } from './basic-math';
import { floatInput } from './input';
import { sum } from './sum';
import { type Axes, checkAxes } from '../../util/axis';
import { checkBoolean, readArguments } from '../../util/options';

export interface MeanOptions {
  axis?: Axes;
  /**
   * Weights along the single reduced axis, or with axis null weights that broadcast to x's
   * shape (the same shape, as a rule); the result is sum(x w) / sum(w).
   */
  weights?: VariableLike | null;
  keepdims?: boolean;
}

/**
 * Mean over axes (all by default, giving a 0-d array), Chainer's
 * average(x, axis=None, weights=None, keepdims=False): positional or in an options object.
 */
export function mean(x: VariableLike, ...args: (Axes | VariableLike | boolean | MeanOptions | undefined)[]): Variable {
  return meanAs('mean', x, args);
}

/** Chainer's F.average, the same function as mean under its own name (in its messages too). */
export function average(x: VariableLike, ...args: (Axes | VariableLike | boolean | MeanOptions | undefined)[]): Variable {
  return meanAs('average', x, args);
}

function meanAs(fn: 'mean' | 'average', x: VariableLike, args: (Axes | VariableLike | boolean | MeanOptions | undefined)[]): Variable {
  const o = readArguments(fn, args, ['axis', 'weights', 'keepdims'], { axis: null as Axes, weights: null as VariableLike | null, keepdims: false });
  const v = floatInput(fn, 'x', x);
  const axis = checkAxes(fn, o.axis);
  const axes = normalizeAxes(fn, axis, v.ndim);
  const keepdims = checkBoolean(fn, 'keepdims', o.keepdims);
  if (typeof o.weights === 'boolean') {
    throw new TypeError(`${fn}: weights must be a Variable or an NDArray, got a boolean (keepdims comes after weights, as in Chainer: ${fn}(x, axis, null, true) or ${fn}(x, axis, {keepdims: true}))`);
  }
  if (o.weights != null && axis === null) {
    // Chainer multiplies x by the weights as they are and divides by their sum.
    const w = floatInput(fn, 'weights', o.weights);
    try {
      broadcastShapes(fn, v.shape, w.shape);
    } catch {
      throw new RangeError(`${fn}: weights ${shapeString(w.shape)} must have the shape of x ${shapeString(v.shape)} when axis is null`);
    }
    return div(sum(mul(v, w), null, keepdims), sum(w));
  }
  if (o.weights != null) {
    if (typeof axis !== 'number' && axes.length !== 1) {
      throw new RangeError(`${fn}: weights need one axis to average along, or axis null`);
    }
    const a = normalizeAxis(fn, axes[0], v.ndim);
    const w = floatInput(fn, 'weights', o.weights);
    if (w.ndim !== 1 || w.shape[0] !== v.shape[a]) {
      throw new RangeError(`${fn}: weights ${shapeString(w.shape)} must be 1-d of length x.shape[${a}] (${v.shape[a]})`);
    }
    const wb = reshape(w, v.shape.map((d, i) => (i === a ? d : 1)));
    return div(sum(mul(v, wb), a, keepdims), sum(w));
  }
  // Chainer's Mean computes 1.0 / count first, a ZeroDivisionError for no elements.
  if (axes.some((a) => v.shape[a] === 0)) {
    throw new RangeError(`${fn}: no elements to average in x ${shapeString(v.shape)} over ${axis === null ? 'all axes' : `axis ${Array.isArray(axis) ? `(${axis.join(', ')})` : axis}`}`);
  }
  return new Mean(axes, keepdims).apply([v])[0];
}

/**
 * Chainer's Mean node: numpy's x.mean(axis), the sum divided by the count (multiplying by
 * 1 / count instead would be one ulp off for a third of the sums when the count is 3);
 * the gradient is gy times 1 / count, broadcast back.
 */
export class Mean extends FunctionNode {
  constructor(readonly axes: readonly number[], readonly keepdims: boolean) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    return [ops.div(ops.sum(x, this.axes, { keepdims: this.keepdims }), this.count(x.shape))];
  }
  override backward(_: number[], [gy]: (Variable | null)[]): (Variable | null)[] {
    const shape = this.inputs[0].shape;
    const kept = shape.map((d, i) => (this.axes.includes(i) ? 1 : d));
    return [broadcastTo(reshape(mul(gy!, 1 / this.count(shape)), kept), shape)];
  }
  private count(shape: readonly number[]): number {
    let n = 1;
    for (const a of this.axes) n *= shape[a];
    return n;
  }
}

keepsNoGradients(Mean);

// numpy.pad's statistic modes (maximum, minimum, mean, median), linear_ramp and odd reflections, which
// Chainer's Pad hands to numpy. numpy pads one axis after the other: along axis k the
// statistic (or the ramp's edge) is taken over the original extent of k, across the extent
// the axes before k already have, so corners come from padded values. Each step here is
// made of differentiable functions, so the gradient is the derivative (as for the copying
// modes; Chainer's Pad keeps only gy's interior in every mode).
import { array, full } from '../../array/creation';
import type { NDArray } from '../../array/ndarray';
import { shapeString } from '../../array/shape';
import { Slice } from '../../array/slicing';
import { FunctionNode } from '../../core/function-node';
import { type Variable, asVariable } from '../../core/variable';
import { add, div, mul, sub } from '../math/basic-math';
import { max, min } from '../math/minmax';
import { sum } from '../math/sum';
import { broadcastTo } from './broadcast';
import { concat } from './concat';
import { getItem } from './get-item';
import { reshape } from './reshape';
import { moveaxis } from './axes';
import { flip } from './flip';

export type StatPadMode = 'maximum' | 'minimum' | 'mean' | 'median';
export const STAT_PAD_MODES: readonly string[] = ['maximum', 'minimum', 'mean', 'median'];

/** x[:, ..., start:stop] along `axis`. */
function along(x: Variable, axis: number, start: number, stop: number): Variable {
  return getItem(x, x.shape.map((_, i) => (i === axis ? new Slice(start, stop) : new Slice())));
}

/** A constant of x's backend and dtype. */
function constant(x: Variable, shape: readonly number[], value: number): NDArray {
  return full(shape, value, { dtype: x.dtype, backend: x.device });
}

/**
 * The identity, marking a pad computed from its input's values on the host (the median's
 * positions, a 1-d ramp's float64 values): exportOnnx has no form for it, where a graph
 * would keep the example's positions and values for every input.
 */
class PadFromValues extends FunctionNode {
  constructor(readonly mode: string) { super(); }
  override get label(): string { return `Pad (${this.mode})`; }
  forward([y]: NDArray[]): NDArray[] { return [y]; }
  override backward(_: number[], [g]: (Variable | null)[]): (Variable | null)[] { return [g]; }
}

const fromValues = (mode: string, y: Variable): Variable => new PadFromValues(mode).apply([y])[0];

/** Values as a constant Variable of x's backend. */
function constantOf(x: Variable, values: Float32Array, shape: readonly number[]): Variable {
  return asVariable(array(values, { shape, backend: x.device }), 'pad');
}

/** numpy's median along `axis`, kept: the middle element, or the mean of the two middle ones; NaN if the group holds one. */
function median(x: Variable, axis: number): Variable {
  const n = x.shape[axis];
  const rowsShape = x.shape.filter((_, i) => i !== axis);
  const rows = rowsShape.reduce((a, b) => a * b, 1);
  const flat = reshape(moveaxis(x, axis, -1), [rows, n]);
  const v = flat.array.dataSync();
  const lo = new Int32Array(rows), hi = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const order = Array.from({ length: n }, (_, k) => k);
    const at = (k: number) => v[r * n + k];
    // NaN sorts last, as numpy's partition puts it, and then is the median
    order.sort((a, b) => (Number.isNaN(at(a)) ? 1 : 0) - (Number.isNaN(at(b)) ? 1 : 0) || at(a) - at(b) || a - b);
    const nan = order.find((k) => Number.isNaN(at(k)));
    lo[r] = nan ?? order[(n - 1) >> 1];
    hi[r] = nan ?? order[n >> 1];
  }
  const index = (ks: Int32Array) => getItem(flat, [array(Int32Array.from({ length: rows }, (_, r) => r), { backend: x.device }), array(ks, { backend: x.device })]);
  // numpy's mean of the one or two middle elements: (a + b) / 2
  const m = n % 2 ? index(lo) : div(add(index(lo), index(hi)), 2);
  return moveaxis(reshape(m, [...rowsShape, 1]), -1, axis);
}

function statistic(mode: StatPadMode, chunk: Variable, axis: number): Variable {
  if (chunk.shape[axis] === 0) {
    // numpy's mean and median of nothing are NaN (max and min raise before this)
    return mul(sum(chunk, axis, true), NaN);
  }
  switch (mode) {
    case 'maximum': return max(chunk, axis, true);
    case 'minimum': return min(chunk, axis, true);
    case 'mean': return div(sum(chunk, axis, true), constant(chunk, [], chunk.shape[axis]));
    case 'median': return median(chunk, axis);
  }
}

/** numpy.pad(x, pairs, mode, stat_length=lengths) for the statistic modes. */
export function padStatistic(x: Variable, pairs: readonly [number, number][], mode: StatPadMode, lengths: readonly [number | null, number | null][]): Variable {
  let y = x;
  pairs.forEach(([before, after], axis) => {
    const n = x.shape[axis];
    if (n === 0 && (before || after)) throw new RangeError(`pad: cannot extend the empty axis ${axis} of ${shapeString(x.shape)} with mode '${mode}' (only 'constant' can)`);
    const left = Math.min(lengths[axis][0] ?? n, n), right = Math.min(lengths[axis][1] ?? n, n);
    // numpy takes both statistics of every axis of a non-empty x, padded or not
    if ((left === 0 || right === 0) && (mode === 'maximum' || mode === 'minimum') && x.size > 0) {
      throw new RangeError(`pad: statLength 0 on axis ${axis} leaves no value for mode '${mode}'`);
    }
    if (before === 0 && after === 0) return;
    const leftStat = statistic(mode, along(y, axis, 0, left), axis);
    const rightStat = left === n && right === n ? leftStat : statistic(mode, along(y, axis, n - right, n), axis);
    const side = (s: Variable, width: number) => broadcastTo(s, y.shape.map((d, i) => (i === axis ? width : d)));
    y = concat([side(leftStat, before), y, side(rightStat, after)], axis);
  });
  return mode === 'median' && y !== x ? fromValues(mode, y) : y;
}

/**
 * The ramp numpy.linspace(end, edge, width, endpoint=False) lays from an end value to the
 * edge, in numpy's steps: y_i = i * step + end with step = (edge - end) / width, or
 * (i / width) * (edge - end) when a step is 0 anywhere; in float32 as numpy 1.x computes
 * it for an edge array, in float64 rounded once for a 1-d x (whose edge is a 0-d array).
 */
function ramp(edge: Variable, end: number, width: number, axis: number, wide: boolean): Variable {
  const shape = edge.shape.map((d, i) => (i === axis ? width : d));
  const counts = edge.shape.map((_, i) => (i === axis ? width : 1));
  // no ramp (and no 0 / 0 in the gradient of a step over no positions)
  if (width === 0) return constantOf(edge, new Float32Array(0), shape);
  const i = array(Float32Array.from({ length: width }, (_, k) => k), { shape: counts, backend: edge.device });
  if (wide) {
    // 0-d operands: numpy 1.x computes in float64; the derivative is i / width
    const e = edge.array.dataSync()[0];
    const delta = e - end, step = delta / width;
    const values = Float32Array.from({ length: width }, (_, k) => (step === 0 ? (k / width) * delta : k * step) + end);
    if (!Number.isFinite(e)) return constantOf(edge, values, shape);
    const weights = array(Float32Array.from({ length: width }, (_, k) => k / width), { shape: counts, backend: edge.device });
    const slope = mul(broadcastTo(edge, shape), weights);
    // the values as numpy rounds them, the derivative from the slope term
    return add(sub(slope, slope.array), constantOf(edge, values, shape));
  }
  const end32 = Math.fround(end);
  const delta = sub(edge, end32);
  const step = div(delta, constant(edge, [], width));
  const zero = step.array.dataSync().some((s) => s === 0);
  const y = zero ? mul(div(i, constant(edge, [], width)), delta) : mul(i, step);
  return add(broadcastTo(y, shape), end32);
}

/** numpy.pad(x, pairs, 'linear_ramp', end_values=ends). */
export function padLinearRamp(x: Variable, pairs: readonly [number, number][], ends: readonly [number, number][]): Variable {
  let y = x;
  pairs.forEach(([before, after], axis) => {
    if (before === 0 && after === 0) return;
    const n = x.shape[axis];
    if (n === 0) throw new RangeError(`pad: cannot extend the empty axis ${axis} of ${shapeString(x.shape)} with mode 'linear_ramp' (only 'constant' can)`);
    const wide = x.ndim === 1;
    const left = ramp(along(y, axis, 0, 1), ends[axis][0], before, axis, wide);
    const right = flip(ramp(along(y, axis, n - 1, n), ends[axis][1], after, axis, wide), axis);
    y = concat([left, y, right], axis);
  });
  return x.ndim === 1 && y !== x ? fromValues('linear_ramp', y) : y;
}


/**
 * numpy.pad(x, pairs, 'reflect' or 'symmetric', reflect_type='odd'): each reflected value
 * is 2 edge - value, so the padding continues the trend past the edge. numpy reflects the
 * whole filled extent at a time, as often as the width needs, each time about the current
 * outermost value (so wide pads keep climbing); a length-1 axis repeats its value.
 */
export function padReflectOdd(x: Variable, pairs: readonly [number, number][], symmetric: boolean): Variable {
  let y = x;
  const offset = symmetric ? 0 : 1;
  pairs.forEach(([before, after], axis) => {
    if (before === 0 && after === 0) return;
    const n = x.shape[axis];
    if (n === 0) throw new RangeError(`pad: cannot extend the empty axis ${axis} of ${shapeString(x.shape)} with mode '${symmetric ? 'symmetric' : 'reflect'}' (only 'constant' can)`);
    if (n === 1) {
      const side = (width: number) => broadcastTo(y, y.shape.map((d, i) => (i === axis ? width : d)));
      y = concat([side(before), y, side(after)], axis);
      return;
    }
    let left = before, right = after;
    while (left > 0 || right > 0) {
      const length = y.shape[axis], old = length - offset;
      const parts: Variable[] = [];
      if (left > 0) {
        const chunk = Math.min(old, left);
        const edge = along(y, axis, 0, 1);
        parts.push(sub(mul(edge, 2), flip(along(y, axis, offset, offset + chunk), axis)));
        left -= chunk;
      }
      parts.push(y);
      if (right > 0) {
        const chunk = Math.min(old, right);
        const edge = along(y, axis, length - 1, length);
        parts.push(sub(mul(edge, 2), flip(along(y, axis, length - offset - chunk, length - offset), axis)));
        right -= chunk;
      }
      y = concat(parts, axis);
    }
  });
  return y;
}

// Reductions over any set of axes, with keepdims.
import { Reduce } from '../../../assembly/opcodes';
import { NDArray } from '../ndarray';
import { normalizeAxes, normalizeAxis, shapeString, shapesEqual } from '../shape';
import { checkArray, wrap } from './common';
import { reshape, transpose } from './layout';
import { cast, div } from './elementwise';

export interface ReduceOptions {
  keepdims?: boolean;
}

export type Axis = number | readonly number[] | null | undefined;

function reduce(op: Reduce, name: string, x: NDArray, axis: Axis, keepdims: boolean): NDArray {
  checkArray(name, 'x', x);
  const axes = normalizeAxes(name, axis, x.ndim);
  if (op !== Reduce.Sum && op !== Reduce.Prod) {
    for (const a of axes) {
      if (x.shape[a] === 0) throw new RangeError(`${name}: zero-size axis ${a} of shape ${shapeString(x.shape)} has no ${name}`);
    }
  }
  const outShape = keepdims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
  const out = op === Reduce.Sum && x.dtype === 'float32' ? sumInNumpyOrder(x, axes) : reduceBlock(op, x, axes);
  return reshape(out, outShape);
}

/**
 * op over `axes` (sorted) as one block: moved last when they are not one already. The
 * result has the kept axes' shape.
 */
function reduceBlock(op: Reduce, x: NDArray, axes: readonly number[], reducedFirst = false): NDArray {
  let src = x;
  const contiguous = axes.length === 0 || axes[axes.length - 1] - axes[0] === axes.length - 1;
  let first = axes.length ? axes[0] : x.ndim;
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  if (!contiguous) {
    src = transpose(x, reducedFirst ? [...axes, ...kept] : [...kept, ...axes]);
    first = reducedFirst ? 0 : kept.length;
  }
  let outer = 1, r = 1, inner = 1;
  src.shape.forEach((d, i) => {
    if (i < first) outer *= d;
    else if (i < first + axes.length) r *= d;
    else inner *= d;
  });
  const storage = x.backend.reduce(op, src, outer, r, inner);
  const dtype = op === Reduce.ArgMax || op === Reduce.ArgMin ? 'int32' : x.dtype;
  return wrap(storage, kept.map((i) => x.shape[i]), dtype, x.backend);
}

/**
 * A float sum in the order numpy's reduction visits a C-contiguous array, so that it rounds
 * as Chainer's F.sum (assembly/reduce.ts says where long sums stay more accurate than
 * numpy's): axes of length 1 play no part; a trailing run of reduced axes is one contiguous
 * run per result, summed pairwise as numpy's pairwise_sum; the other reduced axes then add
 * their slices one after the other, in C order.
 */
function sumInNumpyOrder(x: NDArray, axes: readonly number[]): NDArray {
  const dims = x.shape.map((_, i) => i).filter((i) => x.shape[i] !== 1);
  const squeezed = reshape(x, dims.map((i) => x.shape[i]));
  const reduced = dims.flatMap((d, i) => (axes.includes(d) ? [i] : []));
  let tail = 0;
  while (tail < reduced.length && reduced[reduced.length - 1 - tail] === dims.length - 1 - tail) tail++;
  const ahead = reduced.slice(0, reduced.length - tail);
  // the trailing run first, pairwise; then the rest row by row (reduced axes first, in order)
  const pairwise = tail ? reduceBlock(Reduce.Sum, squeezed, reduced.slice(reduced.length - tail)) : squeezed;
  return ahead.length || !tail ? reduceBlock(Reduce.Sum, pairwise, ahead, true) : pairwise;
}

export const sum = (x: NDArray, axis?: Axis, o: ReduceOptions = {}) => reduce(Reduce.Sum, 'sum', x, axis, !!o.keepdims);
export const prod = (x: NDArray, axis?: Axis, o: ReduceOptions = {}) => reduce(Reduce.Prod, 'prod', x, axis, !!o.keepdims);
export const max = (x: NDArray, axis?: Axis, o: ReduceOptions = {}) => reduce(Reduce.Max, 'max', x, axis, !!o.keepdims);
export const min = (x: NDArray, axis?: Axis, o: ReduceOptions = {}) => reduce(Reduce.Min, 'min', x, axis, !!o.keepdims);

/** Index of the first maximum along one axis (or of the flattened array). */
export function argmax(x: NDArray, axis?: number | null, o: ReduceOptions = {}): NDArray {
  return argReduce(Reduce.ArgMax, 'argmax', x, axis, !!o.keepdims);
}

export function argmin(x: NDArray, axis?: number | null, o: ReduceOptions = {}): NDArray {
  return argReduce(Reduce.ArgMin, 'argmin', x, axis, !!o.keepdims);
}

function argReduce(op: Reduce, name: string, x: NDArray, axis: number | null | undefined, keepdims: boolean): NDArray {
  checkArray(name, 'x', x);
  if (axis == null) {
    const flat = reshape(x, [x.size]);
    const r = reduce(op, name, flat, 0, false);
    return keepdims ? reshape(r, x.shape.map(() => 1)) : r;
  }
  return reduce(op, name, x, normalizeAxis(name, axis, x.ndim), keepdims);
}

export function mean(x: NDArray, axis?: Axis, o: ReduceOptions = {}): NDArray {
  const axes = normalizeAxes('mean', axis, x.ndim);
  let n = 1;
  for (const a of axes) n *= x.shape[a];
  return div(sum(cast(x, 'float32'), axes, o), n); // numpy divides the sum by the count
}

/** Sums broadcast axes away so that x gets `shape` (the inverse of broadcastTo). */
export function sumTo(x: NDArray, shape: readonly number[]): NDArray {
  if (shapesEqual(x.shape, shape)) return x;
  const lead = x.ndim - shape.length;
  if (lead < 0) throw new RangeError(`sumTo: cannot sum ${shapeString(x.shape)} to ${shapeString(shape)}`);
  const axes: number[] = [];
  for (let i = 0; i < x.ndim; i++) {
    if (i < lead) axes.push(i);
    else if (shape[i - lead] === 1 && x.shape[i] !== 1) axes.push(i);
    else if (shape[i - lead] !== x.shape[i]) throw new RangeError(`sumTo: cannot sum ${shapeString(x.shape)} to ${shapeString(shape)}`);
  }
  return reshape(sum(x, axes), shape);
}

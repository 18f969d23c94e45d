// Joining arrays along an axis and splitting them apart again. Concatenation writes every
// input through a strided view of the output in one kernel call; splitting gathers views.
import { type DType, resultDType } from '../dtype';
import type { NDArray } from '../ndarray';
import { collapseAxes, normalizeAxis, shapeString, shapesEqual, sizeOf, stridesOf } from '../shape';
import { Slice } from '../slicing';
import { checkArray, sameBackend, wrap } from './common';
import { expandDims, view } from './layout';
import { cast } from './elementwise';
import { positiveInteger } from '../arguments';
import { showValue } from '../../util/options';

function checkList(op: string, xs: readonly NDArray[]): void {
  if (!Array.isArray(xs)) throw new TypeError(`${op}: expected a list of arrays, got ${typeof xs}`);
  if (xs.length === 0) throw new RangeError(`${op}: needs at least one array`);
  xs.forEach((x, i) => checkArray(op, `xs[${i}]`, x));
  sameBackend(op, xs, xs.map((_, i) => `xs[${i}]`));
}

/** numpy.concatenate: joins arrays along an existing axis; other dimensions must match. */
export function concat(xs: readonly NDArray[], axis = 0): NDArray {
  checkList('concat', xs);
  const first = xs[0];
  if (first.ndim === 0) throw new RangeError('concat: zero-dimensional arrays cannot be concatenated');
  const a = normalizeAxis('concat', axis, first.ndim);
  let total = 0;
  let dtype: DType = first.dtype;
  xs.forEach((x, i) => {
    if (x.ndim !== first.ndim || x.shape.some((d, k) => k !== a && d !== first.shape[k])) {
      throw new RangeError(`concat: xs[${i}] has shape ${shapeString(x.shape)} but xs[0] has ${shapeString(first.shape)}; all dimensions except axis ${a} must match`);
    }
    total += x.shape[a];
    dtype = resultDType(dtype, x.dtype);
  });
  const outShape = [...first.shape];
  outShape[a] = total;
  const outStrides = stridesOf(outShape);
  let at = 0;
  const pieces = xs.map((x) => {
    const c = collapseAxes(x.shape, [outStrides]);
    const piece = { values: cast(x, dtype), offset: at * outStrides[a], shape: c.shape, strides: c.strides[0] };
    at += x.shape[a];
    return piece;
  });
  const b = first.backend;
  return wrap(b.assemble(sizeOf(outShape), dtype, 0, pieces), outShape, dtype, b);
}

/** numpy.stack: joins arrays of one shape along a new axis. */
export function stack(xs: readonly NDArray[], axis = 0): NDArray {
  checkList('stack', xs);
  const a = normalizeAxis('stack', axis, xs[0].ndim + 1);
  xs.forEach((x, i) => {
    if (!shapesEqual(x.shape, xs[0].shape)) throw new RangeError(`stack: xs[${i}] has shape ${shapeString(x.shape)} but xs[0] has ${shapeString(xs[0].shape)}; all must match`);
  });
  return concat(xs.map((x) => expandDims(x, a)), a);
}

/** The part of x between two positions along an axis (Python slice semantics). */
export function sliceAxis(x: NDArray, axis: number, start: number | null, stop: number | null, step: number | null = null): NDArray {
  const a = normalizeAxis('sliceAxis', axis, x.ndim);
  const s = new Slice(start, stop, step).indices(x.shape[a]);
  const strides = stridesOf(x.shape);
  const shape = [...x.shape];
  shape[a] = s.length;
  const viewStrides = [...strides];
  viewStrides[a] = strides[a] * s.step;
  return view(x, shape, viewStrides, s.length > 0 ? s.start * strides[a] : 0);
}

/**
 * The boundaries of numpy.split: a number of equal sections, or split points (negative
 * points count from the end, as Python slice bounds).
 */
export function splitPoints(op: string, length: number, indicesOrSections: number | readonly number[]): number[] {
  if (typeof indicesOrSections === 'number') {
    const n = indicesOrSections;
    positiveInteger(op, 'the number of sections', n);
    if (length % n !== 0) throw new RangeError(`${op}: an axis of length ${length} does not split into ${n} equal sections`);
    return Array.from({ length: n - 1 }, (_, i) => ((i + 1) * length) / n);
  }
  if (!Array.isArray(indicesOrSections)) throw new TypeError(`${op}: indicesOrSections must be an integer or a list of integers`);
  for (const p of indicesOrSections) {
    if (!Number.isInteger(p)) throw new TypeError(`${op}: split points must be integers, got ${showValue(p)}`);
  }
  return [...indicesOrSections];
}

/** numpy.split: equal sections, or the parts between split points, along an axis. */
export function split(x: NDArray, indicesOrSections: number | readonly number[], axis = 0): NDArray[] {
  checkArray('split', 'x', x);
  const a = normalizeAxis('split', axis, x.ndim);
  const points = splitPoints('split', x.shape[a], indicesOrSections);
  const bounds: (number | null)[] = [0, ...points, null];
  return bounds.slice(1).map((stop, i) => sliceAxis(x, a, bounds[i], stop));
}

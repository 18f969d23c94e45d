// Rearranging elements without arithmetic: flips and tiles are strided views, repeats
// are a take with an index map, and the axis moves are transposes.
import type { NDArray } from '../ndarray';
import { normalizeAxes, normalizeAxis, shapeString, sizeOf, stridesOf } from '../shape';
import { checkArray, wrap } from './common';
import { full } from '../creation';
import { reshape, transpose, view } from './layout';
import { scatterAdd, take } from './indexing';
import { showValue } from '../../util/options';

/** numpy.flip: reverses the order along the given axes (all axes when null). */
export function flip(x: NDArray, axis: number | readonly number[] | null = null): NDArray {
  checkArray('flip', 'x', x);
  const axes = normalizeAxes('flip', axis, x.ndim);
  const strides = stridesOf(x.shape);
  let offset = 0;
  const flipped = strides.map((s, i) => {
    if (!axes.includes(i)) return s;
    if (x.shape[i] > 0) offset += (x.shape[i] - 1) * s;
    return -s;
  });
  if (x.size === 0) return x;
  return view(x, x.shape, flipped, offset);
}

function checkCounts(op: string, what: string, v: number | readonly number[]): number[] {
  const list = typeof v === 'number' ? [v] : Array.isArray(v) ? [...v] : null;
  if (!list || !list.every((r) => Number.isInteger(r) && r >= 0)) {
    throw new RangeError(`${op}: ${what} must be a non-negative integer or a list of them, got ${showValue(v)}`);
  }
  return list;
}

/** numpy.tile: x repeated reps[i] times along axis i (reps and x.shape aligned at the end). */
export function tile(x: NDArray, reps: number | readonly number[]): NDArray {
  checkArray('tile', 'x', x);
  const r = checkCounts('tile', 'reps', reps);
  const n = Math.max(r.length, x.ndim);
  const shape = [...new Array(n - x.ndim).fill(1), ...x.shape];
  const rr = [...new Array(n - r.length).fill(1), ...r];
  const strides = stridesOf(shape);
  // Read as (r0, d0, r1, d1, ...) with stride 0 on the repetition axes.
  const vshape: number[] = [], vstrides: number[] = [];
  shape.forEach((d, i) => { vshape.push(rr[i], d); vstrides.push(0, strides[i]); });
  const out = shape.map((d, i) => d * rr[i]);
  if (sizeOf(out) === 0) return full(out, 0, { dtype: x.dtype, backend: x.device });
  return reshape(view(x, vshape, vstrides, 0), out);
}

/** Index map of numpy.repeat along an axis of length n: position j of the result reads map[j]. */
export function repeatIndex(op: string, repeats: number | readonly number[], n: number): Int32Array {
  const r = checkCounts(op, 'repeats', repeats);
  if (r.length !== 1 && r.length !== n) {
    throw new RangeError(`${op}: repeats has ${r.length} entries but the axis has length ${n} (give one count or one per element)`);
  }
  const count = (i: number) => (r.length === 1 ? r[0] : r[i]);
  let total = 0;
  for (let i = 0; i < n; i++) total += count(i);
  const out = new Int32Array(total);
  for (let i = 0, j = 0; i < n; i++) for (let k = count(i); k > 0; k--) out[j++] = i;
  return out;
}

/** numpy.repeat: each element repeated along an axis (of the flattened array when null). */
export function repeat(x: NDArray, repeats: number | readonly number[], axis: number | null = null): NDArray {
  checkArray('repeat', 'x', x);
  const src = axis === null ? reshape(x, [x.size]) : x;
  const a = axis === null ? 0 : normalizeAxis('repeat', axis, x.ndim);
  const map = repeatIndex('repeat', repeats, src.shape[a]);
  return take(src, wrap(src.backend.upload(map), [map.length], 'int32', src.backend), a);
}

/** The adjoint of repeat: sums the copies of every element back into it. */
export function repeatGrad(gy: NDArray, inShape: readonly number[], repeats: number | readonly number[], axis: number | null = null): NDArray {
  checkArray('repeatGrad', 'gy', gy);
  const shape = axis === null ? [sizeOf(inShape)] : [...inShape];
  const a = axis === null ? 0 : normalizeAxis('repeatGrad', axis, inShape.length);
  const map = repeatIndex('repeatGrad', repeats, shape[a]);
  const want = shape.map((d, i) => (i === a ? map.length : d));
  if (gy.shape.length !== want.length || gy.shape.some((d, i) => d !== want[i])) {
    throw new RangeError(`repeatGrad: gy ${shapeString(gy.shape)} does not match the repeated shape ${shapeString(want)}`);
  }
  const index = wrap(gy.backend.upload(map), [map.length], 'int32', gy.backend);
  return reshape(scatterAdd(full(shape, 0, { dtype: gy.dtype, backend: gy.device }), index, gy, a), inShape);
}

/** numpy.swapaxes. */
export function swapaxes(x: NDArray, axis1: number, axis2: number): NDArray {
  checkArray('swapaxes', 'x', x);
  const a = normalizeAxis('swapaxes', axis1, x.ndim), b = normalizeAxis('swapaxes', axis2, x.ndim);
  const perm = x.shape.map((_, i) => i);
  [perm[a], perm[b]] = [perm[b], perm[a]];
  return transpose(x, perm);
}

/** The permutation numpy.moveaxis applies. */
export function moveaxisPerm(op: string, ndim: number, source: number | readonly number[], destination: number | readonly number[]): number[] {
  for (const [what, axes] of [['source', source], ['destination', destination]] as const) {
    if (typeof axes !== 'number' && !Array.isArray(axes)) throw new TypeError(`${op}: ${what} must be an integer or a list of integers, got ${showValue(axes)}`);
  }
  const src = (typeof source === 'number' ? [source] : [...source]).map((a) => normalizeAxis(op, a, ndim));
  const dst = (typeof destination === 'number' ? [destination] : [...destination]).map((a) => normalizeAxis(op, a, ndim));
  if (src.length !== dst.length) throw new RangeError(`${op}: source (${src.join(', ')}) and destination (${dst.join(', ')}) must have the same number of axes`);
  if (new Set(src).size !== src.length) throw new RangeError(`${op}: repeated axis in source (${src.join(', ')})`);
  if (new Set(dst).size !== dst.length) throw new RangeError(`${op}: repeated axis in destination (${dst.join(', ')})`);
  const order = Array.from({ length: ndim }, (_, i) => i).filter((i) => !src.includes(i));
  src.map((s, k) => [dst[k], s]).sort((p, q) => p[0] - q[0]).forEach(([d, s]) => order.splice(d, 0, s));
  return order;
}

/** numpy.moveaxis: moves axes to new positions, the others keep their order. */
export function moveaxis(x: NDArray, source: number | readonly number[], destination: number | readonly number[]): NDArray {
  checkArray('moveaxis', 'x', x);
  return transpose(x, moveaxisPerm('moveaxis', x.ndim, source, destination));
}

/** The permutation numpy.rollaxis applies (start may be ndim). */
export function rollaxisPerm(op: string, ndim: number, axis: number, start: number): number[] {
  const a = normalizeAxis(op, axis, ndim);
  if (!Number.isInteger(start) || start < -ndim || start > ndim) {
    throw new RangeError(`${op}: start ${start} must lie in [${-ndim}, ${ndim}] for an array of dimension ${ndim}`);
  }
  let s = start < 0 ? start + ndim : start;
  const order = Array.from({ length: ndim }, (_, i) => i);
  if (a < s) s--;
  order.splice(a, 1);
  order.splice(s, 0, a);
  return order;
}

/** numpy.rollaxis: moves one axis backwards until it lies before position start. */
export function rollaxis(x: NDArray, axis: number, start = 0): NDArray {
  checkArray('rollaxis', 'x', x);
  return transpose(x, rollaxisPerm('rollaxis', x.ndim, axis, start));
}

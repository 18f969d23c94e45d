// Gathering by index arrays (take), its adjoint (scatterAdd, numpy.add.at along an axis),
// and numpy indexing (getItem) with its adjoint (addAt). Every index is checked here,
// before a kernel sees it: a bad index is an error naming the operation, the axis and
// the index, never a read outside the array.
import type { DType } from '../dtype';
import { NDArray, type NestedArray } from '../ndarray';
import { broadcastShapes, broadcastStrides, collapseAxes, nestedShape, normalizeAxis, shapeString, shapesEqual, sizeOf, stridesOf } from '../shape';
import { type Index, type IndexItem, Slice, ellipsis, formatIndex, indexTuple, newaxis } from '../slicing';
import { checkArray, checkInt, sameBackend, wrap } from './common';
import { broadcastTo, reshape, transpose, view } from './layout';
import { add, cast } from './elementwise';
import { isMask } from '../masks';

/** Index arrays as accepted by take and scatterAdd: an int32 NDArray, nested JS integers or one integer. */
export type Indices = NDArray | NestedArray | readonly number[];

/** An index array as a flat Int32Array plus its shape. */
interface IndexArray {
  data: Int32Array;
  shape: number[];
}

/** Reads nested JS arrays of integers or of booleans; ragged or mixed input is an error. */
function readNested(op: string, what: string, v: unknown): { data: number[]; shape: number[]; boolean: boolean } {
  const shape = nestedShape(v);
  const data: number[] = [];
  let sawBool = false, sawNumber = false;
  const walk = (e: unknown, d: number): void => {
    if (d === shape.length) {
      if (typeof e === 'boolean') { sawBool = true; data.push(e ? 1 : 0); return; }
      if (typeof e === 'number' && Number.isInteger(e)) { sawNumber = true; data.push(e); return; }
      throw new TypeError(`${op}: ${what} must hold integers (or booleans), got ${Array.isArray(e) ? 'a ragged list' : String(e)}`);
    }
    if (!Array.isArray(e) || e.length !== shape[d]) throw new RangeError(`${op}: ${what} is a ragged nested list (dimension ${d} should have length ${shape[d]})`);
    for (const x of e) walk(x, d + 1);
  };
  walk(v, 0);
  if (sawBool && sawNumber) throw new TypeError(`${op}: ${what} mixes booleans and integers`);
  return { data, shape, boolean: sawBool };
}

function toIndexArray(op: string, what: string, indices: Indices | number): IndexArray {
  if (indices instanceof NDArray) {
    checkInt(op, what, indices);
    return { data: indices.dataSync() as Int32Array, shape: [...indices.shape] };
  }
  if (typeof indices === 'number') {
    if (!Number.isInteger(indices)) throw new TypeError(`${op}: ${what} must be integers, got ${indices}`);
    return { data: Int32Array.of(indices), shape: [] };
  }
  if (!Array.isArray(indices)) throw new TypeError(`${op}: ${what} must be an int32 NDArray or a list of integers, got ${typeof indices}`);
  const r = readNested(op, what, indices);
  if (r.boolean) throw new TypeError(`${op}: ${what} must be integers, got booleans`);
  return { data: Int32Array.from(r.data), shape: r.shape };
}

/**
 * Checks every index against an axis of length n and maps negative ones to n + i.
 * Returns the input itself when nothing changes.
 */
export function checkIndices(op: string, indices: Int32Array, n: number, axis: number): Int32Array {
  let out = indices;
  for (let i = 0; i < indices.length; i++) {
    const v = indices[i];
    if (v < -n || v >= n) throw new RangeError(`${op}: index ${v} is out of bounds for axis ${axis} with size ${n}`);
    if (v < 0) {
      if (out === indices) out = indices.slice();
      out[i] = v + n;
    }
  }
  return out;
}

/** Rows (outer, n, inner) around `axis`. */
function around(shape: readonly number[], axis: number): { outer: number; n: number; inner: number } {
  return { outer: sizeOf(shape.slice(0, axis)), n: shape[axis], inner: sizeOf(shape.slice(axis + 1)) };
}

/** take along an axis with indices already checked and non-negative. */
function takeRows(x: NDArray, idx: IndexArray, axis: number): NDArray {
  const { outer, n, inner } = around(x.shape, axis);
  const indices = wrap(x.backend.upload(idx.data), idx.shape, 'int32', x.backend);
  const storage = x.backend.take(x, indices, outer, n, inner);
  return wrap(storage, [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)], x.dtype, x.backend);
}

/** base + values added at the rows idx (checked, non-negative) along axis; values has take's shape. */
function scatterRows(base: NDArray, idx: IndexArray, values: NDArray, axis: number): NDArray {
  const { outer, n, inner } = around(base.shape, axis);
  const indices = wrap(base.backend.upload(idx.data), idx.shape, 'int32', base.backend);
  return wrap(base.backend.scatterAdd(base, indices, values, outer, n, inner), base.shape, base.dtype, base.backend);
}

/**
 * numpy.take: elements of x along `axis` at `indices` (negative indices count from the
 * end). The result has shape x.shape[:axis] + indices.shape + x.shape[axis+1:]. Without an
 * axis x is read flattened.
 */
export function take(x: NDArray, indices: Indices | number, axis: number | null = null): NDArray {
  checkArray('take', 'x', x);
  if (axis === null || axis === undefined) { x = reshape(x, [x.size]); axis = 0; }
  const a = normalizeAxis('take', axis, x.ndim);
  if (indices instanceof NDArray) sameBackend('take', [x, indices], ['x', 'indices']);
  const idx = toIndexArray('take', 'indices', indices);
  return takeRows(x, { data: checkIndices('take', idx.data, x.shape[a], a), shape: idx.shape }, a);
}

/**
 * numpy.add.at along one axis, without changing x: a copy of x where values[..., j, ...]
 * is added to the row indices[j] of `axis`; repeated indices accumulate. values has the
 * shape take(x, indices, axis) would have (or broadcasts to it).
 */
export function scatterAdd(x: NDArray, indices: Indices | number, values: NDArray, axis = 0): NDArray {
  checkArray('scatterAdd', 'x', x); checkArray('scatterAdd', 'values', values);
  const a = normalizeAxis('scatterAdd', axis, x.ndim);
  const arrays = indices instanceof NDArray ? [x, indices, values] : [x, values];
  sameBackend('scatterAdd', arrays, indices instanceof NDArray ? ['x', 'indices', 'values'] : ['x', 'values']);
  const idx = toIndexArray('scatterAdd', 'indices', indices);
  const data = checkIndices('scatterAdd', idx.data, x.shape[a], a);
  const want = [...x.shape.slice(0, a), ...idx.shape, ...x.shape.slice(a + 1)];
  if (!shapesEqual(values.shape, want)) {
    try {
      values = broadcastTo(values, want);
    } catch {
      throw new RangeError(`scatterAdd: values ${shapeString(values.shape)} do not match ${shapeString(want)} (x ${shapeString(x.shape)} with indices ${shapeString(idx.shape)} along axis ${a})`);
    }
  }
  return scatterRows(x, { data, shape: idx.shape }, cast(values, x.dtype), a);
}

// ------------------------------------------------------------------ numpy indexing

type Item =
  | { kind: 'int'; value: number }
  | { kind: 'slice'; slice: Slice }
  | { kind: 'new' }
  | { kind: 'ellipsis' }
  | { kind: 'array'; index: IndexArray }
  | { kind: 'mask'; mask: IndexArray };

function classify(op: string, item: IndexItem): Item {
  if (typeof item === 'number') {
    if (!Number.isInteger(item)) throw new TypeError(`${op}: indices must be integers, got ${item}`);
    return { kind: 'int', value: item };
  }
  if (item instanceof Slice) return { kind: 'slice', slice: item };
  if (item === newaxis || item === null) return { kind: 'new' };
  if (item === ellipsis) return { kind: 'ellipsis' };
  if (item instanceof NDArray) {
    if (item.dtype !== 'int32') throw new TypeError(`${op}: index arrays must be int32, got ${item.dtype} ${shapeString(item.shape)}`);
    const index = { data: item.dataSync() as Int32Array, shape: [...item.shape] };
    // a comparison's result is numpy's bool array: a mask (see masks.ts)
    return isMask(item) ? { kind: 'mask', mask: index } : { kind: 'array', index };
  }
  if (Array.isArray(item)) {
    const r = readNested(op, 'an index list', item);
    const index = { data: Int32Array.from(r.data), shape: r.shape };
    return r.boolean ? { kind: 'mask', mask: index } : { kind: 'array', index };
  }
  if (typeof item === 'boolean') throw new TypeError(`${op}: a boolean scalar index is not supported`);
  const what = typeof item === 'object' && item !== null ? (item as object).constructor?.name ?? 'object' : typeof item;
  throw new TypeError(`${op}: cannot index with ${what} (use integers, slice(), newaxis, ellipsis, int32 arrays or lists)`);
}

/** The advanced (integer array) part of an index, applied after the basic view. */
interface Advanced {
  /** Positions of the indexed axes in the basic view, ascending. */
  axes: number[];
  /** Transpose of the view bringing those axes together at `at` (null when already there). */
  perm: number[] | null;
  at: number;
  /** Flat positions into the merged indexed axes, shaped like the broadcast index arrays. */
  flat: IndexArray;
  /**
   * A single integer array as written (negative positions counted from the end), for an
   * axis whose length varies (an exporter's batch); null for a mask or several arrays.
   */
  given: IndexArray | null;
}

/**
 * One item of the basic view of an index in order, with the input axis it reads: an
 * integer picks one position (the axis goes), a slice keeps `length` positions from `start`
 * by `step`, a new axis inserts a length-1 axis, and an axis that index arrays select from
 * is kept whole for them. Exporters rebuild the view from these; `given` is the integer or
 * slice as written (negative: counted from the end; null: open), for an axis whose length varies.
 */
export type BasicIndexItem =
  | { kind: 'int'; axis: number; index: number; given: number }
  | { kind: 'slice'; axis: number; start: number; step: number; length: number; given: Slice }
  | { kind: 'new' }
  | { kind: 'indexed'; axis: number };

/**
 * A numpy index resolved against a shape: the basic part (integers, slices, newaxis) is a
 * strided view of x; integer arrays then gather along the axes they index.
 */
export interface IndexPlan {
  inShape: number[];
  viewShape: number[];
  viewStrides: number[];
  viewOffset: number;
  /** The view is x itself. */
  identity: boolean;
  advanced: Advanced | null;
  outShape: number[];
  /** The index as written, for messages. */
  text: string;
  /** The items of the basic view, in order. */
  basic: BasicIndexItem[];
}

export function planIndex(op: string, shape: readonly number[], index: Index): IndexPlan {
  const items = indexTuple(op, index).map((it) => classify(op, it));
  const consumes = (it: Item) => (it.kind === 'int' || it.kind === 'slice' || it.kind === 'array' ? 1 : it.kind === 'mask' ? it.mask.shape.length : 0);
  const used = items.reduce((s, it) => s + consumes(it), 0);
  const ellipses = items.filter((it) => it.kind === 'ellipsis').length;
  if (ellipses > 1) throw new RangeError(`${op}: an index can only have a single ellipsis ('...'), got '${formatIndex(index)}'`);
  if (used > shape.length) {
    throw new RangeError(`${op}: too many indices for an array of shape ${shapeString(shape)}: ${shape.length} dimension${shape.length === 1 ? ' is' : 's are'} indexed by ${used} ('${formatIndex(index)}')`);
  }
  const fill: Item[] = Array.from({ length: shape.length - used }, () => ({ kind: 'slice', slice: new Slice() }));
  const at = items.findIndex((it) => it.kind === 'ellipsis');
  // An ellipsis that stands for no axis stays as an item: it still separates index arrays.
  const full = at >= 0 ? [...items.slice(0, at), ...(fill.length > 0 ? fill : [items[at]]), ...items.slice(at + 1)] : [...items, ...fill];
  // With an array in the index, numpy treats integers as 0-d index arrays too.
  const hasArray = full.some((it) => it.kind === 'array' || it.kind === 'mask');

  const strides = stridesOf(shape);
  const viewShape: number[] = [], viewStrides: number[] = [];
  let offset = 0, d = 0;
  const adv: { pos: number; item: number; index: IndexArray; given: IndexArray | null }[] = [];
  const basic: BasicIndexItem[] = [];
  const keepAxis = () => { viewShape.push(shape[d]); viewStrides.push(strides[d]); };
  for (const [item, it] of full.entries()) {
    if (it.kind === 'new') { viewShape.push(1); viewStrides.push(0); basic.push({ kind: 'new' }); continue; }
    if (it.kind === 'int' && !hasArray) {
      const n = shape[d];
      if (it.value < -n || it.value >= n) throw new RangeError(`${op}: index ${it.value} is out of bounds for axis ${d} with size ${n}`);
      const index = it.value < 0 ? it.value + n : it.value;
      offset += index * strides[d];
      basic.push({ kind: 'int', axis: d, index, given: it.value });
      d++;
    } else if (it.kind === 'slice') {
      const { start, step, length } = it.slice.indices(shape[d]);
      if (length > 0) offset += start * strides[d];
      viewShape.push(length); viewStrides.push(strides[d] * step);
      basic.push({ kind: 'slice', axis: d, start, step, length, given: it.slice });
      d++;
    } else if (it.kind === 'int' || it.kind === 'array') {
      const index = it.kind === 'int' ? { data: Int32Array.of(it.value), shape: [] } : it.index;
      adv.push({ pos: viewShape.length, item, index: { data: checkIndices(op, index.data, shape[d], d), shape: index.shape }, given: it.kind === 'array' ? index : null });
      basic.push({ kind: 'indexed', axis: d });
      keepAxis();
      d++;
    } else if (it.kind === 'mask') {
      const k = it.mask.shape.length;
      for (let j = 0; j < k; j++) {
        if (it.mask.shape[j] !== shape[d + j]) {
          throw new RangeError(`${op}: boolean index did not match the indexed array along axis ${d + j}: size of axis is ${shape[d + j]} but size of the corresponding boolean axis is ${it.mask.shape[j]}`);
        }
      }
      // A k-d mask is the k integer arrays of its true positions (numpy's nonzero).
      const coords: number[][] = Array.from({ length: k }, () => []);
      const mstrides = stridesOf(it.mask.shape);
      it.mask.data.forEach((v, flat) => {
        if (!v) return;
        for (let j = 0; j < k; j++) coords[j].push(Math.floor(flat / mstrides[j]) % it.mask.shape[j]);
      });
      for (let j = 0; j < k; j++) {
        adv.push({ pos: viewShape.length, item, index: { data: Int32Array.from(coords[j]), shape: [coords[j].length] }, given: null });
        basic.push({ kind: 'indexed', axis: d });
        keepAxis();
        d++;
      }
    }
  }
  const identity = offset === 0 && shapesEqual(viewShape, shape) && viewStrides.every((s, i) => s === strides[i] || shape[i] === 1);
  const plan: IndexPlan = {
    inShape: [...shape], viewShape, viewStrides, viewOffset: offset, identity, advanced: null, outShape: viewShape, text: formatIndex(index),
    basic,
  };
  if (adv.length === 0) return plan;

  const axes = adv.map((a) => a.pos);
  // numpy: index arrays next to each other in the index keep their place; ones separated
  // by a slice, a new axis or an ellipsis (even one that stands for no axis) go first.
  const adjacent = adv.every((a, i) => i === 0 || a.item - adv[i - 1].item <= 1);
  const rest = viewShape.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = adjacent ? null : [...axes, ...rest];
  const pos = adjacent ? axes[0] : 0;
  const bshape = adv.reduce<number[]>((s, a) => broadcastShapes(op, s, a.index.shape), []);
  const dims = axes.map((p) => viewShape[p]);
  plan.advanced = { axes, perm, at: pos, flat: flatIndex(adv.map((a) => a.index), dims, bshape), given: adv.length === 1 ? adv[0].given : null };
  const permuted = perm ? perm.map((p) => viewShape[p]) : viewShape;
  plan.outShape = [...permuted.slice(0, pos), ...bshape, ...permuted.slice(pos + axes.length)];
  return plan;
}

/** Row-major positions into the product of `dims` addressed by broadcast index arrays. */
function flatIndex(indices: IndexArray[], dims: number[], bshape: number[]): IndexArray {
  if (indices.length === 1 && shapesEqual(indices[0].shape, bshape)) return { data: indices[0].data, shape: bshape };
  const n = sizeOf(bshape);
  const out = new Int32Array(n);
  const dimStrides = stridesOf(dims);
  const bstrides = indices.map((ix) => broadcastStrides('getItem', ix.shape, bshape));
  const counter = new Array<number>(bshape.length).fill(0);
  const ptr = new Array<number>(indices.length).fill(0);
  for (let e = 0; e < n; e++) {
    let f = 0;
    for (let j = 0; j < indices.length; j++) f += indices[j].data[ptr[j]] * dimStrides[j];
    out[e] = f;
    for (let a = bshape.length - 1; a >= 0; a--) {
      counter[a]++;
      for (let j = 0; j < indices.length; j++) ptr[j] += bstrides[j][a];
      if (counter[a] < bshape[a]) break;
      for (let j = 0; j < indices.length; j++) ptr[j] -= bstrides[j][a] * counter[a];
      counter[a] = 0;
    }
  }
  return { data: out, shape: bshape };
}

/** The view's shape with the indexed axes transposed together and merged into one. */
function mergedShape(plan: IndexPlan): { permuted: number[]; merged: number[] } {
  const a = plan.advanced!;
  const permuted = a.perm ? a.perm.map((p) => plan.viewShape[p]) : plan.viewShape;
  const k = a.axes.length;
  const merged = [...permuted.slice(0, a.at), sizeOf(permuted.slice(a.at, a.at + k)), ...permuted.slice(a.at + k)];
  return { permuted, merged };
}

/** Applies a resolved index to x. */
export function applyIndex(x: NDArray, plan: IndexPlan): NDArray {
  let v = plan.identity ? x : view(x, plan.viewShape, plan.viewStrides, plan.viewOffset);
  const a = plan.advanced;
  if (!a) return plan.identity ? reshape(x, plan.outShape) : v;
  if (a.perm) v = transpose(v, a.perm);
  const { merged } = mergedShape(plan);
  return reshape(takeRows(reshape(v, merged), a.flat, a.at), plan.outShape);
}

/**
 * The adjoint of applyIndex: an array of the indexed shape, zero except where the index
 * reads, where the values are added (repeated positions accumulate).
 */
export function scatterIndex(values: NDArray, plan: IndexPlan, dtype: DType = values.dtype): NDArray {
  if (!shapesEqual(values.shape, plan.outShape)) {
    throw new RangeError(`getItem: values ${shapeString(values.shape)} do not match the result ${shapeString(plan.outShape)} of indexing ${shapeString(plan.inShape)} with '${plan.text}'`);
  }
  let g = cast(values, dtype);
  const a = plan.advanced;
  const b = g.backend;
  if (a) {
    const { permuted, merged } = mergedShape(plan);
    const zeros = wrap(b.fill(sizeOf(merged), dtype, 0), merged, dtype, b);
    g = reshape(scatterRows(zeros, a.flat, g, a.at), permuted);
    if (a.perm) {
      const inverse = new Array<number>(a.perm.length);
      a.perm.forEach((p, i) => { inverse[p] = i; });
      g = transpose(g, inverse);
    }
  }
  if (plan.identity) return reshape(g, plan.inShape);
  const c = collapseAxes(plan.viewShape, [[...plan.viewStrides]]);
  const piece = { values: g, offset: plan.viewOffset, shape: c.shape, strides: c.strides[0] };
  return wrap(b.assemble(sizeOf(plan.inShape), dtype, 0, [piece]), plan.inShape, dtype, b);
}

/**
 * numpy indexing x[index]: integers (negative count from the end), slice(start, stop,
 * step) with any step, newaxis, ellipsis, int32 arrays or nested lists of integers
 * (advanced indexing with numpy's placement rules) and nested lists of booleans (masks).
 * A JS array is the index tuple: getItem(x, [0, slice(1)]) is x[0, :1]; the string
 * '0, :1' means the same.
 */
export function getItem(x: NDArray, index: Index): NDArray {
  checkArray('getItem', 'x', x);
  return applyIndex(x, planIndex('getItem', x.shape, index));
}

/**
 * numpy.add.at without changing x: a copy of x with values added at x[index]; repeated
 * positions accumulate. values broadcasts to the shape of x[index].
 */
export function addAt(x: NDArray, index: Index, values: NDArray | number): NDArray {
  checkArray('addAt', 'x', x);
  const plan = planIndex('addAt', x.shape, index);
  let v = typeof values === 'number' ? wrap(x.backend.fill(1, x.dtype, values), [], x.dtype, x.backend) : checkArray('addAt', 'values', values);
  sameBackend('addAt', [x, v], ['x', 'values']);
  if (!shapesEqual(v.shape, plan.outShape)) v = broadcastTo(v, plan.outShape);
  return add(x, scatterIndex(v, plan, x.dtype));
}

// numpy.pad. The constant mode writes x into the interior of a filled array; the other
// modes (edge, reflect, symmetric, wrap) read every output position from a source position,
// so each axis is one take with an index map, and the gradient scatters back through it.
import type { NDArray } from '../ndarray';
import { collapseAxes, shapeString, sizeOf, stridesOf } from '../shape';
import { checkArray, wrap } from './common';
import { full } from '../creation';
import { view } from './layout';
import { concat } from './join';
import { scatterAdd, take } from './indexing';
import { showValue } from '../../util/options';

export type PadMode = 'constant' | 'edge' | 'reflect' | 'symmetric' | 'wrap';
export const PAD_MODES: readonly PadMode[] = ['constant', 'edge', 'reflect', 'symmetric', 'wrap'];

/** A number, [before, after], or one [before, after] per axis, as numpy's broadcasting of pad_width. */
export type PadWidth = number | readonly number[] | readonly (readonly number[])[];

export interface PadOptions {
  /** Fill of the constant mode: a number, [before, after] or one pair per axis (numpy's constant_values). */
  constantValues?: PadWidth;
}

/** Broadcasts numpy's pad_width (or constant_values) to one [before, after] pair per axis. */
export function padPairs(op: string, what: string, width: PadWidth, ndim: number, integral: boolean): [number, number][] {
  const bad = () => new RangeError(`${op}: ${what} ${showValue(width)} must be a number, [before, after] or ${ndim} pairs [before, after]`);
  let pairs: [number, number][];
  if (typeof width === 'number') pairs = Array.from({ length: ndim }, () => [width, width]);
  else if (!Array.isArray(width)) throw bad();
  else if (width.every((w) => typeof w === 'number')) {
    const w = width as readonly number[];
    if (w.length === 1) pairs = Array.from({ length: ndim }, () => [w[0], w[0]]);
    else if (w.length === 2) pairs = Array.from({ length: ndim }, () => [w[0], w[1]]);
    else throw bad();
  } else {
    const w = width as readonly (readonly number[])[];
    if (!w.every((p) => Array.isArray(p) && (p.length === 1 || p.length === 2) && p.every((v) => typeof v === 'number'))) throw bad();
    const norm = w.map((p) => [p[0], p[p.length - 1]] as [number, number]);
    if (norm.length === 1) pairs = Array.from({ length: ndim }, () => norm[0]);
    else if (norm.length === ndim) pairs = norm;
    else throw bad();
  }
  if (integral && pairs.some(([b, a]) => !Number.isInteger(b) || !Number.isInteger(a) || b < 0 || a < 0)) {
    throw new RangeError(`${op}: ${what} ${showValue(width)} must hold non-negative integers`);
  }
  return pairs;
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

/**
 * numpy's reflect and symmetric padding as source positions: numpy mirrors the whole
 * extent filled so far, at most the width left on each side, and repeats, so a pad wider
 * than the axis is not periodic when the sides differ (reflecting 0 1 2 by (8, 1) gives
 * 2 1 2 1 0 1 2 1, 0 1 2, 1). A length-1 axis repeats its element.
 */
function mirrorIndex(n: number, before: number, after: number, symmetric: boolean): Int32Array {
  if (n === 1) return new Int32Array(before + 1 + after);
  const offset = symmetric ? 0 : 1;
  let filled = Array.from({ length: n }, (_, k) => k);
  let left = before, right = after;
  while (left > 0 || right > 0) {
    const length = filled.length, old = length - offset;
    const l = Math.min(old, left), r = Math.min(old, right);
    const head = filled.slice(offset, offset + l).reverse();
    const tail = filled.slice(length - offset - r, length - offset).reverse();
    filled = [...head, ...filled, ...tail];
    left -= l;
    right -= r;
  }
  return Int32Array.from(filled);
}

/** Source position of every output position along one axis, for the index modes. */
export function padSourceIndex(mode: Exclude<PadMode, 'constant'>, n: number, before: number, after: number): Int32Array {
  if (mode === 'reflect' || mode === 'symmetric') return mirrorIndex(n, before, after, mode === 'symmetric');
  const out = new Int32Array(before + n + after);
  for (let i = 0; i < out.length; i++) {
    const j = i - before;
    let k: number;
    switch (mode) {
      case 'edge': k = Math.min(Math.max(j, 0), n - 1); break;
      case 'wrap': k = mod(j, n); break;
    }
    out[i] = k;
  }
  return out;
}

function checkMode(op: string, mode: string): PadMode {
  if (!PAD_MODES.includes(mode as PadMode)) throw new RangeError(`${op}: mode '${mode}' is not supported (expected one of ${PAD_MODES.join(', ')})`);
  return mode as PadMode;
}

/** numpy.pad with the modes constant (the default), edge, reflect, symmetric and wrap. */
export function pad(x: NDArray, padWidth: PadWidth, mode: PadMode = 'constant', options: PadOptions = {}): NDArray {
  checkArray('pad', 'x', x);
  const m = checkMode('pad', mode);
  const pairs = padPairs('pad', 'padWidth', padWidth, x.ndim, true);
  if (m !== 'constant') {
    let y = x;
    pairs.forEach(([before, after], axis) => {
      if (before === 0 && after === 0) return;
      if (x.shape[axis] === 0) throw new RangeError(`pad: cannot extend the empty axis ${axis} of ${shapeString(x.shape)} with mode '${m}' (only 'constant' can)`);
      y = take(y, wrap(y.backend.upload(padSourceIndex(m, x.shape[axis], before, after)), [before + x.shape[axis] + after], 'int32', y.backend), axis);
    });
    return y;
  }
  const values = padPairs('pad', 'constantValues', options.constantValues ?? 0, x.ndim, false);
  const outShape = x.shape.map((d, i) => d + pairs[i][0] + pairs[i][1]);
  const uniform = values.every(([b, a]) => b === values[0][0] && a === values[0][0]);
  if (uniform || x.ndim === 0) {
    const fill = x.ndim === 0 ? 0 : values[0][0];
    const strides = stridesOf(outShape);
    const offset = pairs.reduce((s, [before], i) => s + before * strides[i], 0);
    const c = collapseAxes(x.shape, [strides]);
    const b = x.backend;
    return wrap(b.assemble(sizeOf(outShape), x.dtype, fill, [{ values: x, offset, shape: c.shape, strides: c.strides[0] }]), outShape, x.dtype, b);
  }
  // Different fills per side: pad one axis at a time, so later axes own the corners (numpy).
  let y = x;
  pairs.forEach(([before, after], axis) => {
    const side = (n: number, v: number) => full(y.shape.map((d, i) => (i === axis ? n : d)), v, { dtype: y.dtype, backend: y.device });
    y = concat([side(before, values[axis][0]), y, side(after, values[axis][1])], axis);
  });
  return y;
}

/**
 * The adjoint of pad: the gradient of x from the gradient of pad(x). Constant padding
 * keeps the interior; the other modes add every copy back into its source element.
 */
export function padGrad(gy: NDArray, inShape: readonly number[], padWidth: PadWidth, mode: PadMode = 'constant'): NDArray {
  checkArray('padGrad', 'gy', gy);
  const m = checkMode('padGrad', mode);
  const pairs = padPairs('padGrad', 'padWidth', padWidth, inShape.length, true);
  const outShape = inShape.map((d, i) => d + pairs[i][0] + pairs[i][1]);
  if (gy.shape.length !== outShape.length || gy.shape.some((d, i) => d !== outShape[i])) {
    throw new RangeError(`padGrad: gy ${shapeString(gy.shape)} does not match the padded shape ${shapeString(outShape)}`);
  }
  if (m === 'constant') {
    const strides = stridesOf(outShape);
    const offset = pairs.reduce((s, [before], i) => s + before * strides[i], 0);
    return view(gy, inShape, strides, offset);
  }
  let g = gy;
  for (let axis = inShape.length - 1; axis >= 0; axis--) {
    const [before, after] = pairs[axis];
    if (before === 0 && after === 0) continue;
    const zerosShape = g.shape.map((d, i) => (i === axis ? inShape[axis] : d));
    const index = wrap(g.backend.upload(padSourceIndex(m, inShape[axis], before, after)), [outShape[axis]], 'int32', g.backend);
    g = scatterAdd(full(zerosShape, 0, { dtype: g.dtype, backend: g.device }), index, g, axis);
  }
  return g;
}

// Shape arithmetic: sizes, strides, broadcasting and axis normalization, with errors
// that name the operation and the shapes involved.
import { showValue } from '../util/options';


export type Shape = readonly number[];

/** The shape of nested lists as their first elements show it (raggedness is checked by the caller). */
export function nestedShape(v: unknown): number[] {
  const shape: number[] = [];
  while (Array.isArray(v)) { shape.push(v.length); v = v[0]; }
  return shape;
}

export function shapeString(shape: Shape): string {
  return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
}

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides in elements. */
export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The most elements one array may hold: its 4-byte values must fit the 4 GiB that 32-bit
 * WebAssembly memory addresses, and every index into it must fit an int32.
 */
export const MAX_SIZE = 2 ** 30 - 1;

function shapeArray(op: string, shape: unknown, what: string): readonly unknown[] {
  if (!Array.isArray(shape)) throw new TypeError(`${op}: ${what} must be an array of non-negative integers, got ${showValue(shape)}`);
  return shape;
}

function checkSize(op: string, shape: Shape, what: string): void {
  const size = sizeOf(shape);
  if (size > MAX_SIZE) {
    throw new RangeError(`${op}: ${what} ${shapeString(shape)} holds ${size} elements, more than the ${MAX_SIZE} an array can hold (4-byte values in 32-bit WebAssembly memory)`);
  }
}

function isDim(d: unknown): d is number {
  return typeof d === 'number' && Number.isInteger(d) && d >= 0;
}

function badDim(op: string, dims: readonly unknown[], what: string, i: number): never {
  throw new RangeError(`${op}: ${what} ${showValue(dims)} must hold non-negative integers, but ${what}[${i}] is ${showValue(dims[i])}`);
}

/** A copy of a user-given shape: an array of non-negative integers within MAX_SIZE elements. */
export function checkShape(op: string, shape: unknown, what = 'shape'): number[] {
  const dims = shapeArray(op, shape, what);
  for (let i = 0; i < dims.length; i++) if (!isDim(dims[i])) badDim(op, dims, what, i);
  checkSize(op, dims as number[], what);
  return [...dims as number[]];
}

/** The shape `from` takes in a reshape: as checkShape, one dimension may be -1 (inferred), same size. */
export function resolveShape(op: string, shape: unknown, from: Shape, what = 'shape'): number[] {
  const dims = [...shapeArray(op, shape, what)];
  const size = sizeOf(from);
  const fail = () => new RangeError(`${op}: cannot reshape array of shape ${shapeString(from)} (size ${size}) into ${shapeString(dims as number[])}`);
  const unknown = dims.indexOf(-1);
  if (unknown >= 0) {
    if (dims.indexOf(-1, unknown + 1) >= 0) throw new RangeError(`${op}: only one dimension of ${what} can be -1, got ${showValue(dims)}`);
    for (let i = 0; i < dims.length; i++) if (i !== unknown && !isDim(dims[i])) badDim(op, dims, what, i);
    const known = sizeOf(dims.filter((_, i) => i !== unknown) as number[]);
    if (known === 0 || size % known !== 0) throw fail();
    dims[unknown] = size / known;
  }
  const target = checkShape(op, dims, what);
  if (sizeOf(target) !== size) throw fail();
  return target;
}

/** numpy broadcasting of two shapes. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da !== db && da !== 1 && db !== 1) {
      throw new RangeError(`${op}: shapes ${shapeString(a)} and ${shapeString(b)} cannot be broadcast together`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides that read `shape` (contiguous) as if broadcast to `target`: 0 on stretched axes. */
export function broadcastStrides(op: string, shape: Shape, target: Shape): number[] {
  const lead = target.length - shape.length;
  if (lead < 0) throw new RangeError(`${op}: cannot broadcast ${shapeString(shape)} to ${shapeString(target)}`);
  const own = stridesOf(shape);
  const out = new Array<number>(target.length).fill(0);
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i], t = target[i + lead];
    if (d === t) out[i + lead] = d === 1 ? 0 : own[i];
    else if (d === 1) out[i + lead] = 0;
    else throw new RangeError(`${op}: cannot broadcast ${shapeString(shape)} to ${shapeString(target)}`);
  }
  return out;
}

/** Normalizes an axis (negative counts from the end) or throws naming the op. */
export function normalizeAxis(op: string, axis: number, ndim: number): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new RangeError(`${op}: axis ${axis} is out of bounds for an array of dimension ${ndim}`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Normalizes an axis, a list of axes or null (all axes) to a sorted unique list. */
export function normalizeAxes(op: string, axis: number | readonly number[] | null | undefined, ndim: number): number[] {
  if (axis === null || axis === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : [...axis];
  const out = list.map((a) => normalizeAxis(op, a, ndim));
  if (new Set(out).size !== out.length) throw new RangeError(`${op}: duplicate value in axis (${list.join(', ')})`);
  return out.sort((x, y) => x - y);
}

/**
 * Merges neighbouring axes that every view walks contiguously, so kernels see as few
 * dimensions as possible: same-shape arrays become one flat run, a bias add two axes.
 */
export function collapseAxes(shape: Shape, strideSets: number[][]): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = strideSets.map(() => []);
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strideSets.every((s, k) => outStrides[k][last] === s[i] * shape[i])) {
      outShape[last] *= shape[i];
      strideSets.forEach((s, k) => { outStrides[k][last] = s[i]; });
    } else {
      outShape.push(shape[i]);
      strideSets.forEach((s, k) => outStrides[k].push(s[i]));
    }
  }
  if (outShape.length === 0) { outShape.push(1); strideSets.forEach((_, k) => outStrides[k].push(1)); }
  return { shape: outShape, strides: outStrides };
}

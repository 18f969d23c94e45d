// Shape arithmetic: sizes, strides, broadcasting and axis normalization, with errors
// that name the operation and the shapes involved.

export type Shape = readonly number[];

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

/** The most elements one array may have (the largest typed array length the runtimes share). */
export const MAX_ELEMENTS = 2 ** 31 - 1;

export function checkShape(op: string, shape: Shape): number[] {
  if (!Array.isArray(shape)) throw new TypeError(`${op}: shape must be an array of non-negative integers, got ${String(shape)}`);
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`${op}: shape ${shapeString(shape)} must hold non-negative integers`);
  }
  // Typed arrays cannot be longer; without this the allocation fails with a bare 'Invalid typed array length'.
  if (sizeOf(shape) > MAX_ELEMENTS) throw new RangeError(`${op}: shape ${shapeString(shape)} has ${sizeOf(shape)} elements, more than an array can hold (${MAX_ELEMENTS})`);
  return [...shape];
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

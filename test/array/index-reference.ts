// numpy indexing by definition, element by element, independent of the library's
// implementation: shared by the NDArray and the F.getItem tests.
import { slice, newaxis, ellipsis, Slice, type IndexItem } from '../../src/index';

export function rowMajor(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
}

export function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Every multi-index of a shape in row-major order. */
export function* positions(shape: readonly number[]): Generator<number[]> {
  const n = product(shape);
  const strides = rowMajor(shape);
  for (let f = 0; f < n; f++) yield shape.map((d, i) => Math.floor(f / strides[i]) % d);
}

/** Python's a[start:stop:step] over range(n), by filtering the candidates. */
function slicePositions(s: Slice, n: number): number[] {
  const step = s.step ?? 1;
  const norm = (v: number) => (v < 0 ? v + n : v);
  if (step > 0) {
    const start = s.start === null ? 0 : Math.max(0, norm(s.start));
    const stop = s.stop === null ? n : Math.min(n, norm(s.stop));
    return Array.from({ length: n }, (_, i) => i).filter((i) => i >= start && i < stop && (i - start) % step === 0);
  }
  const start = s.start === null ? n - 1 : Math.min(n - 1, norm(s.start));
  const stop = s.stop === null ? -1 : Math.max(-1, norm(s.stop));
  return Array.from({ length: n }, (_, i) => n - 1 - i).filter((i) => i <= start && i > stop && (start - i) % -step === 0);
}

function nestedShape(v: unknown): number[] {
  const s: number[] = [];
  while (Array.isArray(v)) { s.push(v.length); v = v[0]; }
  return s;
}

function nestedFlat(v: unknown): number[] {
  return Array.isArray(v) ? v.flatMap(nestedFlat) : [v as number];
}

/**
 * numpy indexing by definition: the output shape and, for each output element, the flat
 * position of the source element. Handles integers, slices, newaxis, ellipsis and nested
 * integer lists (advanced indices, broadcast; placed where they stand when adjacent, else
 * first).
 */
export function refIndex(shape: number[], index: IndexItem[]): { shape: number[]; src: number[] } {
  const used = index.filter((it) => it !== newaxis && it !== null && it !== ellipsis).length;
  const e = index.indexOf(ellipsis);
  const fill = Array.from({ length: shape.length - used }, () => slice(null));
  const items = e >= 0 ? [...index.slice(0, e), ...fill, ...index.slice(e + 1)] : [...index, ...fill];
  const hasArray = items.some((it) => Array.isArray(it));
  type Dim = { kind: 'basic'; axis: number; pos: number[] } | { kind: 'new' } | { kind: 'adv' };
  const dims: Dim[] = [];
  const adv: { axis: number; values: number[]; shape: number[] }[] = [];
  let axis = 0, fixed = 0, firstAdv = -1, lastAdv = -1, gap = false;
  const strides = rowMajor(shape);
  items.forEach((it) => {
    if (it === newaxis || it === null) { dims.push({ kind: 'new' }); return; }
    if (it instanceof Slice) { dims.push({ kind: 'basic', axis, pos: slicePositions(it, shape[axis]) }); axis++; return; }
    if (typeof it === 'number' && !hasArray) { fixed += ((it + shape[axis]) % shape[axis]) * strides[axis]; axis++; return; }
    const values = (typeof it === 'number' ? [it] : nestedFlat(it)).map((v) => (v < 0 ? v + shape[axis] : v));
    if (firstAdv >= 0 && lastAdv !== dims.length - 1) gap = true;
    if (firstAdv < 0) firstAdv = dims.length;
    adv.push({ axis, values, shape: typeof it === 'number' ? [] : nestedShape(it) });
    dims.push({ kind: 'adv' });
    lastAdv = dims.length - 1;
    axis++;
  });
  // Broadcast the index shapes.
  const nb = Math.max(0, ...adv.map((a) => a.shape.length));
  const bshape = Array.from({ length: nb }, (_, i) => Math.max(...adv.map((a) => a.shape[i - (nb - a.shape.length)] ?? 1)));
  const basic = dims.filter((d) => d.kind !== 'adv');
  const at = adv.length === 0 ? -1 : gap ? 0 : dims.slice(0, firstAdv).length;
  const outDims: (Dim | { kind: 'b'; i: number })[] = [...basic];
  if (at >= 0) outDims.splice(at, 0, ...bshape.map((_, i) => ({ kind: 'b' as const, i })));
  const outShape = outDims.map((d) => (d.kind === 'basic' ? d.pos.length : d.kind === 'new' ? 1 : bshape[(d as { i: number }).i]));
  const src: number[] = [];
  for (const p of positions(outShape)) {
    let f = fixed;
    const b: number[] = [];
    outDims.forEach((d, k) => {
      if (d.kind === 'basic') f += d.pos[p[k]] * strides[d.axis];
      else if (d.kind === 'b') b.push(p[k]);
    });
    for (const a of adv) {
      const sh = a.shape, off = nb - sh.length;
      let flat = 0;
      sh.forEach((d, i) => { flat = flat * d + (d === 1 ? 0 : b[i + off]); });
      f += a.values[flat] * strides[a.axis];
    }
    src.push(f);
  }
  return { shape: outShape, src };
}


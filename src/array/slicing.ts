// The index grammar of getItem, numpy's in TypeScript clothes. A top-level JS array is
// numpy's index tuple; inside it, integers, slice(...), newaxis (or null), ellipsis (or
// '...'), int32 NDArrays and nested JS arrays of integers (or of booleans, a mask).
// A string is the compact form of the same tuple: '1:, ::-1, None, ..., [0, 2]'.
import type { NDArray } from './ndarray';
import { showValue } from '../util/options';

/** numpy.newaxis: inserts a length-1 axis (null means the same, like Python's None). */
export const newaxis: unique symbol = Symbol('newaxis');
/** Python's Ellipsis: as many full slices as the other indices leave axes. */
export const ellipsis: unique symbol = Symbol('ellipsis');

/** Python's slice object; null means "not given". */
export class Slice {
  constructor(readonly start: number | null = null, readonly stop: number | null = null, readonly step: number | null = null) {
    for (const [name, v] of [['start', start], ['stop', stop], ['step', step]] as const) {
      if (v !== null && !Number.isInteger(v)) throw new TypeError(`slice: ${name} must be an integer or null, got ${showValue(v)}`);
    }
    if (step === 0) throw new RangeError('slice: step cannot be zero');
  }

  /**
   * Python's slice.indices(n): the first position, the step and how many positions the
   * slice selects along an axis of length n (out-of-range bounds are clipped).
   */
  indices(n: number): { start: number; step: number; length: number } {
    const step = this.step ?? 1;
    const lower = step < 0 ? -1 : 0;
    const upper = step < 0 ? n - 1 : n;
    const clip = (v: number | null, fallback: number): number => {
      if (v === null) return fallback;
      return v < 0 ? Math.max(v + n, lower) : Math.min(v, upper);
    };
    const start = clip(this.start, step < 0 ? upper : lower);
    const stop = clip(this.stop, step < 0 ? lower : upper);
    const length = step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : Math.max(0, Math.ceil((start - stop) / -step));
    return { start, step, length };
  }

  toString(): string {
    const s = (v: number | null) => (v === null ? '' : String(v));
    return `${s(this.start)}:${s(this.stop)}${this.step === null ? '' : `:${this.step}`}`;
  }
}

/** Python's slice(stop) and slice(start, stop[, step]); null or undefined leaves a bound open. */
export function slice(stop?: number | null): Slice;
export function slice(start: number | null | undefined, stop: number | null | undefined, step?: number | null): Slice;
export function slice(...args: (number | null | undefined)[]): Slice {
  const v = args.map((a) => (a === undefined ? null : a));
  if (v.length <= 1) return new Slice(null, v[0] ?? null, null);
  return new Slice(v[0], v[1], v[2] ?? null);
}

export type NestedIndexArray = readonly (number | boolean | NestedIndexArray)[];
export type IndexItem = number | Slice | typeof newaxis | typeof ellipsis | null | NDArray | NestedIndexArray | string;
/** One index item, a tuple of them (a JS array), or the compact string form. */
export type Index = IndexItem | readonly IndexItem[];

/** Splits an index string at the commas that are not inside brackets. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === ',' && depth === 0) { parts.push(text.slice(start, i)); start = i + 1; }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

const INTEGER = /^[+-]?\d+$/;

/** Parses one item of the compact form: '3', '-1', '1:', '::-1', '...', 'None', '[0, 2]'. */
export function parseIndexItem(op: string, text: string): IndexItem {
  const t = text.trim();
  if (t === '...') return ellipsis;
  if (t === 'None' || t === 'newaxis') return newaxis;
  if (INTEGER.test(t)) return Number(t);
  if (t.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(t.replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false'));
    } catch {
      throw new SyntaxError(`${op}: cannot read the index list '${t}'`);
    }
    return parsed as NestedIndexArray;
  }
  const bounds = t.split(':');
  if (bounds.length >= 2 && bounds.length <= 3) {
    const b = bounds.map((s) => s.trim());
    if (b.every((s) => s === '' || INTEGER.test(s))) {
      const n = (s: string | undefined) => (s === undefined || s === '' ? null : Number(s));
      if (b[2] !== undefined && n(b[2]) === 0) throw new RangeError(`${op}: slice step cannot be zero in '${t}'`);
      return new Slice(n(b[0]), n(b[1]), n(b[2]));
    }
  }
  throw new SyntaxError(`${op}: cannot read the index '${t}' (expected an integer, a slice like '1:5:2', '...', 'None' or a list like '[0, 2]')`);
}

/** The index tuple: a string is parsed, a JS array is the tuple, anything else a 1-tuple. */
export function indexTuple(op: string, index: Index): IndexItem[] {
  if (typeof index === 'string') {
    if (index.trim() === '') return [];
    return splitTopLevel(index).map((p) => parseIndexItem(op, p));
  }
  if (Array.isArray(index)) return (index as readonly IndexItem[]).map((item) => (typeof item === 'string' ? parseIndexItem(op, item) : item));
  return [index as IndexItem];
}

/** The compact text of an index, for error messages and graph labels. */
export function formatIndex(index: Index): string {
  const item = (v: unknown): string => {
    if (v === newaxis || v === null) return 'None';
    if (v === ellipsis) return '...';
    if (v instanceof Slice) return v.toString();
    if (Array.isArray(v)) return `[${v.map(item).join(', ')}]`;
    if (typeof v === 'object' && v !== null && 'shape' in v) return `array${(v as NDArray).shape.length ? `(${(v as NDArray).shape.join('x')})` : ''}`;
    return String(v);
  };
  if (typeof index === 'string') return index;
  return Array.isArray(index) ? index.map(item).join(', ') : item(index);
}

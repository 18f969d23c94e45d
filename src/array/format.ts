// numpy-like text for arrays: aligned columns, nested brackets, summarized when large.
import type { DType, TypedArray } from './dtype';

function formatNumber(v: number, dtype: DType): string {
  if (dtype === 'int32') return String(v);
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.`;
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e16)) return v.toExponential(4);
  return String(Number(v.toPrecision(8)));
}

export function formatArray(data: TypedArray, shape: readonly number[], dtype: DType, indent: number): string {
  if (shape.length === 0) return formatNumber(data[0], dtype);
  // numpy: more than 1000 elements show 3 at each end of every axis (-1 marks the '...').
  const summarize = data.length > 1000;
  const shown = (n: number): number[] => (summarize && n > 6 ? [0, 1, 2, -1, n - 3, n - 2, n - 1] : Array.from({ length: n }, (_, i) => i));
  const strides: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { strides[i] = acc; acc *= shape[i]; }
  // Only the elements shown are formatted, so that a huge array prints at once.
  const cells = new Map<number, string>();
  const collect = (dim: number, offset: number): void => {
    for (const i of shown(shape[dim])) {
      if (i < 0) continue;
      if (dim === shape.length - 1) cells.set(offset + i, formatNumber(data[offset + i], dtype));
      else collect(dim + 1, offset + i * strides[dim]);
    }
  };
  collect(0, 0);
  let width = 0;
  for (const c of cells.values()) width = Math.max(width, c.length);
  const rec = (dim: number, offset: number, pad: number): string => {
    const idx = shown(shape[dim]);
    if (dim === shape.length - 1) {
      return '[' + idx.map((i) => (i < 0 ? '...' : cells.get(offset + i)!.padStart(width))).join(', ') + ']';
    }
    const sep = ',' + '\n'.repeat(shape.length - dim - 1) + ' '.repeat(pad + 1);
    return '[' + idx.map((i) => (i < 0 ? '...' : rec(dim + 1, offset + i * strides[dim], pad + 1))).join(sep) + ']';
  };
  return rec(0, 0, indent);
}

// numpy's text for arrays (array2string as numpy >= 1.14 prints it): float32 values in the
// shortest digits that give the value back, at most 8 after the point, positional or, when
// the magnitudes call for it, scientific with a common number of digits; columns padded to
// one width; lines wrapped at 75 characters under a hanging indent; large arrays summarized.
import type { DType, TypedArray } from './dtype';
import { toExponentialEven, toFixedEven, toPrecisionEven } from '../util/decimal';

const LINE_WIDTH = 75;
const PRECISION = 8;

/** The shortest decimal significand digits (1 to 9) that read back as the float32 v. */
function shortest(v: number): number {
  let p = 1;
  while (p < 9 && Math.fround(Number(toPrecisionEven(v, p))) !== v) p++;
  return p;
}

/**
 * numpy's FloatingFormat (int32: plain integers) for the values shown: a function that
 * writes each at one width.
 */
function formatter(values: number[], dtype: DType): (v: number) => string {
  const finite = values.filter(Number.isFinite);
  const abs = finite.filter((v) => v !== 0).map(Math.abs);
  const max = Math.max(...abs), min = Math.min(...abs);
  const sign = (v: number) => (v < 0 || Object.is(v, -0) ? '-' : '');
  // scientific when the magnitudes call for it, every value with as many digits after the
  // point as the longest needs: its own digits (numpy's min_digits), not zeros
  const digits = Math.max(...finite.map((v) => Math.min(shortest(v) - 1, PRECISION)));
  const exp = dtype === 'float32' && abs.length > 0 && (max >= 1e8 || min < 0.0001 || max / min > 1000);
  // [integer part, fraction] of each: positional, the shortest digits that read back, at
  // most 8 after the point, trailing zeros trimmed; int32 plain
  const split = (v: number): [string, string] => {
    if (dtype === 'int32') return [String(v), ''];
    if (exp) {
      const [m, e] = toExponentialEven(Math.abs(v), digits).split('e');
      const [int, frac = ''] = m.split('.');
      return [sign(v) + int, `${frac}e${e[0]}${e.slice(1).padStart(2, '0')}`];
    }
    let t = toPrecisionEven(Math.abs(v), shortest(v));
    if (/e|\.\d{9}/.test(t)) t = toFixedEven(Math.abs(v), PRECISION);
    const [int, frac = ''] = t.split('.');
    return [sign(v) + int, frac.replace(/0+$/, '')];
  };
  let left = 0, right = 0;
  for (const v of finite) { const [a, b] = split(v); left = Math.max(left, a.length); right = Math.max(right, b.length); }
  if (dtype === 'int32') return (v) => String(v).padStart(left);
  // nan and inf align right in the same width, which they may widen
  const width = finite.length < values.length ? Math.max(left + right + 1, values.includes(-Infinity) ? 4 : 3) : 0;
  return (v) => {
    if (!Number.isFinite(v)) return (Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf').padStart(width);
    const [a, b] = split(v);
    return `${a.padStart(left)}.${b.padEnd(right)}`.padStart(width);
  };
}

/**
 * The text of an array as numpy's array2string writes it after a prefix of `indent`
 * characters (`array(` is 6, `variable(` 9) in lines of `lineWidth` (75 less the suffix
 * after it: `)` for array reprs, none for Chainer's variable repr): what follows the prefix.
 */
export function formatArray(data: TypedArray, shape: readonly number[], dtype: DType, indent: number, lineWidth = LINE_WIDTH): string {
  if (data.length === 0) return shape.length === 1 ? '[]' : `[], shape=(${shape.join(', ')})`;
  // numpy: more than 1000 elements show 3 at each end of every axis (-1 marks the '...').
  const summarize = data.length > 1000;
  const shown = (n: number): number[] => (summarize && n > 6 ? [0, 1, 2, -1, n - 3, n - 2, n - 1] : Array.from({ length: n }, (_, i) => i));
  // numpy's _formatArray: the last axis fills lines, wrapping under the hanging indent; each
  // level of brackets indents one more and narrows the line by one (its ']'). A first pass
  // collects the values shown (only those, so that a huge array prints at once), which
  // decide the format; the second writes.
  const shownValues: number[] = [];
  let format = (v: number): string => String(shownValues.push(v));
  // `at`: the row-major index of this sub-array among those of its depth
  const rec = (dim: number, at: number, hanging: string, width: number): string => {
    const idx = shown(shape[dim]);
    let s = '';
    if (dim === shape.length - 1) {
      let line = hanging;
      idx.forEach((i, k) => {
        const word = i < 0 ? '...' : format(data[at * shape[dim] + i]);
        // the element and its ',' (or the closing ']') fit in the width
        if (line.length + word.length > width - 1 && line.length > hanging.length) {
          s += line.trimEnd() + '\n';
          line = hanging;
        }
        line += word + (k < idx.length - 1 ? ', ' : '');
      });
      s += line;
    } else {
      s = idx.map((i) => hanging + (i < 0 ? '...' : rec(dim + 1, at * shape[dim] + i, hanging + ' ', width - 1))).join(',' + '\n'.repeat(shape.length - dim - 1));
    }
    return '[' + s.slice(hanging.length) + ']';
  };
  if (shape.length === 0) return formatter([data[0]], dtype)(data[0]);
  rec(0, 0, '', lineWidth);
  format = formatter(shownValues, dtype);
  return rec(0, 0, ' '.repeat(indent + 1), lineWidth);
}

/**
 * numpy's array repr, `name(...)`: float32, kusari's default type, is implied as numpy's
 * float64 is; int32 is named after the values, on a line of its own where the last line
 * has no room for it (as numpy's _array_repr_implementation places it).
 */
export function arrayRepr(name: string, data: TypedArray, shape: readonly number[], dtype: DType): string {
  const text = `${name}(${formatArray(data, shape, dtype, name.length + 1, LINE_WIDTH - 1)}`;
  if (dtype === 'float32') return `${text})`;
  const dtypeText = `dtype=${dtype})`;
  const lastLine = text.length + 1 - (text.lastIndexOf('\n') + 1);
  return `${text},${lastLine + dtypeText.length + 1 > LINE_WIDTH ? `\n${' '.repeat(name.length + 1)}` : ' '}${dtypeText}`;
}

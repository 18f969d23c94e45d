// numpy's text for arrays (array2string as numpy >= 1.14 prints it): float32 values in the
// shortest digits that give the value back, at most 8 after the point, positional or, when
// the magnitudes call for it, scientific with a common number of digits; columns padded to
// one width; lines wrapped at 75 characters under a hanging indent; large arrays summarized.
import type { DType, TypedArray } from './dtype';

const LINE_WIDTH = 75;
const PRECISION = 8;

/** The shortest decimal significand digits (1 to 9) that read back as the float32 v. */
function shortest(v: number): number {
  for (let p = 1; p < 9; p++) if (Math.fround(Number(v.toPrecision(p))) === v) return p;
  return 9;
}

/** v positional, the shortest digits that give it back but at most 8 after the point, trailing zeros trimmed. */
function positional(v: number): string {
  let s = Math.abs(v).toPrecision(shortest(v));
  if (s.includes('e')) s = Math.abs(v).toFixed(PRECISION);
  const point = s.indexOf('.');
  if (point >= 0 && s.length - point - 1 > PRECISION) s = Math.abs(v).toFixed(PRECISION);
  if (s.includes('.')) s = s.replace(/0+$/, '');
  else s += '.';
  return (v < 0 || Object.is(v, -0) ? '-' : '') + s;
}

/** v scientific: [mantissa digits after the point, exponent], the shortest that give it back (at most 8 after the point). */
function scientific(v: number): { sign: string; int: string; frac: string; exp: number } {
  const p = Math.min(shortest(v), PRECISION + 1);
  const [m, e] = Math.abs(v).toExponential(p - 1).split('e');
  const [int, frac = ''] = m.split('.');
  return { sign: v < 0 || Object.is(v, -0) ? '-' : '', int, frac: frac.replace(/0+$/, ''), exp: Number(e) };
}

/** numpy's FloatingFormat for the values shown: a function that writes each at one width. */
function floatFormatter(values: number[]): (v: number) => string {
  const finite = values.filter(Number.isFinite);
  const nonZero = finite.filter((v) => v !== 0).map(Math.abs);
  let exp = false;
  if (nonZero.length) {
    const max = Math.max(...nonZero), min = Math.min(...nonZero);
    exp = max >= 1e8 || min < 0.0001 || max / min > 1000;
  }
  let padLeft = 0, padRight = 0;
  let write: (v: number) => string;
  if (finite.length === 0) {
    write = () => '';
  } else if (exp) {
    const parts = finite.map(scientific);
    const digits = Math.max(...parts.map((p) => p.frac.length));
    const expDigits = Math.max(2, ...parts.map((p) => String(Math.abs(p.exp)).length));
    padLeft = Math.max(...parts.map((p) => p.sign.length + p.int.length));
    padRight = expDigits + 2 + digits;
    // every value with the same number of digits: those of its exact value (numpy's
    // min_digits), not zeros
    write = (v) => {
      const [m, e] = Math.abs(v).toExponential(digits).split('e');
      const sign = v < 0 || Object.is(v, -0) ? '-' : '';
      return `${(sign + m.split('.')[0]).padStart(padLeft)}.${m.split('.')[1] ?? ''}e${e[0]}${e.slice(1).padStart(expDigits, '0')}`;
    };
  } else {
    const parts = finite.map((v) => positional(v).split('.'));
    padLeft = Math.max(...parts.map(([int]) => int.length));
    padRight = Math.max(...parts.map(([, frac]) => frac.length));
    write = (v) => {
      const [int, frac] = positional(v).split('.');
      return `${int.padStart(padLeft)}.${frac.padEnd(padRight)}`;
    };
  }
  if (finite.length !== values.length) {
    // nan and inf align right in the same width, which they may widen
    const negInf = values.some((v) => v === -Infinity);
    padLeft = Math.max(padLeft, 3 - (padRight + 1), 3 + (negInf ? 1 : 0) - (padRight + 1));
  }
  const width = padLeft + padRight + 1;
  return (v) => {
    if (Number.isFinite(v)) return finite.length === values.length || !exp ? write(v) : write(v).padStart(width);
    return (Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf').padStart(width);
  };
}

function intFormatter(values: number[]): (v: number) => string {
  const width = Math.max(...values.map((v) => String(v).length));
  return (v) => String(v).padStart(width);
}

/**
 * The text of an array as numpy's array2string writes it after a prefix of `indent`
 * characters (`array(` is 6, `variable(` 9) in lines of `lineWidth` (75 less the suffix
 * after it: `)` for array reprs, none for Chainer's variable repr): what follows the prefix.
 */
export function formatArray(data: TypedArray, shape: readonly number[], dtype: DType, indent: number, lineWidth = LINE_WIDTH): string {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size === 0) return shape.length === 1 ? '[]' : `[], shape=(${shape.join(', ')})`;
  // numpy: more than 1000 elements show 3 at each end of every axis (-1 marks the '...').
  const summarize = size > 1000;
  const shown = (n: number): number[] => (summarize && n > 6 ? [0, 1, 2, -1, n - 3, n - 2, n - 1] : Array.from({ length: n }, (_, i) => i));
  const strides: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { strides[i] = acc; acc *= shape[i]; }
  // Only the elements shown are formatted, so that a huge array prints at once.
  const offsets: number[] = [];
  const collect = (dim: number, offset: number): void => {
    if (dim === shape.length) { offsets.push(offset); return; }
    for (const i of shown(shape[dim])) if (i >= 0) collect(dim + 1, offset + i * strides[dim]);
  };
  collect(0, 0);
  const values = offsets.map((o) => data[o]);
  const format = dtype === 'int32' ? intFormatter(values) : floatFormatter(values);
  if (shape.length === 0) return format(data[0]);
  const separator = ', ';
  // numpy's _formatArray: the last axis fills lines, wrapping under the hanging indent; each
  // level of brackets indents one more and narrows the line by one (its ']')
  const rec = (dim: number, offset: number, hanging: string, width: number): string => {
    const idx = shown(shape[dim]);
    let s = '';
    if (dim === shape.length - 1) {
      const elemWidth = width - Math.max(separator.trimEnd().length, 1);
      let line = hanging;
      idx.forEach((i, k) => {
        const word = i < 0 ? '...' : format(data[offset + i]);
        if (line.length + word.length > elemWidth && line.length > hanging.length) {
          s += line.trimEnd() + '\n';
          line = hanging;
        }
        line += word;
        if (k < idx.length - 1) line += separator;
      });
      s += line;
    } else {
      const lineSep = separator.trimEnd() + '\n'.repeat(shape.length - dim - 1);
      s = idx.map((i) => hanging + (i < 0 ? '...' : rec(dim + 1, offset + i * strides[dim], hanging + ' ', width - 1))).join(lineSep);
    }
    return '[' + s.slice(hanging.length) + ']';
  };
  return rec(0, 0, ' '.repeat(indent + 1), lineWidth);
}

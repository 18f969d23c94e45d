// Python's arithmetic and formatting where Chainer's output depends on them: floor
// division of floats, format specs 'g' and '%', str(timedelta), and JSON floats.
import { toExponentialEven, toFixedEven } from '../../util/decimal';

/** Python's float floor division a // b (CPython's float_floor_div). */
export function floorDiv(a: number, b: number): number {
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod && (b < 0) !== (mod < 0)) div -= 1;
  if (!div) return 0;
  let floor = Math.floor(div);
  if (div - floor > 0.5) floor += 1;
  return floor;
}

/** format(x, '.{precision}g'): the shortest of fixed or scientific notation, as Python. */
export function formatG(x: number, precision = 6): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const p = precision === 0 ? 1 : precision;
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa, expText] = toExponentialEven(x, p - 1).split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= p) return pythonExponent(`${stripZeros(mantissa)}e${expText}`);
  return stripZeros(toFixedEven(x, Math.max(0, p - 1 - exp)));
}

function stripZeros(s: string): string {
  if (!s.includes('.')) return s;
  return s.replace(/0+$/, '').replace(/\.$/, '');
}

const SPEC = /^(?:([\s\S])?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([deEfFgG%s])?$/;

/**
 * format(value, spec) for what file name templates format: numbers (an integer `isInt`
 * prints as a Python int, others as a Python float) and strings; fill, align, sign, zero
 * padding, width, grouping, precision and the types d e E f F g G % s.
 */
export function formatSpec(value: unknown, spec: string, isInt = Number.isInteger(value)): string {
  const m = SPEC.exec(spec);
  if (!m) throw new RangeError(`format: invalid format spec '${spec}'`);
  const [, fillChar, alignChar, sign, , zero, widthText, grouping, precisionText, type] = m;
  const width = widthText ? Number(widthText) : 0;
  const precision = precisionText === undefined ? undefined : Number(precisionText);
  if (typeof value !== 'number') {
    if (type && type !== 's') throw new RangeError(`format: spec '${spec}' needs a number, got ${typeof value}`);
    const text = precision === undefined ? String(value) : String(value).slice(0, precision);
    return pad(text, '', width, fillChar ?? ' ', alignChar ?? '<');
  }
  if (type === 's') throw new RangeError(`format: spec '${spec}' needs a string, got a number`);
  if (type === 'd' && !isInt) throw new RangeError(`format: spec '${spec}' needs an integer, got ${value}`);
  const a = Math.abs(value);
  let body: string;
  if (!Number.isFinite(value)) body = Number.isNaN(value) ? 'nan' : 'inf';
  else if (type === 'f' || type === 'F') body = toFixedEven(a, precision ?? 6);
  else if (type === 'e' || type === 'E') body = pythonExponent(toExponentialEven(a, precision ?? 6));
  else if (type === 'g' || type === 'G') body = formatG(a, precision ?? 6);
  else if (type === '%') body = `${toFixedEven(a * 100, precision ?? 6)}%`;
  else if (isInt && type === undefined || type === 'd') body = String(a);
  else body = precision === undefined ? pythonFloat(a) : formatG(a, precision);
  if (type === 'E' || type === 'F' || type === 'G') body = body.toUpperCase();
  if (grouping) {
    const [int, rest] = [body.match(/^\d+/)?.[0] ?? '', body.replace(/^\d+/, '')];
    body = int.replace(/\B(?=(\d{3})+$)/g, grouping) + rest;
  }
  const negative = value < 0 || Object.is(value, -0);
  const signText = negative ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '';
  if (zero && !alignChar) return pad(body, signText, width, '0', '=');
  return pad(body, signText, width, fillChar ?? ' ', alignChar ?? '>');
}

/** JavaScript's exponential notation ('1.5e-7', '2e+16') as Python writes it, with two exponent digits at least ('1.5e-07'). */
function pythonExponent(s: string): string {
  return s.replace(/e([-+])(\d)$/, (_, sign: string, digit: string) => `e${sign}0${digit}`);
}

function pad(body: string, signText: string, width: number, fill: string, align: string): string {
  const n = width - body.length - signText.length;
  if (n <= 0) return signText + body;
  const fillText = (k: number) => fill.repeat(k);
  if (align === '=') return signText + fillText(n) + body;
  if (align === '<') return signText + body + fillText(n);
  if (align === '^') return fillText(Math.floor(n / 2)) + signText + body + fillText(n - Math.floor(n / 2));
  return fillText(n) + signText + body;
}

/** Pads like Python's format alignment: '<' left, '>' right. */
export function align(s: string, width: number, how: '<' | '>'): string {
  return how === '<' ? s.padEnd(width) : s.padStart(width);
}

/** format(rate, '6.2%'). */
export function formatPercent(rate: number, width = 6, decimals = 2): string {
  return `${toFixedEven(rate * 100, decimals)}%`.padStart(width);
}

/** str(datetime.timedelta(seconds=s)): 'H:MM:SS[.ffffff]', with days when longer. */
export function formatTimedelta(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'inf';
  let us = timedeltaMicroseconds(seconds);
  const negative = us < 0;
  const dayUs = 86400e6;
  let days = Math.floor(us / dayUs);
  us -= days * dayUs;
  const secs = Math.floor(us / 1e6);
  const micro = us - secs * 1e6;
  const h = Math.floor(secs / 3600), m = Math.floor((secs % 3600) / 60), sec = secs % 60;
  let out = `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
  if (micro) out += `.${String(micro).padStart(6, '0')}`;
  if (days || negative) {
    if (!days && negative) days = -1;
    out = `${days} day${Math.abs(days) !== 1 ? 's' : ''}, ${out}`;
  }
  return out;
}

/**
 * The whole microseconds of timedelta(seconds=s), as CPython computes them: the whole
 * seconds exactly, the fraction times 1e6 in a double, and what is left of that rounded
 * half to even on the total (9.9999995 s is 9999999 us: 0.9999995 s is 999999.49... us).
 */
function timedeltaMicroseconds(s: number): number {
  const whole = Math.trunc(s);
  const scaled = (s - whole) * 1e6;
  const us = whole * 1e6 + Math.trunc(scaled);
  const leftover = scaled - Math.trunc(scaled);
  let r = Math.sign(leftover) * Math.round(Math.abs(leftover));
  if (Math.abs(r - leftover) === 0.5) {
    const odd = Math.abs(us % 2);
    r = 2 * Math.sign(leftover + odd) * Math.round(Math.abs((leftover + odd) * 0.5)) - odd;
  }
  return us + r;
}

/** repr(float) as Python prints it in JSON: '1.0', '0.1', '1e-05', '1.5e+16', 'NaN'. */
export function pythonFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const shortest = String(x);
  const a = Math.abs(x);
  // scientific notation with the shortest round-trip digits
  if (a >= 1e16 || a < 1e-4) return pythonExponent(x.toExponential());
  if (/e/.test(shortest)) return shortest;
  return shortest.includes('.') ? shortest : `${shortest}.0`;
}

/**
 * JSON text as Python's json.dump writes it (indent in spaces, or one line with ', ' and
 * ': ' separators when indent is null). Numbers that are not in `intKeys` are floats.
 */
export function pythonJson(value: unknown, indent: number | null, intKeys: ReadonlySet<string> = new Set(), key = '', depth = 0): string {
  const nl = indent === null ? '' : '\n';
  // Python's json.dumps pads ' ' * indent per level: a negative indent pads nothing, as 0.
  const pad = (d: number) => (indent === null ? '' : ' '.repeat(Math.max(0, indent) * d));
  const sep = indent === null ? ', ' : ',';
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    return intKeys.has(key) && Number.isInteger(value) ? String(value) : pythonFloat(value);
  }
  if (typeof value === 'string') return jsonString(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => pad(depth + 1) + pythonJson(v, indent, intKeys, '', depth + 1));
    return `[${nl}${items.join(sep + nl)}${nl}${pad(depth)}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  const items = entries.map(([k, v]) => `${pad(depth + 1)}${jsonString(k)}: ${pythonJson(v, indent, intKeys, k, depth + 1)}`);
  return `{${nl}${items.join(sep + nl)}${nl}${pad(depth)}}`;
}

/** A string as Python's json writes it (ensure_ascii): DEL and every non-ASCII UTF-16 unit as \uXXXX, keys too. */
function jsonString(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Parses JSON that may hold Python's NaN, Infinity and -Infinity. */
export function parsePythonJson(text: string): unknown {
  const marker = '__kusari_nonfinite__';
  // Replace the bare tokens outside strings with marked strings, then revive them.
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') { out += text[++i] ?? ''; continue; }
      if (c === '"') inString = false;
      continue;
    }
    if (c === '"') { inString = true; out += c; continue; }
    const rest = text.slice(i, i + 9);
    if (rest.startsWith('NaN')) { out += `"${marker}NaN"`; i += 2; continue; }
    if (rest.startsWith('-Infinity')) { out += `"${marker}-Infinity"`; i += 8; continue; }
    if (rest.startsWith('Infinity')) { out += `"${marker}Infinity"`; i += 7; continue; }
    out += c;
  }
  return JSON.parse(out, (_k, v) => (typeof v === 'string' && v.startsWith(marker) ? Number(v.slice(marker.length)) : v));
}

// Decimal digits of a number rounded as numpy's and Python's formatting round them: an exact
// tie (the digits cut off are exactly 5, 0, 0, ...) goes to the even digit, where
// JavaScript's toFixed, toPrecision and toExponential round it up (437292.125 to 8 digits:
// numpy 437292.12, JavaScript 437292.13).

/**
 * Whether `digits` (the exact decimal digits of a double, ties being short) stop exactly
 * half way after the first `kept`: a tie.
 */
function isTie(digits: string, kept: number): boolean {
  return digits[kept] === '5' && /^0*$/.test(digits.slice(kept + 1));
}

/** x.toExponential(f) with ties rounded to even. */
export function toExponentialEven(x: number, f: number): string {
  const up = x.toExponential(f);
  // a tie shows a 5 one digit further (the cheap test); its exact value has few digits: 100
  // of them show whether the rest is exactly 50...0
  if (f >= 100 || !/5e/.test(x.toExponential(f + 1))) return up;
  const [m, e] = Math.abs(x).toExponential(100).split('e');
  const digits = m.replace('.', '');
  if (!isTie(digits, f + 1) || Number(digits[f]) % 2 === 1) return up;
  return `${x < 0 ? '-' : ''}${digits[0]}${f > 0 ? `.${digits.slice(1, f + 1)}` : ''}e${e}`;
}

/** x.toFixed(f) with ties rounded to even. */
export function toFixedEven(x: number, f: number): string {
  const up = x.toFixed(f);
  if (Math.abs(x) >= 1e21 || f >= 100 || !x.toFixed(f + 1).endsWith('5')) return up;
  const [int, frac] = Math.abs(x).toFixed(100).split('.');
  const digits = int + frac;
  const kept = int.length + f;
  if (!isTie(digits, kept) || Number(digits[kept - 1]) % 2 === 1) return up;
  return `${x < 0 ? '-' : ''}${int}${f > 0 ? `.${frac.slice(0, f)}` : ''}`;
}

/**
 * x.toPrecision(p) with ties rounded to even (p <= 15: the p digits read back as a double
 * and written again to p digits are the same digits).
 */
export function toPrecisionEven(x: number, p: number): string {
  return Number(toExponentialEven(x, p - 1)).toPrecision(p);
}

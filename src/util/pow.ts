// x ** y for floats as Python computes it: C's pow (Python's float ** and math.pow call it;
// glibc's is within about half an ulp), here rounded correctly, which agrees with glibc
// but in rare cases within a hair of a halfway point. V8's Math.pow is often an ulp off:
// 0.9 ** 4 gives 0.6561000000000001 where Python gives 0.6561, one case in about twelve
// for the integral powers of a learning-rate schedule, and those values reach logs
// through observe_lr. Positive finite bases are computed exactly for small integral y,
// else as exp(y ln x) in 200-bit fixed point (BigInt); everything else is Math.pow's.

const P = 200n;
const ONE = 1n << P;

/** atanh(z) for |z| < 1/2 in fixed point: the sum of z^(2k+1) / (2k+1). */
function atanh(z: bigint): bigint {
  const z2 = (z * z) >> P;
  let term = z, sum = 0n;
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += term / k;
    // Division truncates toward zero, so that a negative term reaches 0 too (>> floors).
    term = term * z2 / ONE;
  }
  return sum;
}

const LN2 = 2n * atanh(ONE / 3n);

/** A positive finite double as mantissa * 2^exponent, the mantissa an integer below 2^53. */
function decompose(x: number): [bigint, number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn), fraction = bits & ((1n << 52n) - 1n);
  return biased === 0 ? [fraction, -1074] : [fraction | (1n << 52n), biased - 1075];
}

/** ln x in fixed point: x = m 2^e with m near 1, ln m = 2 atanh((m - 1) / (m + 1)). */
function ln(x: number): bigint {
  const [mantissa, exponent] = decompose(x);
  const length = mantissa.toString(2).length;
  // m in [1/sqrt 2, sqrt 2) as a fixed-point number, e the power of two taken out.
  let m = mantissa << (P - BigInt(length - 1)), e = exponent + length - 1;
  if (m * m > 2n * ONE * ONE) { m >>= 1n; e += 1; }
  return 2n * atanh(((m - ONE) << P) / (m + ONE)) + BigInt(e) * LN2;
}

/**
 * A positive integer numerator / denominator times 2^shift, rounded to the nearest double
 * (ties to even); null where that is not a normal double (left to Math.pow).
 */
function roundToDouble(numerator: bigint, denominator: bigint, shift: number): number | null {
  // 55 or more significant bits in the quotient, the rest kept as a sticky remainder.
  const extra = Math.max(0, 56 - (numerator.toString(2).length - denominator.toString(2).length));
  const scaled = numerator << BigInt(extra);
  let q = scaled / denominator;
  const sticky = scaled % denominator !== 0n;
  const drop = q.toString(2).length - 53;
  let exponent = shift - extra;
  if (drop > 0) {
    const rest = q & ((1n << BigInt(drop)) - 1n), half = 1n << BigInt(drop - 1);
    q >>= BigInt(drop);
    exponent += drop;
    if (rest > half || (rest === half && (sticky || (q & 1n) === 1n))) q += 1n;
  }
  if (exponent + 52 < -1022 || exponent + 52 > 1023) return null;
  // Two steps, so that 2^exponent itself neither overflows nor underflows.
  const h = Math.trunc(exponent / 2);
  return Number(q) * 2 ** h * 2 ** (exponent - h);
}

/** floor(a / b) for b > 0 (BigInt division truncates). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a < 0n && q * b !== a ? q - 1n : q;
}

/** Python's x ** y for floats (C's pow), correctly rounded. */
export function pythonPow(x: number, y: number): number {
  if (!(x > 0) || !Number.isFinite(x) || !Number.isFinite(y) || y === 0 || x === 1) return Math.pow(x, y);
  if (Number.isInteger(y) && Math.abs(y) <= 64) {
    // Exact: (mantissa 2^exponent)^y as a fraction of integers.
    const [mantissa, exponent] = decompose(x);
    const power = mantissa ** BigInt(Math.abs(y));
    return (y > 0 ? roundToDouble(power, 1n, exponent * y) : roundToDouble(1n, power, exponent * y)) ?? Math.pow(x, y);
  }
  const [ym, ye] = decompose(Math.abs(y));
  let t = ln(x) * ym;
  t = ye >= 0 ? t << BigInt(ye) : t >> BigInt(-ye);
  if (y < 0) t = -t;
  // exp(t) = 2^k exp(r), |r| <= ln 2 / 2, by its Taylor series.
  const k = floorDiv(t + LN2 / 2n, LN2);
  if (k > 2000n || k < -2000n) return Math.pow(x, y);
  const r = t - k * LN2;
  let term = ONE, sum = 0n;
  for (let n = 1n; term !== 0n; n += 1n) {
    sum += term;
    term = term * r / ONE / n;
  }
  return roundToDouble(sum, 1n, Number(k) - Number(P)) ?? Math.pow(x, y);
}

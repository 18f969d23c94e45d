// numpy's statistics of a float32 array, with its float32 arithmetic where it has it:
// ParameterStatistics reports numpy.mean, std, min, max, count_nonzero(x == 0) and
// percentile of the flattened parameters, and a Chainer user compares those numbers.

const f = Math.fround;

/** numpy's pairwise summation of float32 values (pairwise_sum in loops_utils): blocks of 128 with 8 partial sums. */
export function pairwiseSum32(a: Float32Array, start = 0, n = a.length): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res = f(res + a[start + i]);
    return res;
  }
  if (n <= 128) {
    const r = new Float64Array(8);
    for (let j = 0; j < 8; j++) r[j] = a[start + j];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] = f(r[j] + a[start + i + j]);
    let res = f(f(f(r[0] + r[1]) + f(r[2] + r[3])) + f(f(r[4] + r[5]) + f(r[6] + r[7])));
    for (; i < n; i++) res = f(res + a[start + i]);
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return f(pairwiseSum32(a, start, n2) + pairwiseSum32(a, start + n2, n - n2));
}

/** numpy.mean of a float32 array: the float32 pairwise sum divided by the count, in float32. */
export function mean32(a: Float32Array): number {
  return f(pairwiseSum32(a) / a.length);
}

/** numpy.std (ddof 0) of a float32 array: float32 deviations, squares, sum, division and root. */
export function std32(a: Float32Array): number {
  const m = mean32(a);
  const sq = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const d = f(a[i] - m);
    sq[i] = d * d;
  }
  return f(Math.sqrt(f(pairwiseSum32(sq) / a.length)));
}

/** numpy.min / numpy.max: NaN if any element is NaN. */
export function extremum(a: Float32Array, max: boolean): number {
  let r = a[0];
  for (let i = 1; i < a.length; i++) {
    const v = a[i];
    if (Number.isNaN(v)) return NaN;
    if (max ? v > r : v < r) r = v;
  }
  return r;
}

/** numpy.count_nonzero(x == 0). */
export function countZeros(a: Float32Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === 0) n++;
  return n;
}

/**
 * numpy.percentile(x, qs) with linear interpolation, in float64 as numpy computes it: the
 * value at (q / 100) (n - 1) of the sorted values; NaN if any element is NaN.
 */
export function percentiles(a: Float32Array, qs: readonly number[]): number[] {
  if (a.some(Number.isNaN)) return qs.map(() => NaN);
  const sorted = Float32Array.from(a).sort();
  const n = sorted.length;
  return qs.map((q) => {
    const index = (q / 100) * (n - 1);
    const below = Math.floor(index);
    const above = Math.min(below + 1, n - 1);
    const t = index - below;
    // numpy's _lerp: a + (b - a) t, or b - (b - a)(1 - t) from t >= 0.5 on, b - a in float32
    const lo = sorted[below], hi = sorted[above], diff = f(hi - lo);
    return t >= 0.5 ? hi - diff * (1 - t) : lo + diff * t;
  });
}

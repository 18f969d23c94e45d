// Plain float64 reference computations for the function tests, written independently of
// the library: loops over row-major data.

/** Applies fn to every 1-D line of `values` (shape `shape`) along `axis`, returning new data. */
export function alongAxis(values: ArrayLike<number>, shape: readonly number[], axis: number,
                          fn: (line: number[]) => number[]): Float64Array {
  const n = shape[axis];
  let inner = 1;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  const outer = values.length / (n * inner);
  const out = new Float64Array(values.length);
  for (let p = 0; p < outer; p++) {
    for (let j = 0; j < inner; j++) {
      const line: number[] = [];
      for (let k = 0; k < n; k++) line.push(values[(p * n + k) * inner + j]);
      const res = fn(line);
      for (let k = 0; k < n; k++) out[(p * n + k) * inner + j] = res[k];
    }
  }
  return out;
}

/** Reduces every line along `axis` to one number; the result has the axis removed. */
export function reduceAxis(values: ArrayLike<number>, shape: readonly number[], axis: number,
                           fn: (line: number[]) => number): Float64Array {
  const n = shape[axis];
  let inner = 1;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  const outer = n * inner === 0 ? 0 : values.length / (n * inner);
  const out: number[] = [];
  for (let p = 0; p < outer; p++) {
    for (let j = 0; j < inner; j++) {
      const line: number[] = [];
      for (let k = 0; k < n; k++) line.push(values[(p * n + k) * inner + j]);
      out.push(fn(line));
    }
  }
  return Float64Array.from(out);
}

export function softmaxRef(line: number[]): number[] {
  const m = Math.max(...line);
  const e = line.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

export function logsumexpRef(line: number[]): number {
  const m = Math.max(...line);
  return m + Math.log(line.reduce((a, v) => a + Math.exp(v - m), 0));
}

export function logSoftmaxRef(line: number[]): number[] {
  const l = logsumexpRef(line);
  return line.map((v) => v - l);
}

export function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** erf by its Maclaurin series (|x| <= 3) or the asymptotic complement, in float64. */
export function erfRef(x: number): number {
  const ax = Math.abs(x);
  let r: number;
  if (ax <= 3) {
    let term = ax, sum = ax;
    for (let n = 1; n < 80; n++) {
      term *= -ax * ax / n;
      sum += term / (2 * n + 1);
    }
    r = (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    // erfc(x) ~ exp(-x^2) / (x sqrt(pi)) (1 - 1/(2x^2) + 3/(4x^4) - ...)
    const t = 1 / (2 * ax * ax);
    r = 1 - (Math.exp(-ax * ax) / (ax * Math.sqrt(Math.PI))) * (1 - t + 3 * t * t - 15 * t * t * t);
  }
  return x < 0 ? -r : r;
}

/** Values in [lo, hi) kept at least `gap` away from each point in `kinks`. */
export function awayFrom(values: Float32Array, kinks: number[], gap = 0.05): Float32Array {
  return values.map((v) => {
    for (const k of kinks) if (Math.abs(v - k) < gap) return v < k ? k - gap - 0.01 : k + gap + 0.01;
    return v;
  });
}

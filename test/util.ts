// Shared test helpers: per-backend suites and numeric comparisons.
import { suite, type Test } from 'uvu';
import * as assert from 'uvu/assert';
import { backend, NDArray, Variable, random, type NestedArray } from '../src/index';

export type BackendName = ReturnType<typeof backend.available>[number];

/**
 * The backends the suites run on: those this runtime can run (wasm everywhere, webgl where a
 * context exists), or those a page's `?backends=` names (the runner's one-thread page repeats
 * only the wasm suites, the only ones a thread count changes).
 */
export function backends(): BackendName[] {
  const asked = new URLSearchParams((globalThis as { location?: { search: string } }).location?.search ?? '').get('backends');
  const here = backend.available();
  return asked === null ? here : here.filter((b) => asked.split(',').includes(b));
}

/**
 * Declares one uvu suite per backend; `body` registers tests on it. New arrays go to
 * the suite's backend while its tests run.
 */
export function describeBackends(name: string, body: (test: Test, backendName: BackendName) => void): void {
  for (const b of backends()) {
    const s = suite(`${name} [${b}]`);
    let previous: BackendName = 'wasm';
    s.before(() => { previous = backend.current(); backend.use(b); });
    s.after(() => { backend.use(previous); });
    body(s, b);
    s.run();
  }
}

type Numeric = NDArray | Variable | NestedArray | ArrayLike<number>;

function flat(x: Numeric): { values: number[]; shape: number[] | null } {
  if (x instanceof Variable) x = x.array;
  if (x instanceof NDArray) return { values: Array.from(x.dataSync()), shape: [...x.shape] };
  if (typeof x === 'number') return { values: [x], shape: null };
  if (ArrayBuffer.isView(x)) return { values: Array.from(x as ArrayLike<number>), shape: null };
  const out: number[] = [];
  const walk = (v: unknown) => { if (Array.isArray(v)) v.forEach(walk); else out.push(Number(v)); };
  walk(x);
  return { values: out, shape: null };
}

function nestedShape(x: unknown): number[] {
  const s: number[] = [];
  while (Array.isArray(x)) { s.push(x.length); x = x[0]; }
  return s;
}

export interface CloseOptions {
  atol?: number;
  rtol?: number;
  /** Also check the shape of an NDArray/Variable against a nested expected array. */
  checkShape?: boolean;
}

/** Asserts elementwise |a - e| <= atol + rtol |e| (NaN matches NaN), and equal sizes. */
export function assertClose(actual: Numeric, expected: Numeric, options: CloseOptions = {}): void {
  const { atol = 1e-5, rtol = 1e-5 } = options;
  const a = flat(actual), e = flat(expected);
  // A flat expected list compares the flattened values; a nested one also checks the shape.
  const nested = Array.isArray(expected) && Array.isArray(expected[0]);
  if ((options.checkShape ?? true) && a.shape && Array.isArray(expected) && (nested || a.shape.length === 1)) {
    assert.equal(a.shape, nestedShape(expected), `shape ${JSON.stringify(a.shape)} != expected ${JSON.stringify(nestedShape(expected))}`);
  }
  assert.is(a.values.length, e.values.length, `size ${a.values.length} != expected ${e.values.length}`);
  for (let i = 0; i < a.values.length; i++) {
    const x = a.values[i], y = e.values[i];
    if (Number.isNaN(y) && Number.isNaN(x)) continue;
    if (x === y) continue;
    const ok = Math.abs(x - y) <= atol + rtol * Math.abs(y);
    if (!ok) assert.unreachable(`element ${i}: got ${x}, expected ${y} (atol ${atol}, rtol ${rtol})\n  actual:   ${a.values.slice(0, 20).join(', ')}\n  expected: ${e.values.slice(0, 20).join(', ')}`);
  }
}

/** Asserts two float arrays hold the same bits, naming the first element that differs. */
export function assertSameBits(actual: Float32Array | Int32Array, expected: Float32Array | Int32Array, what: string): void {
  assert.is(actual.length, expected.length, `${what}: length`);
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== e[i]) assert.unreachable(`${what}: element ${i} is ${actual[i]}, expected ${expected[i]} to the bit`);
  }
}

/** Asserts that fn throws an error whose message matches every pattern. */
export function assertThrows(fn: () => unknown, ...patterns: (RegExp | string)[]): void {
  let err: unknown = null;
  try { fn(); } catch (e) { err = e; }
  if (err === null) assert.unreachable(`expected an error matching ${patterns.join(' and ')}`);
  const msg = String((err as Error).message ?? err);
  for (const p of patterns) {
    const ok = typeof p === 'string' ? msg.includes(p) : p.test(msg);
    if (!ok) assert.unreachable(`error message "${msg}" does not match ${String(p)}`);
  }
}

/** Deterministic pseudo-random values in [lo, hi) for test inputs. */
export function randomValues(n: number, seed = 1, lo = -1, hi = 1): Float32Array {
  // Scramble the seed first so that neighbouring seeds give unrelated sequences.
  let s = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  s = (Math.imul(s ^ (s >>> 13), 0xc2b2ae35) ^ (s >>> 16)) >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    out[i] = lo + (hi - lo) * (s / 4294967296);
  }
  return out;
}

export { assert };

/** Three Gaussian blobs in the plane (centres (-2, 0), (2, 0), (0, 2.5), s.d. 0.6), labels 0, 1, 2 in turn. */
export function gaussianBlobs(n: number, seed: number): { x: Float32Array; t: Int32Array } {
  const g = new random.Generator(seed);
  const centers = [[-2, 0], [2, 0], [0, 2.5]];
  const x = new Float32Array(n * 2), t = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    t[i] = c;
    x[2 * i] = centers[c][0] + 0.6 * g.normal();
    x[2 * i + 1] = centers[c][1] + 0.6 * g.normal();
  }
  return { x, t };
}

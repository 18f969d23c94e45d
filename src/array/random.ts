// One seeded generator for everything random: initializers, shuffling, dropout masks.
// It is numpy's legacy RandomState (MT19937 and numpy's ways of drawing from it), so that
// random.seed(n) and the same calls give the numbers numpy.random.seed(n) gives Chainer:
// a model's initial weights, the iterator's order, dropout's masks.
import { finiteNumber, integer, nonNegativeInteger } from './arguments';
import { backendFor, type CreationOptions } from './creation';
import { type DType, type TypedArray, checkDType, dtypeOfTyped, typedArrayFor } from './dtype';
import { MT19937 } from './mt19937';
import { NDArray } from './ndarray';
import { checkShape, sizeOf } from './shape';
import type { Serializer } from '../serializers/serializer';

/** Words of a state: the 624 of MT19937, its position, whether a normal is cached, its 64 bits. */
const STATE_WORDS = 628;
// fillNormal of at least this many normals draws its uniforms in blocks, of at most this many pairs
const BLOCK_NORMALS_FROM = 256;
const NORMAL_BLOCK_PAIRS = 32 * 1024;
// random.uniform draws its float64 samples this many at a time
const SAMPLE_BLOCK = 64 * 1024;

/**
 * A seeded source of random numbers: numpy's RandomState. The library's functions
 * draw from `defaultGenerator` (seeded by `random.seed`) unless given their own through
 * an option (`rng` of SerialIterator and F.dropout, `generator` of initializers and
 * random.normal/uniform/randint), so that independent runs in one process do not disturb
 * each other's numbers.
 */
export class Generator {
  private readonly mt = new MT19937();
  /** The second normal of the last polar draw, which the next normal returns (numpy's gauss cache). */
  private gauss: number | null = null;
  /** Draws reserved by defer() and not made yet, in the order they were reserved. */
  private deferred: Deferred<unknown>[] = [];
  /** True while deferred draws run (their own calls must not start the ones after them). */
  private settling = false;

  /**
   * `seed` as numpy.random.RandomState takes it: an integer in [0, 2^32 - 1] or an array
   * of them; without one, the clock and Math.random.
   */
  constructor(seed?: number | readonly number[]) {
    if (seed === undefined) this.mt.seedByArray([Date.now() % 4294967296, Math.random() * 4294967296]);
    else this.seed(seed);
  }

  /**
   * Reserves a draw made later: `draw` runs with this generator where it stands now, when
   * the returned function first asks for its result, or before anything else draws from,
   * seeds or reads the state of this generator, whichever comes first (draws reserved
   * earlier run before it). The numbers are those of calling `draw` now, whenever and in
   * whatever order the results are asked for; a result nobody asks for is never computed
   * unless something draws after it. The returned function hands the result out once.
   */
  defer<T>(draw: () => T): () => T {
    const d: Deferred<T> = { draw, result: undefined, error: undefined, done: false };
    this.deferred.push(d as Deferred<unknown>);
    return () => {
      if (!d.done) this.settle(d as Deferred<unknown>);
      if (d.error !== undefined) throw d.error;
      const r = d.result as T;
      d.result = undefined;
      return r;
    };
  }

  /** Makes the deferred draws, in order, up to `until` (all of them by default). */
  private settle(until?: Deferred<unknown>): void {
    if (this.settling || this.deferred.length === 0) return;
    this.settling = true;
    try {
      while (this.deferred.length !== 0) {
        const d = this.deferred.shift()!;
        try {
          d.result = d.draw();
        } catch (e) {
          d.error = e ?? new Error('Generator: a deferred draw failed');
        }
        d.done = true;
        if (d === until) break;
      }
    } finally {
      this.settling = false;
    }
  }

  /** Seeds as numpy.random.seed: an integer in [0, 2^32 - 1] (init_genrand) or an array of them (init_by_array). */
  seed(seed: number | readonly number[]): void {
    const words = typeof seed === 'number' ? [seed] : seed;
    if (!Array.isArray(words) || words.length === 0 || !words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff)) {
      throw new RangeError(`random.seed: seed must be an integer between 0 and 2**32 - 1 or a non-empty array of them, as numpy's, got ${Array.isArray(seed) ? `[${seed}]` : seed}`);
    }
    this.settle();
    if (typeof seed === 'number') this.mt.seed(seed);
    else this.mt.seedByArray(words);
    this.gauss = null;
  }

  /** 32 random bits. */
  nextUint32(): number {
    this.settle();
    return this.mt.next();
  }

  /** Uniform in [0, 1) with 53 random bits (numpy's random_sample). */
  random(): number {
    this.settle();
    return this.mt.nextDouble();
  }

  /** out[i] = random() for each i in [from, to): the numbers of as many calls, in one loop. */
  fillRandom(out: Float64Array, from = 0, to = out.length): void {
    this.settle();
    this.mt.fillDoubles(out, from, to);
  }

  /** Standard normal by numpy's polar method, which makes two and keeps one for the next call. */
  normal(): number {
    this.settle();
    return this.gaussian();
  }

  private gaussian(): number {
    if (this.gauss !== null) {
      const g = this.gauss;
      this.gauss = null;
      return g;
    }
    const mt = this.mt;
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2 * mt.nextDouble() - 1;
      x2 = 2 * mt.nextDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt(-2 * Math.log(r2) / r2);
    this.gauss = f * x1;
    return f * x2;
  }

  /**
   * Fills `out` with `scale` times standard normals, in turn: numpy's normal(0, scale, size)
   * (loc + scale * gauss, in double precision, then rounded to out's type).
   */
  fillNormal(out: Float64Array | Float32Array, scale = 1): void {
    this.settle();
    if (out.length < BLOCK_NORMALS_FROM) {
      for (let i = 0; i < out.length; i++) out[i] = scale * this.gaussian();
      return;
    }
    let i = 0;
    if (this.gauss !== null) { out[i++] = scale * this.gauss; this.gauss = null; }
    // The polar method's uniform pairs come a block of draws at a time, never more pairs than
    // the normals still to make need (each pair makes at most two): every draw is used, in
    // order, and the state after is numpy's.
    const u = new Float64Array(2 * Math.min(NORMAL_BLOCK_PAIRS, Math.ceil((out.length - i) / 2)));
    while (i < out.length) {
      const n = 2 * Math.min(NORMAL_BLOCK_PAIRS, Math.ceil((out.length - i) / 2));
      this.mt.fillDoubles(u, 0, n);
      for (let used = 0; used < n; used += 2) {
        const x1 = 2 * u[used] - 1, x2 = 2 * u[used + 1] - 1;
        const r2 = x1 * x1 + x2 * x2;
        if (r2 >= 1 || r2 === 0) continue;
        const f = Math.sqrt(-2 * Math.log(r2) / r2);
        out[i++] = scale * (f * x2);
        if (i < out.length) out[i++] = scale * (f * x1);
        else this.gauss = f * x1;
      }
    }
  }

  /** Uniform integer in [0, n): numpy's randint(n), masked rejection sampling (no draw for n = 1). */
  randint(n: number): number {
    this.settle();
    return this.mt.interval(n - 1);
  }

  /** A random permutation of 0..n-1: numpy's permutation(n), a shuffle from the end of arange(n). */
  permutation(n: number): Int32Array {
    checkShape('random.permutation', [nonNegativeInteger('random.permutation', 'n', n)]);
    this.settle();
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.mt.interval(i);
      const t = p[i]; p[i] = p[j]; p[j] = t;
    }
    return p;
  }

  /**
   * Snapshot of the state, as 628 words: MT19937's 624 and its position (numpy's get_state()
   * key and pos), whether a normal is cached and that normal's 64 bits.
   */
  getState(): Uint32Array {
    this.settle();
    const state = new Uint32Array(STATE_WORDS);
    state.set(this.mt.key);
    state[624] = this.mt.pos;
    state[625] = this.gauss === null ? 0 : 1;
    new Float64Array(state.buffer, 626 * 4, 1)[0] = this.gauss ?? 0;
    return state;
  }

  /** Restores a state from getState: the numbers drawn next are the ones drawn after it. */
  setState(state: ArrayLike<number>): void {
    const s = Uint32Array.from(state, (w) => w >>> 0);
    if (s.length !== STATE_WORDS || !Array.from(state).every((w) => Number.isInteger(w) && w >= -(2 ** 31) && w < 2 ** 32) || s[624] > 624 || s[625] > 1) {
      throw new RangeError(`Generator.setState: state must be the ${STATE_WORDS} words getState() gives, got ${s.length} words`);
    }
    this.settle();
    this.mt.key.set(s.subarray(0, 624));
    this.mt.pos = s[624];
    this.gauss = s[625] ? new Float64Array(s.buffer, 626 * 4, 1)[0] : null;
  }

  /**
   * Saves or loads the state under `key`, as getState's words (signed 32-bit integers), so
   * that a resumed run draws the same numbers as an uninterrupted one.
   * Loading a file without the key (a Chainer snapshot) leaves the state as it is.
   */
  serialize(s: Serializer, key = 'random_state'): void {
    if (s.isLoading && !s.has(key)) return;
    this.settle();
    const stored = s.value(key, new Int32Array(this.getState().buffer));
    if (s.isLoading) this.setState(stored);
  }
}

/** A draw reserved by Generator.defer: its function, then its result once made. */
interface Deferred<T> {
  draw: () => T;
  result: T | undefined;
  /** What the draw threw, thrown to whoever asks for the result. */
  error: unknown;
  done: boolean;
}

/** The generator behind random.seed and every random draw in the library. */
export const defaultGenerator = new Generator();

/** Seeds the library's generator as numpy.random.seed(n) seeds numpy's. */
export function seed(n: number | readonly number[]): void {
  defaultGenerator.seed(n);
}

export interface RandomOptions extends CreationOptions {
  generator?: Generator;
}

/** The checked shape, the generator and the output buffer of a draw whose samples have dtype. */
function draw(op: string, shape: readonly number[], options: RandomOptions, dtype: DType) {
  const s = checkShape(op, shape);
  if (options.dtype !== undefined && checkDType(op, options.dtype, 'options.dtype') !== dtype) {
    throw new TypeError(`${op}: options.dtype must be '${dtype}' (the samples are ${dtype === 'int32' ? 'integers' : 'real numbers'}), got '${options.dtype}'`);
  }
  return { shape: s, g: options.generator ?? defaultGenerator, out: typedArrayFor(dtype, sizeOf(s)) };
}

function finish(out: TypedArray, shape: number[], options: RandomOptions): NDArray {
  const b = backendFor(options);
  return new NDArray(b.upload(out), shape, dtypeOfTyped(out), b);
}

/** Samples of N(loc, scale^2). */
export function normal(shape: readonly number[], loc = 0, scale = 1, options: RandomOptions = {}): NDArray {
  finiteNumber('random.normal', 'loc', loc);
  if (finiteNumber('random.normal', 'scale', scale) < 0) throw new RangeError(`random.normal: scale must be >= 0, got ${scale}`);
  const { shape: s, g, out } = draw('random.normal', shape, options, 'float32');
  const samples = new Float64Array(out.length);
  g.fillNormal(samples, scale);
  for (let i = 0; i < out.length; i++) out[i] = loc + samples[i];
  return finish(out, s, options);
}

/** Samples of U[low, high). */
export function uniform(shape: readonly number[], low = 0, high = 1, options: RandomOptions = {}): NDArray {
  finiteNumber('random.uniform', 'low', low);
  finiteNumber('random.uniform', 'high', high);
  const { shape: s, g, out } = draw('random.uniform', shape, options, 'float32');
  // the float64 samples a block at a time, each scaled as numpy scales it before rounding
  const samples = new Float64Array(Math.min(out.length, SAMPLE_BLOCK));
  for (let i0 = 0; i0 < out.length; i0 += samples.length) {
    const n = Math.min(samples.length, out.length - i0);
    g.fillRandom(samples, 0, n);
    for (let i = 0; i < n; i++) out[i0 + i] = low + (high - low) * samples[i];
  }
  return finish(out, s, options);
}

/** Integers uniform in [low, high). */
export function randint(low: number, high: number, shape: readonly number[], options: RandomOptions = {}): NDArray {
  integer('random.randint', 'low', low);
  integer('random.randint', 'high', high);
  if (!(high > low)) throw new RangeError(`random.randint: high (${high}) must be greater than low (${low})`);
  if (low < -(2 ** 31) || high - 1 > 2 ** 31 - 1) throw new RangeError(`random.randint: [low, high) = [${low}, ${high}) must lie within the int32 range of the samples`);
  const { shape: s, g, out } = draw('random.randint', shape, options, 'int32');
  for (let i = 0; i < out.length; i++) out[i] = low + g.randint(high - low);
  return finish(out, s, options);
}

/** A random permutation of 0..n-1. */
export function permutation(n: number): Int32Array {
  return defaultGenerator.permutation(n);
}

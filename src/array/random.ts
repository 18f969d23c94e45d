// One seeded generator for everything random: initializers, shuffling, dropout masks.
// xoshiro128** for uniform bits; normals by Box-Muller in double precision.
import { finiteNumber, integer, nonNegativeInteger } from './arguments';
import { backendFor, type CreationOptions } from './creation';
import { type DType, type TypedArray, checkDType, dtypeOfTyped, typedArrayFor } from './dtype';
import { NDArray } from './ndarray';
import { checkShape, sizeOf } from './shape';
import type { Serializer } from '../serializers/serializer';

/**
 * A seeded source of random numbers, like numpy's RandomState. The library's functions
 * draw from `defaultGenerator` (seeded by `random.seed`) unless given their own through
 * an option (`rng` of SerialIterator and F.dropout, `generator` of initializers and
 * random.normal/uniform/randint), so that independent runs in one process do not disturb
 * each other's numbers.
 */
export class Generator {
  private s = new Uint32Array(4);
  /** Draws reserved by defer() and not made yet, in the order they were reserved. */
  private deferred: Deferred<unknown>[] = [];
  /** True while deferred draws run (their own calls must not start the ones after them). */
  private settling = false;

  constructor(seed = Date.now()) {
    this.seed(seed);
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
    if (this.settling) return;
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

  seed(seed: number): void {
    if (this.deferred.length !== 0) this.settle();
    // splitmix32 spreads the seed over the state.
    let x = (seed >>> 0) ^ Math.floor(seed / 4294967296);
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
  }

  /** 32 random bits. */
  nextUint32(): number {
    if (this.deferred.length !== 0) this.settle();
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.nextUint32() >>> 5, lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Standard normal. */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.random());
  }

  /**
   * Fills `out` with `scale` times standard normals: scale * normal() for each element in
   * turn, the same numbers, leaving the generator where those calls would. One loop with the state in locals, so
   * that a model's initial weights take a few milliseconds even in a process that has
   * just started (normal() per element runs unoptimized for most of the first 100,000).
   */
  fillNormal(out: Float64Array | Float32Array, scale = 1): void {
    if (this.deferred.length !== 0) this.settle();
    const s = this.s;
    let s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3];
    for (let i = 0; i < out.length;) {
      // four draws of nextUint32 make random() twice: u, then the angle v
      let u = 0, v = 0;
      for (let k = 0; k < 4; k++) {
        const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
        const t = s1 << 9;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21); // the state as int32 bits: the same words
        if (k === 0) u = (r >>> 5) * 67108864;
        else if (k === 1) { u = (u + (r >>> 6)) / 9007199254740992; if (u === 0) k = -1; } // normal() draws u again
        else if (k === 2) v = (r >>> 5) * 67108864;
        else v = (v + (r >>> 6)) / 9007199254740992;
      }
      out[i++] = scale * (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    }
    s[0] = s0; s[1] = s1; s[2] = s2; s[3] = s3;
  }

  /** Uniform integer in [0, n). */
  randint(n: number): number {
    return Math.floor(this.random() * n);
  }

  /** A random permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): Int32Array {
    checkShape('random.permutation', [nonNegativeInteger('random.permutation', 'n', n)]);
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.randint(i + 1);
      const t = p[i]; p[i] = p[j]; p[j] = t;
    }
    return p;
  }

  /** Snapshot of the state, for reproducible resumption. */
  getState(): Uint32Array {
    if (this.deferred.length !== 0) this.settle();
    return this.s.slice();
  }

  /** Restores a state from getState: the numbers drawn next are the ones drawn after it. */
  setState(state: ArrayLike<number>): void {
    const words = Array.from(state);
    if (words.length !== 4 || !words.every((w) => Number.isInteger(w) && w >= -(2 ** 31) && w < 2 ** 32)) {
      throw new RangeError(`Generator.setState: state must hold 4 32-bit words, got [${words.join(', ')}]`);
    }
    if (words.every((w) => w === 0)) throw new RangeError('Generator.setState: an all-zero state is not a state of xoshiro128**');
    if (this.deferred.length !== 0) this.settle();
    this.s.set(words.map((w) => w >>> 0));
  }

  /**
   * Saves or loads the state under `key`, as 4 int64 values (the words as signed 32-bit
   * integers), so that a resumed run draws the same numbers as an uninterrupted one.
   * Loading a file without the key (a Chainer snapshot) leaves the state as it is.
   */
  serialize(s: Serializer, key = 'random_state'): void {
    if (s.isLoading && !s.has(key)) return;
    if (this.deferred.length !== 0) this.settle();
    const stored = s.value(key, new Int32Array(this.s.buffer.slice(0)));
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

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** The generator behind random.seed and every random draw in the library. */
export const defaultGenerator = new Generator();

export function seed(n: number): void {
  if (!Number.isFinite(n)) throw new TypeError(`random.seed: seed must be a finite number, got ${n}`);
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
  for (let i = 0; i < out.length; i++) out[i] = low + (high - low) * g.random();
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

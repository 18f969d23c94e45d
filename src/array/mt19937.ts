// The Mersenne Twister as numpy's legacy RandomState runs it: seeded by init_genrand (an
// integer seed) or init_by_array (an array seed), numbers drawn as numpy's C code draws
// them, so that a seed gives here the numbers it gives to numpy.random.

import { fillDoublesInKernels, twistInKernels } from '../backends/wasm/twister';

const N = 624;
// fewer draws than this stay in JavaScript: copying the state in and out costs about as much
const KERNEL_DRAWS = 1024;

export class MT19937 {
  readonly key = new Uint32Array(N);
  pos = N;

  /** numpy's mt19937_seed (init_genrand): RandomState(seed) for an integer seed. */
  seed(seed: number): void {
    const mt = this.key;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.pos = N;
  }

  /** numpy's mt19937_init_by_array: RandomState(seed) for an array of 32-bit words. */
  seedByArray(words: ArrayLike<number>): void {
    const mt = this.key;
    this.seed(19650218);
    let i = 1;
    // the words mixed in, then a second pass of the whole state (Matsumoto and Nishimura's init_by_array)
    const mixing = Math.max(N, words.length);
    for (let k = 0; k < mixing + N - 1; k++) {
      const first = k < mixing, j = k % words.length;
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = first ? (mt[i] ^ Math.imul(prev, 1664525)) + (words[j] >>> 0) + j : (mt[i] ^ Math.imul(prev, 1566083941)) - i;
      if (++i >= N) { mt[0] = mt[N - 1]; i = 1; }
    }
    mt[0] = 0x80000000;
    this.pos = N;
  }

  /** 32 random bits (mt19937_next32). Small, so that engines inline it into the draw loops. */
  next(): number {
    if (this.pos >= N) this.twist();
    return temper(this.key[this.pos++]);
  }

  /** The next 624 words of the state (mt19937_gen), by the kernels. */
  private twist(): void {
    twistInKernels(this.key);
    this.pos = 0;
  }

  /** Uniform in [0, 1) from 53 bits of two draws (mt19937_next_double). */
  nextDouble(): number {
    const a = this.next() >>> 5, b = this.next() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /**
   * out[i] = nextDouble() for each i in [from, to), the numbers those calls would give: many
   * of them by the kernels' twister, a few one call at a time.
   */
  fillDoubles(out: Float64Array, from = 0, to = out.length): void {
    if (to - from >= KERNEL_DRAWS) this.pos = fillDoublesInKernels(this.key, this.pos, out, from, to);
    else for (let i = from; i < to; i++) out[i] = this.nextDouble();
  }

  /** A uniform integer in [0, max] for max < 2^32, by masked rejection (random_interval). */
  interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1; mask |= mask >>> 2; mask |= mask >>> 4; mask |= mask >>> 8; mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do value = (this.next() & mask) >>> 0; while (value > max);
    return value;
  }
}

/** A state word tempered into the 32 bits it gives out. */
function temper(y: number): number {
  y ^= y >>> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  y ^= y >>> 18;
  return y >>> 0;
}

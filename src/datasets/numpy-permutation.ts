// numpy.random.RandomState(seed).permutation(n), bit for bit: Chainer's seeded splits
// (split_dataset_random, get_cross_validation_datasets_random) draw their order so, and
// a seed must pick the same examples here as there. MT19937 seeded by init_genrand,
// then numpy's legacy shuffle: from the end, swap i with a draw in [0, i] made by
// masked rejection sampling (random_interval).

const N = 624;
const M = 397;

class MT19937 {
  private readonly mt = new Uint32Array(N);
  private index = N;

  constructor(seed: number) {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  nextUint32(): number {
    const mt = this.mt;
    if (this.index >= N) {
      for (let k = 0; k < N; k++) {
        const y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
        mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.index = 0;
    }
    let y = mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A uniform integer in [0, max] (numpy's random_interval for max < 2^32). */
  interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1; mask |= mask >>> 2; mask |= mask >>> 4; mask |= mask >>> 8; mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do value = (this.nextUint32() & mask) >>> 0; while (value > max);
    return value;
  }
}

/** numpy.random.RandomState(seed).permutation(n) for an integer seed in [0, 2^32 - 1]. */
export function numpyPermutation(op: string, seed: number, n: number): Int32Array {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`${op}: seed must be an integer between 0 and 2**32 - 1 (as numpy.random.RandomState takes it), got ${seed}`);
  }
  const rng = new MT19937(seed);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.interval(i);
    const t = p[i]; p[i] = p[j]; p[j] = t;
  }
  return p;
}

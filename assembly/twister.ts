// numpy's legacy Mersenne Twister (MT19937), drawing uniform doubles as random_sample does:
// the same numbers as src/array/mt19937.ts, for blocks of draws (dropout masks, uniform
// arrays and initializers, the pairs of the normal draws). The state lives with the caller:
// 624 words, then the position of the next word (an i32), copied in and out around a call.

// @ts-ignore: decorator
@inline const N: i32 = 624;
// @ts-ignore: decorator
@inline const M: i32 = 397;

/** y's upper bit and z's lower 31, shifted and mixed with the word M ahead (mt19937_gen). */
// @ts-ignore: decorator
@inline function mix(y: u32, z: u32, ahead: u32): u32 {
  const w = (y & 0x80000000) | (z & 0x7fffffff);
  return ahead ^ (w >>> 1) ^ (-(w & 1) & 0x9908b0df);
}

/** The next 624 words of the state, in the three runs that need no remainder (mt19937_gen). */
export function mt_twist(mt: usize): void {
  let k = 0;
  for (; k < N - M; k++) {
    const p = mt + (<usize>k << 2);
    store<u32>(p, mix(load<u32>(p), load<u32>(p, 4), load<u32>(p + (<usize>M << 2))));
  }
  for (; k < N - 1; k++) {
    const p = mt + (<usize>k << 2);
    store<u32>(p, mix(load<u32>(p), load<u32>(p, 4), load<u32>(p - (<usize>(N - M) << 2))));
  }
  const last = mt + (<usize>(N - 1) << 2);
  store<u32>(last, mix(load<u32>(last), load<u32>(mt), load<u32>(mt + (<usize>(M - 1) << 2))));
}

/** A state word tempered into the 32 bits it gives out. */
// @ts-ignore: decorator
@inline function temper(y: u32): u32 {
  y ^= y >>> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  return y ^ (y >>> 18);
}

/**
 * out[0 .. n) (float64) = the next n uniform doubles in [0, 1) of the state at `state`, each
 * from 53 bits of two words (mt19937_next_double); the state is left advanced past them.
 */
export function mt_fill_doubles(state: usize, out: usize, n: i32): void {
  const posAt = state + (<usize>N << 2);
  let pos = load<i32>(posAt);
  for (let i = 0; i < n; i++) {
    if (pos >= N) { mt_twist(state); pos = 0; }
    const a = temper(load<u32>(state + (<usize>pos << 2))) >>> 5;
    if (++pos >= N) { mt_twist(state); pos = 0; }
    const b = temper(load<u32>(state + (<usize>pos << 2))) >>> 6;
    pos++;
    store<f64>(out + (<usize>i << 3), (<f64>a * 67108864.0 + <f64>b) / 9007199254740992.0);
  }
  store<i32>(posAt, pos);
}

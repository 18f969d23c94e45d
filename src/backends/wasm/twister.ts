// numpy's Mersenne Twister in the kernels (assembly/twister.ts): the twist of the state for
// src/array/mt19937.ts, and blocks of random_sample draws in half the time of drawing them
// one by one. The state is copied into linear memory for the call and back out after it.
import { kernels, memory } from './module';
import { linearMemory } from './arena';

interface TwisterKernels {
  mt_twist(state: number): void;
  mt_fill_doubles(state: number, out: number, n: number): void;
}
const k = kernels as unknown as TwisterKernels;

const WORDS = 624;
// doubles drawn per call: the output window is 512 KiB
const BLOCK = 64 * 1024;

/** The next 624 words of the state `key`, in place. */
export function twistInKernels(key: Uint32Array): void {
  linearMemory.begin('random draws', []);
  const state = linearMemory.alloc(WORDS * 4);
  const words = new Uint32Array(memory.buffer, state, WORDS);
  words.set(key);
  k.mt_twist(state);
  key.set(new Uint32Array(memory.buffer, state, WORDS));
}

/**
 * out[from .. to) = the next uniform doubles of the state `key` at position `pos`, which
 * `key` holds advanced afterwards; returns the new position.
 */
export function fillDoublesInKernels(key: Uint32Array, pos: number, out: Float64Array, from: number, to: number): number {
  linearMemory.begin('random draws', []);
  const state = linearMemory.alloc((WORDS + 1) * 4), block = linearMemory.alloc(Math.min(BLOCK, to - from) * 8);
  const words = new Uint32Array(memory.buffer, state, WORDS + 1);
  words.set(key);
  words[WORDS] = pos;
  for (let i = from; i < to; i += BLOCK) {
    const n = Math.min(BLOCK, to - i);
    k.mt_fill_doubles(state, block, n);
    out.set(new Float64Array(memory.buffer, block, n), i);
  }
  const after = new Uint32Array(memory.buffer, state, WORDS + 1);
  key.set(after.subarray(0, WORDS));
  return after[WORDS];
}

// Blocks of numpy's random_sample draws from the kernels' Mersenne Twister
// (assembly/twister.ts): the numbers of src/array/mt19937.ts's loop, in half the time. The
// state is copied into linear memory for the call and back out after it.
import { kernels, memory } from './module';
import { linearMemory } from './arena';

interface TwisterKernels {
  mt_fill_doubles(state: number, out: number, n: number): void;
}
const k = kernels as unknown as TwisterKernels;

const WORDS = 624;
// doubles drawn per call: the output window is 512 KiB
const BLOCK = 64 * 1024;

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

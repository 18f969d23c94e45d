// numpy.random.RandomState(seed).permutation(n): Chainer's seeded splits
// (split_dataset_random, get_cross_validation_datasets_random) draw their order so, and a
// seed must pick the same examples here as there. A Generator is numpy's RandomState.
import { Generator } from '../array/random';

/** numpy.random.RandomState(seed).permutation(n) for an integer seed in [0, 2^32 - 1]. */
export function numpyPermutation(op: string, seed: number, n: number): Int32Array {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`${op}: seed must be an integer between 0 and 2**32 - 1 (as numpy.random.RandomState takes it), got ${seed}`);
  }
  return new Generator(seed).permutation(n);
}

// SubDataset and the splitting helpers of chainer.datasets: views of a contiguous range of
// a dataset, optionally through a permutation of its indices. Nothing is copied.
import { Generator } from '../array/random';
import { numpyPermutation } from './numpy-permutation';
import { type Dataset, type DatasetLike, checkDataset, getExample } from './dataset';
import { positiveInteger } from '../array/arguments';
import { showValue } from '../util/options';

export class SubDataset<T = unknown> implements Dataset<T> {
  readonly length: number;
  private readonly order: Int32Array | null;

  /**
   * Examples start..finish-1 of `dataset`, or of `dataset` read in `order` (a permutation
   * of its indices) when one is given.
   */
  constructor(private readonly dataset: DatasetLike<T>, readonly start: number, readonly finish: number,
              order: ArrayLike<number> | null = null) {
    checkDataset('SubDataset', dataset);
    const n = dataset.length;
    if (!Number.isInteger(start) || !Number.isInteger(finish)) throw new TypeError(`SubDataset: start (${start}) and finish (${finish}) must be integers`);
    if (start < 0 || finish > n || start > finish) {
      throw new RangeError(`SubDataset: the subset [${start}, ${finish}) overruns the base dataset of length ${n}`);
    }
    if (order !== null) {
      if (order.length !== n) {
        throw new RangeError(`SubDataset: order must have the same length as the base dataset: order.length = ${order.length} while the dataset has length ${n}`);
      }
      this.order = Int32Array.from(order);
      for (const k of this.order) {
        if (k < 0 || k >= n) throw new RangeError(`SubDataset: order holds index ${k}, out of range for a dataset of length ${n}`);
      }
    } else {
      this.order = null;
    }
    this.length = finish - start;
  }

  get(i: number): T {
    if (!Number.isInteger(i)) throw new TypeError(`SubDataset.get: index must be an integer, got ${showValue(i)}`);
    if (i >= this.length || i < -this.length) throw new RangeError(`SubDataset.get: index ${i} is out of range for a dataset of length ${this.length}`);
    let index = i >= 0 ? this.start + i : this.finish + i;
    if (this.order) index = this.order[index];
    return getExample(this.dataset, index);
  }
}

/** Splits a dataset in two at `splitAt`, optionally through a permutation `order`. */
export function splitDataset<T>(dataset: DatasetLike<T>, splitAt: number, order: ArrayLike<number> | null = null): [SubDataset<T>, SubDataset<T>] {
  checkDataset('splitDataset', dataset);
  const n = dataset.length;
  if (!Number.isInteger(splitAt)) throw new TypeError(`splitDataset: splitAt must be an integer, got ${splitAt}`);
  if (splitAt < 0) throw new RangeError(`splitDataset: splitAt (${splitAt}) must be non-negative`);
  if (splitAt > n) throw new RangeError(`splitDataset: splitAt (${splitAt}) exceeds the dataset size (${n})`);
  return [new SubDataset(dataset, 0, splitAt, order), new SubDataset(dataset, splitAt, n, order)];
}

/**
 * The order of a random split: numpy.random.RandomState(seed)'s permutation, as Chainer
 * draws it (the same seed picks the same examples there and here). Without a seed, a fresh
 * generator's, as Chainer's RandomState(None): the split differs from run to run and leaves
 * the default generator's stream (random.seed) as it was.
 */
function randomOrder(op: string, n: number, seed: number | null | undefined): Int32Array {
  return seed === undefined || seed === null ? new Generator().permutation(n) : numpyPermutation(op, seed, n);
}

/**
 * Splits a dataset randomly: the first part has `firstSize` examples. With a seed the split
 * is Chainer's for that seed; without one it differs from run to run (random.seed does not fix it, as numpy.random.seed does not fix Chainer's).
 */
export function splitDatasetRandom<T>(dataset: DatasetLike<T>, firstSize: number, seed?: number | null): [SubDataset<T>, SubDataset<T>] {
  checkDataset('splitDatasetRandom', dataset);
  return splitDataset(dataset, firstSize, randomOrder('splitDatasetRandom', dataset.length, seed));
}

/**
 * `nFolds` pairs (train, test) for cross-validation, as Chainer builds them: the order is
 * cut at `floor(n i / nFolds)`; the first pair tests on the last part, and each next pair
 * on the part before it (the order rotated right by the size of the part just tested).
 */
export function getCrossValidationDatasets<T>(dataset: DatasetLike<T>, nFolds: number,
                                              order: ArrayLike<number> | null = null): [SubDataset<T>, SubDataset<T>][] {
  checkDataset('getCrossValidationDatasets', dataset);
  positiveInteger('getCrossValidationDatasets', 'nFolds', nFolds);
  const n = dataset.length;
  let current = order === null ? Int32Array.from({ length: n }, (_, i) => i) : Int32Array.from(order);
  if (current.length !== n) throw new RangeError(`getCrossValidationDatasets: order has length ${current.length} but the dataset has ${n}`);
  const testSizes: number[] = [];
  for (let i = 0; i < nFolds; i++) testSizes.push(Math.floor((n * (i + 1)) / nFolds) - Math.floor((n * i) / nFolds));
  const folds: [SubDataset<T>, SubDataset<T>][] = [];
  for (const testSize of testSizes.reverse()) {
    folds.push(splitDataset(dataset, n - testSize, current));
    const rotated = new Int32Array(n);
    rotated.set(current.subarray(n - testSize), 0);
    rotated.set(current.subarray(0, n - testSize), testSize);
    current = rotated;
  }
  return folds;
}

/** Cross-validation folds over a random permutation (seeded like splitDatasetRandom). */
export function getCrossValidationDatasetsRandom<T>(dataset: DatasetLike<T>, nFolds: number, seed?: number | null): [SubDataset<T>, SubDataset<T>][] {
  checkDataset('getCrossValidationDatasetsRandom', dataset);
  return getCrossValidationDatasets(dataset, nFolds, randomOrder('getCrossValidationDatasetsRandom', dataset.length, seed));
}

// What the iterators and converters take as a dataset: anything with a length and random
// access by index (Chainer's `len(dataset)` and `dataset[i]`). Plain JS arrays qualify,
// and so do typed arrays (each element an example).
import { showValue } from '../util/options';

export interface Dataset<T = unknown> {
  readonly length: number;
  /** The example at index i, for 0 <= i < length. */
  get(i: number): T;
}

/** A dataset object, or an array (or typed array) whose elements are the examples. */
export type DatasetLike<T = unknown> = Dataset<T> | ArrayLike<T>;

function hasGet<T>(d: DatasetLike<T>): d is Dataset<T> {
  return typeof (d as Dataset<T>).get === 'function' && !ArrayBuffer.isView(d) && !Array.isArray(d);
}

export function isDatasetLike(d: unknown): d is DatasetLike {
  if (d === null || typeof d !== 'object') return false;
  return Array.isArray(d) || ArrayBuffer.isView(d) || (typeof (d as Dataset).get === 'function' && typeof (d as Dataset).length === 'number');
}

/** Checks that `d` is a dataset, naming the caller in the error. */
export function checkDataset(op: string, d: unknown, what = 'dataset'): asserts d is DatasetLike {
  if (!isDatasetLike(d)) {
    const kind = d === null ? 'null' : typeof d === 'object' ? (d as object).constructor?.name ?? 'an object' : typeof d;
    throw new TypeError(`${op}: ${what} must be an array or an object with length and get(i), got ${kind}`);
  }
}

/** Number of examples. */
export function datasetLength(d: DatasetLike): number {
  return d.length;
}

/** The example at index i. */
export function getExample<T>(d: DatasetLike<T>, i: number): T {
  return hasGet(d) ? d.get(i) : (d as ArrayLike<T>)[i];
}

/** The examples at the given indices, in that order. */
export function getExamples<T>(d: DatasetLike<T>, indices: ArrayLike<number>): T[] {
  const out = new Array<T>(indices.length);
  if (hasGet(d)) for (let k = 0; k < indices.length; k++) out[k] = d.get(indices[k]);
  else for (let k = 0; k < indices.length; k++) out[k] = (d as ArrayLike<T>)[indices[k]];
  return out;
}

/** Validates an index (negative indices count from the end, as in Python). */
export function normalizeIndex(op: string, i: number, length: number): number {
  if (!Number.isInteger(i)) throw new TypeError(`${op}: index must be an integer, got ${showValue(i)}`);
  const j = i < 0 ? i + length : i;
  if (j < 0 || j >= length) throw new RangeError(`${op}: index ${i} is out of range for a dataset of length ${length}`);
  return j;
}

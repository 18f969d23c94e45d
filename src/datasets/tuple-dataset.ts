// TupleDataset and DictDataset: several datasets of equal length seen as one, each example
// a tuple (array) or a dictionary of the i-th examples, as chainer.datasets.
import { NDArray } from '../array/ndarray';
import { type Dataset, type DatasetLike, checkDataset, getExample, normalizeIndex } from './dataset';
import { HostArray } from './host-array';

/**
 * A column as a dataset: NDArrays become host arrays once (one read from the backend),
 * Float32Array/Int32Array become 1-D host arrays (a view, no copy), anything else with a
 * length and get(i) (or array indexing) is used as it is.
 */
export function asColumn(op: string, d: unknown, what: string): DatasetLike {
  if (d instanceof NDArray) {
    if (d.ndim === 0) throw new TypeError(`${op}: ${what} is a 0-dimensional array; it has no examples`);
    return HostArray.fromNDArray(d);
  }
  if (d instanceof Float32Array || d instanceof Int32Array) return new HostArray(d);
  checkDataset(op, d, what);
  return d;
}

export class TupleDataset implements Dataset<unknown[]> {
  private readonly columns: DatasetLike[];
  readonly length: number;

  constructor(...datasets: unknown[]) {
    if (datasets.length === 0) throw new RangeError('TupleDataset: no datasets are given');
    this.columns = datasets.map((d, k) => asColumn('TupleDataset', d, `dataset ${k}`));
    this.length = this.columns[0].length;
    this.columns.forEach((c, k) => {
      if (c.length !== this.length) {
        throw new RangeError(`TupleDataset: dataset ${k} has length ${c.length} but dataset 0 has length ${this.length}; all must have the same length`);
      }
    });
  }

  /** The datasets this one is made of (host arrays for array columns). */
  get datasets(): readonly DatasetLike[] {
    return this.columns;
  }

  get(i: number): unknown[] {
    const j = normalizeIndex('TupleDataset.get', i, this.length);
    // A loop rather than map(): an iterator takes this once per example of every batch.
    const columns = this.columns, example = new Array<unknown>(columns.length);
    for (let k = 0; k < columns.length; k++) example[k] = getExample(columns[k], j);
    return example;
  }
}

export class DictDataset implements Dataset<Record<string, unknown>> {
  private readonly columns: [string, DatasetLike][];
  readonly length: number;

  constructor(datasets: Record<string, unknown>) {
    const entries = Object.entries(datasets);
    if (entries.length === 0) throw new RangeError('DictDataset: no datasets are given');
    this.columns = entries.map(([k, d]) => [k, asColumn('DictDataset', d, `dataset '${k}'`)]);
    this.length = this.columns[0][1].length;
    for (const [k, c] of this.columns) {
      if (c.length !== this.length) {
        throw new RangeError(`DictDataset: dataset '${k}' has length ${c.length} but '${this.columns[0][0]}' has length ${this.length}; all must have the same length`);
      }
    }
  }

  get(i: number): Record<string, unknown> {
    const j = normalizeIndex('DictDataset.get', i, this.length);
    const out: Record<string, unknown> = {};
    for (const [k, c] of this.columns) out[k] = getExample(c, j);
    return out;
  }
}

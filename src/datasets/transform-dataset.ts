// TransformDataset and ConcatenatedDataset of chainer.datasets: an example-wise function
// applied on access (data augmentation, preprocessing), and several datasets read as one.
import { type Dataset, type DatasetLike, checkDataset, getExample, normalizeIndex } from './dataset';

export class TransformDataset<T = unknown, U = unknown> implements Dataset<U> {
  constructor(private readonly dataset: DatasetLike<T>, private readonly transform: (example: T) => U) {
    checkDataset('TransformDataset', dataset);
    if (typeof transform !== 'function') throw new TypeError('TransformDataset: transform must be a function of an example');
  }

  get length(): number {
    return this.dataset.length;
  }

  get(i: number): U {
    return this.transform(getExample(this.dataset, normalizeIndex('TransformDataset.get', i, this.dataset.length)));
  }
}

export class ConcatenatedDataset<T = unknown> implements Dataset<T> {
  private readonly datasets: DatasetLike<T>[];

  constructor(...datasets: DatasetLike<T>[]) {
    datasets.forEach((d, k) => checkDataset('ConcatenatedDataset', d, `dataset ${k}`));
    this.datasets = datasets;
  }

  get length(): number {
    return this.datasets.reduce((n, d) => n + d.length, 0);
  }

  get(i: number): T {
    let j = normalizeIndex('ConcatenatedDataset.get', i, this.length);
    for (const d of this.datasets) {
      if (j < d.length) return getExample(d, j);
      j -= d.length;
    }
    throw new RangeError(`ConcatenatedDataset.get: index ${i} is out of range`);
  }
}

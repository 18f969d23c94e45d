// The iterator protocol of chainer.dataset.Iterator: next() gives a batch (a list of
// examples), epoch bookkeeping tells the updater and triggers where training stands.
import type { Serializer } from '../serializers/serializer';

export interface DatasetIterator<T = unknown> extends Iterable<T[]> {
  /** The next batch; throws StopIteration-like `done` through the JS iterator protocol only. */
  next(): T[];
  readonly batchSize: number;
  readonly epoch: number;
  readonly isNewEpoch: boolean;
  /** Epoch as a real number: epoch + currentPosition / epochSize. */
  readonly epochDetail: number;
  /** epochDetail before the last next(), or null before the first. */
  readonly previousEpochDetail: number | null;
  /** Whether the iterator loops over the dataset forever. */
  readonly repeat: boolean;
  reset(): void;
  finalize(): void;
  serialize(serializer: Serializer): void;
}

/** Thrown by next() of a non-repeating iterator after its single epoch (Python's StopIteration). */
export class StopIteration extends Error {
  constructor(message = 'the iterator has no more batches') {
    super(message);
    this.name = 'StopIteration';
  }
}

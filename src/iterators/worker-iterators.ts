// MultiprocessIterator and MultithreadIterator: Chainer's iterators that read examples in
// worker processes or threads. Their batches are those of SerialIterator (the same state
// machine and order sampler); here the examples are read in the calling thread, and the
// worker settings are accepted and have no effect. Each keeps Chainer's snapshot keys.
import type { Serializer, SerialValue } from '../serializers/serializer';
import type { DatasetLike } from '../datasets/dataset';
import type { OrderSampler, ShuffleOrderSampler } from './order-samplers';
import { SerialIterator, toOrder } from './serial-iterator';
import type { Generator } from '../array/random';
import { type ArgumentsOf, readArguments } from '../util/options';

interface CommonOptions {
  repeat?: boolean;
  shuffle?: boolean | null;
  orderSampler?: OrderSampler | ShuffleOrderSampler | null;
  rng?: Generator | null;
}

export interface MultiprocessIteratorOptions extends CommonOptions {
  nProcesses?: number | null;
  nPrefetch?: number;
  sharedMem?: number | null;
  datasetTimeout?: number | null;
  maxtasksperchild?: number | null;
}

export interface MultithreadIteratorOptions extends CommonOptions {
  nThreads?: number;
}

function common(o: CommonOptions): CommonOptions {
  return { repeat: o.repeat, shuffle: o.shuffle, orderSampler: o.orderSampler, rng: o.rng };
}

export class MultiprocessIterator<T = unknown> extends SerialIterator<T> {
  /** Chainer's (dataset, batch_size, repeat, shuffle, n_processes, n_prefetch, shared_mem, order_sampler, dataset_timeout, maxtasksperchild). */
  constructor(dataset: DatasetLike<T>, batchSize: number, ...args: ArgumentsOf<MultiprocessIteratorOptions>) {
    const names = ['repeat', 'shuffle', 'nProcesses', 'nPrefetch', 'sharedMem', 'orderSampler', 'datasetTimeout', 'maxtasksperchild'] as const;
    super(dataset, batchSize, common(readArguments<MultiprocessIteratorOptions>('MultiprocessIterator', args, [...names], [...names, 'rng'])));
  }
}

export class MultithreadIterator<T = unknown> extends SerialIterator<T> {
  /** Chainer's (dataset, batch_size, repeat, shuffle, n_threads, order_sampler). */
  constructor(dataset: DatasetLike<T>, batchSize: number, ...args: ArgumentsOf<MultithreadIteratorOptions>) {
    const names = ['repeat', 'shuffle', 'nThreads', 'orderSampler'] as const;
    super(dataset, batchSize, common(readArguments<MultithreadIteratorOptions>('MultithreadIterator', args, [...names], [...names, 'rng'])));
  }

  /** Chainer's MultithreadIterator keeps the order under '_order', None included. */
  protected override serializeOrder(s: Serializer, order: Int32Array | null): Int32Array | null {
    return toOrder(s.value<SerialValue>('_order', order));
  }
}

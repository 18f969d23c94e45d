// SerialIterator: batches of consecutive examples in a (by default shuffled) order, as
// chainer.iterators.SerialIterator. With repeat, a batch that reaches the end of an epoch
// takes the rest of its examples from the start of the next epoch's order.
import { NDArray } from '../array/ndarray';
import { Generator } from '../array/random';
import type { Serializer, SerialValue } from '../serializers/serializer';
import { type DatasetLike, checkDataset, getExamples } from '../datasets/dataset';
import { type DatasetIterator, StopIteration } from './iterator';
import { type OrderSampler, ShuffleOrderSampler } from './order-samplers';
import { type ArgumentsOf, readArguments, showValue } from '../util/options';
import { positiveInteger } from '../array/arguments';

export interface SerialIteratorOptions {
  /** Loop over the dataset forever (default true); false stops after one epoch. */
  repeat?: boolean;
  /**
   * Shuffle the order every epoch. Default (undefined): shuffle, as Chainer does with
   * shuffle=None; false visits the examples in dataset order.
   */
  shuffle?: boolean | null;
  /** A custom order per epoch (only without `shuffle`). */
  orderSampler?: OrderSampler | ShuffleOrderSampler | null;
  /**
   * The generator the shuffling draws from (default: the library's, seeded by
   * random.seed). An iterator with its own shuffles the same whatever else draws numbers.
   */
  rng?: Generator | null;
}

/** Where an iterator stands: Chainer's IteratorState. */
interface IteratorState {
  currentPosition: number;
  epoch: number;
  isNewEpoch: boolean;
  order: Int32Array | null;
}

/** A stored order as indices (null for None). */
export function toOrder(stored: SerialValue): Int32Array | null {
  if (stored === null) return null;
  return Int32Array.from((stored instanceof NDArray ? stored.dataSync() : stored) as ArrayLike<number>);
}

function range(start: number, end: number): Int32Array {
  const out = new Int32Array(Math.max(0, end - start));
  for (let i = 0; i < out.length; i++) out[i] = start + i;
  return out;
}

export class SerialIterator<T = unknown> implements DatasetIterator<T> {
  readonly dataset: DatasetLike<T>;
  readonly batchSize: number;
  readonly orderSampler: OrderSampler | null;
  /** The generator behind the shuffling (null without shuffling or with a custom order sampler). */
  readonly rng: Generator | null;
  private readonly _repeat: boolean;
  private state!: IteratorState;
  /** -1 stands for "no batch taken yet" (Chainer's internal convention). */
  private _previousEpochDetail = -1;

  constructor(dataset: DatasetLike<T>, batchSize: number, ...args: ArgumentsOf<SerialIteratorOptions>) {
    const options = readArguments<SerialIteratorOptions>('SerialIterator', args, ['repeat', 'shuffle', 'orderSampler'],
      ['repeat', 'shuffle', 'orderSampler', 'rng']);
    checkDataset('SerialIterator', dataset);
    positiveInteger('SerialIterator', 'batchSize', batchSize);
    this.dataset = dataset;
    this.batchSize = batchSize;
    this._repeat = options.repeat ?? true;
    const shuffle = options.shuffle ?? null;
    let sampler = options.orderSampler ?? null;
    const rng = options.rng ?? null;
    if (rng !== null && !(rng instanceof Generator)) throw new TypeError(`SerialIterator: rng must be a random.Generator, got ${showValue(rng)}`);
    if (shuffle !== null) {
      if (sampler !== null) {
        throw new Error('SerialIterator: shuffle is given together with a custom orderSampler; leave shuffle undefined to use the order sampler');
      }
      if (shuffle) sampler = new ShuffleOrderSampler(rng ?? undefined);
    } else if (sampler === null) {
      sampler = new ShuffleOrderSampler(rng ?? undefined);
    }
    if (rng !== null && !(sampler instanceof ShuffleOrderSampler && sampler.generator === rng)) {
      throw new Error(`SerialIterator: rng is given, but the iterator ${sampler === null ? 'does not shuffle' : 'has its own orderSampler'}; give the generator to the order sampler instead`);
    }
    this.orderSampler = sampler instanceof ShuffleOrderSampler ? sampler.sample : sampler;
    this.rng = sampler instanceof ShuffleOrderSampler ? sampler.generator : null;
    this.reset();
  }

  get repeat(): boolean { return this._repeat; }
  get epoch(): number { return this.state.epoch; }
  get isNewEpoch(): boolean { return this.state.isNewEpoch; }
  get currentPosition(): number { return this.state.currentPosition; }
  /** The order of the current epoch (null when examples are visited in dataset order). */
  get order(): Int32Array | null { return this.state.order; }

  private get epochSize(): number {
    return this.state.order === null ? this.dataset.length : this.state.order.length;
  }

  get epochDetail(): number {
    return this.epoch + this.currentPosition / this.epochSize;
  }

  get previousEpochDetail(): number | null {
    return this._previousEpochDetail < 0 ? null : this._previousEpochDetail;
  }

  /** The next batch: a list of `batchSize` examples (fewer at the end of a non-repeating epoch). */
  next(): T[] {
    this._previousEpochDetail = this.epochDetail;
    const indices = this.advance();
    if (indices === null) throw new StopIteration('SerialIterator: the epoch is over (repeat is false); call reset() to iterate again');
    return getExamples(this.dataset, indices);
  }

  /** Moves the state one batch forward and returns the batch's indices, or null at the end. */
  private advance(): Int32Array | null {
    let { currentPosition: i, epoch, order } = this.state;
    const repeat = this._repeat;
    if (!repeat && epoch > 0) return null;
    const n = order === null ? this.dataset.length : order.length;
    if (n === 0) {
      if (repeat) throw new RangeError('SerialIterator: the dataset is empty; an iterator that repeats needs at least one example');
      // Chainer's one epoch of an empty dataset: one empty batch, then the end.
      this.state = { currentPosition: 0, epoch: 1, isNewEpoch: true, order };
      return new Int32Array(0);
    }
    const parts: Int32Array[] = [];
    let end = repeat ? i + this.batchSize : Math.min(i + this.batchSize, n);
    let isNewEpoch = false;
    // A batch can span an epoch boundary (or several, when batchSize > n).
    while (end >= n) {
      parts.push(order === null ? range(i, n) : order.slice(i, n));
      if (order !== null) {
        const next = this.orderSampler!(order, i);
        if (next.length !== order.length) {
          throw new RangeError(`SerialIterator: the order sampler returned ${next.length} indices but the previous order has ${order.length}`);
        }
        order = next;
      }
      i = 0;
      end = repeat ? end - n : 0;
      epoch += 1;
      isNewEpoch = true;
    }
    parts.push(order === null ? range(i, end) : order.slice(i, end));
    this.state = { currentPosition: end, epoch, isNewEpoch, order };
    if (parts.length === 1) return parts[0];
    const indices = new Int32Array(parts.reduce((a, p) => a + p.length, 0));
    let offset = 0;
    for (const p of parts) { indices.set(p, offset); offset += p.length; }
    return indices;
  }

  /** Back to the start of epoch 0, with a fresh order. */
  reset(): void {
    const order = this.orderSampler ? this.orderSampler(range(0, this.dataset.length), 0) : null;
    this.state = { currentPosition: 0, epoch: 0, isNewEpoch: false, order };
    this._previousEpochDetail = -1;
  }

  finalize(): void {
    // Nothing to release: the iterator holds no workers or files.
  }

  /**
   * Keys as Chainer's: current_position, epoch, is_new_epoch, order, previous_epoch_detail
   * (loading, as Chainer, an older snapshot's _order, or one without previous_epoch_detail);
   * and random_state, the state of the shuffling generator, so that the orders of the
   * epochs after a resume are those of an uninterrupted run (a file without it, as
   * Chainer's, leaves the generator alone).
   */
  serialize(s: Serializer): void {
    const currentPosition = s.value('current_position', this.currentPosition, 'int');
    const epoch = s.value('epoch', this.epoch, 'int');
    const isNewEpoch = s.value('is_new_epoch', this.isNewEpoch, 'bool');
    const order = this.serializeOrder(s, this.state.order);
    if (order !== null && order.length !== this.dataset.length) {
      throw new RangeError(`${this.constructor.name}.serialize: the stored order has ${order.length} indices but the dataset has ${this.dataset.length} examples`);
    }
    this.state = { currentPosition: Number(currentPosition), epoch: Number(epoch), isNewEpoch: Boolean(isNewEpoch), order };
    if (s.isLoading && s.strict && !s.has('previous_epoch_detail')) {
      // a snapshot of an older Chainer: guessed from the position, as Chainer does
      const guess = this.epoch + (this.currentPosition - this.batchSize) / this.epochSize;
      this._previousEpochDetail = this.epochDetail > 0 ? Math.max(guess, 0) : -1;
    } else {
      this._previousEpochDetail = Number(s.value('previous_epoch_detail', this._previousEpochDetail, 'float'));
    }
    this.rng?.serialize(s, 'random_state');
  }

  /**
   * The order's entry: only an iterator with an order (a shuffling one) has the key
   * 'order', as in Chainer; one visiting the dataset in order neither writes nor reads it.
   */
  protected serializeOrder(s: Serializer, order: Int32Array | null): Int32Array | null {
    if (order === null) return null;
    // snapshots of older Chainer versions name it _order, which Chainer reads in its place
    const key = s.isLoading && s.strict && !s.has('order') && s.has('_order') ? '_order' : 'order';
    return toOrder(s.value<SerialValue>(key, order));
  }

  [Symbol.iterator](): Iterator<T[]> {
    return {
      next: (): IteratorResult<T[]> => {
        try {
          return { value: this.next(), done: false };
        } catch (e) {
          if (e instanceof StopIteration) return { value: undefined, done: true };
          throw e;
        }
      },
    };
  }
}

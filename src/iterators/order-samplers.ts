// Order samplers decide the order in which an iterator visits a dataset in each epoch
// (chainer.iterators.OrderSampler).
import { Generator, defaultGenerator } from '../array/random';

/** Given the current order and position, returns the order of the next epoch. */
export type OrderSampler = (currentOrder: Int32Array, currentPosition: number) => Int32Array;

/**
 * A fresh random permutation every epoch, drawn from `generator` (by default the library's
 * generator, so `random.seed(n)` makes the shuffling reproducible).
 */
export class ShuffleOrderSampler {
  constructor(readonly generator: Generator = defaultGenerator) {}

  readonly sample: OrderSampler = (currentOrder) => this.generator.permutation(currentOrder.length);
}

// chainer.iterators: turning a dataset into a stream of batches.
export { SerialIterator, type SerialIteratorOptions } from './serial-iterator';
export { MultiprocessIterator, MultithreadIterator, type MultiprocessIteratorOptions, type MultithreadIteratorOptions } from './worker-iterators';
export { ShuffleOrderSampler, type OrderSampler } from './order-samplers';
export { StopIteration, type DatasetIterator } from './iterator';

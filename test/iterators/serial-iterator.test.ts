import { suite } from 'uvu';
import { iterators, random, serializers } from '../../src/index';
import { readNpz, writeNpz } from '../../src/serializers/npz';
import { assert, assertThrows } from '../util';
import { loadFromMemory, saveToMemory } from '../training/memory-serializer';

const test = suite('SerialIterator');

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

test('without shuffle: batches in order, the epoch-crossing batch wraps around', () => {
  const it = new iterators.SerialIterator(range(5), 2, { shuffle: false });
  assert.is(it.epoch, 0);
  assert.is(it.previousEpochDetail, null);
  const seen: unknown[] = [];
  for (let k = 0; k < 5; k++) {
    const batch = it.next();
    seen.push([batch, it.epoch, it.isNewEpoch, it.currentPosition, it.epochDetail, it.previousEpochDetail]);
  }
  assert.equal(seen, [
    [[0, 1], 0, false, 2, 0.4, 0],
    [[2, 3], 0, false, 4, 0.8, 0.4],
    [[4, 0], 1, true, 1, 1.2, 0.8],
    [[1, 2], 1, false, 3, 1.6, 1.2],
    [[3, 4], 2, true, 0, 2, 1.6],
  ]);
});

test('with shuffle: the rest of a wrapping batch comes from the next epoch\'s order', () => {
  const orders: Int32Array[] = [];
  const sampler = (current: Int32Array) => {
    // Epoch k visits the indices rotated by k: deterministic and different each epoch.
    const k = orders.length;
    const next = Int32Array.from(current, (_, i) => (i + k) % current.length);
    orders.push(next);
    return next;
  };
  const it = new iterators.SerialIterator(range(5), 3, { orderSampler: sampler });
  assert.equal(Array.from(it.order!), [0, 1, 2, 3, 4]);
  assert.equal(it.next(), [0, 1, 2]);
  // Ends epoch 0 with [3, 4], then the first element of epoch 1's order [1, 2, 3, 4, 0].
  assert.equal(it.next(), [3, 4, 1]);
  assert.ok(it.isNewEpoch);
  assert.equal(Array.from(it.order!), [1, 2, 3, 4, 0]);
  assert.equal(it.next(), [2, 3, 4]);
  assertThrows(() => new iterators.SerialIterator(range(5), 3, { shuffle: true, orderSampler: sampler }), 'SerialIterator', 'orderSampler');
});

test('shuffling draws from the seeded generator: random.seed makes it reproducible', () => {
  const run = () => {
    random.seed(42);
    const it = new iterators.SerialIterator(range(10), 4);
    return [it.next(), it.next(), it.next(), it.next()];
  };
  const a = run(), b = run();
  assert.equal(a, b);
  // Each epoch is a permutation of the dataset.
  const flat = a.flat();
  assert.equal([...flat.slice(0, 10)].sort((p, q) => p - q), range(10));
  assert.not.equal(flat.slice(0, 10), range(10));
  random.seed(43);
  const c = new iterators.SerialIterator(range(10), 4).next();
  assert.not.equal(c, a[0]);
});

test('rng: an iterator with its own generator shuffles with it alone', () => {
  random.seed(42);
  const before = random.defaultGenerator.getState();
  const it = new iterators.SerialIterator(range(10), 5, { rng: new random.Generator(3) });
  const g = new random.Generator(3);
  const first = g.permutation(10), second = g.permutation(10);
  assert.equal([it.next(), it.next(), it.next()], [Array.from(first.slice(0, 5)), Array.from(first.slice(5)), Array.from(second.slice(0, 5))]);
  assert.equal(Array.from(random.defaultGenerator.getState()), Array.from(before));
  assert.ok(it.rng instanceof random.Generator);
  assert.is(new iterators.SerialIterator(range(3), 2).rng, random.defaultGenerator);
  assert.is(new iterators.SerialIterator(range(3), 2, { shuffle: false }).rng, null);
  // its state is saved with the iterator's and restored with it
  const store = saveToMemory(it);
  const restored = new iterators.SerialIterator(range(10), 5, { rng: new random.Generator(99) });
  loadFromMemory(store, restored);
  assert.equal([restored.next(), restored.next()], [it.next(), it.next()]);
  assertThrows(() => new iterators.SerialIterator(range(3), 2, { shuffle: false, rng: new random.Generator(1) }), 'SerialIterator', 'rng', 'does not shuffle');
  assertThrows(() => new iterators.SerialIterator(range(3), 2, { orderSampler: (o) => o, rng: new random.Generator(1) }), 'SerialIterator', 'rng', 'orderSampler');
  assertThrows(() => new iterators.SerialIterator(range(3), 2, { rng: 5 as never }), 'SerialIterator', 'rng must be a random.Generator');
});

test('repeat false: a short last batch, then the iterator stops; reset starts over', () => {
  const it = new iterators.SerialIterator(range(5), 2, { repeat: false, shuffle: false });
  const batches = [...it];
  assert.equal(batches, [[0, 1], [2, 3], [4]]);
  assert.is(it.epoch, 1);
  assert.ok(it.isNewEpoch);
  assertThrows(() => it.next(), 'epoch is over', 'reset');
  it.reset();
  assert.equal([...it], batches);
  // Chainer's epoch of an empty dataset: one empty batch, then StopIteration
  const empty = new iterators.SerialIterator([], 2, { repeat: false });
  assert.equal([...empty], [[]]);
  assert.is(empty.epoch, 1);
  assert.ok(empty.isNewEpoch);
  assertThrows(() => new iterators.SerialIterator([], 2).next(), 'SerialIterator', 'empty');
});

test('serialize without shuffling: no order key, and a file without one (as Chainer writes it) loads', () => {
  const it = new iterators.SerialIterator(range(5), 2, { shuffle: false });
  it.next(); it.next();
  const bytes = serializers.saveNpz(it);
  const keys = [...readNpz(bytes).keys()].sort();
  assert.equal(keys, ['current_position', 'epoch', 'is_new_epoch', 'previous_epoch_detail']);
  // A shuffled run's file read by an iterator without an order: Chainer does not read it either.
  const members = readNpz(bytes);
  const shuffled = new iterators.SerialIterator(range(5), 2);
  members.set('order', readNpz(serializers.saveNpz(shuffled)).get('order')!);
  const restored = new iterators.SerialIterator(range(5), 2, { shuffle: false });
  serializers.loadNpz(bytes, restored);
  assert.is(restored.currentPosition, 4);
  assert.is(restored.order, null);
  assert.equal(restored.next(), [4, 0]);
  serializers.loadNpz(writeNpz(members), restored, { strict: false });
  assert.is(restored.order, null);
});

test('a snapshot of an older Chainer loads as Chainer loads it: the order under _order, previous_epoch_detail guessed from the position', () => {
  const { NpyArray } = serializers;
  const old = (position: number, epoch: number) => writeNpz({
    current_position: new NpyArray('<i8', [], BigInt64Array.of(BigInt(position))),
    epoch: new NpyArray('<i8', [], BigInt64Array.of(BigInt(epoch))),
    is_new_epoch: new NpyArray('|b1', [], Uint8Array.of(0)),
    _order: new NpyArray('<i8', [10], BigInt64Array.from([3, 1, 4, 0, 5, 9, 2, 6, 8, 7], BigInt)),
  });
  const it = new iterators.SerialIterator(range(10), 3);
  serializers.loadNpz(old(4, 1), it);
  assert.equal(Array.from(it.order!), [3, 1, 4, 0, 5, 9, 2, 6, 8, 7]);
  // Chainer: epoch + (current_position - batch_size) / epoch_size, at least 0
  assert.is(it.previousEpochDetail, 1.1);
  assert.equal(it.next(), [5, 9, 2]);
  serializers.loadNpz(old(1, 0), it);
  assert.is(it.previousEpochDetail, 0);
  // at the very start there is no previous position (Chainer's -1)
  serializers.loadNpz(old(0, 0), it);
  assert.is(it.previousEpochDetail, null);
});

test('MultiprocessIterator and MultithreadIterator give SerialIterator\'s batches, with Chainer\'s arguments and keys', () => {
  const mp = new iterators.MultiprocessIterator(range(7), 3, false, false, 4, 2);
  assert.equal([...mp], [[0, 1, 2], [3, 4, 5], [6]]);
  random.seed(11);
  const serial = new iterators.SerialIterator(range(7), 3);
  const expected = [serial.next(), serial.next(), serial.next(), serial.next()];
  random.seed(11);
  const mt = new iterators.MultithreadIterator(range(7), 3, { nThreads: 4 });
  assert.equal([mt.next(), mt.next(), mt.next(), mt.next()], expected);
  // MultithreadIterator keeps its order under '_order', None included
  const plain = new iterators.MultithreadIterator(range(7), 3, { shuffle: false });
  plain.next();
  assert.equal([...readNpz(serializers.saveNpz(plain)).keys()].sort(), ['_order', 'current_position', 'epoch', 'is_new_epoch', 'previous_epoch_detail']);
  const bytes = serializers.saveNpz(mt);
  assert.ok(readNpz(bytes).has('_order'));
  const restored = new iterators.MultithreadIterator(range(7), 3);
  serializers.loadNpz(bytes, restored);
  assert.equal(Array.from(restored.order!), Array.from(mt.order!));
  assert.ok(readNpz(serializers.saveNpz(mp)).has('order') === false);
  assertThrows(() => new iterators.MultiprocessIterator(range(7), 3, { nWorkers: 2 } as never), 'MultiprocessIterator', 'nWorkers');
});

test('a batch larger than the dataset spans several epochs', () => {
  const it = new iterators.SerialIterator(range(3), 7, { shuffle: false });
  assert.equal(it.next(), [0, 1, 2, 0, 1, 2, 0]);
  assert.is(it.epoch, 2);
  assert.is(it.currentPosition, 1);
  const once = new iterators.SerialIterator(range(3), 7, { repeat: false, shuffle: false });
  assert.equal([...once], [[0, 1, 2]]);
});

test('serialize: Chainer keys, and a restored iterator continues exactly', () => {
  random.seed(7);
  const it = new iterators.SerialIterator(range(7), 3);
  it.next(); it.next(); it.next();
  const store = saveToMemory(it);
  // Chainer's keys, and the shuffling generator's state
  assert.equal([...store.keys()].sort(), ['current_position', 'epoch', 'is_new_epoch', 'order', 'previous_epoch_detail', 'random_state']);
  assert.is(store.get('current_position')!.kind, 'int');
  assert.is(store.get('is_new_epoch')!.kind, 'bool');
  random.seed(1234);
  const restored = new iterators.SerialIterator(range(7), 3);
  loadFromMemory(store, restored);
  assert.is(restored.epoch, it.epoch);
  assert.is(restored.currentPosition, it.currentPosition);
  assert.is(restored.previousEpochDetail, it.previousEpochDetail);
  assert.equal(Array.from(restored.order!), Array.from(it.order!));
  // The generator's state came with the file: both draw the same next orders.
  const expected = [it.next(), it.next(), it.next()];
  loadFromMemory(store, restored);
  assert.equal([restored.next(), restored.next(), restored.next()], expected);
  // a file without the state (as Chainer's) leaves the generator alone
  store.delete('random_state');
  const chainerLoaded = new iterators.SerialIterator(range(7), 3);
  const before = random.defaultGenerator.getState();
  loadFromMemory(store, chainerLoaded);
  assert.equal(Array.from(random.defaultGenerator.getState()), Array.from(before));
  const fresh = new iterators.SerialIterator(range(7), 3);
  const stored = saveToMemory(fresh);
  assert.is(stored.get('previous_epoch_detail')!.value, -1);
  assertThrows(() => loadFromMemory(store, new iterators.SerialIterator(range(8), 3)), 'SerialIterator.serialize', '7 indices', '8 examples');
});

test('argument checks', () => {
  assertThrows(() => new iterators.SerialIterator(range(3), 0), 'SerialIterator', 'batchSize');
  assertThrows(() => new iterators.SerialIterator(5 as never, 2), 'SerialIterator', 'dataset');
});

test.run();

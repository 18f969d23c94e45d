import { suite } from 'uvu';
import { datasets, array, random, HostArray } from '../../src/index';
import { assert, assertThrows } from '../util';

const test = suite('datasets');

test('TupleDataset pairs the i-th examples; rows of arrays are views of one buffer', () => {
  const x = new Float32Array([0, 1, 2, 3, 4, 5]);
  const images = new HostArray(x, [3, 2]);
  const labels = new Int32Array([7, 8, 9]);
  const d = new datasets.TupleDataset(images, labels);
  assert.is(d.length, 3);
  const [row, label] = d.get(1) as [HostArray, number];
  assert.equal(row.shape, [2]);
  assert.equal(Array.from(row.data), [2, 3]);
  assert.is(row.data.buffer, x.buffer);
  assert.is(label, 8);
  assert.is((d.get(-1)[1] as number), 9);
  assertThrows(() => d.get(3), 'TupleDataset.get', 'index 3', 'length 3');
  assertThrows(() => new datasets.TupleDataset(images, new Int32Array(2)), 'TupleDataset', 'dataset 1', 'length 2', 'length 3');
  assertThrows(() => new datasets.TupleDataset(images, 5), 'TupleDataset', 'dataset 1');
});

test('TupleDataset takes NDArrays, plain arrays and float columns keep their dtype', () => {
  const d = new datasets.TupleDataset(array([[1, 2], [3, 4]]), ['a', 'b'], new Float32Array([0.5, 1]));
  const [x, s, y] = d.get(0) as [HostArray, string, HostArray];
  assert.equal(x.toArray(), [1, 2]);
  assert.is(s, 'a');
  assert.is(y.ndim, 0);
  assert.is(y.dtype, 'float32');
  assert.is(y.item(), 0.5);
});

test('DictDataset gives objects of the i-th examples', () => {
  const d = new datasets.DictDataset({ x: new Float32Array([1, 2]), t: new Int32Array([3, 4]) });
  const e = d.get(1) as { x: HostArray; t: number };
  assert.is(e.x.item(), 2);
  assert.is(e.t, 4);
  assertThrows(() => new datasets.DictDataset({ x: [1], t: [1, 2] }), 'DictDataset', "'t'", 'length 2');
});

test('SubDataset and splitDataset: ranges, negative indices, order', () => {
  const base = [10, 11, 12, 13, 14];
  const [a, b] = datasets.splitDataset(base, 2);
  assert.equal([a.length, b.length], [2, 3]);
  assert.equal([a.get(0), a.get(1), b.get(0), b.get(-1)], [10, 11, 12, 14]);
  assertThrows(() => a.get(2), 'SubDataset.get', 'out of range');
  assertThrows(() => a.get(-3), 'SubDataset.get', 'out of range');
  const [c, e] = datasets.splitDataset(base, 3, [4, 3, 2, 1, 0]);
  assert.equal([c.get(0), c.get(2), e.get(0), e.get(1)], [14, 12, 11, 10]);
  assertThrows(() => datasets.splitDataset(base, 6), 'splitDataset', 'exceeds', '5');
  assertThrows(() => datasets.splitDataset(base, -1), 'splitDataset', 'non-negative');
  assertThrows(() => new datasets.SubDataset(base, 0, 2, [0, 1]), 'SubDataset', 'order', 'same length');
});

test('splitDatasetRandom: a partition, reproducible with a seed; without one, random.seed neither fixes it nor is drawn from (Chainer\'s RandomState(None))', () => {
  const base = Array.from({ length: 50 }, (_, i) => i);
  const [a, b] = datasets.splitDatasetRandom(base, 20, 3);
  const all = [...Array.from({ length: a.length }, (_, i) => a.get(i)), ...Array.from({ length: b.length }, (_, i) => b.get(i))];
  assert.equal([...all].sort((p, q) => p - q), base);
  assert.not.equal(all, base);
  const [a2] = datasets.splitDatasetRandom(base, 20, 3);
  assert.equal(Array.from({ length: 20 }, (_, i) => a2.get(i)), all.slice(0, 20));
  random.seed(5);
  const orders = Array.from({ length: 4 }, () => { const [r] = datasets.splitDatasetRandom(base, 10); return Array.from({ length: 10 }, (_, i) => r.get(i)).join(); });
  assert.ok(new Set(orders).size > 1, 'unseeded splits differ');
  // the default stream is where random.seed(5) left it: numpy.random.seed(5); rand() = 0.22199317108973948
  assert.is(random.defaultGenerator.random(), 0.22199317108973948);
});

test('splitDatasetRandom and getCrossValidationDatasetsRandom with a seed pick the examples Chainer picks', () => {
  const items = (d: { length: number; get(i: number): unknown }) => Array.from({ length: d.length }, (_, i) => d.get(i));
  // numpy.random.RandomState(0).permutation(10) = [2 8 4 9 1 6 7 3 0 5]
  const [a, b] = datasets.splitDatasetRandom(Array.from({ length: 10 }, (_, i) => i * 10), 4, 0);
  assert.equal(items(a), [20, 80, 40, 90]);
  assert.equal(items(b), [10, 60, 70, 30, 0, 50]);
  // RandomState(1).permutation(7) = [6 2 1 0 4 3 5]; the first fold tests on its last 3
  const folds = datasets.getCrossValidationDatasetsRandom([0, 1, 2, 3, 4, 5, 6], 3, 1);
  assert.equal(items(folds[0][1]), [4, 3, 5]);
  assert.equal(items(folds[0][0]), [6, 2, 1, 0]);
  // a long permutation (MNIST's size), past many refills of the generator's state
  const [big] = datasets.splitDatasetRandom({ length: 70000, get: (i: number) => i }, 70000, 7);
  assert.equal([big.get(0), big.get(1), big.get(69999), big.get(31337)], [7653, 66274, 61615, 63399]);
  assertThrows(() => datasets.splitDatasetRandom([1, 2], 1, -1), 'splitDatasetRandom', 'seed', '2**32 - 1');
  assertThrows(() => datasets.splitDatasetRandom([1, 2], 1, 2 ** 32), 'splitDatasetRandom', 'seed');
});

test('getCrossValidationDatasets: folds as Chainer cuts them (last part first)', () => {
  const base = [0, 1, 2, 3, 4, 5, 6];
  const folds = datasets.getCrossValidationDatasets(base, 3);
  const items = (d: { length: number; get(i: number): unknown }) => Array.from({ length: d.length }, (_, i) => d.get(i));
  // Borders floor(7 i / 3) = 0, 2, 4, 7: parts [0,1], [2,3], [4,5,6]; the first fold tests on the last part.
  assert.equal(items(folds[0][1]), [4, 5, 6]);
  assert.equal(items(folds[0][0]), [0, 1, 2, 3]);
  assert.equal(items(folds[1][1]), [2, 3]);
  assert.equal(items(folds[1][0]), [4, 5, 6, 0, 1]);
  assert.equal(items(folds[2][1]), [0, 1]);
  assert.equal(items(folds[2][0]), [2, 3, 4, 5, 6]);
});

test('HostArray: rows, slices, reshape, conversion', () => {
  const h = new HostArray(new Float32Array([1, 2, 3, 4, 5, 6]), [3, 2]);
  assert.equal((h.get(2) as HostArray).toArray(), [5, 6]);
  assert.equal(h.slice(1).toArray(), [[3, 4], [5, 6]]);
  assert.equal(h.reshape(2, -1).shape, [2, 3]);
  assert.equal(h.toNDArray().toArray(), [[1, 2], [3, 4], [5, 6]]);
  assertThrows(() => h.reshape(4, -1), 'HostArray.reshape', '(3, 2)');
  assertThrows(() => new HostArray(new Float32Array(5), [2, 3]), 'HostArray', '5 elements', '(2, 3)');
  const labels = new HostArray(new Int32Array([4, 5]));
  assert.is(labels.get(1), 5);
});

test('TransformDataset applies a function on access; ConcatenatedDataset reads several datasets as one', () => {
  const t = new datasets.TransformDataset([1, 2, 3], (x: number) => x * 10);
  assert.is(t.length, 3);
  assert.equal([t.get(0), t.get(-1)], [10, 30]);
  assertThrows(() => t.get(3), 'TransformDataset.get', 'out of range');
  const c = new datasets.ConcatenatedDataset([1, 2], new Int32Array([3]), t);
  assert.is(c.length, 6);
  assert.equal(Array.from({ length: 6 }, (_, i) => c.get(i)), [1, 2, 3, 10, 20, 30]);
  assertThrows(() => c.get(6), 'ConcatenatedDataset.get', 'out of range');
});

test.run();

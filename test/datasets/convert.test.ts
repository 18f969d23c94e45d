import { suite } from 'uvu';
import { concatExamples, datasets, array, HostArray, NDArray, Variable } from '../../src/index';
import { assert, assertClose, assertThrows } from '../util';

const test = suite('concatExamples');

test('tuples of (float row, int label) give a float32 batch and an int32 label vector', () => {
  const images = new HostArray(new Float32Array([0, 1, 2, 3, 4, 5]), [3, 2]);
  const d = new datasets.TupleDataset(images, new Int32Array([1, 0, 2]));
  const [x, t] = concatExamples([d.get(2), d.get(0)]) as NDArray[];
  assert.equal(x.shape, [2, 2]);
  assert.is(x.dtype, 'float32');
  assert.equal(x.toArray(), [[4, 5], [0, 1]]);
  assert.equal(t.shape, [2]);
  assert.is(t.dtype, 'int32');
  assert.equal(t.toArray(), [2, 1]);
});

test('single arrays, NDArrays, Variables, typed arrays and nested lists', () => {
  const a = concatExamples([array([[1, 2]]), array([[3, 4]])]) as NDArray;
  assert.equal(a.shape, [2, 1, 2]);
  const v = concatExamples([new Variable(array([1.5])), new Variable(array([2.5]))]) as NDArray;
  assertClose(v, [[1.5], [2.5]]);
  const f = concatExamples([new Float32Array([1, 2]), new Float32Array([3, 4])]) as NDArray;
  assert.is(f.dtype, 'float32');
  assert.equal(f.toArray(), [[1, 2], [3, 4]]);
  const [n] = concatExamples([[[1, 2]], [[3, 4]]]) as NDArray[];
  assert.is(n.dtype, 'int32');
  assert.equal(n.toArray(), [[1, 2], [3, 4]]);
});

test('plain numbers: int32 when all are integers, float32 otherwise; float host scalars stay float32', () => {
  assert.is((concatExamples([1, 2, 3]) as NDArray).dtype, 'int32');
  const mixed = concatExamples([1, 2.5]) as NDArray;
  assert.is(mixed.dtype, 'float32');
  assertClose(mixed, [1, 2.5]);
  const d = new datasets.TupleDataset(new Float32Array([1, 2, 3]));
  const [y] = concatExamples([d.get(0), d.get(1)]) as NDArray[];
  assert.is(y.dtype, 'float32');
  assert.equal(y.shape, [2]);
});

test('dictionary examples give a dictionary of arrays', () => {
  const d = new datasets.DictDataset({ x: new HostArray(new Float32Array(6), [3, 2]), t: new Int32Array([5, 6, 7]) });
  const b = concatExamples([d.get(0), d.get(2)]) as Record<string, NDArray>;
  assert.equal(Object.keys(b), ['x', 't']);
  assert.equal(b.x.shape, [2, 2]);
  assert.equal(b.t.toArray(), [5, 7]);
});

test('padding fills up to the largest shape, per tuple position', () => {
  const batch = [
    [new Int32Array([1, 2, 3]), new HostArray(new Float32Array([1, 2]), [1, 2])],
    [new Int32Array([4]), new HostArray(new Float32Array([3, 4, 5, 6]), [2, 2])],
  ];
  const [a, b] = concatExamples(batch, { padding: [-1, 0] }) as NDArray[];
  assert.equal(a.toArray(), [[1, 2, 3], [4, -1, -1]]);
  assert.equal(b.toArray(), [[[1, 2], [0, 0]], [[3, 4], [5, 6]]]);
  const m = concatExamples([new HostArray(new Float32Array([1, 2, 3, 4]), [2, 2]), new HostArray(new Float32Array([5, 6, 7]), [1, 3])], null, 9) as NDArray;
  assert.equal(m.toArray(), [[[1, 2, 9], [3, 4, 9]], [[5, 6, 7], [9, 9, 9]]]);
});

test('errors name the example and the shapes', () => {
  assertThrows(() => concatExamples([]), 'concatExamples', 'empty');
  assertThrows(() => concatExamples([new Float32Array(2), new Float32Array(3)]), 'concatExamples', 'example 1', '(3,)', '(2,)', 'padding');
  assertThrows(() => concatExamples([[1, 2], [1]]), 'concatExamples', 'example 1', 'tuple of 2');
  assertThrows(() => concatExamples([[{}], [{}]]), 'concatExamples', 'Object');
});

test('the device option puts the batch on that backend', () => {
  const x = concatExamples([1, 2], 'wasm') as NDArray;
  assert.is(x.device, 'wasm');
});

test.run();

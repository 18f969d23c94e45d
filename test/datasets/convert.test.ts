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

test('rows of one host array (the fast path, large enough to skip zeroing) batch as the same rows given one by one', () => {
  // Row r holds r * 1000 + j: every element of every batch is known.
  const rowsOf = (n: number, width: number, int: boolean) => {
    const data = int ? new Int32Array(n * width) : new Float32Array(n * width);
    for (let r = 0; r < n; r++) for (let j = 0; j < width; j++) data[r * width + j] = r * 1000 + j;
    return data;
  };
  const expected = (picks: number[], width: number) => picks.flatMap((r) => Array.from({ length: width }, (_, j) => r * 1000 + j));
  const picks = Array.from({ length: 100 }, (_, k) => (k * 37) % 300);
  // float32 rows of 784 (a 313 KB batch) and (28, 28) rows, int32 rows of 200 (80 KB).
  for (const [shape, int] of [[[300, 784], false], [[300, 28, 28], false], [[300, 200], true]] as const) {
    const width = shape.slice(1).reduce((a, b) => a * b, 1);
    const images = new HostArray(rowsOf(300, width, int), shape);
    const labels = new Int32Array(300).map((_, r) => r % 10);
    const copies = picks.map((r) => images.data.slice(r * width, (r + 1) * width));
    const tuples = new datasets.TupleDataset(images, labels);
    const dicts = new datasets.DictDataset({ x: images, t: labels });
    const cases: [string, () => NDArray][] = [
      ['HostArray rows', () => concatExamples(picks.map((r) => images.get(r))) as NDArray],
      ['TupleDataset', () => (concatExamples(picks.map((r) => tuples.get(r))) as NDArray[])[0]],
      ['DictDataset', () => (concatExamples(picks.map((r) => dicts.get(r))) as Record<string, NDArray>).x],
      ['TupleDataset on wasm', () => (concatExamples(picks.map((r) => tuples.get(r)), 'wasm') as NDArray[])[0]],
      // A padding takes the general path; rows of one shape need none.
      ['TupleDataset, padding 7', () => (concatExamples(picks.map((r) => tuples.get(r)), { padding: 7 }) as NDArray[])[0]],
      ['typed array copies (general path)', () => concatExamples(copies) as NDArray],
    ];
    for (const [what, make] of cases) {
      const x = make();
      assert.is(x.dtype, int ? 'int32' : 'float32', what);
      assert.equal(x.shape, what.startsWith('typed') ? [100, width] : [100, ...shape.slice(1)], what);
      assert.equal(Array.from(x.dataSync()), expected(picks, width), `${what}, rows ${shape.slice(1)}`);
    }
    const [, t] = concatExamples(picks.map((r) => tuples.get(r))) as NDArray[];
    assert.equal(Array.from(t.dataSync()), picks.map((r) => r % 10));
  }
});

test('the device option puts the batch on that backend', () => {
  const x = concatExamples([1, 2], 'wasm') as NDArray;
  assert.is(x.device, 'wasm');
});

test.run();

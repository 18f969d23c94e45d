// Conventions of Chainer 7 that no other test pins at the level a user sees them: the
// default axes of F.transpose, the shapes and values of reductions over negative and
// tuple axes, and the npz keys of ChainList and L.LSTM children. Expected values are
// worked out here by hand or by plain loops.
import { Chain, ChainList, F, L, Variable, array, random, serializers } from '../../src/index';
import { assert, assertClose, describeBackends, randomValues } from '../util';

const [D0, D1, D2] = [2, 3, 4];
const values = randomValues(D0 * D1 * D2, 77, -2, 2);
const at = (i: number, j: number, k: number) => values[(i * D1 + j) * D2 + k];

/** Reduces the (2, 3, 4) values over the given axes with f, keeping the others in order. */
function reduceRef(axes: number[], f: (xs: number[]) => number): { shape: number[]; data: number[] } {
  const dims = [D0, D1, D2];
  const kept = [0, 1, 2].filter((a) => !axes.includes(a));
  const groups = new Map<string, number[]>();
  for (let i = 0; i < D0; i++) for (let j = 0; j < D1; j++) for (let k = 0; k < D2; k++) {
    const key = kept.map((a) => [i, j, k][a]).join(',');
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(at(i, j, k));
  }
  return { shape: kept.map((a) => dims[a]), data: [...groups.values()].map(f) };
}
const sumOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const meanOf = (xs: number[]) => sumOf(xs) / xs.length;

describeBackends('Chainer conventions: arrays and autograd', (test) => {
  const x = () => array(values, { shape: [D0, D1, D2] });

  test('F.transpose and Variable.T without axes reverse them: y[k, j, i] = x[i, j, k]', () => {
    const expected: number[] = [];
    for (let k = 0; k < D2; k++) for (let j = 0; j < D1; j++) for (let i = 0; i < D0; i++) expected.push(at(i, j, k));
    for (const y of [F.transpose(x()), new Variable(x()).T, new Variable(x()).transpose()]) {
      assert.equal([...y.shape], [D2, D1, D0]);
      assertClose(y, expected, { atol: 0 });
    }
  });

  test('sum, mean, max and min without an axis give 0-d arrays', () => {
    for (const [f, ref] of [[F.sum, sumOf], [F.mean, meanOf], [F.max, (a: number[]) => Math.max(...a)], [F.min, (a: number[]) => Math.min(...a)]] as const) {
      const y = (f as (v: unknown) => Variable)(x());
      assert.equal([...y.shape], []);
      assertClose(y.array.dataSync(), [ref(Array.from(values))], { atol: 1e-5 });
    }
  });

  test('negative and tuple axes, with and without keepdims', () => {
    const cases: [number | number[], number[]][] = [[-1, [2]], [[0, -1], [0, 2]], [[-3, 1], [0, 1]], [[2, 0], [0, 2]]];
    for (const [axis, axes] of cases) {
      const expect = (f: (xs: number[]) => number) => reduceRef(axes, f);
      const kd = [D0, D1, D2].map((d, a) => (axes.includes(a) ? 1 : d));
      for (const [name, fn, ref] of [
        ['sum', F.sum, sumOf], ['mean', F.mean, meanOf],
        ['max', F.max, (a: number[]) => Math.max(...a)], ['min', F.min, (a: number[]) => Math.min(...a)],
      ] as const) {
        const call = fn as (v: unknown, axis: unknown, o?: unknown) => Variable;
        const r = expect(ref);
        const y = call(x(), axis);
        assert.equal([...y.shape], r.shape, `${name} over ${JSON.stringify(axis)}`);
        assertClose(y, r.data, { atol: 1e-5 });
        assert.equal([...call(x(), axis, { keepdims: true }).shape], kd, `${name} keepdims over ${JSON.stringify(axis)}`);
      }
    }
  });
});

describeBackends('Chainer conventions: npz keys of children', (test) => {
  const keys = (bytes: Uint8Array) => [...serializers.readNpz(bytes)].map(([k, a]) => `${k} ${a.descr} (${a.shape.join(', ')})`);

  test('ChainList children are 0/, 1/; L.LSTM holds upward/W, upward/b, lateral/W', () => {
    random.seed(5);
    class Net extends Chain {
      layers = new ChainList(new L.Linear(3, 2), new L.Linear(2, 2, { nobias: true }));
      rnn = new L.LSTM(2, 1);
    }
    assert.equal(keys(serializers.saveNpz(new Net())), [
      'layers/0/W <f4 (2, 3)', 'layers/0/b <f4 (2)', 'layers/1/W <f4 (2, 2)',
      'rnn/lateral/W <f4 (4, 1)', 'rnn/upward/W <f4 (4, 2)', 'rnn/upward/b <f4 (4)',
    ]);
  });
});

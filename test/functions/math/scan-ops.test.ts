import { array, ops } from '../../../src/index';
import { assertClose, assertThrows, describeBackends, randomValues } from '../../util';

/** Reference scan of every line along `axis` of a row-major array. */
function scanRef(v: ArrayLike<number>, shape: number[], axis: number, step: (acc: number, x: number) => number, init: number,
                 reverse: boolean, exclusive: boolean): Float64Array {
  const n = shape[axis];
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out = new Float64Array(v.length);
  for (let p = 0; p < v.length / (n * inner); p++) for (let j = 0; j < inner; j++) {
    let acc = init;
    for (let s = 0; s < n; s++) {
      const k = reverse ? n - 1 - s : s;
      const i = (p * n + k) * inner + j;
      const next = step(acc, v[i]);
      out[i] = exclusive ? acc : next;
      acc = next;
    }
  }
  return out;
}

describeBackends('ops.cumsum / ops.cumprod / ops.linearRecurrence', (test) => {
  const SHAPES: [number[], number][] = [[[2, 13], 1], [[3, 4, 5], 1], [[3, 4, 6], 0], [[7], 0], [[2, 3, 9], 2]];

  test('forward, reverse, inclusive and exclusive scans', () => {
    SHAPES.forEach(([shape, axis], t) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const x = array(randomValues(n, 50 + t, 0.5, 1.5), { shape });
      const v = x.dataSync();
      for (const reverse of [false, true]) for (const exclusive of [false, true]) {
        assertClose(ops.cumsum(x, axis, { reverse, exclusive }), scanRef(v, shape, axis, (a, b) => a + b, 0, reverse, exclusive), { atol: 1e-5 });
        assertClose(ops.cumprod(x, axis, { reverse, exclusive }), scanRef(v, shape, axis, (a, b) => a * b, 1, reverse, exclusive), { rtol: 1e-5 });
      }
    });
    // int32 stays int32
    const i = ops.cumsum(array([1, 2, 3, 4, 5], { dtype: 'int32' }));
    assertClose(i, [1, 3, 6, 10, 15]);
  });

  test('linear recurrence z = a z + b, exclusive', () => {
    SHAPES.forEach(([shape, axis], t) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const a = array(randomValues(n, 60 + t), { shape }), b = array(randomValues(n, 70 + t), { shape });
      const av = a.dataSync(), bv = b.dataSync();
      const len = shape[axis], inner = shape.slice(axis + 1).reduce((p, q) => p * q, 1);
      for (const reverse of [false, true]) {
        const want = new Float64Array(n);
        for (let p = 0; p < n / (len * inner); p++) for (let j = 0; j < inner; j++) {
          let z = 0;
          for (let s = 0; s < len; s++) {
            const k = reverse ? len - 1 - s : s;
            const idx = (p * len + k) * inner + j;
            want[idx] = z;
            z = av[idx] * z + bv[idx];
          }
        }
        assertClose(ops.linearRecurrence(a, b, axis, { reverse }), want, { atol: 1e-6 });
      }
    });
    assertThrows(() => ops.linearRecurrence(array([1, 2]), array([1, 2, 3]), 0), 'linearRecurrence', 'b');
    assertThrows(() => ops.cumsum(array([1, 2]), 1), 'cumsum', 'axis');
  });
});

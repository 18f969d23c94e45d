// NDArray-level concat, stack, split, pad, flip, tile, repeat and the axis moves, against
// loops written here and numpy's documented examples.
import { array, arange, ops, zeros, type NDArray } from '../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../util';

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
}

function* positions(shape: readonly number[]): Generator<number[]> {
  const st = strides(shape);
  for (let f = 0; f < product(shape); f++) yield shape.map((d, i) => Math.floor(f / st[i]) % d);
}

function at(x: NDArray, p: number[]): number {
  const st = strides(x.shape);
  return x.dataSync()[p.reduce((s, v, i) => s + v * st[i], 0)];
}

function floats(shape: number[], seed: number): NDArray {
  return array(randomValues(product(shape), seed, -2, 2), { shape });
}

/** Σ a·b in float64. */
function dot(a: NDArray, b: NDArray): number {
  const x = a.dataSync(), y = b.dataSync();
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

describeBackends('ops.concat, ops.stack, ops.split', (test) => {
  test('concat along every axis matches a loop', () => {
    for (const axis of [0, 1, 2, -2]) {
      const a = (axis + 3) % 3;
      const shapes = [[2, 3, 4], [2, 3, 4], [2, 3, 4]].map((s, i) => s.map((d, k) => (k === a ? i + 1 : d)));
      const xs = shapes.map((s, i) => floats(s, 20 + i));
      const y = ops.concat(xs, axis);
      const outShape = shapes[0].map((d, k) => (k === a ? 6 : d));
      assert.equal([...y.shape], outShape);
      const expected: number[] = [];
      for (const p of positions(outShape)) {
        let i = 0, pos = p[a];
        while (pos >= xs[i].shape[a]) { pos -= xs[i].shape[a]; i++; }
        const q = [...p];
        q[a] = pos;
        expected.push(at(xs[i], q));
      }
      assertClose(y, expected, { checkShape: false });
    }
  });

  test('concat promotes int32 with float32 and accepts empty parts', () => {
    const y = ops.concat([array([[1], [2]]), ops.reshape(arange(4), [2, 2]), zeros([2, 0])], 1);
    assert.is(y.dtype, 'float32');
    assertClose(y, [[1, 0, 1], [2, 2, 3]]);
    assert.is(ops.concat([arange(2), arange(3)]).dtype, 'int32');
  });

  test('concat and stack errors name the function and the shapes', () => {
    assertThrows(() => ops.concat([zeros([2, 3]), zeros([3, 3])], 1), 'concat', 'xs[1]', '(3, 3)', '(2, 3)', 'axis 1');
    assertThrows(() => ops.concat([zeros([2, 3]), zeros([2, 3, 1])], 0), 'concat', 'xs[1]');
    assertThrows(() => ops.concat([zeros([2, 3])], 2), 'concat', 'axis 2');
    assertThrows(() => ops.concat([]), 'concat', 'at least one');
    assertThrows(() => ops.stack([zeros([2, 3]), zeros([3, 2])]), 'stack', 'xs[1]', '(3, 2)');
    assertThrows(() => ops.stack([zeros([2, 3])], 3), 'stack', 'axis 3');
  });

  test('stack inserts a new axis at every position', () => {
    const xs = [floats([2, 3], 1), floats([2, 3], 2)];
    for (const axis of [0, 1, 2, -1]) {
      const a = (axis + 3) % 3;
      const y = ops.stack(xs, axis);
      const outShape = [2, 3];
      outShape.splice(a, 0, 2);
      assert.equal([...y.shape], outShape);
      const expected = [...positions(outShape)].map((p) => at(xs[p[a]], p.filter((_, k) => k !== a)));
      assertClose(y, expected, { checkShape: false });
    }
  });

  test('split into sections and at points, numpy.split semantics', () => {
    const x = ops.reshape(arange(12), [2, 6]);
    const parts = ops.split(x, 3, 1);
    assert.is(parts.length, 3);
    assertClose(parts[1], [[2, 3], [8, 9]]);
    const [a, b, c] = ops.split(x, [1, -2], 1);
    assertClose(a, [[0], [6]]);
    assertClose(b, [[1, 2, 3], [7, 8, 9]]);
    assertClose(c, [[4, 5], [10, 11]]);
    const [e1, e2] = ops.split(x, [2, 2], 0).slice(1);
    assert.equal([...e1.shape], [0, 6]);
    assert.equal([...e2.shape], [0, 6]);
    assertThrows(() => ops.split(x, 4, 1), 'split', 'equal');
    assertThrows(() => ops.split(x, 2, 2), 'split', 'axis 2');
  });
});

describeBackends('ops.pad and ops.padGrad', (test) => {
  test('constant padding matches a loop', () => {
    const x = floats([2, 3, 2], 30);
    const w = [[1, 0], [2, 1], [0, 3]];
    const y = ops.pad(x, w, 'constant', { constantValues: -7 });
    const outShape = [3, 6, 5];
    assert.equal([...y.shape], outShape);
    const expected = [...positions(outShape)].map((p) => {
      const q = p.map((v, i) => v - w[i][0]);
      return q.every((v, i) => v >= 0 && v < x.shape[i]) ? at(x, q) : -7;
    });
    assertClose(y, expected, { checkShape: false });
  });

  test('numpy pad_width forms: n, [before, after], per axis', () => {
    const x = array([[1, 2], [3, 4]]);
    assert.equal([...ops.pad(x, 1).shape], [4, 4]);
    assert.equal([...ops.pad(x, [1, 2]).shape], [5, 5]);
    assert.equal([...ops.pad(x, [[0, 1], [2, 0]]).shape], [3, 4]);
    assertClose(ops.pad(x, [[0, 1], [1, 0]]), [[0, 1, 2], [0, 3, 4], [0, 0, 0]]);
    assertThrows(() => ops.pad(x, [[1, 1], [1, 1], [1, 1]]), 'pad', 'padWidth');
    assertThrows(() => ops.pad(x, -1), 'pad', 'non-negative');
    assertThrows(() => ops.pad(x, 1, 'median' as 'edge'), 'pad', "mode 'median'");
  });

  test('per-side constants: later axes own the corners (numpy)', () => {
    // numpy.pad(ones((2, 2)), 1, constant_values=((1, 2), (3, 4)))
    assertClose(ops.pad(array([[1, 1], [1, 1]]), 1, 'constant', { constantValues: [[1, 2], [3, 4]] }),
      [[3, 1, 1, 4], [3, 1, 1, 4], [3, 1, 1, 4], [3, 2, 2, 4]]);
  });

  test('edge, wrap, reflect and symmetric modes, also wider than the axis', () => {
    const x = array([1, 2, 3]);
    // Each output position i reads x at a source position given by the mode's rule.
    assertClose(ops.pad(x, [2, 3], 'edge'), [1, 1, 1, 2, 3, 3, 3, 3]);
    assertClose(ops.pad(x, [4, 2], 'wrap'), [3, 1, 2, 3, 1, 2, 3, 1, 2]);
    // numpy.pad([1, 2, 3], 5, 'reflect') and numpy.pad([1, 2, 3], 4, 'symmetric')
    assertClose(ops.pad(x, 5, 'reflect'), [2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2]);
    assertClose(ops.pad(x, 4, 'symmetric'), [3, 3, 2, 1, 1, 2, 3, 3, 2, 1, 1]);
    assertClose(ops.pad(array([[1, 2], [3, 4]]), [[1, 0], [0, 1]], 'reflect'), [[3, 4, 3], [1, 2, 1], [3, 4, 3]]);
    assertClose(ops.pad(array([5]), 2, 'reflect'), [5, 5, 5, 5, 5]);
    assertThrows(() => ops.pad(zeros([0, 2]), 1, 'edge'), 'pad', 'empty axis 0');
  });

  test('padGrad is the adjoint of pad: <pad(x), g> = <x, padGrad(g)>', () => {
    const x = floats([3, 4], 31);
    for (const mode of ['constant', 'edge', 'reflect', 'symmetric', 'wrap'] as const) {
      const w = [[2, 5], [3, 1]];
      const y = ops.pad(x, w, mode);
      const g = floats([...y.shape], 32);
      const gx = ops.padGrad(g, x.shape, w, mode);
      assert.equal([...gx.shape], [3, 4]);
      assertClose(dot(y, g), dot(x, gx), { atol: 1e-4, rtol: 1e-4 });
    }
  });
});

describeBackends('ops.flip, ops.tile, ops.repeat and axis moves', (test) => {
  test('flip reverses the chosen axes', () => {
    const x = floats([2, 3, 4], 40);
    for (const axis of [0, 2, -2, [0, 2], null] as const) {
      const axes = axis === null ? [0, 1, 2] : (typeof axis === 'number' ? [axis] : [...axis]).map((a) => (a + 3) % 3);
      const expected = [...positions(x.shape)].map((p) => at(x, p.map((v, i) => (axes.includes(i) ? x.shape[i] - 1 - v : v))));
      assertClose(ops.flip(x, axis), expected, { checkShape: false });
    }
    assertThrows(() => ops.flip(x, 3), 'flip', 'axis 3');
  });

  test('tile aligns reps and shape at the end (numpy examples)', () => {
    const a = array([0, 1, 2]);
    assertClose(ops.tile(a, 2), [0, 1, 2, 0, 1, 2]);
    assertClose(ops.tile(a, [2, 2]), [[0, 1, 2, 0, 1, 2], [0, 1, 2, 0, 1, 2]]);
    assertClose(ops.tile(a, [2, 1, 2]), [[[0, 1, 2, 0, 1, 2]], [[0, 1, 2, 0, 1, 2]]]);
    const b = array([[1, 2], [3, 4]]);
    assertClose(ops.tile(b, 2), [[1, 2, 1, 2], [3, 4, 3, 4]]);
    assertClose(ops.tile(b, [2, 1]), [[1, 2], [3, 4], [1, 2], [3, 4]]);
    assert.equal([...ops.tile(b, [0, 3]).shape], [0, 6]);
    assertThrows(() => ops.tile(b, -1), 'tile', 'reps');
  });

  test('repeat along an axis or the flattened array (numpy examples)', () => {
    const x = array([[1, 2], [3, 4]]);
    assertClose(ops.repeat(x, 2), [1, 1, 2, 2, 3, 3, 4, 4]);
    assertClose(ops.repeat(x, 3, 1), [[1, 1, 1, 2, 2, 2], [3, 3, 3, 4, 4, 4]]);
    assertClose(ops.repeat(x, [1, 2], 0), [[1, 2], [3, 4], [3, 4]]);
    assertClose(ops.repeat(x, [0, 2], -1), [[2, 2], [4, 4]]);
    assertThrows(() => ops.repeat(x, [1, 2, 3], 0), 'repeat', 'repeats', 'length 2');
    assertThrows(() => ops.repeat(x, -1), 'repeat', 'repeats');
  });

  test('repeatGrad is the adjoint of repeat', () => {
    const x = floats([3, 4], 41);
    for (const [reps, axis] of [[2, null], [[1, 0, 3], 0], [3, 1]] as const) {
      const y = ops.repeat(x, reps as number, axis);
      const g = floats([...y.shape], 42);
      assertClose(dot(y, g), dot(x, ops.repeatGrad(g, x.shape, reps as number, axis)), { atol: 1e-4, rtol: 1e-4 });
    }
  });

  test('swapaxes, moveaxis and rollaxis permute like numpy', () => {
    const x = floats([3, 4, 5, 6], 43);
    const check = (y: NDArray, perm: number[]) => {
      assert.equal([...y.shape], perm.map((p) => x.shape[p]));
      const expected = [...positions(y.shape)].map((p) => {
        const q = new Array<number>(4);
        perm.forEach((src, k) => { q[src] = p[k]; });
        return at(x, q);
      });
      assertClose(y, expected, { checkShape: false });
    };
    check(ops.swapaxes(x, 0, -1), [3, 1, 2, 0]);
    // numpy docs: moveaxis(zeros((3, 4, 5)), 0, -1).shape == (4, 5, 3) and (-1, 0) gives (5, 3, 4)
    check(ops.moveaxis(x, 0, -1), [1, 2, 3, 0]);
    check(ops.moveaxis(x, -1, 0), [3, 0, 1, 2]);
    check(ops.moveaxis(x, [0, 1], [-1, -2]), [2, 3, 1, 0]);
    // numpy docs: rollaxis(ones((3, 4, 5, 6)), 3, 1).shape == (3, 6, 4, 5); (2) -> (5, 3, 4, 6); (1, 4) -> (3, 5, 6, 4)
    check(ops.rollaxis(x, 3, 1), [0, 3, 1, 2]);
    check(ops.rollaxis(x, 2), [2, 0, 1, 3]);
    check(ops.rollaxis(x, 1, 4), [0, 2, 3, 1]);
    assertThrows(() => ops.moveaxis(x, [0, 0], [1, 2]), 'moveaxis', 'repeated');
    assertThrows(() => ops.moveaxis(x, 0, 4), 'moveaxis', 'axis 4');
    assertThrows(() => ops.rollaxis(x, 0, 5), 'rollaxis', 'start 5');
  });
});

import { F, Variable, array, gradientCheck, initializers, ops, zeros, type NDArray } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';
import { positions, product } from '../../array/index-reference';

function data(shape: number[], seed: number, lo = -2, hi = 2): NDArray {
  return array(randomValues(product(shape), seed, lo, hi), { shape });
}

function at(x: NDArray, p: number[]): number {
  let f = 0;
  p.forEach((v, i) => { f = f * x.shape[i] + v; });
  return x.dataSync()[f];
}

/** Values of x permuted so that output axis k is input axis perm[k]. */
function permuted(x: NDArray, perm: number[]): number[] {
  const shape = perm.map((p) => x.shape[p]);
  return [...positions(shape)].map((p) => {
    const q = new Array<number>(perm.length);
    perm.forEach((src, k) => { q[src] = p[k]; });
    return at(x, q);
  });
}

function label(y: Variable): string {
  return y.creator!.label;
}

describeBackends('F.expandDims, F.squeeze, F.flatten', (test) => {
  test('expandDims inserts a length-1 axis; its gradient reshapes back', () => {
    const x = data([2, 3], 1);
    for (const [axis, shape] of [[0, [1, 2, 3]], [2, [2, 3, 1]], [-1, [2, 3, 1]], [-3, [1, 2, 3]]] as const) {
      const y = F.expandDims(new Variable(x), axis);
      assert.equal([...y.shape], shape);
      assertClose(y, x.dataSync(), { checkShape: false });
      assert.is(label(y), 'ExpandDims');
    }
    gradientCheck.checkBackward((v) => F.expandDims(v, 1), [x]);
    assertThrows(() => F.expandDims(x, 3), 'expandDims', 'axis 3');
  });

  test('squeeze removes all or the listed length-1 axes', () => {
    const x = data([1, 3, 1, 2], 2);
    assert.equal([...F.squeeze(x).shape], [3, 2]);
    assert.equal([...F.squeeze(x, 2).shape], [1, 3, 2]);
    assert.equal([...F.squeeze(x, [0, -2]).shape], [3, 2]);
    assert.is(label(F.squeeze(new Variable(x))), 'Squeeze');
    gradientCheck.checkBackward((v) => F.squeeze(v, 0), [x]);
    assertThrows(() => F.squeeze(x, 1), 'squeeze', 'axis 1');
    assertThrows(() => F.squeeze(x, 4), 'squeeze', 'axis 4');
    // numpy.squeeze refuses a repeated axis (0 and -4 are the same one here).
    assertThrows(() => F.squeeze(x, [0, -4]), 'squeeze', 'duplicate', '0, -4');
  });

  test('flatten is a Reshape to one axis (Chainer)', () => {
    const x = data([2, 3, 2], 3);
    const y = F.flatten(new Variable(x));
    assert.equal([...y.shape], [12]);
    assert.is(label(y), 'Reshape');
    assertClose(y, x.dataSync(), { checkShape: false });
    gradientCheck.checkBackward((v) => F.flatten(v), [x]);
  });
});

describeBackends('F.swapaxes, F.moveaxis, F.rollaxis, F.flip', (test) => {
  const x = data([2, 3, 4, 5], 4);

  test('swapaxes', () => {
    const y = F.swapaxes(new Variable(x), 1, -1);
    assert.is(label(y), 'Swapaxes');
    assertClose(y, permuted(x, [0, 3, 2, 1]), { checkShape: false });
    gradientCheck.checkBackward((v) => F.swapaxes(v, 0, 2), [x]);
    assertThrows(() => F.swapaxes(x, 0, 4), 'swapaxes', 'axis 4');
  });

  test('moveaxis with single axes and lists', () => {
    const y = F.moveaxis(new Variable(x), 0, -1);
    assert.is(label(y), 'Moveaxis');
    assertClose(y, permuted(x, [1, 2, 3, 0]), { checkShape: false });
    assertClose(F.moveaxis(x, [0, 1], [-1, -2]), permuted(x, [2, 3, 1, 0]), { checkShape: false });
    gradientCheck.checkBackward((v) => F.moveaxis(v, [0, 3], [2, 0]), [x]);
    // Chainer's Moveaxis checks x.dtype.kind == 'f'; its swapaxes and rollaxis take int32.
    const ints = array([[1, 2, 3]], { dtype: 'int32' });
    assertThrows(() => F.moveaxis(ints, 0, 1), 'moveaxis', 'x', 'int32');
    assert.is(F.swapaxes(ints, 0, 1).dtype, 'int32');
    assert.is(F.rollaxis(ints, 1).dtype, 'int32');
    gradientCheck.checkBackward((v) => F.moveaxis(v, -1, 1), [x]);
    assertThrows(() => F.moveaxis(x, [0, 1], [2]), 'moveaxis', 'same number');
    assertThrows(() => F.moveaxis(x, 5, 0), 'moveaxis', 'axis 5');
    // a missing or mistyped argument is named, not a TypeError from inside
    assertThrows(() => (F.moveaxis as (x: unknown) => unknown)(x), 'moveaxis', 'source', 'undefined');
    assertThrows(() => F.moveaxis(x, 0, 'a' as unknown as number), 'moveaxis', 'destination', "'a'");
    assertThrows(() => (F.repeat as (x: unknown) => unknown)(x), 'repeat', 'repeats', 'undefined');
    assertThrows(() => (F.sumTo as (x: unknown, s?: unknown) => unknown)(x), 'sumTo', 'shape', 'undefined');
    assertThrows(() => F.sumTo(x, 1.5 as unknown as number[]), 'sumTo', 'shape', '1.5');
  });

  test('rollaxis, start before and after the axis, at the axis and at ndim', () => {
    // numpy docs: rollaxis(ones((3, 4, 5, 6)), 3, 1) -> (3, 6, 4, 5); (2) -> (5, 3, 4, 6); (1, 4) -> (3, 5, 6, 4)
    const y = F.rollaxis(new Variable(x), 3, 1);
    assert.is(label(y), 'Rollaxis');
    assertClose(y, permuted(x, [0, 3, 1, 2]), { checkShape: false });
    assertClose(F.rollaxis(x, 2), permuted(x, [2, 0, 1, 3]), { checkShape: false });
    assertClose(F.rollaxis(x, 1, 4), permuted(x, [0, 2, 3, 1]), { checkShape: false });
    for (const [axis, start] of [[3, 1], [0, 3], [1, 4], [-1, -3], [2, 2], [2, 3], [0, 0], [-4, 0]]) {
      gradientCheck.checkBackward((v) => F.rollaxis(v, axis, start), [x]);
      gradientCheck.checkDoubleBackward((v) => F.rollaxis(v, axis, start).mul(2), [data([2, 3, 4, 5], 5)], [F.rollaxis(data([2, 3, 4, 5], 6), axis, start).array]);
    }
    // axis == start moves nothing, and neither does its gradient (the gradient rolled the
    // last axis to the front for rollaxis(x, 0, 0)).
    const g = new Variable(x);
    const same = F.rollaxis(g, 0, 0);
    const gy = data([2, 3, 4, 5], 8);
    same.grad = gy;
    same.backward();
    assertClose(g.grad!, gy);
    assertThrows(() => F.rollaxis(x, 0, 5), 'rollaxis', 'start 5');
  });

  test('flip reverses one axis or several', () => {
    const y = F.flip(new Variable(x), 1);
    assert.is(label(y), 'Flip');
    assertClose(y, [...positions(x.shape)].map(([a, b, c, d]) => at(x, [a, 2 - b, c, d])), { checkShape: false });
    assertClose(F.flip(x, [0, -1]), [...positions(x.shape)].map(([a, b, c, d]) => at(x, [1 - a, b, c, 4 - d])), { checkShape: false });
    gradientCheck.checkBackward((v) => F.flip(v, -1), [x]);
    assertThrows(() => F.flip(x, 4), 'flip', 'axis 4');
  });
});

describeBackends('F.tile and F.repeat', (test) => {
  test('tile: values by definition and gradients summed over the copies', () => {
    const x = data([2, 3], 7);
    for (const reps of [2, [2, 1], [3, 1, 2], [1, 2]] as const) {
      const r = typeof reps === 'number' ? [reps] : [...reps];
      const n = Math.max(r.length, 2);
      const shape = [...new Array(n - 2).fill(1), 2, 3];
      const rr = [...new Array(n - r.length).fill(1), ...r];
      const out = shape.map((d, i) => d * rr[i]);
      const y = F.tile(new Variable(x), reps);
      assert.is(label(y), 'Tile');
      assert.equal([...y.shape], out);
      assertClose(y, [...positions(out)].map((p) => at(x, p.slice(n - 2).map((v, i) => v % [2, 3][i]))), { checkShape: false });
      gradientCheck.checkBackward((v) => F.tile(v, reps), [x]);
    }
    gradientCheck.checkDoubleBackward((v) => F.tile(v, [2, 2]).mul(F.tile(v, [2, 2])), [x], [data([4, 6], 8)]);
    assertThrows(() => F.tile(x, [-1]), 'tile', 'reps');
  });

  test('repeat: Chainer examples, gradients summed over the copies', () => {
    const x = array([[1, 2], [3, 4]]);
    assertClose(F.repeat(x, 3, 1), [[1, 1, 1, 2, 2, 2], [3, 3, 3, 4, 4, 4]]);
    assertClose(F.repeat(x, [1, 2], 0), [[1, 2], [3, 4], [3, 4]]);
    assertClose(F.repeat(array([0, 1, 2]), 2), [0, 0, 1, 1, 2, 2]);
    const v = new Variable(data([2, 3], 9));
    const y = F.repeat(v, [2, 0, 1], 1);
    assert.is(label(y), 'Repeat');
    y.grad = array([[1, 2, 3], [4, 5, 6]]);
    y.backward();
    assertClose(v.grad!, [[3, 0, 3], [9, 0, 6]]);
    for (const [reps, axis] of [[2, null], [3, 0], [[1, 3, 2], -1]] as const) {
      gradientCheck.checkBackward((u) => F.repeat(u, reps as number, axis), [data([2, 3], 10)]);
    }
    gradientCheck.checkDoubleBackward((u) => F.repeat(u, 2, 0).mul(F.repeat(u, 2, 0)), [data([2, 3], 11)], [data([4, 3], 12)]);
    assertThrows(() => F.repeat(x, [1, 2, 3], 0), 'repeat', 'repeats');
    assertThrows(() => F.repeat(x, 2, 2), 'repeat', 'axis 2');
  });

  test('repeat of a 0-d x along axis 0 or -1 repeats it as 1-d, as numpy (Chainer 7.8.1\'s forward)', () => {
    // F.repeat(np.float32(1.5) array, 3, 0) is [1.5, 1.5, 1.5] in Chainer, (2,) with axis -1 and
    // (0,) for 0 repeats; its backward there fails on the shapes, the sum of gy here.
    const s = new Variable(array(1.5));
    for (const [reps, axis, want] of [[3, 0, [1.5, 1.5, 1.5]], [[2], -1, [1.5, 1.5]], [0, 0, []]] as const) {
      const y = F.repeat(s, reps as number, axis);
      assert.equal([...y.shape], [want.length]);
      assertClose(y, [...want], { atol: 0, rtol: 0 });
    }
    const y = F.repeat(s, 3, 0);
    y.grad = array([1, 2, 4]);
    y.backward();
    assertClose(s.grad!, 7, { atol: 0, rtol: 0 });
    assertThrows(() => F.repeat(s, 2, 1), 'repeat', 'axis 1');
  });
});

describeBackends('F.cast', (test) => {
  test('float32 -> int32 truncates toward zero (Chainer convention)', () => {
    const y = F.cast(array([-2.7, -0.5, 0.5, 1.9, 3]), 'int32');
    assert.is(y.dtype, 'int32');
    assertClose(y, [-2, 0, 0, 1, 3]);
    assertClose(F.cast(array([1, -2], { dtype: 'int32' }), 'float32'), [1, -2]);
    assert.is(F.cast(array([1, -2], { dtype: 'int32' }), 'float32').dtype, 'float32');
  });

  test('NaN, infinities and values out of the int32 range give -2**31, as numpy\'s astype', () => {
    // Chainer 7.8.1 on numpy 1.24 (x86): F.cast of these float32 values to int32. 2147483647
    // is 2**31 in float32, out of range; eleven values, so the four-lane loop and its tail both meet them.
    const x = array([NaN, Infinity, -Infinity, 3e9, -3e9, 2147483647, -2147483648, 2.7, -2.7, NaN, 1e-30]);
    assert.equal(Array.from(F.cast(x, 'int32').array.dataSync()),
      [-2147483648, -2147483648, -2147483648, -2147483648, -2147483648, -2147483648, -2147483648, 2, -2, -2147483648, 0]);
    assert.equal(Array.from(F.cast(array([1e10, 2147483520, -2147483520]), 'int32').array.dataSync()), [-2147483648, 2147483520, -2147483520]);
  });

  test('node name; the gradient is cast back to the input dtype', () => {
    const x = new Variable(data([3], 13));
    const y = F.cast(x, 'float32');
    assert.is(label(y), 'Cast');
    gradientCheck.checkBackward((v) => F.cast(v, 'float32').mul(F.cast(v, 'float32')), [data([2, 3], 14)]);
    assertThrows(() => F.cast(x, 'float64' as 'float32'), 'cast', 'float64');
  });

  test('an unknown dtype names the two that exist and why, in the same words everywhere', () => {
    const x = new Variable(data([3], 15));
    const why = (fn: () => unknown): string => {
      try { fn(); } catch (e) { return (e as Error).message; }
      return 'no error';
    };
    const message = why(() => F.cast(x, 'float64' as 'float32'));
    assert.ok(message.startsWith("cast: dtype 'float64' is not supported: "), message);
    for (const part of ["'float32'", "'int32'", '32 bits', 'float64', 'int64', 'bool']) assert.ok(message.includes(part), `${part} missing in: ${message}`);
    const explanation = message.slice(message.indexOf('supported: '));
    assert.is(why(() => ops.cast(x.array, 'int64' as 'int32')), `cast: dtype 'int64' is not ${explanation}`);
    assert.is(why(() => zeros([2], { dtype: 'float16' as 'float32' })), `zeros: options.dtype 'float16' is not ${explanation}`);
    assert.is(why(() => array([1], { dtype: 'bool' as 'int32' })), `array: options.dtype 'bool' is not ${explanation}`);
    assert.is(why(() => new initializers.Normal(0.05, { dtype: 'float64' as 'float32' })), `Normal: options.dtype 'float64' is not ${explanation}`);
  });
});

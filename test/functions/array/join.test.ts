import { F, Variable, array, gradientCheck, zeros, type NDArray } from '../../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../../util';
import { positions, product } from '../../array/index-reference';

function data(shape: number[], seed: number): NDArray {
  return array(randomValues(product(shape), seed, -2, 2), { shape });
}

function at(x: NDArray, p: number[]): number {
  let f = 0;
  p.forEach((v, i) => { f = f * x.shape[i] + v; });
  return x.dataSync()[f];
}

/** Concatenation by definition: walk the output, find the input that owns each position. */
function concatRef(xs: NDArray[], axis: number): number[] {
  const shape = [...xs[0].shape];
  shape[axis] = xs.reduce((s, x) => s + x.shape[axis], 0);
  return [...positions(shape)].map((p) => {
    let i = 0, pos = p[axis];
    while (pos >= xs[i].shape[axis]) { pos -= xs[i].shape[axis]; i++; }
    const q = [...p];
    q[axis] = pos;
    return at(xs[i], q);
  });
}

describeBackends('F.concat and F.splitAxis', (test) => {
  test('concat: default axis 1 (Chainer), values, node name and gradients', () => {
    const xs = [data([2, 3, 2], 1), data([2, 1, 2], 2), data([2, 4, 2], 3)];
    const y = F.concat(xs.map((x) => new Variable(x)));
    assert.is(y.creator!.label, 'Concat');
    assert.equal([...y.shape], [2, 8, 2]);
    assertClose(y, concatRef(xs, 1), { checkShape: false });
    gradientCheck.checkBackward((a, b, c) => F.concat([a, b, c]), xs);
    const zs = [data([2, 3], 4), data([1, 3], 5)];
    assertClose(F.concat(zs, 0), concatRef(zs, 0), { checkShape: false });
    gradientCheck.checkBackward((a, b) => F.concat([a, b], -2), zs);
    gradientCheck.checkDoubleBackward((a, b) => F.concat([a, b], 0).mul(2), zs, [data([3, 3], 6)]);
  });

  test('concat errors: mismatched shapes, dtypes, bad axis', () => {
    assertThrows(() => F.concat([zeros([2, 3]), zeros([3, 3])]), 'concat', 'xs[1]', '(3, 3)', 'axis 1');
    assertThrows(() => F.concat([zeros([2, 3]), zeros([2, 3, 1])], 1), 'concat', 'xs[1]');
    assertThrows(() => F.concat([zeros([2, 3]), zeros([2, 3], { dtype: 'int32' })], 0), 'concat', 'int32');
    assertThrows(() => F.concat([zeros([2, 3])], 2), 'concat', 'axis 2');
    assertThrows(() => F.concat([]), 'concat', 'xs');
  });

  test('splitAxis by sections and by points (numpy.split), outputs and gradients', () => {
    const x = data([2, 6, 3], 7);
    const parts = F.splitAxis(new Variable(x), 3, 1);
    assert.is(parts.length, 3);
    assert.is(parts[0].creator!.label, 'SplitAxis');
    parts.forEach((p, i) => {
      assert.equal([...p.shape], [2, 2, 3]);
      assertClose(p, [...positions([2, 2, 3])].map(([a, b, c]) => at(x, [a, 2 * i + b, c])), { checkShape: false });
    });
    const [a, b, c] = F.splitAxis(x, [1, -2], 1);
    assert.equal([a, b, c].map((v) => v.shape[1]), [1, 3, 2]);
    assertClose(c, [...positions([2, 2, 3])].map(([i, j, k]) => at(x, [i, 4 + j, k])), { checkShape: false });
    gradientCheck.checkBackward((v) => F.splitAxis(v, [2, 5], 1), [x]);
    gradientCheck.checkBackward((v) => F.splitAxis(v, 3, -1), [data([2, 3], 8)]);
    // numpy.split clips a negative point below -n to 0: parts of 0 and 6 (and 0, 2 and 4).
    assert.equal(F.splitAxis(x, [-9], 1).map((v) => v.shape[1]), [0, 6]);
    assert.equal(F.splitAxis(x, [-9, 2], 1).map((v) => v.shape[1]), [0, 2, 4]);
  });

  test('splitAxis: an output without a gradient contributes zeros', () => {
    const x = new Variable(data([4, 2], 9));
    const [first] = F.splitAxis(x, [1], 0);
    first.grad = array([[1, 2]]);
    first.backward();
    assertClose(x.grad!, [[1, 2], [0, 0], [0, 0], [0, 0]]);
  });

  test('splitAxis forceTuple false returns the Variable itself for one part', () => {
    const x = data([3, 2], 10);
    const one = F.splitAxis(x, 1, 0, { forceTuple: false });
    assert.ok(one instanceof Variable);
    assert.is(F.splitAxis(x, 1, 0).length, 1);
  });

  test('splitAxis errors', () => {
    const x = data([2, 6], 11);
    assertThrows(() => F.splitAxis(x, 4, 1), 'splitAxis', 'equal');
    assertThrows(() => F.splitAxis(x, [4, 2], 1), 'splitAxis', 'sorted');
    assertThrows(() => F.splitAxis(x, [7], 1), 'splitAxis', 'split point 7', 'axis 1');
    assertThrows(() => F.splitAxis(x, 2, 2), 'splitAxis', 'axis 2');
  });
});

describeBackends('F.stack and F.separate', (test) => {
  test('stack along every axis, node name and gradients', () => {
    const xs = [data([2, 3], 12), data([2, 3], 13), data([2, 3], 14)];
    for (const axis of [0, 1, 2, -1]) {
      const a = (axis + 3) % 3;
      const y = F.stack(xs, axis);
      const shape = [2, 3];
      shape.splice(a, 0, 3);
      assert.equal([...y.shape], shape);
      assertClose(y, [...positions(shape)].map((p) => at(xs[p[a]], p.filter((_, k) => k !== a))), { checkShape: false });
    }
    assert.is(F.stack(xs.map((x) => new Variable(x))).creator!.label, 'Stack');
    gradientCheck.checkBackward((a, b, c) => F.stack([a, b, c], 1), xs);
    gradientCheck.checkDoubleBackward((a, b) => F.stack([a, b], 0).mul(F.stack([b, a], 0)), xs.slice(0, 2), [data([2, 2, 3], 15)]);
  });

  test('stack errors: mismatched shapes or dtypes, bad axis', () => {
    assertThrows(() => F.stack([zeros([2, 3]), zeros([3, 2])]), 'stack', 'xs[1]', '(3, 2)');
    assertThrows(() => F.stack([zeros([2]), zeros([2], { dtype: 'int32' })]), 'stack', 'int32');
    assertThrows(() => F.stack([zeros([2, 3])], 3), 'stack', 'axis 3');
  });

  test('separate undoes stack; missing gradients are zeros', () => {
    const x = data([3, 4], 16);
    const parts = F.separate(new Variable(x), 1);
    assert.is(parts.length, 4);
    assert.is(parts[0].creator!.label, 'Separate');
    parts.forEach((p, j) => assertClose(p, [0, 1, 2].map((i) => at(x, [i, j]))));
    gradientCheck.checkBackward((v) => F.separate(v, 0), [x]);
    gradientCheck.checkBackward((v) => F.separate(v, -1), [x]);
    const v = new Variable(x);
    const [, second] = F.separate(v);
    second.grad = array([1, 2, 3, 4]);
    second.backward();
    assertClose(v.grad!, [[0, 0, 0, 0], [1, 2, 3, 4], [0, 0, 0, 0]]);
    assertThrows(() => F.separate(x, 2), 'separate', 'axis 2');
  });
});

describeBackends('F.hstack, F.vstack, F.dstack', (test) => {
  test('hstack: axis 0 for 1-D inputs, axis 1 otherwise (numpy)', () => {
    assertClose(F.hstack([array([1, 2]), array([3])]), [1, 2, 3]);
    const xs = [data([2, 1, 3], 17), data([2, 2, 3], 18)];
    const y = F.hstack(xs.map((x) => new Variable(x)));
    assert.is(y.creator!.label, 'Hstack');
    assertClose(y, concatRef(xs, 1), { checkShape: false });
    gradientCheck.checkBackward((a, b) => F.hstack([a, b]), xs);
    gradientCheck.checkBackward((a, b) => F.hstack([a, b]), [data([2], 19), data([3], 20)]);
    assertThrows(() => F.hstack([zeros([2, 3]), zeros([3, 3])]), 'hstack', 'xs[1]');
  });

  test('vstack: 1-D inputs become rows', () => {
    assertClose(F.vstack([array([1, 2, 3]), array([4, 5, 6])]), [[1, 2, 3], [4, 5, 6]]);
    const xs = [data([1, 3], 21), data([2, 3], 22)];
    assert.is(F.vstack(xs.map((x) => new Variable(x))).creator!.label, 'Vstack');
    assertClose(F.vstack(xs), concatRef(xs, 0), { checkShape: false });
    gradientCheck.checkBackward((a, b) => F.vstack([a, b]), xs);
    gradientCheck.checkBackward((a, b) => F.vstack([a, b]), [data([3], 23), data([3], 24)]);
    assertThrows(() => F.vstack([zeros([2]), zeros([3])]), 'vstack', 'xs[1]');
    // Chainer's Vstack wants one ndim: a (3,) row with a (2, 3) matrix is an error.
    assertThrows(() => F.vstack([zeros([3]), zeros([2, 3])]), 'vstack', 'xs[1]', '(2, 3)', 'dimensions');
  });

  test('dstack: (n,) -> (1, n, 1), (m, n) -> (m, n, 1)', () => {
    assertClose(F.dstack([array([1, 2]), array([3, 4])]), [[[1, 3], [2, 4]]]);
    assertClose(F.dstack([array([[1], [2]]), array([[3], [4]])]), [[[1, 3]], [[2, 4]]]);
    const xs = [data([2, 2, 1], 25), data([2, 2, 3], 26)];
    assertClose(F.dstack(xs), concatRef(xs, 2), { checkShape: false });
    assert.is(F.dstack(xs.map((x) => new Variable(x))).creator!.label, 'Dstack');
    gradientCheck.checkBackward((a, b) => F.dstack([a, b]), xs);
    gradientCheck.checkBackward((a, b) => F.dstack([a, b]), [data([2, 3], 27), data([2, 3], 28)]);
    assertThrows(() => F.dstack([zeros([2, 3]), zeros([2, 4])]), 'dstack', 'xs[1]');
    assertThrows(() => F.dstack([zeros([3]), zeros([1, 3, 2])]), 'dstack', 'xs[1]', 'dimensions');
    assertThrows(() => F.hstack([zeros([3]), zeros([1, 3])]), 'hstack', 'xs[1]', 'dimensions');
  });
});

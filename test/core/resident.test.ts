// Arrays an owner keeps resident: a parameter's data and gradient, optimizer state. Their
// gradients are written where they accumulate, they are freed when replaced, and using a
// freed one is an error. Gradients are checked against the same graph differentiated by
// grad(), which returns them instead of writing into the parameter.
import { F, L, NDArray, Parameter, Variable, array, backend, fromTyped, grad, optimizers } from '../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../util';

const matrix = (rows: number, cols: number, seed: number) => fromTyped(randomValues(rows * cols, seed), [rows, cols]);
const resident = (p: Parameter) => p.array.backend.isResident(p.array.storage);

describeBackends('resident parameters', (test) => {
  test('data, gradient and optimizer state of a link are resident and counted exactly', () => {
    const before = backend.memory();
    const l = new L.Linear(5, 3);
    const opt = new optimizers.Adam();
    opt.setup(l);
    const x = matrix(4, 5, 1);
    l.cleargrads();
    F.sum(l.forward(x)).backward();
    opt.update();
    assert.ok(resident(l.W) && resident(l.b!));
    assert.ok(l.W.grad!.backend.isResident(l.W.grad!.storage));
    const m = backend.memory();
    // W, b, their gradients, and Adam's m and v of each: 8 arrays of 15 or 3 floats.
    assert.is(m.arrays - before.arrays, 8);
    assert.ok(m.bytes - before.bytes >= 4 * (15 + 3) * 4);
    l.dispose();
    assert.is(backend.memory().arrays, before.arrays, 'dispose() frees all eight');
  });

  test('linear writes gW into the resident gradient: same values as grad(), accumulated over calls and uses', () => {
    const W = new Parameter(matrix(3, 4, 2)), b = new Parameter(array([0.1, -0.2, 0.3]));
    const x1 = new Variable(matrix(6, 4, 3)), x2 = new Variable(matrix(6, 4, 4));
    const c = matrix(6, 3, 5);
    // W is used twice in one graph: the first write overwrites, the second adds.
    const loss = () => F.sum(F.mul(F.add(F.linear(x1, W, b), F.tanh(F.linear(x2, W))), c));
    const [gW, gb] = grad([loss()], [W, b]);
    loss().backward();
    assertClose(W.grad!, gW!.array, { atol: 1e-6 });
    assertClose(b.grad!, gb!.array, { atol: 1e-6 });
    const block = W.grad!.storage;
    loss().backward();
    assertClose(W.grad!, gW!.array.dataSync().map((v) => 2 * v), { atol: 1e-6 });
    assert.ok(W.grad!.storage === block, 'the second backward added in place');
    W.cleargrad();
    assert.is(W.grad, null);
    loss().backward();
    assertClose(W.grad!, gW!.array, { atol: 1e-6 });
  });

  test('embedId scatters its gradient into the resident table gradient', () => {
    const W = new Parameter(matrix(7, 3, 6));
    const ids = array([[1, 4, 1], [6, 0, 4]], { dtype: 'int32' });
    const c = fromTyped(randomValues(2 * 3 * 3, 7), [2, 3, 3]);
    const loss = () => F.sum(F.mul(F.embedId(ids, W), c));
    const [gW] = grad([loss()], [W]);
    loss().backward();
    assertClose(W.grad!, gW!.array, { atol: 1e-6 });
    loss().backward();
    assertClose(W.grad!, gW!.array.dataSync().map((v) => 2 * v), { atol: 1e-6 });
    // Rows no id touched stay exactly zero (a fresh target is cleared first).
    const g = W.grad!.toArray() as number[][];
    for (const r of [2, 3, 5]) assert.equal(g[r], [0, 0, 0]);
  });


  // A gradient already held takes a later gW whole: g + (x w) rounded once, as Chainer adds a
  // function's gradient, never (g + x1 w1) + x2 w2 product by product. Exact, to the bit.
  // Batches at the ends of one k block of the kernels: 64 for up to 32 rows of C, else 256.
  for (const [out, inp, K] of [[5, 9, 6], [5, 9, 64], [5, 9, 65], [5, 9, 256], [40, 9, 256], [40, 9, 257], [1, 9, 6], [5, 1, 6], [1, 1, 3]]) {
    test(`linear adds a later gW (${out}, ${inp}) over batch ${K} to the gradient held as one sum: exactly g + gW`, () => {
      const W = new Parameter(matrix(out, inp, 11));
      const x1 = new Variable(matrix(K, inp, 12)), x2 = new Variable(matrix(K, inp, 13));
      const c1 = matrix(K, out, 14), c2 = matrix(K, out, 15);
      const one = (x: Variable, c: NDArray) => F.sum(F.mul(F.linear(x, W), c));
      const [g1] = grad([one(x1, c1)], [W]), [g2] = grad([one(x2, c2)], [W]);
      const a = g1!.array.toTypedArray() as Float32Array, b = g2!.array.toTypedArray() as Float32Array;
      // Two uses in one graph: the second write adds to the first (a + b = b + a exactly).
      F.add(one(x1, c1), one(x2, c2)).backward();
      assert.equal(Array.from(W.grad!.toTypedArray()), Array.from(a, (v, i) => Math.fround(v + b[i])));
      // Across backward calls: ((a + b) + a) + b.
      W.cleargrad();
      const expected = new Float32Array(a.length);
      for (const [x, c, g] of [[x1, c1, a], [x2, c2, b], [x1, c1, a], [x2, c2, b]] as const) {
        one(x, c).backward();
        for (let i = 0; i < g.length; i++) expected[i] = Math.fround(expected[i] + g[i]);
      }
      assert.equal(Array.from(W.grad!.toTypedArray()), Array.from(expected));
    });
  }

  test('embedId adds a later gW to the gradient held as numpy.add.at into zeros would give it', () => {
    const vocab = 9, dim = 6;
    const W = new Parameter(matrix(vocab, dim, 16));
    const uses = [
      { ids: [[1, 4, 1, 1], [6, 0, 4, 8]], ignore: null },
      { ids: [[4, -1, 2, 4], [4, -1, 7, 1]], ignore: -1 },
    ].map(({ ids, ignore }, u) => ({ ids, ignore, c: fromTyped(randomValues(8 * dim, 17 + u, -4, 4), [2, 4, dim]) }));
    const loss = (u: (typeof uses)[number]) =>
      F.sum(F.mul(F.embedId(array(u.ids, { dtype: 'int32' }), W, { ignoreLabel: u.ignore }), u.c));
    // gW of one use: its rows of gy (= c) added at their ids into zeros, in order; then g + gW.
    const expected = new Float32Array(vocab * dim);
    for (const u of [...uses, ...uses, uses[0]]) {
      const gy = u.c.toTypedArray() as Float32Array, gW = new Float32Array(vocab * dim);
      u.ids.flat().forEach((id, row) => {
        if (id === u.ignore) return;
        for (let j = 0; j < dim; j++) gW[id * dim + j] = Math.fround(gW[id * dim + j] + gy[row * dim + j]);
      });
      for (let i = 0; i < gW.length; i++) expected[i] = Math.fround(expected[i] + gW[i]);
      loss(u).backward();
      assert.equal(Array.from(W.grad!.toTypedArray()), Array.from(expected));
    }
    // Two uses in one graph, into a gradient held already.
    F.add(loss(uses[0]), loss(uses[1])).backward();
    const g = W.grad!.toTypedArray() as Float32Array;
    const [g0] = grad([loss(uses[0])], [W]), [g1] = grad([loss(uses[1])], [W]);
    const a = g0!.array.toTypedArray() as Float32Array, b = g1!.array.toTypedArray() as Float32Array;
    const twoOrders = [Array.from(expected, (v, i) => Math.fround(Math.fround(v + a[i]) + b[i])),
      Array.from(expected, (v, i) => Math.fround(Math.fround(v + b[i]) + a[i]))];
    assert.ok(twoOrders.some((e) => e.every((v, i) => v === g[i])), 'g + gW0 + gW1 in one order or the other');
  });
  test('double backprop keeps the gradient graph instead of a resident copy', () => {
    const W = new Parameter(array([[1.5, -2]]));
    const x = new Variable(array([[0.5, 1], [2, -1]]));
    // y = sum((x w)^2): gW = 2 A w and d/dw sum(gW^2) = 8 A^2 w with A = x^T x.
    F.sum(F.square(F.linear(x, W))).backward({ enableDoubleBackprop: true });
    assert.ok(W.gradVar!.creator !== null, 'the gradient has a creator');
    assertClose(W.grad!, [[18.75, -12.5]]);
    const [ggW] = grad([F.sum(F.square(W.gradVar!))], [W]);
    assertClose(ggW!, [[393.75, -212.5]], { rtol: 1e-5 });
  });

  test('an array replaced or freed by its owner throws when used, and cannot be disposed by hand', () => {
    const p = new Parameter(array([1, 2, 3]));
    const old = p.array;
    assertThrows(() => old.dispose(), /belongs to a Parameter/);
    p.array = array([4, 5, 6]);
    assertClose(p.array, [4, 5, 6]);
    assertThrows(() => old.toArray(), /used after its storage was freed/);
    assertThrows(() => F.relu(old), /used after its storage was freed/);
    const g = (p.grad = array([1, 1, 1]), p.grad!);
    p.cleargrad();
    assertThrows(() => g.toArray(), /freed/);
  });

  test('an array taken from a parameter follows in-place updates, as numpy under Chainer', () => {
    const l = new L.Linear(2, 1, { initialW: array([[1, 2]]) });
    const W = l.W.array;
    const opt = new optimizers.SGD(0.5);
    opt.setup(l);
    l.cleargrads();
    F.sum(l.forward(array([[1, 1]]))).backward();
    opt.update();
    assertClose(W, [[0.5, 1.5]]);
    assert.ok(W === l.W.array, 'the fused update kept the array');
  });
});

// Arrays an owner keeps resident: a parameter's data and gradient, optimizer state. Their
// gradients are written where they accumulate, they are freed when replaced, and using a
// freed one is an error. Gradients are checked against the same graph differentiated by
// grad(), which returns them instead of writing into the parameter.
import { F, L, Parameter, Variable, array, backend, fromTyped, grad, optimizers } from '../../src/index';
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

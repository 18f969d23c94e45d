// saveNpz / loadNpz with the real links, optimizers and iterators: Chainer's key layout,
// exact round trips, and all-or-nothing loading.
import { Chain, F, L, Parameter, Variable, array, iterators, optimizers, random, serializers, training } from '../../src/index';
import { assert, assertThrows, describeBackends } from '../util';
import { assertSameState, stateOf } from './toys';

const { saveNpz, loadNpz, readNpz } = serializers;

class MLP extends Chain {
  l1 = new L.Linear(4, 3);
  l2 = new L.Linear(3, 2);
  override forward(x: Variable): Variable {
    return this.l2.forward(F.tanh(this.l1.forward(x)));
  }
}

/** L.Classifier(MLP), the model of Chainer's MNIST example. */
class Wrapped extends L.Classifier {
  declare predictor: MLP;
  constructor() { super(new MLP()); }
}

const layout = (bytes: Uint8Array) => [...readNpz(bytes)].map(([k, a]) => [k, a.descr, [...a.shape]]);

const twice = (y: Variable): [Variable, Variable] => [y, y];

/** A few Adam steps on a squared loss, so every rule has state. */
function trained(seed: number, steps = 3) {
  random.seed(seed);
  const model = new Wrapped();
  const opt = new optimizers.Adam({ alpha: 0.01 }).setup(model);
  const x = array([[0.5, -1, 2, 0.25], [1, 0, -0.5, 3]]);
  for (let i = 0; i < steps; i++) {
    opt.update(() => F.sum(F.mul(...twice(model.predictor.forward(new Variable(x))))));
  }
  opt.newEpoch();
  return { model, opt, x };
}

describeBackends('serializers with links and optimizers', (test) => {
  test('a Chain saves the keys, dtypes and shapes Chainer writes, and loads back bit for bit', () => {
    random.seed(1);
    const model = new Wrapped();
    const bytes = saveNpz(model);
    assert.equal(layout(bytes), [
      ['predictor/l1/W', '<f4', [3, 4]],
      ['predictor/l1/b', '<f4', [3]],
      ['predictor/l2/W', '<f4', [2, 3]],
      ['predictor/l2/b', '<f4', [2]],
    ]);
    random.seed(2);
    const other = new Wrapped();
    loadNpz(bytes, other);
    assertSameState(stateOf(other), stateOf(model));
  });

  test('BatchNormalization adds gamma, beta, avg_mean, avg_var and the int64 counter N', () => {
    class Net extends Chain { bn = new L.BatchNormalization(3); }
    const net = new Net();
    net.bn.forward(new Variable(array([[1, 2, 3], [3, 1, 0]])));
    net.bn.N = 5;
    const bytes = saveNpz(net);
    const keys = Object.fromEntries(layout(bytes).map(([k, d, s]) => [k as string, [d, s]]));
    assert.equal(keys['bn/gamma'], ['<f4', [3]]);
    assert.equal(keys['bn/beta'], ['<f4', [3]]);
    assert.equal(keys['bn/avg_mean'], ['<f4', [3]]);
    assert.equal(keys['bn/avg_var'], ['<f4', [3]]);
    assert.equal(keys['bn/N'], ['<i8', []]);
    const fresh = new Net();
    loadNpz(bytes, fresh);
    assertSameState(stateOf(fresh), stateOf(net));
    assert.is(fresh.bn.N, 5);
  });

  test('an uninitialized Linear(null, n) takes its shape from the file', () => {
    random.seed(3);
    const model = new Wrapped();
    class Lazy extends Chain { predictor = new (class extends Chain { l1 = new L.Linear(null, 3); l2 = new L.Linear(null, 2); })(); }
    const lazy = new Lazy();
    loadNpz(saveNpz(model), lazy);
    assert.equal([...lazy.predictor.l1.W.shape], [3, 4]);
    assertSameState(stateOf(lazy), stateOf(model));
  });

  test('an uninitialized parameter loaded from an integer file stays float32, as Chainer initializes it and copies the values in', () => {
    const { writeNpz, NpyArray } = serializers;
    const file = writeNpz({
      W: new NpyArray('<i8', [2, 5], BigInt64Array.from({ length: 10 }, (_, k) => BigInt(k - 4))),
      b: new NpyArray('<i4', [2], Int32Array.of(16777217, -3)),
    });
    const lazy = new L.Linear(null, 2);
    loadNpz(file, lazy);
    assert.is(lazy.W.dtype, 'float32');
    assert.equal([...lazy.W.shape], [2, 5]);
    assert.equal(Array.from(lazy.W.array.dataSync()), [-4, -3, -2, -1, 0, 1, 2, 3, 4, 5]);
    // an initialized one too; 2**24 + 1 rounds to the nearest float32 as numpy's cast does
    assert.is(lazy.b!.dtype, 'float32');
    assert.equal(Array.from(lazy.b!.array.dataSync()), [16777216, -3]);
    // copydata casts as numpy.copyto does: integers into floats
    const p = new Parameter(array([1.5, 2.5]));
    p.copydata(array([7, 8], { dtype: 'int32' }));
    assert.is(p.dtype, 'float32');
    assert.equal(Array.from(p.array.dataSync()), [7, 8]);
  });

  test('a mismatched file changes no parameter', () => {
    random.seed(4);
    const model = new Wrapped();
    const before = stateOf(model);
    class Wider extends Chain { predictor = new (class extends Chain { l1 = new L.Linear(5, 3); l2 = new L.Linear(3, 2); l3 = new L.Linear(2, 2); })(); }
    let message = '';
    try { loadNpz(saveNpz(new Wider()), model); } catch (e) { message = (e as Error).message; }
    assert.match(message, "'predictor/l1/W': shape (3, 5) in the file, (3, 4) in the object");
    assert.not.match(message, 'predictor/l3');
    assertSameState(stateOf(model), before);
  });

  test('Adam state round trip: t, epoch, and each parameter\'s m, v, t; training continues identically', () => {
    const { model, opt, x } = trained(5);
    const bytes = saveNpz(opt);
    const entries = Object.fromEntries(layout(bytes).map(([k, d, s]) => [k as string, [d, s]]));
    assert.equal(Object.keys(entries).sort(), [
      'epoch',
      'predictor/l1/W/m', 'predictor/l1/W/t', 'predictor/l1/W/v',
      'predictor/l1/b/m', 'predictor/l1/b/t', 'predictor/l1/b/v',
      'predictor/l2/W/m', 'predictor/l2/W/t', 'predictor/l2/W/v',
      'predictor/l2/b/m', 'predictor/l2/b/t', 'predictor/l2/b/v',
      't',
    ]);
    assert.equal(entries.t, ['<i8', []]);
    assert.equal(entries.epoch, ['<i8', []]);
    assert.equal(entries['predictor/l1/W/t'], ['<i8', []]);
    assert.equal(entries['predictor/l1/W/m'], ['<f4', [3, 4]]);
    assert.equal(entries['predictor/l2/b/v'], ['<f4', [2]]);
    const npz = readNpz(bytes);
    assert.equal(Array.from(npz.get('t')!.data as BigInt64Array), [3n]);
    assert.equal(Array.from(npz.get('epoch')!.data as BigInt64Array), [1n]);

    // a fresh model and optimizer (no state yet) restored from the two files
    random.seed(99);
    const model2 = new Wrapped();
    const opt2 = new optimizers.Adam({ alpha: 0.01 }).setup(model2);
    loadNpz(saveNpz(model), model2);
    loadNpz(bytes, opt2);
    assert.is(opt2.t, 3);
    assert.is(opt2.epoch, 1);
    assert.is(model2.predictor.l1.W.updateRule!.t, 3);
    assertSameState(stateOf(opt2), stateOf(opt));
    const loss = (m: Wrapped) => () => F.sum(F.mul(...twice(m.predictor.forward(new Variable(x)))));
    opt.update(loss(model));
    opt2.update(loss(model2));
    assertSameState(stateOf(model2), stateOf(model));
  });

  test('an optimizer file missing a rule\'s state is refused with the keys listed, unless that rule is disabled', () => {
    const { opt } = trained(6);
    const bytes = saveNpz(opt);
    const npz = readNpz(bytes);
    npz.delete('predictor/l2/b/m');
    npz.delete('predictor/l2/b/v');
    const damaged = serializers.writeNpz(npz);
    random.seed(7);
    const model2 = new Wrapped();
    const opt2 = new optimizers.Adam().setup(model2);
    assertThrows(() => loadNpz(damaged, opt2), "missing key 'predictor/l2/b/m'", "missing key 'predictor/l2/b/v'");
    assert.is(opt2.t, 0);
    assert.is(model2.predictor.l1.W.updateRule!.state, null);
    // Chainer tolerates the missing state of a disabled rule
    model2.predictor.l2.b!.updateRule!.enabled = false;
    loadNpz(damaged, opt2);
    assert.is(opt2.t, 3);
    assert.ok(model2.predictor.l1.W.updateRule!.state);
    assert.is(model2.predictor.l2.b!.updateRule!.state, null);
  });

  test('SerialIterator: Chainer\'s keys with and without shuffling; a bad order restores everything', () => {
    const data = Array.from({ length: 6 }, (_, i) => i);
    const plain = new iterators.SerialIterator(data, 4, { shuffle: false });
    plain.next();
    const plainBytes = saveNpz(plain);
    assert.equal(layout(plainBytes), [
      ['current_position', '<i8', []], ['epoch', '<i8', []], ['is_new_epoch', '|b1', []], ['previous_epoch_detail', '<f8', []],
    ]);
    const plain2 = new iterators.SerialIterator(data, 4, { shuffle: false });
    loadNpz(plainBytes, plain2);
    assert.is(plain2.currentPosition, 4);
    assert.is(plain2.order, null);

    random.seed(8);
    const shuffled = new iterators.SerialIterator(data, 4, { shuffle: true });
    shuffled.next(); shuffled.next();
    const bytes = saveNpz(shuffled);
    assert.equal(layout(bytes)[3], ['order', '<i8', [6]]);
    const restored = new iterators.SerialIterator(data, 4, { shuffle: true });
    loadNpz(bytes, restored);
    assert.equal(Array.from(restored.order!), Array.from(shuffled.order!));
    assert.is(restored.epoch, 1);

    // an order for another dataset size: the iterator's own check fails during the check
    // walk, and the scalars it had assigned from the file are put back
    const small = new iterators.SerialIterator(data.slice(0, 5), 4, { shuffle: true });
    const before = [small.currentPosition, small.epoch, small.isNewEpoch, Array.from(small.order!)];
    assertThrows(() => loadNpz(bytes, small), 'loadNpz', 'nothing was loaded', '6 indices', '5 examples');
    assert.equal([small.currentPosition, small.epoch, small.isNewEpoch, Array.from(small.order!)], before);
  });

  test('DictSummary, whose keys depend on a stored string, loads; a failed load puts it back', () => {
    const summary = new training.DictSummary();
    summary.add({ 'main/loss': 2, 'main/accuracy': 0.5 });
    summary.add({ 'main/loss': 1 });
    const bytes = saveNpz(summary);
    // _names is json.dumps(names), with Python's ', ' separator: '["main/loss", "main/accuracy"]'
    assert.equal(layout(bytes).map(([k, d]) => `${k} ${d}`), [
      '_names <U30', '_summaries/0/_x <f8', '_summaries/0/_x2 <f8', '_summaries/0/_n <i8',
      '_summaries/1/_x <f8', '_summaries/1/_x2 <f8', '_summaries/1/_n <i8',
    ]);
    const restored = new training.DictSummary();
    loadNpz(bytes, restored);
    assert.equal(restored.computeMean(), { 'main/loss': 1.5, 'main/accuracy': 0.5 });

    // a damaged counter: the check walk has already rebuilt the summaries from the file
    // when it finds the problem; the previous ones come back
    const npz = readNpz(bytes);
    npz.set('_summaries/1/_n', new serializers.NpyArray('<f8', [], Float64Array.of(0.5)));
    const other = new training.DictSummary();
    other.add({ 'val/loss': 4 });
    assertThrows(() => loadNpz(serializers.writeNpz(npz), other), "'_summaries/1/_n'", 'integer');
    assert.equal(other.computeMean(), { 'val/loss': 4 });
  });
  test('a float64 file loads into float32 parameters rounded, as in Chainer; shapes stay strict, extra keys are ignored', () => {
    const { writeNpz, NpyArray } = serializers;
    const W = Float64Array.from({ length: 6 }, (_, k) => (k + 1) / 3); // thirds: none is a float32
    const file = (w: Float64Array, shape: number[], extra: Record<string, InstanceType<typeof NpyArray>> = {}) =>
      writeNpz({ W: new NpyArray('<f8', shape, w), b: new NpyArray('<f8', [2], Float64Array.of(0.1, -0.2)), ...extra });
    const l = new L.Linear(3, 2);
    loadNpz(file(W, [2, 3]), l);
    assert.equal(Array.from(l.W.array.dataSync()), Array.from(Float32Array.from(W)));
    assert.equal(Array.from(l.b!.array.dataSync()), Array.from(Float32Array.of(0.1, -0.2)));
    assert.is(l.W.dtype, 'float32');
    assertThrows(() => loadNpz(file(W, [3, 2]), l), 'W', '(3, 2) in the file', '(2, 3) in the object');
    const m = new L.Linear(3, 2);
    loadNpz(file(W, [2, 3], { extra: new NpyArray('<f8', [1], Float64Array.of(1)) }), m);
    assert.equal(Array.from(m.W.array.dataSync()), Array.from(Float32Array.from(W)));
    // a Linear without bias takes W and leaves the file's b alone
    const nobias = new L.Linear(3, 2, { nobias: true });
    loadNpz(file(W, [2, 3]), nobias);
    assert.equal(Array.from(nobias.W.array.dataSync()), Array.from(Float32Array.from(W)));
  });
});

// Two models trained in one process, each with its own generators (initializers, dropout,
// shuffling): interleaving their steps, or drawing from the library's generator in
// between, changes nothing in either.
import { suite } from 'uvu';
import { Chain, F, HostArray, L, datasets, initializers, iterators, optimizers, random, serializers, training, type NDArray, type Variable } from '../../src/index';
import { assert, assertThrows } from '../util';

const test = suite('independent generators');

class Net extends Chain {
  l1: L.Linear;
  l2: L.Linear;
  lastLoss = Number.NaN;
  constructor(private readonly rng: random.Generator) {
    super();
    this.l1 = new L.Linear(3, 16, { initialW: new initializers.Normal(0.5, { rng }) });
    this.l2 = new L.Linear(16, 2, { initialW: new initializers.LeCunNormal(1, { rng }) });
  }
  override forward(x: NDArray, t: NDArray): Variable {
    const d = this.l2.forward(F.dropout(F.relu(this.l1.forward(x)), { ratio: 0.3, rng: this.rng })).sub(t);
    const loss = F.sum(d.mul(d)).div(x.shape[0]);
    this.lastLoss = loss.item();
    return loss;
  }
}

function problem(n: number, seed: number) {
  const g = new random.Generator(seed);
  const x = Float32Array.from({ length: n * 3 }, () => g.random() * 2 - 1);
  const t = Float32Array.from({ length: n * 2 }, (_, k) => x[Math.floor(k / 2) * 3] * (k % 2 ? 1 : -1) + 0.1 * x[Math.floor(k / 2) * 3 + 2]);
  return new datasets.TupleDataset(new HostArray(x, [n, 3]), new HostArray(t, [n, 2]));
}

/** A training loop whose every random draw comes from generators seeded with `seed`. */
function loop(seed: number) {
  const model = new Net(new random.Generator(seed));
  const iterator = new iterators.SerialIterator(problem(20, 5), 6, { rng: new random.Generator(seed + 1000) });
  const updater = new training.updaters.StandardUpdater(iterator, new optimizers.Adam({ alpha: 0.01 }).setup(model));
  const losses: number[] = [];
  return { losses, step: () => { updater.update(); losses.push(model.lastLoss); } };
}

const STEPS = 14; // four epochs and a bit: several shuffles

test('two loops interleaved in one process each repeat their solo run exactly', () => {
  random.seed(0);
  const defaultBefore = random.defaultGenerator.getState();
  const soloA = loop(1), soloB = loop(2);
  for (let i = 0; i < STEPS; i++) soloA.step();
  for (let i = 0; i < STEPS; i++) soloB.step();
  // nothing drew from the library's generator
  assert.equal(Array.from(random.defaultGenerator.getState()), Array.from(defaultBefore));
  assert.not.equal(soloA.losses, soloB.losses);

  random.seed(12345);
  const a = loop(1);
  random.uniform([100]);
  const b = loop(2);
  for (let i = 0; i < STEPS; i++) {
    a.step();
    F.dropout(random.uniform([50])); // the library's generator, in between
    b.step();
    b.step();
    a.step();
  }
  assert.equal(a.losses.slice(0, STEPS), soloA.losses);
  assert.equal(b.losses.slice(0, STEPS), soloB.losses);
});

test('a model that serializes its generator saves and restores it with its parameters', () => {
  class Saving extends Net {
    constructor(readonly own: random.Generator) { super(own); }
    override serialize(s: serializers.Serializer): void {
      super.serialize(s);
      this.own.serialize(s);
    }
  }
  const model = new Saving(new random.Generator(8));
  model.own.random();
  const bytes = serializers.saveNpz(model);
  assert.ok(serializers.readNpz(bytes).has('random_state'));
  const expected = [model.own.random(), model.own.random()];
  const copy = new Saving(new random.Generator(9));
  serializers.loadNpz(bytes, copy);
  assert.equal([copy.own.random(), copy.own.random()], expected);
});

test('Chainer\'s initializers take rng; generator, the former name, still works', () => {
  const fromRng = new initializers.Normal(1, { rng: new random.Generator(4) }).generate([5]).dataSync();
  const g = new random.Generator(4);
  assert.equal(Array.from(fromRng), Array.from({ length: 5 }, () => Math.fround(g.normal())));
  const fromGenerator = new initializers.Normal(1, { generator: new random.Generator(4) }).generate([5]).dataSync();
  assert.equal(Array.from(fromGenerator), Array.from(fromRng));
  assertThrows(() => new initializers.Normal(1, { rng: 3 as never }), 'Normal', 'rng must be a random.Generator');
  assertThrows(() => new initializers.Normal(1, { rng: new random.Generator(1), generator: new random.Generator(2) }), 'Normal', 'rng and generator');
});

test.run();

// random.seed(n) is numpy.random.seed(n): the generator is numpy's legacy RandomState
// (MT19937, 53-bit doubles, the polar method for normals, masked rejection for integers),
// so that a seeded kusari script draws the numbers the same Chainer script draws. The
// expected values are numpy 2.4's and Chainer 7.8.1's (run with numpy.random.seed(n)).
import { Chain, F, L, array, datasets, fromTyped, initializers, iterators, optimizers, random, usingConfig } from '../../src/index';
import { assert, assertClose, assertThrows, describeBackends } from '../util';

const exact = { atol: 0, rtol: 0 };

describeBackends('random: numpy RandomState streams, and Chainer runs seeded alike', (test) => {
  test('Generator(0) draws numpy.random.RandomState(0)\'s normals, doubles, integers and permutations', () => {
    const g = new random.Generator(0);
    assert.equal(Array.from({ length: 7 }, () => g.normal()),
      [1.764052345967664, 0.4001572083672233, 0.9787379841057392, 2.240893199201458, 1.8675579901499675, -0.977277879876411, 0.9500884175255894]);
    assert.equal([g.random(), g.random(), g.random()], [0.9636627605010293, 0.3834415188257777, 0.7917250380826646]);
    assert.equal(Array.from({ length: 5 }, () => g.randint(10)), [7, 8, 1, 5, 9]);
    assert.equal(Array.from(g.permutation(10)), [5, 1, 9, 2, 6, 7, 0, 3, 4, 8]);
    assert.equal(Array.from({ length: 3 }, () => 0.1 * g.normal()), [-0.01513572082976979, 0.14940790731576062, -0.020515826376580087]);
    // an array seed (init_by_array) and the largest integer seed
    const a = new random.Generator([1, 2, 3]);
    assert.equal([a.random(), a.random()], [0.6098612722867289, 0.8866970434146851]);
    const b = new random.Generator(2 ** 32 - 1);
    assert.equal([b.randint(2 ** 31), b.randint(2 ** 31), b.randint(2 ** 31)], [419326371, 479346978, 1771170828]);
    random.seed(5);
    assertClose(random.uniform([4], -0.3, 0.3), [-0.16680409014225006, 0.22243937849998474, -0.17596851289272308, 0.25116655230522156], exact);
  });

  test('seeds numpy refuses are errors; the state (with the cached normal) round-trips', () => {
    for (const bad of [-1, 2 ** 32, 1.5, NaN]) assertThrows(() => random.seed(bad), 'random.seed', 'between 0 and 2**32 - 1', String(bad));
    assertThrows(() => random.seed([]), 'random.seed');
    const g = new random.Generator(3);
    g.normal(); // the polar method made two: one is cached
    const state = g.getState();
    assert.is(state.length, 628);
    const next = [g.normal(), g.normal(), g.random()];
    g.normal();
    g.setState(state);
    assert.equal([g.normal(), g.normal(), g.random()], next);
    assertThrows(() => g.setState(new Uint32Array(4)), 'Generator.setState', '628');
  });

  test('a seeded Chainer script draws the same weights: Linear, LSTM (gate blocks lateral then upward), Orthogonal', () => {
    random.seed(0);
    assertClose(new L.Linear(3, 4).W, [1.018476128578186, 0.23103086650371552, 0.565074622631073, 1.2937803268432617, 1.078235149383545,
      -0.5642316341400146, 0.5485337972640991, -0.0873861238360405, -0.059593431651592255, 0.23705916106700897, 0.08316359668970108, 0.8396251797676086], exact);
    random.seed(2);
    const lstm = new L.LSTM(3, 2);
    assertClose(lstm.upward.W, [-1.0354405641555786, -0.48598307371139526, 0.2903387248516083, -0.7189674377441406, -0.6108090281486511, -0.5248157978057861,
      0.3112254738807678, -0.3441929519176483, -0.011044997721910477, 0.6783872842788696, -0.4317834973335266, 0.00521073117852211,
      -0.19561895728111267, -0.13636091351509094, -0.3681502938270569, -0.6856682896614075, -0.8205401301383972, -0.08862049132585526,
      0.21387624740600586, 0.7849850058555603, 0.2897473871707916, -0.48740699887275696, 5.635788056679303e-06, 0.31312739849090576], exact);
    assertClose(lstm.lateral.W, [-0.2946923077106476, -0.03978665545582771, -1.5105187892913818, 1.1598466634750366, 0.3899368941783905, 1.620835781097412,
      0.029372787103056908, -0.7904926538467407, -0.6209160685539246, -0.11061566323041916, 0.18142271041870117, -0.6991723775863647,
      -0.19025200605392456, 1.5778145790100098, -1.721640706062317, 0.07970967888832092], exact);
    assertClose(lstm.upward.b!, [0, 0, 1, 0, 0, 0, 1, 0], exact);
    random.seed(5);
    // numpy's QR and kusari's agree to rounding; the signs follow diag(r) in both
    assertClose(new initializers.Orthogonal().generate([3, 4]), [0.19373205304145813, -0.14527687430381775, 1.0672913789749146, -0.11068740487098694,
      0.19388306140899658, 0.9756436347961426, 0.049174487590789795, -0.4670232832431793, 0.6915334463119507, -0.4501399099826813,
      -0.25735896825790405, -0.6803836822509766], { atol: 1e-6, rtol: 0 });
  });

  test('fillRandom gives the numbers of as many random() calls, across the state\'s twists, as numpy\'s random_sample', () => {
    const g = new random.Generator(11), h = new random.Generator(11);
    const v = new Float64Array(1300);
    g.fillRandom(v, 0, 7);
    g.fillRandom(v, 7, 700);
    g.fillRandom(v, 700);
    assert.equal(Array.from(v), Array.from({ length: 1300 }, () => h.random()));
    // numpy.random.RandomState(11).random_sample(1300)
    assert.equal([v[623], v[624], v[1299]], [0.6653974631493444, 0.05542231115273266, 0.0844988522720509]);
    assertClose([v.reduce((s, x) => s + x, 0)], [657.6698956889973], { atol: 1e-9, rtol: 0 });
    // what comes after carries on the same stream
    assert.equal([g.random(), g.nextUint32()], [h.random(), h.nextUint32()]);
  });

  test('fillRandom of many draws (the kernels\' twister) carries on random()\'s stream, as numpy\'s random_sample', () => {
    const g = new random.Generator(11), h = new random.Generator(11);
    // blocks of every size: few (JavaScript), thousands (kernels), more than one output window
    const ends = [5000, 6030, 6033, 76033];
    const v = new Float64Array(76033);
    ends.forEach((end, i) => g.fillRandom(v, i === 0 ? 0 : ends[i - 1], end));
    // numpy.random.RandomState(11).random_sample(76033)
    assert.equal([v[4999], v[6029], v[6032], v[6033 + 65535], v[76032]],
      [0.36116870129934253, 0.026603536751826473, 0.4035399243599418, 0.6426554040278724, 0.11579487268495836]);
    assertClose([v.reduce((s, x) => s + x, 0)], [38017.922782016605], { atol: 1e-7, rtol: 0 });
    const one = Float64Array.from({ length: 76033 }, () => h.random());
    assert.ok(v.every((x, i) => x === one[i]), 'the same numbers as random() one at a time');
    // random.uniform scales them in double precision, then rounds (its samples come in blocks)
    const u = random.uniform([70000], -2, 3, { generator: new random.Generator(11) }).toTypedArray();
    assert.ok(u.every((x, i) => x === Math.fround(-2 + 5 * one[i])), 'uniform(-2, 3) as numpy');
    assert.equal([g.random(), g.nextUint32(), g.normal()], [h.random(), h.nextUint32(), h.normal()]);
  });

  test('fillNormal of many normals (uniforms drawn in blocks of the pairs still needed) is numpy\'s normal', () => {
    const g = new random.Generator(5), h = new random.Generator(5);
    const a = new Float64Array(3), b = new Float64Array(70001), c = new Float64Array(1);
    // an odd count leaves a normal cached for the next call, as numpy's gauss
    g.fillNormal(a); g.fillNormal(b, 0.5); g.fillNormal(c);
    // rs = numpy.random.RandomState(5); rs.normal(size=3); rs.normal(0, 0.5, 70001); rs.normal(size=1); rs.random_sample()
    assert.equal([a[2], b[0], b[300], b[70000], c[0]],
      [2.43077118700778, -0.12604606480153846, 0.25291989594763803, 0.1928512225348034, 0.18933146931984735]);
    assertClose([b.reduce((s, x) => s + x, 0)], [171.0216256801066], { atol: 1e-8, rtol: 0 });
    assert.is(g.random(), 0.2989399631264441);
    const one = [...Array.from({ length: 3 }, () => h.normal()), ...Array.from({ length: 70001 }, () => 0.5 * h.normal()), h.normal()];
    assert.ok([...a, ...b, ...c].every((x, i) => x === one[i]), 'the numbers of normal() one at a time');
    assert.is(h.random(), 0.2989399631264441);
  });

  test('dropout of more elements than one block of draws keeps numpy\'s rand(n) >= ratio', () => {
    random.seed(3);
    random.uniform([5]);
    const y = usingConfig('train', true, () => F.dropout(array(new Float32Array(9000).fill(1)), 0.3)).array.toTypedArray();
    const kept = Array.from(y.keys()).filter((i) => y[i] !== 0);
    // numpy.random.seed(3); rand(5); np.nonzero(rand(9000) >= 0.3)
    assert.is(kept.length, 6220);
    assert.is(kept.reduce((s, i) => s + i, 0), 27866167);
    assert.equal([...kept.slice(0, 8), ...kept.slice(-3)], [0, 4, 6, 7, 9, 10, 12, 14, 8996, 8997, 8999]);
    assertClose(y[0], Math.fround(1 / 0.7), exact);
  });

  test('a seeded Chainer script draws the same dropout masks and iterator orders', () => {
    random.seed(6);
    const y = usingConfig('train', true, () => F.dropout(array([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]), 0.5));
    assertClose(y, [2, 0, 6, 0, 0, 12, 14, 0, 0, 20, 0, 24], exact);
    random.seed(7);
    const it = new iterators.SerialIterator([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4);
    assert.equal(Array.from({ length: 6 }, () => it.next()), [[8, 5, 0, 2], [1, 9, 7, 3], [6, 4, 1, 3], [2, 5, 9, 0], [4, 6, 7, 8], [2, 4, 1, 9]]);
    random.seed(21);
    const odd = new iterators.SerialIterator([0, 1, 2, 3, 4, 5, 6], 3);
    assert.equal(Array.from({ length: 7 }, () => odd.next()), [[6, 2, 3], [5, 4, 0], [1, 5, 0], [1, 6, 2], [4, 3, 3], [6, 2, 5], [1, 4, 0]]);
  });

  test('a seeded training run (initial weights, shuffling, dropout, SGD) follows Chainer\'s losses', () => {
    class MLP extends Chain {
      l1 = new L.Linear(4, 8);
      l2 = new L.Linear(8, 3);
      override forward(x: Parameters<L.Linear['forward']>[0]) { return this.l2.forward(F.dropout(F.relu(this.l1.forward(x)), 0.3)); }
    }
    random.seed(24);
    const model = new L.Classifier(new MLP());
    const opt = new optimizers.SGD({ lr: 0.1 }).setup(model);
    const X = Float32Array.from({ length: 40 }, (_, i) => Math.fround((i % 7) / 7));
    const T = Int32Array.from({ length: 10 }, (_, i) => i % 3);
    const it = new iterators.SerialIterator(new datasets.TupleDataset(fromTyped(X, [10, 4]), fromTyped(T, [10])), 4);
    const losses: number[] = [];
    for (let k = 0; k < 6; k++) {
      const [x, t] = datasets.concatExamples(it.next()) as [never, never];
      const loss = model.forward(x, t);
      model.cleargrads();
      loss.backward();
      opt.update();
      losses.push(loss.item());
    }
    assertClose(losses, [1.0036730766296387, 1.5467785596847534, 1.5888022184371948, 1.2061004638671875, 1.250740885734558, 1.3745375871658325], { atol: 0, rtol: 3e-7 });
  });
});

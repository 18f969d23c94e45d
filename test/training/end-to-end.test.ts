import { suite } from 'uvu';
import { training, iterators, datasets, optimizers, L, F, Chain, Variable, HostArray, array, random, report, type NDArray } from '../../src/index';
import { assert, assertClose } from '../util';

const test = suite('training end to end');

/** Linear regression y = x W^T + b, reporting its mean squared error as 'loss'. */
class Regressor extends Chain {
  l = new L.Linear(3, 1);
  override forward(x: NDArray, t: NDArray): Variable {
    const y = this.l.forward(x) as Variable;
    const d = y.sub(t);
    const loss = F.sum(d.mul(d)).div(y.shape[0]);
    report({ loss }, this);
    return loss;
  }
}

/** 32 examples of t = x . (1, -2, 0.5) + 0.3 with x in [-1, 1). */
function problem(n = 32) {
  const x = new Float32Array(n * 3), t = new Float32Array(n);
  const g = new random.Generator(11);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 3; j++) x[i * 3 + j] = g.random() * 2 - 1;
    t[i] = x[i * 3] - 2 * x[i * 3 + 1] + 0.5 * x[i * 3 + 2] + 0.3;
  }
  return new datasets.TupleDataset(new HostArray(x, [n, 3]), new HostArray(t, [n, 1]));
}

test('StandardUpdater + SGD learn a linear map; LogReport sees main/loss and validation/main/loss', () => {
  random.seed(0);
  const model = new Regressor();
  const optimizer = new optimizers.SGD({ lr: 0.2 }).setup(model);
  const [train, valid] = datasets.splitDatasetRandom(problem(), 24, 1);
  const trainIter = new iterators.SerialIterator(train, 6);
  const updater = new training.updaters.StandardUpdater(trainIter, optimizer);
  const trainer = new training.Trainer(updater, [20, 'epoch'], { out: '' });
  const losses: number[] = [];
  trainer.extend((t) => { losses.push((t.observation['main/loss'] as Variable).item()); }, { name: 'collect' });
  trainer.extend(new training.extensions.Evaluator(new iterators.SerialIterator(valid, 4, { repeat: false, shuffle: false }), model));
  const log = new training.extensions.LogReport({ logName: null });
  trainer.extend(log);
  trainer.run();
  assert.is(updater.iteration, 80);
  assert.is(updater.epoch, 20);
  assert.is(optimizer.epoch, 20);
  assert.is(log.log.length, 20);
  assert.equal(Object.keys(log.log[0]), ['main/loss', 'validation/main/loss', 'epoch', 'iteration', 'elapsed_time']);
  // Each entry is the mean of the losses of its epoch's four iterations.
  for (let e = 0; e < 20; e++) {
    assertClose(log.log[e]['main/loss'], losses.slice(4 * e, 4 * e + 4).reduce((a, b) => a + b) / 4, { rtol: 1e-6 });
  }
  assert.ok(log.log[19]['main/loss'] < log.log[0]['main/loss'] / 50, JSON.stringify(log.log.map((e) => e['main/loss'])));
  assert.ok(log.log[19]['validation/main/loss'] < 1e-2);
  assertClose(model.l.W.array, [[1, -2, 0.5]], { atol: 0.1 });
});

test('StandardUpdater with a device moves the model there, as Chainer\'s to_device', () => {
  const model = new Regressor();
  const moved: string[] = [];
  const toDevice = model.toDevice.bind(model);
  model.toDevice = (device) => { moved.push(device); return toDevice(device); };
  const optimizer = new optimizers.SGD().setup(model);
  new training.updaters.StandardUpdater(new iterators.SerialIterator(problem(), 4), optimizer);
  assert.equal(moved, []);
  const updater = new training.updaters.StandardUpdater(new iterators.SerialIterator(problem(), 4), optimizer, { device: 'wasm' });
  assert.equal(moved, ['wasm']);
  assert.is(model.l.W.array.device, 'wasm');
  updater.update();
  assert.is(updater.iteration, 1);
});

test('shuffling and initialization follow random.seed: two runs give the same losses', () => {
  const run = () => {
    random.seed(3);
    const model = new Regressor();
    const optimizer = new optimizers.SGD({ lr: 0.1 }).setup(model);
    const updater = new training.updaters.StandardUpdater(new iterators.SerialIterator(problem(), 5), optimizer);
    const trainer = new training.Trainer(updater, [15, 'iteration'], { out: '' });
    const losses: number[] = [];
    trainer.extend((t) => { losses.push((t.observation['main/loss'] as Variable).item()); }, { name: 'collect' });
    trainer.run();
    return losses;
  };
  const a = run(), b = run();
  assert.is(a.length, 15);
  assert.equal(a, b);
});

test('a custom converter and loss function', () => {
  random.seed(1);
  const model = new Regressor();
  const optimizer = new optimizers.SGD().setup(model);
  const calls: number[] = [];
  const updater = new training.updaters.StandardUpdater(new iterators.SerialIterator(problem(8), 4), optimizer, {
    converter: (batch, device) => {
      calls.push(batch.length);
      return datasets.concatExamples(batch, device);
    },
    lossFunc: (x: NDArray, t: NDArray) => model.forward(x, t).mul(2),
  });
  updater.update();
  updater.update();
  assert.equal(calls, [4, 4]);
  assert.is(updater.iteration, 2);
  assert.is(updater.isNewEpoch, true);
  assert.is(optimizer.t, 2);
});

test('a seeded run follows Chainer 7.8.1 epoch by epoch: lazy Linear, dropout, shuffling, Adam, Evaluator, LogReport', () => {
  // The same script under Chainer 7.8.1 (numpy 1.24) after numpy.random.seed(0) logs these
  // values: the accuracies to the bit, the losses within an ulp (a float32 sum of a batch's
  // terms rounds in another order than numpy's now and then; LogReport averages in double).
  class MLP extends Chain {
    l1 = new L.Linear(null, 16);
    l2 = new L.Linear(16, 16);
    l3 = new L.Linear(16, 3);
    override forward(x: NDArray): Variable {
      const h = F.relu(this.l2.forward(F.dropout(F.relu(this.l1.forward(x)), 0.2)));
      return this.l3.forward(h);
    }
  }
  // X = (arange(750).reshape(150, 5) * 0.37) % 1 in float32, T = int32(X.sum(1) * 3) % 3
  const X = Float32Array.from({ length: 750 }, (_, i) => Math.fround(i * Math.fround(0.37)) % 1);
  const T = Int32Array.from({ length: 150 }, (_, r) => {
    let s = 0;
    for (let c = 0; c < 5; c++) s = Math.fround(s + X[r * 5 + c]);
    return Math.trunc(Math.fround(s * 3)) % 3;
  });
  const train = new datasets.TupleDataset(new HostArray(X.slice(0, 600), [120, 5]), new HostArray(T.slice(0, 120), [120]));
  const test = new datasets.TupleDataset(new HostArray(X.slice(600), [30, 5]), new HostArray(T.slice(120), [30]));
  random.seed(0);
  const model = new L.Classifier(new MLP());
  const optimizer = new optimizers.Adam().setup(model);
  const updater = new training.updaters.StandardUpdater(new iterators.SerialIterator(train, 32), optimizer);
  const trainer = new training.Trainer(updater, [3, 'epoch'], { out: '' });
  trainer.extend(new training.extensions.Evaluator(new iterators.SerialIterator(test, 32, { repeat: false, shuffle: false }), model));
  const log = new training.extensions.LogReport({ logName: null });
  trainer.extend(log);
  trainer.run();
  const chainer = [
    { 'main/loss': 1.1669460535049438, 'main/accuracy': 0.328125, 'validation/main/loss': 1.121733546257019, 'validation/main/accuracy': 0.23333333432674408, epoch: 1, iteration: 4 },
    { 'main/loss': 1.1645812094211578, 'main/accuracy': 0.296875, 'validation/main/loss': 1.1005465984344482, 'validation/main/accuracy': 0.2666666805744171, epoch: 2, iteration: 8 },
    { 'main/loss': 1.1108098328113556, 'main/accuracy': 0.3203125, 'validation/main/loss': 1.0826680660247803, 'validation/main/accuracy': 0.4333333373069763, epoch: 3, iteration: 12 },
  ];
  assert.is(log.log.length, 3);
  chainer.forEach((expected, e) => {
    const entry = log.log[e];
    assert.equal(Object.keys(entry), [...Object.keys(expected), 'elapsed_time']);
    for (const key of ['main/accuracy', 'validation/main/accuracy', 'epoch', 'iteration'] as const) assert.is(entry[key], expected[key], `epoch ${e + 1} ${key}`);
    for (const key of ['main/loss', 'validation/main/loss'] as const) assertClose(entry[key], expected[key], { atol: 0, rtol: 1.2e-7 });
  });
});

test('a seeded recurrent language model (EmbedID, LSTM, StatefulGRU, dropout, Adam, GradientClipping) follows Chainer 7.8.1 to the bit or an ulp', () => {
  class RNN extends Chain {
    embed = new L.EmbedID(20, 8);
    l1 = new L.LSTM(8, 8);
    l2 = new L.StatefulGRU(8, 8);
    out = new L.Linear(8, 20);
    reset() { this.l1.resetState(); this.l2.resetState(); }
    override forward(x: NDArray): Variable {
      const h = this.l1.forward(F.dropout(this.embed.forward(x), 0.5));
      return this.out.forward(F.dropout(this.l2.forward(F.dropout(h, 0.5)), 0.5));
    }
  }
  random.seed(3);
  const model = new RNN();
  const optimizer = new optimizers.Adam({ alpha: 0.01 }).setup(model);
  optimizer.addHook(new optimizers.GradientClipping(1.0));
  // four sequences of seven ids: (7 i) % 20 in row-major order; the target is the next id
  const column = (t: number) => array(Int32Array.from({ length: 4 }, (_, r) => ((r * 7 + t) * 7) % 20));
  const losses: number[] = [];
  for (let it = 0; it < 3; it++) {
    model.reset();
    let loss: Variable | null = null;
    for (let t = 0; t < 6; t++) {
      const l = F.softmaxCrossEntropy(model.forward(column(t)), column(t + 1));
      loss = loss ? loss.add(l) : l;
    }
    model.cleargrads();
    loss!.backward();
    loss!.unchainBackward();
    optimizer.update();
    losses.push(loss!.item());
  }
  // Chainer 7.8.1 on numpy 1.24, numpy.random.seed(3), the same script. numpy's float32 exp
  // rounds its own way (up to 2 ulp from the correctly rounded value on the machine that
  // made these), so a log-sum-exp added in numpy's order can land an ulp from Chainer's:
  // the third loss is 17.723215 here.
  assert.equal(losses.slice(0, 2), [18.861230850219727, 18.105388641357422]);
  assertClose(losses[2], 17.72321319580078, { atol: 0, rtol: 1.2e-7 });
  assert.equal(Array.from(model.out.W.array.dataSync().slice(0, 5)), [-0.1619044840335846, 0.0571962334215641, -0.2471013367176056, 0.3105771839618683, -0.4274960458278656]);
});

test.run();

import { suite } from 'uvu';
import { training, iterators, datasets, optimizers, L, F, Chain, Variable, HostArray, random, report, type NDArray } from '../../src/index';
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

test.run();

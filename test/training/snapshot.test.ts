import { suite } from 'uvu';
import { training, iterators, datasets, optimizers, serializers, L, F, Chain, Variable, HostArray, random, report, type NDArray } from '../../src/index';
import * as io from '../../src/io/index';
import { assert, assertThrows } from '../util';
import { withTempDir } from '../datasets/tmpdir';

const test = suite('snapshots');

class Regressor extends Chain {
  l = new L.Linear(3, 2);
  override forward(x: NDArray, t: NDArray): Variable {
    const d = this.l.forward(x).sub(t);
    const loss = F.sum(d.mul(d)).div(x.shape[0]);
    report({ loss }, this);
    return loss;
  }
}

function problem(n: number) {
  const g = new random.Generator(5);
  const x = Float32Array.from({ length: n * 3 }, () => g.random() * 2 - 1);
  const t = Float32Array.from({ length: n * 2 }, (_, k) => x[Math.floor(k / 2) * 3] * (k % 2 ? 1 : -1) + 0.1 * x[Math.floor(k / 2) * 3 + 2]);
  return new datasets.TupleDataset(new HostArray(x, [n, 3]), new HostArray(t, [n, 2]));
}

interface Run { trainer: training.Trainer; optimizer: optimizers.MomentumSGD; model: Regressor; losses: number[]; log: training.extensions.LogReport }

/** 20 examples, batches of 5 (4 iterations per epoch), MomentumSGD: the optimizer has state. */
function setup(seed: number, stop: training.TriggerSpec, snapshots: Map<string, Uint8Array>): Run {
  random.seed(seed);
  const model = new Regressor();
  const optimizer = new optimizers.MomentumSGD({ lr: 0.05 }).setup(model);
  const updater = new training.updaters.StandardUpdater(new iterators.SerialIterator(problem(20), 5), optimizer);
  const trainer = new training.Trainer(updater, stop, { out: '' });
  const losses: number[] = [];
  trainer.extend((t) => { losses.push((t.observation['main/loss'] as Variable).item()); }, { name: 'collect' });
  const log = new training.extensions.LogReport({ filename: null });
  trainer.extend(log);
  trainer.extend(training.extensions.snapshot({ writer: (name, _dir, bytes) => { snapshots.set(name, bytes); } }), { trigger: [10, 'iteration'] });
  // After the snapshot at iteration 10 the generator is reseeded, so that the next epoch's
  // shuffle can be reproduced by a resumed run (generator states are not in snapshots, as in Chainer).
  trainer.extend((t) => { if (t.updater.iteration === 10) random.seed(77); }, { name: 'reseed', priority: -200 });
  return { trainer, optimizer, model, losses, log };
}

test('resuming from a snapshot continues exactly: iteration, optimizer state, iterator position, losses', () => {
  const snapshots = new Map<string, Uint8Array>();
  const full = setup(0, [6, 'epoch'], snapshots);
  full.trainer.run();
  assert.is(full.losses.length, 24);
  const bytes = snapshots.get('snapshot_iter_10')!;
  assert.ok(bytes, `snapshots: ${[...snapshots.keys()]}`);
  const keys = [...serializers.readNpz(bytes).keys()];
  for (const k of ['updater/iteration', 'updater/model:main/l/W', 'updater/model:main/l/b', 'updater/optimizer:main/t', 'updater/optimizer:main/epoch',
    'updater/optimizer:main/l/W/v', 'updater/iterator:main/current_position', 'updater/iterator:main/epoch', 'updater/iterator:main/is_new_epoch',
    'updater/iterator:main/order', 'updater/iterator:main/previous_epoch_detail', 'stop_trigger/previous_iteration', 'extensions/LogReport/_log',
    'extension_triggers/_Snapshot/previous_iteration', '_snapshot_elapsed_time']) {
    assert.ok(keys.includes(k), `${k} is not in the snapshot: ${keys.join(', ')}`);
  }
  // A fresh run with other initial weights, loaded from the snapshot, then run to the end.
  const resumed = setup(1234, [6, 'epoch'], new Map());
  serializers.loadNpz(bytes, resumed.trainer);
  assert.is(resumed.trainer.updater.iteration, 10);
  assert.is(resumed.optimizer.t, 10);
  assert.is(resumed.optimizer.epoch, 2);
  assert.is(resumed.log.log.length, 2);
  random.seed(77);
  resumed.trainer.run();
  assert.is(resumed.trainer.updater.iteration, 24);
  assert.equal(resumed.losses, full.losses.slice(10));
  assert.equal(Array.from(resumed.model.l.W.array.dataSync()), Array.from(full.model.l.W.array.dataSync()));
  assert.equal(resumed.log.log.map((e) => [e.epoch, e.iteration, e['main/loss']]), full.log.log.map((e) => [e.epoch, e.iteration, e['main/loss']]));
  assert.is(resumed.optimizer.t, 24);
});

test('snapshot files: the default name pattern, nRetains, autoload, snapshotObject, loading errors', () => {
  if (!io.hasFileSystem()) return;
  withTempDir('kusari-snapshot-', (dir) => {
    random.seed(0);
    const model = new Regressor();
    const optimizer = new optimizers.SGD().setup(model);
    const updater = new training.updaters.StandardUpdater(new iterators.SerialIterator(problem(20), 5), optimizer);
    const trainer = new training.Trainer(updater, [3, 'epoch'], { out: dir });
    trainer.extend(training.extensions.snapshot({ nRetains: 2 }));
    trainer.extend(training.extensions.snapshotObject(model, 'model_epoch_{.updater.epoch}'), { trigger: [1, 'epoch'] });
    trainer.run();
    assert.equal(io.listDir(dir).sort(), ['model_epoch_1', 'model_epoch_2', 'model_epoch_3', 'snapshot_iter_12', 'snapshot_iter_8']);
    const copy = new Regressor();
    serializers.loadNpz(io.joinPath(dir, 'model_epoch_3'), copy);
    assert.equal(Array.from(copy.l.W.array.dataSync()), Array.from(model.l.W.array.dataSync()));

    // autoload: a new trainer picks up the newest snapshot in its output directory.
    random.seed(9);
    const model2 = new Regressor();
    const optimizer2 = new optimizers.SGD().setup(model2);
    let updates = 0;
    const updater2 = new training.updaters.StandardUpdater(new iterators.SerialIterator(problem(20), 5), optimizer2, {
      converter: (batch, device) => { updates++; return datasets.concatExamples(batch, device); },
    });
    const trainer2 = new training.Trainer(updater2, [4, 'epoch'], { out: dir });
    const snap = training.extensions.snapshot({ autoload: true });
    trainer2.extend(snap);
    trainer2.extend(training.extensions.snapshotObject(model2, 'model_epoch_{.updater.epoch}'), { trigger: [1, 'epoch'] });
    trainer2.run();
    assert.is(snap.loadedFrom, io.joinPath(dir, 'snapshot_iter_12'));
    // Every extension must be the same as in the saved trainer (strict loading, as Chainer's).
    assert.is(updates, 4);
    assert.is(updater2.iteration, 16);

    // A snapshot of another kind of trainer does not fit: nothing is loaded and the error says why.
    const other = new training.Trainer(new training.updaters.StandardUpdater(new iterators.SerialIterator(problem(20), 5), new optimizers.SGD().setup(new Regressor())), [1, 'epoch'], { out: dir });
    other.extend(new training.extensions.LogReport());
    assertThrows(() => serializers.loadNpz(io.joinPath(dir, 'snapshot_iter_12'), other), 'loadNpz', 'LogReport');
    assert.is(other.updater.iteration, 0);
  });
});

test.run();

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
  const log = new training.extensions.LogReport({ logName: null });
  trainer.extend(log);
  trainer.extend(training.extensions.snapshot({ writer: (name, _dir, bytes) => { snapshots.set(name, bytes); } }), { trigger: [10, 'iteration'] });
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
    'extension_triggers/_Snapshot/previous_iteration', '_snapshot_elapsed_time', '_random_state', 'updater/iterator:main/random_state']) {
    assert.ok(keys.includes(k), `${k} is not in the snapshot: ${keys.join(', ')}`);
  }
  // A fresh run with other initial weights, loaded from the snapshot, then run to the end.
  const resumed = setup(1234, [6, 'epoch'], new Map());
  serializers.loadNpz(bytes, resumed.trainer);
  assert.is(resumed.trainer.updater.iteration, 10);
  assert.is(resumed.optimizer.t, 10);
  assert.is(resumed.optimizer.epoch, 2);
  assert.is(resumed.log.log.length, 2);
  // the generator's state is in the snapshot: the next epochs are shuffled as in the full run
  resumed.trainer.run();
  assert.is(resumed.trainer.updater.iteration, 24);
  assert.equal(resumed.losses, full.losses.slice(10));
  assert.equal(Array.from(resumed.model.l.W.array.dataSync()), Array.from(full.model.l.W.array.dataSync()));
  assert.equal(resumed.log.log.map((e) => [e.epoch, e.iteration, e['main/loss']]), full.log.log.map((e) => [e.epoch, e.iteration, e['main/loss']]));
  assert.is(resumed.optimizer.t, 24);
});

class DropoutRegressor extends Chain {
  l1 = new L.Linear(3, 16);
  l2 = new L.Linear(16, 2);
  override forward(x: NDArray, t: NDArray): Variable {
    const d = this.l2.forward(F.dropout(F.relu(this.l1.forward(x)), { ratio: 0.3 })).sub(t);
    const loss = F.sum(d.mul(d)).div(x.shape[0]);
    report({ loss }, this);
    return loss;
  }
}

/** A run with shuffling and dropout, both drawing from the default generator; it fails at `crashAt` if given. */
function dropoutRun(seed: number, snapshots: Map<string, Uint8Array>, crashAt = -1) {
  random.seed(seed);
  const model = new DropoutRegressor();
  const optimizer = new optimizers.Adam({ alpha: 0.01 }).setup(model);
  const updater = new training.updaters.StandardUpdater(new iterators.SerialIterator(problem(20), 6), optimizer);
  const trainer = new training.Trainer(updater, [7, 'epoch'], { out: '' });
  const losses: number[] = [];
  trainer.extend((t) => { losses.push((t.observation['main/loss'] as Variable).item()); }, { name: 'collect' });
  trainer.extend(training.extensions.snapshot({ writer: (name, _dir, bytes) => { snapshots.set(name, bytes); } }), { trigger: [5, 'iteration'] });
  trainer.extend((t) => { if (t.updater.iteration === crashAt) throw new Error('power cut'); }, { name: 'crash', priority: -200 });
  return { trainer, losses };
}

test('a run resumed from a snapshot inside an epoch reproduces the uninterrupted one exactly, epoch after epoch (shuffling, dropout)', () => {
  // 20 examples in batches of 6: epochs end inside batches; the snapshot at iteration 5 is in epoch 2
  const full = dropoutRun(0, new Map());
  full.trainer.run();
  assert.is(full.losses.length, 24);
  const snapshots = new Map<string, Uint8Array>();
  const interrupted = dropoutRun(0, snapshots, 7);
  assertThrows(() => interrupted.trainer.run({ showLoopExceptionMsg: false }), 'power cut');
  assert.equal(interrupted.losses, full.losses.slice(0, 7));
  const bytes = snapshots.get('snapshot_iter_5')!;
  assert.equal([...snapshots.keys()], ['snapshot_iter_5']);

  // a fresh process would start from other numbers: another seed, other weights, draws in between
  const resumed = dropoutRun(99, new Map());
  random.uniform([1000]);
  serializers.loadNpz(bytes, resumed.trainer);
  assert.is(resumed.trainer.updater.iteration, 5);
  assert.is(resumed.trainer.updater.epoch, 1);
  resumed.trainer.run();
  // every later loss, to the last bit, through the next five epochs
  assert.equal(resumed.losses, full.losses.slice(5));

  // without the generator's state (a snapshot as Chainer writes it) the losses part ways
  const chainerLike = serializers.readNpz(bytes);
  chainerLike.delete('_random_state');
  chainerLike.delete('updater/iterator:main/random_state');
  const withoutState = dropoutRun(99, new Map());
  serializers.loadNpz(serializers.writeNpz(chainerLike), withoutState.trainer);
  withoutState.trainer.run();
  assert.equal(withoutState.losses.length, 19);
  assert.not.equal(withoutState.losses, full.losses.slice(5));
});

test('a snapshot removes the temporary files that interrupted snapshots left', () => {
  if (!io.hasFileSystem()) return;
  withTempDir('kusari-snapshot-', (dir) => {
    const fs = io.nodeFs()!;
    // snapshot_iter_3's write was interrupted between writing and renaming
    for (const name of ['snapshot_iter_3.tmp-m0abc12-k3j9x', 'snapshot_iter_4.tmp-m0abc13-a1', 'notes.tmp-m0abc12-k3j9x']) fs.writeFileSync(io.joinPath(dir, name), new Uint8Array(1 << 16));
    random.seed(0);
    const model = new Regressor();
    const updater = new training.updaters.StandardUpdater(new iterators.SerialIterator(problem(20), 5), new optimizers.SGD().setup(model));
    const trainer = new training.Trainer(updater, [2, 'epoch'], { out: dir });
    trainer.extend(training.extensions.snapshot());
    trainer.run();
    assert.equal(io.listDir(dir).sort(), ['notes.tmp-m0abc12-k3j9x', 'snapshot_iter_4', 'snapshot_iter_8']);
  });
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
    // Chainer's snapshot(target=model, filename=...): the model's keys alone, as snapshotObject writes.
    trainer.extend(training.extensions.snapshot({ target: model, filename: 'target_{.updater.epoch}' }), { trigger: [3, 'epoch'], name: 'target' });
    trainer.run();
    assert.equal(io.listDir(dir).sort(), ['model_epoch_1', 'model_epoch_2', 'model_epoch_3', 'snapshot_iter_12', 'snapshot_iter_8', 'target_3']);
    assert.equal([...serializers.readNpz(io.readBytes(io.joinPath(dir, 'target_3'))).keys()].sort(), ['l/W', 'l/b']);
    const copy = new Regressor();
    serializers.loadNpz(io.joinPath(dir, 'model_epoch_3'), copy);
    assert.equal(Array.from(copy.l.W.array.dataSync()), Array.from(model.l.W.array.dataSync()));

    // autoload: a new trainer picks up the newest snapshot in its output directory, by its
    // number when both were written within one tick of the file system's clock.
    const fs = io.nodeFs();
    if (fs) {
      const tick = new Date();
      for (const name of ['snapshot_iter_8', 'snapshot_iter_12']) fs.utimesSync(io.joinPath(dir, name), tick, tick);
    }
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
    const generatorBefore = random.defaultGenerator.getState();
    assertThrows(() => serializers.loadNpz(io.joinPath(dir, 'snapshot_iter_12'), other), 'loadNpz', 'LogReport');
    assert.is(other.updater.iteration, 0);
    // the generator's state, read from the file by the check, is put back too
    assert.equal(Array.from(random.defaultGenerator.getState()), Array.from(generatorBefore));
  });
});


test('snapshotObject takes the filename positionally or in the options, as Chainer\'s snapshot_object(target, filename=...)', () => {
  random.seed(0);
  const model = new Regressor();
  const updater = new training.updaters.StandardUpdater(new iterators.SerialIterator(problem(20), 5), new optimizers.SGD().setup(model));
  const trainer = new training.Trainer(updater, [2, 'epoch'], { out: '' });
  const written: string[] = [];
  const writer = (filename: string) => { written.push(filename); };
  trainer.extend(training.extensions.snapshotObject(model, { filename: 'model_{.updater.epoch}', writer }), { name: 'a' });
  trainer.extend(training.extensions.snapshotObject(model, 'pos_{.updater.iteration}', { writer }), { name: 'b' });
  trainer.run();
  assert.equal(written, ['model_1', 'pos_4', 'model_2', 'pos_8']);
  // a filename of another type is refused when the extension is made, not at its first call
  assertThrows(() => training.extensions.snapshotObject(model, { writer } as never), 'snapshotObject', 'filename is required');
  assertThrows(() => training.extensions.snapshotObject(model, 5 as never), 'filename must be a string or a function', '5');
  assertThrows(() => training.extensions.snapshot({ filename: ['x'] as never }), 'filename must be a string or a function');
});

test('a snapshot loads into a trainer without some of its extensions: Chainer\'s load_npz reads only the keys asked for', () => {
  const snapshots = new Map<string, Uint8Array>();
  const full = setup(0, [3, 'epoch'], snapshots);
  full.trainer.run();
  const bytes = snapshots.get('snapshot_iter_10')!;
  assert.ok([...serializers.readNpz(bytes).keys()].includes('extensions/LogReport/_log'));
  // the same model and optimizer, no LogReport and no snapshot extension
  random.seed(77);
  const model = new Regressor();
  const optimizer = new optimizers.MomentumSGD({ lr: 0.05 }).setup(model);
  const updater = new training.updaters.StandardUpdater(new iterators.SerialIterator(problem(20), 5), optimizer);
  const trainer = new training.Trainer(updater, [3, 'epoch'], { out: '' });
  serializers.loadNpz(bytes, trainer);
  assert.is(trainer.updater.iteration, 10);
  assert.is(optimizer.t, 10);
  const npz = serializers.readNpz(bytes);
  assert.equal(Array.from(model.l.W.array.toTypedArray()), Array.from(npz.get('updater/model:main/l/W')!.data as Float32Array));
  // a key the object asks for is still required
  const wider = new training.Trainer(updater, [3, 'epoch'], { out: '' });
  wider.extend(new training.extensions.ExponentialShift('lr', 0.5));
  assertThrows(() => serializers.loadNpz(bytes, wider), "missing key 'extensions/ExponentialShift/_t'");
});

test.run();

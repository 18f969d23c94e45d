import { suite } from 'uvu';
import { training, report, config } from '../../src/index';
import * as io from '../../src/io/index';
import { assert, assertThrows } from '../util';
import { withTempDir } from '../datasets/tmpdir';
import { FakeUpdater } from './fakes';
import { loadFromMemory, saveToMemory } from './memory-serializer';

const test = suite('Trainer');

function named(calls: string[], tag: string) {
  return (trainer: training.Trainer) => { calls.push(`${tag}@${trainer.updater.iteration}`); };
}

test('extensions run after each update by priority, registration order among equals', () => {
  const calls: string[] = [];
  const trainer = new training.Trainer(new FakeUpdater(10), [2, 'iteration'], { out: '' });
  trainer.extend(named(calls, 'reader1'), { name: 'reader1' });
  trainer.extend(named(calls, 'writer'), { name: 'writer', priority: training.PRIORITY_WRITER });
  trainer.extend(named(calls, 'reader2'), { name: 'reader2' });
  trainer.extend(named(calls, 'editor'), { name: 'editor', priority: training.PRIORITY_EDITOR });
  trainer.extend(named(calls, 'late'), { name: 'late', priority: -100 });
  trainer.run();
  assert.equal(calls, ['writer@1', 'editor@1', 'reader1@1', 'reader2@1', 'late@1', 'writer@2', 'editor@2', 'reader1@2', 'reader2@2', 'late@2']);
});

test('triggers select iterations; initialize, callBeforeTraining and finalize hooks', () => {
  const calls: string[] = [];
  class Probe extends training.Extension {
    override priority = training.PRIORITY_WRITER;
    override callBeforeTraining = true;
    call(trainer: training.Trainer) { calls.push(`probe@${trainer.updater.iteration}`); }
    override initialize(trainer: training.Trainer) { calls.push(`init@${trainer.updater.iteration}`); }
    override finalize() { calls.push('finalize'); }
  }
  const updater = new FakeUpdater(3);
  const trainer = new training.Trainer(updater, [2, 'epoch'], { out: '' });
  trainer.extend(new Probe(), { trigger: [1, 'epoch'] });
  trainer.extend(training.makeExtension({ trigger: [2, 'iteration'], initializer: () => calls.push('init-f') }, function every2(t) { calls.push(`every2@${t.updater.iteration}`); }));
  trainer.run();
  assert.equal(calls, ['init@0', 'init-f', 'probe@0', 'every2@2', 'probe@3', 'every2@4', 'probe@6', 'every2@6', 'finalize']);
  assert.is(updater.iteration, 6);
  assert.is(updater.finalized, 1);
  assert.ok(trainer.elapsedTime >= 0);
  assertThrows(() => trainer.run(), 'Trainer.run', 'multiple times');
});

test('callBeforeTraining extensions run only before the first update, not again in a resumed run', () => {
  const calls: string[] = [];
  const make = (stop: number) => {
    const trainer = new training.Trainer(new FakeUpdater(10), [stop, 'iteration'], { out: '' });
    trainer.extend(named(calls, 'pre'), { name: 'pre', trigger: [100, 'iteration'], callBeforeTraining: true });
    return trainer;
  };
  const first = make(2);
  first.run();
  assert.equal(calls, ['pre@0']);
  const resumed = make(4);
  loadFromMemory(saveToMemory(first), resumed);
  resumed.run();
  assert.equal(calls, ['pre@0']);
});

test('LogReport called before training logs that observation, its trigger not consulted', () => {
  const updater = new FakeUpdater(10);
  updater.onUpdate = (i) => report({ 'main/loss': i });
  const trainer = new training.Trainer(updater, [4, 'iteration'], { out: '' });
  trainer.extend((t) => { t.observation['main/loss'] = 100; }, { name: 'pre', priority: training.PRIORITY_WRITER, trigger: [1000, 'iteration'], callBeforeTraining: true });
  const log = new training.extensions.LogReport({ trigger: [2, 'iteration'], logName: null });
  trainer.extend(log, { callBeforeTraining: true });
  trainer.run();
  assert.equal(log.log.map((e) => [e.iteration, e['main/loss']]), [[0, 100], [2, 1.5], [4, 3.5]]);
});

test('extension names: defaults, suffixes for duplicates, the reserved name', () => {
  const trainer = new training.Trainer(new FakeUpdater(2), [1, 'iteration'], { out: '' });
  class MyExt extends training.Extension { call() {} }
  const a = new MyExt(), b = new MyExt();
  trainer.extend(a).extend(b);
  trainer.extend(function myFunction() {});
  trainer.extend(training.makeExtension({ defaultName: 'custom' }, () => {}));
  assert.equal(trainer.extensionNames, ['MyExt', 'MyExt_1', 'myFunction', 'custom']);
  assert.is(a.name, 'MyExt');
  assert.is(b.name, 'MyExt_1');
  assert.is(trainer.getExtension('MyExt_1'), b);
  assertThrows(() => trainer.getExtension('nope'), 'getExtension', 'nope', 'not found');
  assertThrows(() => trainer.extend(() => {}, { name: 'training' }), 'Trainer.extend', '"training"');
  assertThrows(() => trainer.extend(() => {}), 'Trainer.extend', 'name');
});

test('an error in the loop: every onError handler runs, then finalize, then it propagates', () => {
  const calls: string[] = [];
  class Failing extends training.Extension {
    call(trainer: training.Trainer) { if (trainer.updater.iteration === 2) throw new Error('boom at 2'); }
    override onError(_t: training.Trainer, e: unknown) { calls.push(`onError:${(e as Error).message}`); }
    override finalize() { calls.push('finalize'); }
  }
  const updater = new FakeUpdater(10);
  const trainer = new training.Trainer(updater, [5, 'iteration'], { out: '' });
  trainer.extend(new Failing());
  assertThrows(() => trainer.run({ showLoopExceptionMsg: false }), 'boom at 2');
  assert.equal(calls, ['onError:boom at 2', 'finalize']);
  assert.is(updater.finalized, 1);
  assert.is(updater.iteration, 2);
});

test('a fresh observation per iteration, filled by report() during the update and extensions', () => {
  const updater = new FakeUpdater(10);
  updater.onUpdate = (i) => report({ 'main/loss': i * 10 });
  const trainer = new training.Trainer(updater, [3, 'iteration'], { out: '' });
  const seen: Record<string, unknown>[] = [];
  trainer.extend((t) => { report({ extra: 1 }); seen.push({ ...t.observation }); }, { name: 'look' });
  trainer.run();
  assert.equal(seen, [{ 'main/loss': 10, extra: 1 }, { 'main/loss': 20, extra: 1 }, { 'main/loss': 30, extra: 1 }]);
});

test('serialize: Chainer keys for the updater, stop trigger, extensions, their triggers and the elapsed time', () => {
  const updater = new FakeUpdater(4);
  const trainer = new training.Trainer(updater, [3, 'iteration'], { out: '' });
  trainer.extend(new training.extensions.LogReport({ logName: null }));
  trainer.run();
  const store = saveToMemory(trainer);
  const keys = [...store.keys()];
  for (const k of ['updater/iteration', 'stop_trigger/previous_iteration', 'stop_trigger/previous_epoch_detail', 'extensions/LogReport/_log',
    'extensions/LogReport/_trigger/previous_iteration', 'extensions/LogReport/_summary/_names', 'extension_triggers/LogReport/previous_iteration', '_snapshot_elapsed_time']) {
    assert.ok(keys.includes(k), `missing ${k} in ${keys.join(', ')}`);
  }
  const resumed = new training.Trainer(new FakeUpdater(4), [6, 'iteration'], { out: '' });
  resumed.extend(new training.extensions.LogReport({ logName: null }));
  loadFromMemory(store, resumed);
  assert.is(resumed.updater.iteration, 3);
  const before = store.get('_snapshot_elapsed_time')!.value as number;
  resumed.run();
  assert.is(resumed.updater.iteration, 6);
  assert.ok(resumed.elapsedTime >= before);
});

test('the output directory is created when training starts', () => {
  if (!io.hasFileSystem()) return;
  withTempDir('kusari-trainer-', (dir) => {
    const out = io.joinPath(dir, 'result', 'run1');
    new training.Trainer(new FakeUpdater(1), [1, 'iteration'], { out }).run();
    assert.ok(io.exists(out));
  });
  assert.is(config.keepGraphOnReport ?? false, false);
});

test.run();

const asyncTest = suite('Trainer.runAsync');

asyncTest('runAsync runs the same loop, yielding to the event loop between iterations', async () => {
  const updater = new FakeUpdater(2);
  let ticks = 0;
  const timer = setInterval(() => { ticks++; }, 0);
  updater.onUpdate = () => { const end = performance.now() + 2; while (performance.now() < end) { /* busy */ } };
  const trainer = new training.Trainer(updater, [20, 'iteration'], { out: '' });
  const calls: number[] = [];
  trainer.extend((t) => { calls.push(t.updater.iteration); }, { name: 'count', trigger: [5, 'iteration'] });
  await trainer.runAsync({ yieldEvery: 5 });
  clearInterval(timer);
  assert.equal(calls, [5, 10, 15, 20]);
  assert.ok(ticks > 0, 'timers ran while training');
  await assertRejects(() => trainer.runAsync(), 'multiple times');
});

async function assertRejects(fn: () => Promise<unknown>, text: string) {
  try { await fn(); } catch (e) { assert.ok(String((e as Error).message).includes(text)); return; }
  assert.unreachable('expected a rejection');
}

asyncTest.run();

import { suite } from 'uvu';
import { training, serializers } from '../../src/index';
import { readNpz } from '../../src/serializers/npz';
import { assert, assertThrows } from '../util';
import { loadFromMemory, saveToMemory } from './memory-serializer';

const test = suite('triggers');

/** A stand-in trainer whose updater advances `perIteration` epochs per update. */
function fakeTrainer(epochSize: number, batchSize: number) {
  const updater = {
    iteration: 0,
    get epochDetail() { return (this.iteration * batchSize) / epochSize; },
    get epoch() { return Math.floor(this.epochDetail); },
    previousEpochDetail: null as number | null,
  };
  const trainer = { updater, observation: {} as Record<string, unknown> };
  const step = () => { updater.previousEpochDetail = updater.epochDetail; updater.iteration++; };
  return { trainer: trainer as unknown as training.Trainer, step, updater };
}

function firings(trigger: training.Trigger, fake: ReturnType<typeof fakeTrainer>, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    fake.step();
    if (trigger.call(fake.trainer)) out.push(fake.updater.iteration);
  }
  return out;
}

test('IntervalTrigger: every N iterations', () => {
  const t = new training.IntervalTrigger(3, 'iteration');
  assert.equal(firings(t, fakeTrainer(10, 1), 10), [3, 6, 9]);
  assert.equal(t.getTrainingLength(), [3, 'iteration']);
});

test('IntervalTrigger: epochs fire at the iteration that crosses the boundary', () => {
  // 10 examples, batches of 4: epoch detail 0.4, 0.8, 1.2, 1.6, 2.0, 2.4 ...
  const t = new training.IntervalTrigger(1, 'epoch');
  assert.equal(firings(t, fakeTrainer(10, 4), 8), [3, 5, 8]);
  const t2 = new training.IntervalTrigger(2, 'epoch');
  assert.equal(firings(t2, fakeTrainer(10, 4), 10), [5, 10]);
  assertThrows(() => new training.IntervalTrigger(1, 'epochs' as 'epoch'), 'IntervalTrigger', "'epoch' or 'iteration'");
  assertThrows(() => new training.IntervalTrigger(0, 'epoch'), 'IntervalTrigger', 'period');
});

test('IntervalTrigger: getTrigger accepts [period, unit] and functions; state round-trips', () => {
  const t = training.getTrigger([2, 'iteration']);
  assert.ok(t instanceof training.IntervalTrigger);
  const fake = fakeTrainer(10, 1);
  firings(t, fake, 3);
  const restored = new training.IntervalTrigger(2, 'iteration');
  loadFromMemory(saveToMemory(t), restored);
  assert.equal([...saveToMemory(t).keys()], ['previous_iteration', 'previous_epoch_detail']);
  assert.equal(firings(restored, fake, 3), [4, 6]);
  const f = training.getTrigger((trainer) => trainer.updater.iteration === 2);
  assert.equal(firings(f, fakeTrainer(10, 1), 4), [2]);
  assert.is(training.getTrigger(null).call(fake.trainer), false);
});

test('ManualScheduleTrigger: fires at the listed points and then is finished', () => {
  const t = new training.ManualScheduleTrigger([2, 5], 'iteration');
  const fake = fakeTrainer(10, 1);
  assert.equal(firings(t, fake, 4), [2]);
  assert.is(t.finished, false);
  assert.equal(firings(t, fake, 4), [5]);
  assert.is(t.finished, true);
  // Epoch points between iterations: 10 examples, batches of 4.
  const e = new training.ManualScheduleTrigger([0.5, 1], 'epoch');
  assert.equal(firings(e, fakeTrainer(10, 4), 6), [2, 3]);
  assert.equal([...saveToMemory(e).keys()], ['previous_iteration', 'previous_epoch_detail', 'finished']);
  // no points, as Chainer accepts them: never fires, never finished
  const none = new training.ManualScheduleTrigger([], 'iteration');
  assert.equal(firings(none, fakeTrainer(10, 1), 5), []);
  assert.is(none.finished, false);
});

test('MinValueTrigger keeps best_value as Chainer: None before the first check, a float64 after', () => {
  const trigger = new training.MinValueTrigger('main/loss', [2, 'iteration']);
  const fake = fakeTrainer(10, 1);
  fake.step();
  fake.trainer.observation = { 'main/loss': 3 };
  trigger.call(fake.trainer);
  const before = serializers.saveNpz(trigger);
  assert.is(readNpz(before).get('best_value')!.descr, '|O');
  // a file with None (as Chainer writes it) loads, strictly, as no best value yet
  const fresh = new training.MinValueTrigger('main/loss', [2, 'iteration']);
  serializers.loadNpz(before, fresh);
  assert.is(fresh.best, null);
  fake.step();
  fake.trainer.observation = { 'main/loss': 1 };
  assert.ok(trigger.call(fake.trainer));
  const after = serializers.saveNpz(trigger);
  assert.equal([readNpz(after).get('best_value')!.descr, Array.from(readNpz(after).get('best_value')!.data as Float64Array)], ['<f8', [2]]);
  serializers.loadNpz(after, fresh);
  assert.is(fresh.best, 2);
  serializers.loadNpz(before, fresh);
  assert.is(fresh.best, null);
});

test('MinValueTrigger and MaxValueTrigger: new best of the mean over each interval', () => {
  const values = [5, 3, 4, 4, 1, 1, 2, 6];
  const run = (trigger: training.Trigger) => {
    const fake = fakeTrainer(2, 1);
    const fired: number[] = [];
    for (const v of values) {
      fake.step();
      fake.trainer.observation = { 'validation/main/loss': v };
      if (trigger.call(fake.trainer)) fired.push(fake.updater.iteration);
    }
    return fired;
  };
  // Means per epoch (two iterations each): 4, 4, 1, 4.
  assert.equal(run(new training.MinValueTrigger('validation/main/loss')), [2, 6]);
  assert.equal(run(new training.MaxValueTrigger('validation/main/loss')), [2]);
  // Chainer's MaxValueTrigger(key, trigger=(2, 'iteration')): the trigger as an option too.
  // Chainer 7.8.1 fires at iterations 2, 4, 8 for these values checked every 2 iterations.
  const accuracies = [0.1, 0.5, 0.3, 0.6, 0.2, 0.6, 0.9, 0.1];
  const runOn = (trigger: training.Trigger) => {
    const fake = fakeTrainer(4, 1);
    const fired: number[] = [];
    for (const v of accuracies) {
      fake.step();
      fake.trainer.observation = { acc: v };
      if (trigger.call(fake.trainer)) fired.push(fake.updater.iteration);
    }
    return fired;
  };
  assert.equal(runOn(new training.MaxValueTrigger('acc', { trigger: [2, 'iteration'] })), [2, 4, 8]);
  assert.equal(runOn(new training.MinValueTrigger('acc', { trigger: [2, 'iteration'] })), [2]);
  assert.equal(runOn(new training.MaxValueTrigger('acc', [2, 'iteration'])), [2, 4, 8]);
  assertThrows(() => new training.MaxValueTrigger('acc', { interval: [2, 'iteration'] } as never), 'MaxValueTrigger', 'interval');
  const missing = new training.MaxValueTrigger('main/accuracy', [1, 'iteration']);
  const fake = fakeTrainer(2, 1);
  fake.step();
  assertThrows(() => missing.call(fake.trainer), 'MaxValueTrigger', "'main/accuracy'");
});

test('EarlyStoppingTrigger: stops after patience checks without improvement', () => {
  const t = new training.triggers.EarlyStoppingTrigger({ monitor: 'main/loss', patience: 2, checkTrigger: [1, 'iteration'], maxTrigger: [100, 'iteration'] });
  const fake = fakeTrainer(10, 1);
  const losses = [3, 2, 2.5, 2.1, 2.2];
  const fired: number[] = [];
  for (const l of losses) {
    fake.step();
    fake.trainer.observation = { 'main/loss': l };
    if (t.call(fake.trainer)) fired.push(fake.updater.iteration);
  }
  assert.equal(fired, [4, 5]);
  assert.equal(t.getTrainingLength(), [100, 'iteration']);
  // Chainer's alias 'patients'
  assert.is(new training.triggers.EarlyStoppingTrigger({ patients: 5 }).patience, 5);
  assertThrows(() => new training.triggers.EarlyStoppingTrigger({ patience: 2, patients: 5 }), 'EarlyStoppingTrigger', 'patients', 'alias');
});

test('OnceTrigger fires once', () => {
  const t = new training.triggers.OnceTrigger();
  const fake = fakeTrainer(10, 1);
  assert.equal(firings(t, fake, 3), [1]);
  assert.ok(t.finished);
  // Chainer's key; a resumed one fires again only with callOnResume
  const store = saveToMemory(t);
  assert.equal([...store.entries()].map(([k, v]) => [k, v.value]), [['_flag_first', false]]);
  const resumed = new training.triggers.OnceTrigger();
  loadFromMemory(store, resumed);
  assert.equal(firings(resumed, fake, 2), []);
  const again = new training.triggers.OnceTrigger(true);
  loadFromMemory(store, again);
  assert.equal(firings(again, fake, 2), [6]);
  // Chainer's OnceTrigger(call_on_resume=True), as an option
  const option = new training.triggers.OnceTrigger({ callOnResume: true });
  loadFromMemory(store, option);
  assert.equal(firings(option, fake, 2), [8]);
});

test('TimeTrigger fires at the first check past each period of training time', () => {
  const t = new training.triggers.TimeTrigger(1.5);
  const times = [0.5, 1.5, 1.6, 2.9, 3.1, 10, 10.1];
  const fired = times.filter((s) => t.call({ elapsedTime: s } as unknown as training.Trainer));
  // next_time 1.5, 3, 4.5, 6: strictly past it, one firing per check
  assert.equal(fired, [1.6, 3.1, 10, 10.1]);
  const store = saveToMemory(t);
  assert.equal([...store.entries()].map(([k, v]) => [k, v.value, v.kind]), [['next_time', 7.5, 'float']]);
  const resumed = new training.triggers.TimeTrigger(1.5);
  loadFromMemory(store, resumed);
  assert.is(resumed.call({ elapsedTime: 7.5 } as unknown as training.Trainer), false);
  assert.is(resumed.call({ elapsedTime: 7.6 } as unknown as training.Trainer), true);
  assertThrows(() => new training.triggers.TimeTrigger(0), 'TimeTrigger', 'period');
});

test('a snapshot without the triggers\' state (an older Chainer\'s) loads as Chainer loads it: unknown positions, guessed flags', () => {
  const empty = serializers.writeNpz({});
  const state = (t: { serialize(s: serializers.Serializer): void }) => Object.fromEntries([...readNpz(serializers.saveNpz(t))].map(([k, a]) => [k, Number((a.data as ArrayLike<number | bigint>)[0])]));
  // IntervalTrigger: previous_iteration and previous_epoch_detail become -1 (unknown), so
  // the next call guesses the previous iteration as the one before
  const fake = fakeTrainer(10, 1);
  const interval = new training.IntervalTrigger(3, 'iteration');
  assert.equal(firings(interval, fake, 4), [3]);
  serializers.loadNpz(empty, interval);
  assert.equal(state(interval), { previous_iteration: -1, previous_epoch_detail: -1 });
  assert.equal(firings(interval, fake, 3), [6]);
  // not strict: Chainer's deserializer returns the values as they are
  serializers.loadNpz(empty, interval, { strict: false });
  assert.equal(state(interval), { previous_iteration: 7, previous_epoch_detail: 0.7 });
  // ManualScheduleTrigger: finished is false until the next call, which sets it once past the last point
  const manual = new training.ManualScheduleTrigger([2, 7], 'iteration');
  const late = fakeTrainer(10, 1);
  late.updater.iteration = 8;
  serializers.loadNpz(empty, manual);
  assert.is(manual.finished, false);
  assert.equal(firings(manual, late, 1), []);
  assert.is(manual.finished, true);
  // OnceTrigger: taken as already fired
  const once = new training.triggers.OnceTrigger();
  serializers.loadNpz(empty, once);
  assert.is(once.call(), false);
  const kept = new training.triggers.OnceTrigger();
  serializers.loadNpz(empty, kept, { strict: false });
  assert.is(kept.call(), true);
});

test.run();

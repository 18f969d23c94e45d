import { suite } from 'uvu';
import { Reporter, report, reportScope, getCurrentReporter, DictSummary, Summary, Variable, array, config, usingConfig, F, serializers } from '../../src/index';
import { assert, assertClose, assertThrows } from '../util';
import { loadFromMemory, saveToMemory } from './memory-serializer';

const test = suite('reporter');

test('report() stores values under the observer name, as main/loss', () => {
  const reporter = new Reporter();
  const model = {};
  const child = {};
  reporter.addObserver('main', model);
  reporter.addObservers('main', [['/predictor', child]]);
  const observation: Record<string, unknown> = {};
  reporter.scope(observation, () => {
    report({ loss: 1.5, accuracy: 0.25 }, model);
    report({ value: 3 }, child);
    report({ lr: 0.1 });
  });
  assert.equal(observation, { 'main/loss': 1.5, 'main/accuracy': 0.25, 'main/predictor/value': 3, lr: 0.1 });
  // The scope restores the previous observation dictionary.
  assert.equal(reporter.observation, {});
});

test('report() without an active reporter does nothing; an unregistered observer is an error', () => {
  report({ loss: 1 }, {});
  const reporter = new Reporter();
  reporter.use(() => {
    assert.is(getCurrentReporter(), reporter);
    assertThrows(() => report({ loss: 1 }, {}), 'Reporter.report', 'not registered');
  });
  assertThrows(() => getCurrentReporter(), 'no reporter');
});

test('nested reporters: the innermost receives reports; reportScope redirects them', () => {
  const outer = new Reporter();
  const inner = new Reporter();
  const outerObs: Record<string, unknown> = {};
  const innerObs: Record<string, unknown> = {};
  const scoped: Record<string, unknown> = {};
  outer.scope(outerObs, () => {
    report({ a: 1 });
    inner.scope(innerObs, () => {
      report({ b: 2 });
      reportScope(scoped, () => report({ c: 3 }));
      report({ d: 4 });
    });
    report({ e: 5 });
  });
  assert.equal(outerObs, { a: 1, e: 5 });
  assert.equal(innerObs, { b: 2, d: 4 });
  assert.equal(scoped, { c: 3 });
});

test('a reported Variable is copied without its graph unless keepGraphOnReport is set', () => {
  const x = new Variable(array([1, 2, 3]));
  const loss = F.sum(x.mul(x));
  const reporter = new Reporter();
  const obs: Record<string, unknown> = {};
  reporter.scope(obs, () => report({ loss }));
  const copied = obs.loss as Variable;
  assert.ok(copied !== loss);
  assert.is(copied.creator, null);
  assert.is(copied.item(), 14);
  const kept: Record<string, unknown> = {};
  usingConfig('keepGraphOnReport', true, () => reporter.scope(kept, () => report({ loss })));
  assert.is(kept.loss, loss);
  assert.ok(!config.keepGraphOnReport);
});

test('Summary: weighted mean and standard deviation', () => {
  const s = new Summary();
  s.add(1);
  s.add(array(3));
  s.add(new Variable(array(5)), 2);
  assertClose(s.computeMean(), (1 + 3 + 10) / 4);
  const mean = 14 / 4, meanSq = (1 + 9 + 50) / 4;
  const stats = s.makeStatistics();
  assertClose(stats.mean, mean);
  assertClose(stats.std, Math.sqrt(meanSq - mean * mean));
  assertThrows(() => s.add(array([1, 2])), 'Summary.add', 'scalar', '(2,)');
});

test('Summary and DictSummary loaded from a file without their statistics (an older Chainer\'s): as Chainer, the summary keeps them, the dictionary has none', () => {
  const empty = serializers.writeNpz({});
  const s = new Summary();
  s.add(3);
  serializers.loadNpz(empty, s);
  assert.is(s.computeMean(), 3);
  const d = new DictSummary();
  d.add({ a: 1, b: 2 });
  serializers.loadNpz(empty, d);
  assert.equal(d.computeMean(), {});
  const kept = new DictSummary();
  kept.add({ a: 1 });
  serializers.loadNpz(empty, kept, { strict: false });
  assert.equal(kept.computeMean(), { a: 1 });
});

test('Summary: float32 values (losses) sum and average in double, as Chainer 7.8.1 on numpy 1.x does', () => {
  // chainer.reporter.Summary with numpy 1.24: 0 + 1 * (a float32 0-d array) is a float64 scalar
  // (numpy 2's promotion rules would keep float32 and round every step)
  const f32 = new Summary();
  for (const v of [0.1, 0.2, 0.7]) f32.add(array(v));
  assert.is(f32.computeMean(), 0.3333333308498065);
  assert.equal(f32.makeStatistics(), { mean: 0.3333333308498065, std: 0.2624669226363175 });
  const mixed = new Summary();
  mixed.add(array(0.1), 3);
  mixed.add(0.35, 0.5);
  assert.is(mixed.computeMean(), 0.1357142869915281);
});

test('DictSummary: means per key, skips non-scalars, takes [value, weight] pairs', () => {
  const d = new DictSummary();
  d.add({ a: 1, b: array([1, 2]), c: [2, 3] });
  d.add({ a: array(2), c: [4, 1] });
  d.add({ a: new Variable(array(6)) });
  const m = d.computeMean();
  assert.equal(Object.keys(m), ['a', 'c']);
  assertClose(m.a, 3);
  assertClose(m.c, (2 * 3 + 4 * 1) / 4);
  const st = d.makeStatistics();
  assert.equal(Object.keys(st), ['a', 'a.std', 'c', 'c.std']);
  assertClose(st['a.std'], Math.sqrt((1 + 4 + 36) / 3 - 9));
  assertThrows(() => d.add({ x: [1, array([1, 2])] }), 'DictSummary.add', "'x'", 'weight');
});

test('DictSummary serializes with Chainer keys and restores the running sums', () => {
  const d = new DictSummary();
  d.add({ 'main/loss': 1, 'main/accuracy': 0.5 });
  d.add({ 'main/loss': 3 });
  const store = saveToMemory(d);
  assert.equal([...store.keys()].sort(), ['_names', '_summaries/0/_n', '_summaries/0/_x', '_summaries/0/_x2',
    '_summaries/1/_n', '_summaries/1/_x', '_summaries/1/_x2']);
  // json.dumps's separators, so that the bytes match Chainer's.
  assert.is(store.get('_names')!.value, '["main/loss", "main/accuracy"]');
  assert.is(store.get('_summaries/0/_n')!.kind, 'int');
  const restored = new DictSummary();
  restored.add({ other: 1 });
  loadFromMemory(store, restored);
  restored.add({ 'main/loss': 5 });
  assert.equal(restored.computeMean(), { 'main/loss': 3, 'main/accuracy': 0.5 });
});

test.run();

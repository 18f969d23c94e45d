import { suite } from 'uvu';
import { training, report, config, Variable, array, F, L, computationalGraph, Chain, noBackpropMode, optimizers } from '../../src/index';
import * as io from '../../src/io/index';
import { iterators } from '../../src/index';
import { assert, assertClose, assertThrows } from '../util';
import { inScratch, withTempDir } from '../datasets/tmpdir';
import { FakeUpdater, capture } from './fakes';
import { findAll, parseXml } from './xml';
import { loadFromMemory, saveToMemory } from './memory-serializer';

const test = suite('extensions');
const { LogReport, PrintReport, ProgressBar, PlotReport, DumpGraph, ExponentialShift, LinearShift, FailOnNonNumber, Evaluator } = training.extensions;

/** A trainer whose update k reports main/loss = k and, every other iteration, main/accuracy = k / 10. */
/** An optimizer with only the lr a shift extension sets. */
function fakeOptimizer() {
  return { lr: 1, target: null, update() {}, serialize() {} };
}

/** The lr that `ext` leaves at each of n iterations (read by an extension registered after it), to 6 decimals unless `exact`. */
function lrsUnder(ext: training.Extension, n: number, optimizer = fakeOptimizer(), exact = false): number[] {
  const updater = new FakeUpdater(10);
  updater.optimizers = { main: optimizer };
  const trainer = new training.Trainer(updater, [n, 'iteration'], { out: '' });
  const seen: number[] = [];
  trainer.extend(ext);
  trainer.extend(() => { seen.push(exact ? optimizer.lr : Number(optimizer.lr.toFixed(6))); }, { name: 'read' });
  trainer.run();
  return seen;
}

function reportingTrainer(iterationsPerEpoch: number, stop: training.TriggerSpec, out = '') {
  const updater = new FakeUpdater(iterationsPerEpoch);
  updater.onUpdate = (i) => report(i % 2 === 0 ? { 'main/loss': i, 'main/accuracy': i / 10 } : { 'main/loss': i });
  return new training.Trainer(updater, stop, { out });
}

test('LogReport: means per epoch with epoch, iteration and elapsed_time; the JSON file as Chainer writes it', () => {
  const run = (out: string) => {
    const trainer = reportingTrainer(3, [2, 'epoch'], out);
    const log = new LogReport({ logName: out ? 'log' : null });
    trainer.extend(log);
    trainer.run();
    return log;
  };
  const log = run('');
  assert.is(log.log.length, 2);
  const [e1, e2] = log.log;
  assert.equal(Object.keys(e1), ['main/loss', 'main/accuracy', 'epoch', 'iteration', 'elapsed_time']);
  assert.is(e1['main/loss'], (1 + 2 + 3) / 3);
  assertClose(e1['main/accuracy'], 0.2);
  assert.is(e2['main/loss'], (4 + 5 + 6) / 3);
  assertClose(e2['main/accuracy'], (0.4 + 0.6) / 2);
  assert.equal([e1.epoch, e1.iteration, e2.epoch, e2.iteration], [1, 3, 2, 6]);
  assert.ok(e2.elapsed_time >= e1.elapsed_time && e1.elapsed_time >= 0);
  if (!io.hasFileSystem()) return;
  withTempDir('kusari-log-', (dir) => {
    const written = run(dir);
    const text = io.readText(io.joinPath(dir, 'log'));
    assert.equal(JSON.parse(text), written.log);
    // json.dump(log, indent=4): floats keep their '.0', epoch and iteration are ints.
    assert.ok(text.startsWith('[\n    {\n        "main/loss": 2.0,\n        "main/accuracy": 0.2,\n        "epoch": 1,\n        "iteration": 3,\n        "elapsed_time": '), text);
    assert.ok(text.endsWith('\n    }\n]'));
  });
  // filename null is Chainer's default (None): the file is 'log'; only logName null writes none
  withTempDir('kusari-log-', (dir) => {
    const trainer = reportingTrainer(3, [1, 'epoch'], dir);
    trainer.extend(new LogReport({ filename: null }));
    trainer.run();
    assert.equal(io.listDir(dir), ['log']);
  });
});

test('LogReport: keys, trigger, postprocess, and its state in snapshots', () => {
  const trainer = reportingTrainer(10, [5, 'iteration']);
  const log = new LogReport({ keys: ['main/accuracy'], trigger: [2, 'iteration'], logName: null, postprocess: (e) => { e.twice = e.iteration * 2; } });
  trainer.extend(log);
  trainer.run();
  assert.equal(log.log.map((e) => [e['main/accuracy'], e.iteration, e.twice, 'main/loss' in e]), [[0.2, 2, 4, false], [0.4, 4, 8, false]]);
  const store = saveToMemory(log);
  assert.equal([...store.keys()].filter((k) => !k.startsWith('_summary/_summaries')).sort(), ['_log', '_summary/_names', '_trigger/previous_epoch_detail', '_trigger/previous_iteration']);
  const restored = new LogReport({ keys: ['main/accuracy'], trigger: [2, 'iteration'], logName: null });
  loadFromMemory(store, restored);
  assert.equal(restored.log.map((e) => e.iteration), [2, 4]);
});

test('mistyped extension arguments are named errors', () => {
  const { extensions, triggers } = training;
  assertThrows(() => new extensions.PrintReport(['epoch'], { out: 5 as never }), 'PrintReport', 'out', '5');
  assertThrows(() => new extensions.ProgressBar({ out: 'x' as never }), 'ProgressBar', 'out');
  assertThrows(() => new (extensions.PlotReport as unknown as new () => unknown)(), 'PlotReport', 'yKeys', 'undefined');
  assertThrows(() => new triggers.EarlyStoppingTrigger({ monitor: 0 as never }), 'EarlyStoppingTrigger', 'monitor', '0');
});

test('PrintReport: a header once, then one aligned row per log entry, blanks for missing values', () => {
  const trainer = reportingTrainer(3, [2, 'epoch']);
  trainer.extend(new LogReport({ logName: null }));
  const c = capture();
  trainer.extend(new PrintReport(['epoch', 'main/loss', 'validation/main/accuracy', 'iteration'], { out: c.out }));
  trainer.run();
  // Columns of width max(10, len(key)) separated by two spaces; values as Python's '{:<10g}  '.
  // Each row follows the erase code '\x1b[J', which Chainer 7.8.1 writes to any output (a
  // file or a function too, not only a terminal).
  const expected =
    'epoch       main/loss   validation/main/accuracy  iteration \n' +
    '\x1b[J1           2                                     3           \n' +
    '\x1b[J2           5                                     6           \n';
  assert.is(c.text(), expected);
});

test('PrintReport: Python g formatting of floats, and the erase code before each row', () => {
  const updater = new FakeUpdater(1);
  updater.onUpdate = (i) => report({ 'main/loss': i === 1 ? 0.123456789 : 1234567.5 });
  const trainer = new training.Trainer(updater, [2, 'iteration'], { out: '' });
  trainer.extend(new LogReport({ trigger: [1, 'iteration'], logName: null }));
  let text = '';
  trainer.extend(new PrintReport(['main/loss'], { out: { write: (t: string) => { text += t; }, isTTY: true } as never }));
  trainer.run();
  assert.is(text, 'main/loss \n\x1b[J0.123457    \n\x1b[J1.23457e+06  \n');
  const t2 = new training.Trainer(new FakeUpdater(1), [1, 'iteration'], { out: '' });
  t2.extend(new PrintReport(['x'], { out: () => {} }));
  assertThrows(() => t2.run({ showLoopExceptionMsg: false }), 'getExtension', 'LogReport');
});

test('ProgressBar: the four lines of Chainer in a terminal, redrawn in place', () => {
  const updater = new FakeUpdater(4);
  const trainer = new training.Trainer(updater, [10, 'iteration'], { out: '' });
  const c = capture();
  const statuses: training.extensions.ProgressStatus[] = [];
  trainer.extend(new ProgressBar({ updateInterval: 5, out: c.out, terminal: true, callback: (s) => statuses.push(s) }));
  trainer.run();
  const text = c.text();
  const draws = text.split('\x1b[J').filter(Boolean);
  assert.is(draws.length, 2);
  const lines = draws[0].split('\n');
  assert.is(lines[0], `     total [${'#'.repeat(25)}${'.'.repeat(25)}] 50.00%`);
  // Epoch detail 5 / 4 = 1.25: a quarter of the epoch, int(0.25 * 50) = 12 marks.
  assert.is(lines[1], `this epoch [${'#'.repeat(12)}${'.'.repeat(38)}] 25.00%`);
  assert.is(lines[2], '         5 iter, 1 epoch / 10 iterations');
  assert.match(lines[3], /^ {0,9}\S+ iters\/sec\. Estimated time to finish: \d+:\d\d:\d\d(\.\d{6})?\.$/);
  assert.is(lines[4], '\x1b[4A');
  assert.ok(draws[1].startsWith(`     total [${'#'.repeat(50)}] 100.00%`));
  assert.equal(statuses.map((s) => [s.iteration, s.rate, s.epoch]), [[5, 0.5, 1], [10, 1, 2]]);
  assert.is(statuses[1].etaSeconds, 0);
});

test('PlotReport called before training adds that point, its trigger not consulted', () => inScratch('kusari-plot-', (out) => {
  const updater = new FakeUpdater(10);
  updater.onUpdate = (i) => report({ 'main/loss': i });
  const trainer = new training.Trainer(updater, [4, 'iteration'], { out });
  trainer.extend((t) => { t.observation['main/loss'] = 100; }, { name: 'pre', priority: training.PRIORITY_WRITER, trigger: [1000, 'iteration'], callBeforeTraining: true });
  const plot = new PlotReport(['main/loss'], { trigger: [2, 'iteration'] });
  trainer.extend(plot, { callBeforeTraining: true });
  trainer.run();
  assert.equal(plot.points['main/loss'], [[0, 100], [2, 1.5], [4, 3.5]]);
}));

test('PrintReport and ProgressBar take out positionally, as Chainer\'s (entries, log_report, out) and (training_length, update_interval, bar_length, out)', () => {
  const printed = capture(), drawn = capture();
  const trainer = reportingTrainer(2, [2, 'iteration']);
  trainer.extend(new LogReport({ trigger: [1, 'iteration'], logName: null }));
  trainer.extend(new PrintReport(['iteration'], 'LogReport', printed.out));
  trainer.extend(new ProgressBar([2, 'iteration'], 1, 10, drawn.out));
  trainer.run();
  assert.is(printed.text(), 'iteration \n\x1b[J1           \n\x1b[J2           \n');
  assert.match(drawn.text(), /^50\.00% of 2 iterations: 1 iter/);
});

test('PlotReport plots against any of its keys, as Chainer takes any x_key', () => inScratch('kusari-plot-', (out) => {
  const trainer = reportingTrainer(2, [2, 'epoch'], out);
  const plot = new PlotReport(['main/loss', 'main/accuracy'], { xKey: 'main/accuracy' });
  trainer.extend(plot);
  trainer.run();
  // epochs (1, 2) and (3, 4): accuracy 0.2 and 0.4, losses 1.5 and 3.5
  assert.equal(plot.points['main/loss'], [[0.2, 1.5], [0.4, 3.5]]);
  const missing = reportingTrainer(2, [1, 'epoch'], out);
  missing.extend(new PlotReport(['main/loss'], { xKey: 'lr' }));
  assertThrows(() => missing.run({ showLoopExceptionMsg: false }), 'PlotReport', "'lr'");
}));

test('ProgressBar: iters/sec since the oldest of the last 100 redraws, as Chainer\'s deque(maxlen=100)', () => {
  const updater = new FakeUpdater(1000);
  const trainer = new training.Trainer(updater, [1000, 'iteration'], { out: '' });
  const bar = new ProgressBar({ out: null });
  let status!: training.extensions.ProgressStatus;
  // redraw k at iteration k and time k^2 seconds
  for (let k = 1; k <= 150; k++) { updater.iteration = k; status = bar.status(trainer, k * k); }
  // the window holds redraws 51..150
  assertClose(status.itersPerSec, (150 - 51) / (150 * 150 - 51 * 51), { rtol: 1e-12 });
  assertClose(status.etaSeconds, (1000 - 150) / status.itersPerSec, { rtol: 1e-12 });
});

test('ProgressBar: one line per update outside a terminal; the length comes from the stop trigger', () => {
  const trainer = new training.Trainer(new FakeUpdater(2), [3, 'epoch'], { out: '' });
  const c = capture();
  trainer.extend(new ProgressBar({ updateInterval: 2, out: c.out }));
  trainer.run();
  const lines = c.text().trim().split('\n');
  assert.is(lines.length, 3);
  assert.match(lines[0], /^33\.33% of 3 epochs: 2 iter, 1 epoch, \S+ iters\/sec, ETA \d+:\d\d:\d\d/);
  assert.match(lines[2], /^100\.00% of 3 epochs: 6 iter, 3 epoch/);
  assert.ok(!c.text().includes('\x1b'));
  const noLength = new training.Trainer(new FakeUpdater(2), (t) => t.updater.iteration >= 2, { out: '' });
  noLength.extend(new ProgressBar({ updateInterval: 1, out: () => {} }));
  assertThrows(() => noLength.run({ showLoopExceptionMsg: false }), 'ProgressBar', 'trainingLength');
});

test('PlotReport: a well-formed SVG with one line and one marker per logged point', () => inScratch('kusari-plot-', (out) => {
  const trainer = reportingTrainer(2, [3, 'epoch'], out);
  const plot = new PlotReport(['main/loss', 'main/accuracy', 'never/reported'], { xKey: 'epoch', filename: 'loss.svg' });
  trainer.extend(plot);
  trainer.run();
  assert.equal(plot.points['main/loss'], [[1, 1.5], [2, 3.5], [3, 5.5]]);
  const root = parseXml(plot.svg!);
  assert.is(root.name, 'svg');
  assert.is(root.attributes.xmlns, 'http://www.w3.org/2000/svg');
  const series = findAll(root, (e) => e.attributes.class === 'series');
  assert.equal(series.map((s) => s.attributes['data-key']), ['main/loss', 'main/accuracy']);
  for (const s of series) {
    const lines = findAll(s, (e) => e.name === 'polyline');
    assert.is(lines.length, 1);
    assert.is(lines[0].attributes.points.trim().split(/\s+/).length, 3);
    assert.is(findAll(s, (e) => e.attributes.class === 'marker').length, 3);
  }
  const texts = findAll(root, (e) => e.name === 'text').map((e) => e.text);
  assert.ok(texts.includes('epoch') && texts.includes('main/loss') && texts.includes('main/accuracy'));
  // The y coordinates of the loss line decrease (SVG y grows downwards) as the loss grows.
  const ys = findAll(series[0], (e) => e.name === 'polyline')[0].attributes.points.split(' ').map((p) => Number(p.split(',')[1]));
  assert.ok(ys[0] > ys[1] && ys[1] > ys[2]);
  const store = saveToMemory(plot);
  assert.equal([...store.keys()], ['_plot_loss.svg']);
  assert.is(store.get('_plot_loss.svg')!.value, '{"main/loss": [[1, 1.5], [2, 3.5], [3, 5.5]], "main/accuracy": [[1, 0.2], [2, 0.4], [3, 0.6]], "never/reported": []}');
  const restored = new PlotReport(['main/loss', 'main/accuracy', 'never/reported'], { xKey: 'epoch', filename: 'loss.svg' });
  loadFromMemory(store, restored);
  assert.equal(restored.points['main/accuracy'], [[1, 0.2], [2, 0.4], [3, 0.6]]);
  assertThrows(() => new PlotReport(['main/loss'], { filename: 'loss.png' }), 'PlotReport', '.svg', 'loss.svg');
}));

test('PlotReport: writes the file; gaps for non-finite values; special characters are escaped', () => inScratch('kusari-plot-', (out) => {
  const updater = new FakeUpdater(1);
  const values = [1, NaN, 3, 4];
  updater.onUpdate = (i) => report({ 'a<b>&"c"': values[i - 1] });
  const trainer = new training.Trainer(updater, [4, 'iteration'], { out });
  const plot = new PlotReport('a<b>&"c"', { trigger: [1, 'iteration'], marker: 'o', grid: false });
  trainer.extend(plot);
  trainer.run();
  const root = parseXml(plot.svg!);
  const s = findAll(root, (e) => e.attributes.class === 'series')[0];
  assert.is(s.attributes['data-key'], 'a&lt;b&gt;&amp;&quot;c&quot;');
  assert.equal(findAll(s, (e) => e.name === 'polyline').map((p) => p.attributes.points.split(' ').length), [1, 2]);
  assert.is(findAll(s, (e) => e.attributes.class === 'marker').length, 3);
  assert.is(findAll(root, (e) => e.attributes.class === 'grid').length, 0);
  if (!io.hasFileSystem()) return;
  withTempDir('kusari-plot-', (dir) => {
    const t = reportingTrainer(2, [1, 'epoch'], dir);
    t.extend(new PlotReport(['main/loss']));
    t.run();
    parseXml(io.readText(io.joinPath(dir, 'plot.svg')));
  });
}));

test('DumpGraph: the DOT graph of the reported loss at the first iteration only', () => inScratch('kusari-dump-', (out) => {
  const x = new Variable(array([[1, 2, 3], [4, 5, 6]]), { name: 'x' });
  const W = new Variable(array([[1, 0, 0, 1], [0, 1, 0, 1], [0, 0, 1, 1]]));
  const updater = new FakeUpdater(10);
  const reported: Variable[] = [];
  updater.onUpdate = () => {
    const loss = F.sum(F.tanh(x.matmul(W)));
    report({ 'main/loss': loss });
    reported.push(loss);
  };
  const trainer = new training.Trainer(updater, [3, 'iteration'], { out });
  const dump = new DumpGraph('main/loss');
  trainer.extend(dump);
  const seen: unknown[] = [];
  trainer.extend((t) => { seen.push(t.observation['main/loss']); }, { name: 'look' });
  trainer.run();
  assert.is(dump.name, 'dump_graph');
  // styles null are Chainer's None: the default octagons and records
  const styledUpdater = new FakeUpdater(10);
  styledUpdater.onUpdate = updater.onUpdate;
  const styled = new training.Trainer(styledUpdater, [1, 'iteration'], { out });
  const nullStyles = new DumpGraph('main/loss', { filename: 'cg2.dot', variableStyle: null, functionStyle: null });
  styled.extend(nullStyles);
  styled.run();
  assert.ok(nullStyles.dot!.includes('shape="octagon"') && nullStyles.dot!.includes('shape="record"'), nullStyles.dot!);
  // The graph was kept for the first iteration only.
  assert.is(seen[0], reported[0]);
  assert.ok(seen[1] !== reported[1] && (seen[1] as Variable).creator === null);
  assert.is(config.keepGraphOnReport, false);
  const dot = dump.dot!;
  assert.ok(dot.startsWith('digraph graphname{rankdir=TB;') && dot.endsWith('}'), dot);
  const body = dot.slice('digraph graphname{rankdir=TB;'.length, -1);
  const statements = body.split(';').filter(Boolean);
  const nodes = statements.filter((s) => /^\d+ \[.*\]$/.test(s));
  const edges = statements.filter((s) => /^\d+ -> \d+$/.test(s));
  assert.is(nodes.length + edges.length, statements.length, `unexpected statements in ${dot}`);
  const labels = nodes.map((n) => /label="([^"]*)"/.exec(n)![1]).sort();
  assert.equal(labels, ['(2, 4), float32', '(2, 4), float32', '(3, 4), float32', 'MatMul', 'Sum', 'Tanh', 'float32', 'x: (2, 3), float32']);
  assert.is(edges.length, 7);
  assert.ok(nodes.every((n) => /shape="(octagon|record)",fillcolor="#[0-9A-F]{6}",style="filled"/.test(n)));
  const ids = new Map(nodes.map((n) => [/label="([^"]*)"/.exec(n)![1], n.split(' ')[0]]));
  assert.ok(edges.includes(`${ids.get('x: (2, 3), float32')} -> ${ids.get('MatMul')}`));
  assert.ok(edges.includes(`${ids.get('Sum')} -> ${ids.get('float32')}`));
  const store = saveToMemory(dump);
  assert.equal([...store.keys()], ['_original_flag', '_flag_called']);
  if (out) assert.is(io.readText(io.joinPath(out, 'cg.dot')), dot);
}));

test('computationalGraph.build: functions only with removeVariable, styles and names optional', () => {
  const x = new Variable(array([1, 2]), { name: 'x' });
  const y = F.exp(x).mul(x);
  const g = computationalGraph.build(y, { removeVariable: true, rankdir: 'LR' });
  const dot = g.dump();
  assert.ok(dot.startsWith('digraph graphname{rankdir=LR;'));
  assert.ok(!dot.includes('float32'));
  assert.is((dot.match(/ -> /g) ?? []).length, 1);
  const plain = computationalGraph.build([y], { variableStyle: null, functionStyle: null, showName: false }).dump('dot');
  assert.ok(plain.includes('label="(2), float32",shape="oval"'), plain);
  assert.ok(plain.includes('label="Exp",shape="box"'));
  assertThrows(() => g.dump('png'), 'dump', 'dot');
});

test('ExponentialShift and LinearShift set the optimizer attribute, and resume from their state', () => {
  const optimizer = { lr: 0.1, target: null, update() {}, serialize() {} };
  const makeTrainer = (n: number) => {
    const updater = new FakeUpdater(10);
    updater.optimizers = { main: optimizer };
    return new training.Trainer(updater, [n, 'iteration'], { out: '' });
  };
  const values: number[] = [];
  let t = makeTrainer(4);
  const shift = new ExponentialShift('lr', 0.5, { target: 0.02 });
  t.extend(shift);
  t.extend((tr) => { values.push((tr.updater.getOptimizer('main') as unknown as { lr: number }).lr); }, { name: 'read' });
  t.run();
  assert.equal(values, [0.05, 0.025, 0.02, 0.02]);
  const store = saveToMemory(shift);
  assert.equal(store.get('_t')!.value, 4);
  assert.equal(store.get('_last_value')!.value, 0.02);
  optimizer.lr = 1;
  const resumed = new ExponentialShift('lr', 0.5, { target: 0.02, init: 0.1 });
  loadFromMemory(store, resumed);
  t = makeTrainer(1);
  t.extend(resumed, { trigger: [100, 'iteration'] });
  t.run();
  assert.is(optimizer.lr, 0.02);

  const linear = new LinearShift('lr', [0.1, 0.0], [2, 6]);
  const seen: number[] = [];
  t = makeTrainer(7);
  t.extend(linear);
  t.extend((tr) => { seen.push(Number(((tr.updater.getOptimizer('main') as unknown as { lr: number }).lr).toFixed(6))); }, { name: 'read' });
  t.run();
  assert.equal(seen, [0.1, 0.1, 0.075, 0.05, 0.025, 0, 0]);
  // the optimizer positionally, as Chainer's LinearShift(attr, value_range, time_range, optimizer)
  const sgd = new optimizers.SGD({ lr: 1 });
  const mainLr = optimizer.lr;
  t = makeTrainer(2);
  t.extend(new LinearShift('lr', [0.5, 0.1], [0, 4], sgd));
  t.run();
  assert.is(optimizer.lr, mainLr);
  assertClose(sgd.lr, 0.3);
  // an empty time range is a step: v1 up to call t1, v2 after it
  const step = new LinearShift('lr', [0.1, 0.01], [3, 3]);
  const stepped: number[] = [];
  t = makeTrainer(5);
  t.extend(step);
  t.extend((tr) => { stepped.push((tr.updater.getOptimizer('main') as unknown as { lr: number }).lr); }, { name: 'read' });
  t.run();
  assert.equal(stepped, [0.1, 0.1, 0.1, 0.01, 0.01]);
  assertThrows(() => new ExponentialShift('lr', -1), 'ExponentialShift', 'rate');
});

test('StepShift, MultistepShift, InverseShift and PolynomialShift follow Chainer\'s formulas', () => {
  const run = (ext: training.Extension, n: number) => lrsUnder(ext, n);
  const { StepShift, MultistepShift, InverseShift, PolynomialShift } = training.extensions;
  // init * gamma ** floor(t / step)
  assert.equal(run(new StepShift('lr', 0.5, 2), 5), [1, 0.5, 0.5, 0.25, 0.25]);
  assert.equal(run(new StepShift('lr', 0.5, 1, { target: 0.2 }), 4), [0.5, 0.25, 0.2, 0.2]);
  // a fractional step, as Chainer takes it: floor(t / 2.5) = 0, 0, 1, 1, 2
  assert.equal(run(new StepShift('lr', 0.5, 2.5), 5), [1, 1, 0.5, 0.5, 0.25]);
  // init * gamma ** (number of steps passed)
  // Chainer's order: (attr, gamma, stepValue, init)
  assert.equal(run(new MultistepShift('lr', 0.1, [2, 4], 1), 5), [1, 0.1, 0.1, 0.01, 0.01]);
  assert.equal(run(new MultistepShift('lr', 0.5, [1, 3], { init: 2 }), 3), [1, 1, 0.5]);
  // init * (1 + gamma t) ** -power
  assert.equal(run(new InverseShift('lr', 1, 1), 3), [0.5, 0.333333, 0.25]);
  // init * max(1 - t / maxCount, 0) ** rate
  assert.equal(run(new PolynomialShift('lr', 2, 4), 5), [0.5625, 0.25, 0.0625, 0, 0]);
  assert.equal(run(new PolynomialShift('lr', 2, 4, { target: 0.1 }), 4), [0.5625, 0.25, 0.1, 0.1]);
});

test('a schedule\'s init and target must be numbers: a string init would become the optimizer\'s lr (Chainer fails at the next update)', () => {
  const { StepShift, MultistepShift, PolynomialShift } = training.extensions;
  assertThrows(() => new ExponentialShift('lr', 0.5, { init: '0.1' as never }), "ExponentialShift: init must be a number or null, got '0.1'");
  assertThrows(() => new StepShift('lr', 0.5, 2, { target: '0.01' as never }), "StepShift: target must be a number or null, got '0.01'");
  assertThrows(() => new MultistepShift('lr', 0.1, [2], '1' as never), "MultistepShift: init must be a number or null, got '1'");
  assertThrows(() => new PolynomialShift('lr', 2, 4, { init: [0.1] as never }), 'PolynomialShift: init must be a number or null');
  assert.equal(lrsUnder(new StepShift('lr', 0.5, 1, { init: null, target: null }), 2), [0.5, 0.25]);
});

test('the schedules take powers as Python does: the values Chainer 7.8.1 sets, to the last bit', () => {
  const exact = (ext: training.Extension, n: number) => lrsUnder(ext, n, fakeOptimizer(), true);
  const { InverseShift } = training.extensions;
  // ExponentialShift('lr', 0.9) from 0.001: Math.pow(0.9, 4) gave 0.0006561000000000002.
  assert.equal(exact(new ExponentialShift('lr', 0.9, { init: 0.001 }), 5), [0.0009000000000000001, 0.0008100000000000001, 0.0007290000000000002, 0.0006561000000000001, 0.00059049]);
  // InverseShift('lr', 0.1, 0.5) from 0.1 at t = 10: 0.1 * 2 ** -0.5 (Math.pow: 0.07071067811865475).
  assert.is(exact(new InverseShift('lr', 0.1, 0.5, { init: 0.1 }), 10)[9], 0.07071067811865477);
});

test('MultistepShift saves the steps passed (_t, _current_step) and a resumed run goes on from them', () => {
  const { MultistepShift } = training.extensions;
  const optimizer = fakeOptimizer();
  const runFor = (ext: training.Extension, n: number) => lrsUnder(ext, n, optimizer);
  const first = new MultistepShift('lr', 0.1, [2, 4], 1);
  assert.equal(runFor(first, 3), [1, 0.1, 0.1]);
  const store = saveToMemory(first);
  assert.equal([...store.keys()].sort(), ['_current_step', '_t']);
  assert.is(store.get('_current_step')!.value, 1);
  const resumed = new MultistepShift('lr', 0.1, [2, 4], 1);
  loadFromMemory(store, resumed);
  // calls 4 and 5 of an uninterrupted run: two steps passed
  assert.equal(runFor(resumed, 2), [0.01, 0.01]);
});

test('WarmupShift moves the attribute evenly from warmupStart to init over warmupIter calls', () => {
  const { WarmupShift } = training.extensions;
  const optimizer = { lr: 1, target: null, update() {}, serialize() {} };
  const updater = new FakeUpdater(10);
  updater.optimizers = { main: optimizer };
  const trainer = new training.Trainer(updater, [6, 'iteration'], { out: '' });
  const seen: number[] = [];
  const warmup = new WarmupShift('lr', 0, 4, 0.1);
  trainer.extend(warmup);
  trainer.extend(() => { seen.push(optimizer.lr); }, { name: 'read', callBeforeTraining: true });
  trainer.run();
  // (t init + (T - t) start) / T, then left alone
  assert.equal(seen, [0, 0.025, 0.05, 0.07500000000000001, 0.1, 0.1, 0.1]);
  assert.equal([...saveToMemory(warmup).entries()].map(([k, v]) => [k, v.value]), [['_t', 6]]);
});

test('schedules take Chainer\'s snake_case hyperparameter names (weight_decay_rate is weightDecayRate); a name the optimizer lacks is an error', () => {
  const { WarmupShift, ExponentialShift } = training.extensions;
  const run = (ext: training.Extension, optimizer: object) => {
    const updater = new FakeUpdater(10);
    updater.optimizers = { main: optimizer as never };
    const trainer = new training.Trainer(updater, [3, 'iteration'], { out: '' });
    trainer.extend(ext);
    trainer.run();
  };
  const adam = new optimizers.Adam();
  const warmup = new WarmupShift('weight_decay_rate', 0, 5, 0.01);
  run(warmup, adam);
  // Chainer: (3 * 0.01 + 2 * 0.0) / 5
  assert.is(adam.weightDecayRate, 0.006);
  assert.not.ok('weight_decay_rate' in adam);
  const shifted = new optimizers.Adam();
  run(new ExponentialShift('weight_decay_rate', 0.5, { init: 0.1 }), shifted);
  assert.is(shifted.weightDecayRate, 0.0125);
  run(new ExponentialShift('weightDecayRate', 0.5, { init: 0.1 }), shifted);
  assert.is(shifted.weightDecayRate, 0.0125);
  // with a starting value given, nothing read the name before: setting it changed nothing
  assertThrows(() => run(new WarmupShift('weight_decay', 0, 5, 0.01), new optimizers.Adam()), 'WarmupShift', "no numeric hyperparameter 'weight_decay'");
  assertThrows(() => run(new ExponentialShift('momentum', 0.5, { init: 0.9 }), new optimizers.Adam()), 'ExponentialShift', "'momentum'");
});

test('MicroAverage reports sum(numerators) / sum(denominators) over each interval, before the readers', () => {
  const { MicroAverage } = training.extensions;
  const counts = [[2, 3], [1, 1], [3, 4], [0, 2]];
  const updater = new FakeUpdater(2);
  updater.onUpdate = (i) => report({ 'main/correct': counts[i - 1][0], 'main/total': counts[i - 1][1] });
  const trainer = new training.Trainer(updater, [2, 'epoch'], { out: '' });
  const micro = new MicroAverage('main/correct', 'main/total', 'main/accuracy');
  const log = new LogReport({ logName: null });
  trainer.extend(log);
  trainer.extend(micro);
  trainer.run();
  // 3 / 4 and 3 / 6 (the mean of the batch ratios would be 0.83 and 0.375)
  assert.equal(log.log.map((e) => e['main/accuracy']), [0.75, 0.5]);
  assert.equal([...saveToMemory(micro).entries()].map(([k, v]) => [k, v.value]), [['_numerator', 0], ['_denominator', 0]]);
  // Chainer's MicroAverage(..., trigger=(1, 'iteration')): the trigger as an option too.
  const each = new training.Trainer(Object.assign(new FakeUpdater(2), { onUpdate: updater.onUpdate }), [4, 'iteration'], { out: '' });
  const perIteration = new LogReport({ trigger: [1, 'iteration'], logName: null });
  each.extend(perIteration);
  each.extend(new MicroAverage('main/correct', 'main/total', 'main/accuracy', { trigger: [1, 'iteration'] }));
  each.run();
  assert.equal(perIteration.log.map((e) => e['main/accuracy']), [2 / 3, 1, 0.75, 0]);
});

test('unchainVariables unchains the observed graphs of iterations that kept them, after the other extensions', () => inScratch('kusari-unchain-', (out) => {
  const x = new Variable(array([1, 2]));
  const updater = new FakeUpdater(10);
  updater.onUpdate = () => report({ 'main/loss': F.sum(x.mul(x)) });
  const trainer = new training.Trainer(updater, [2, 'iteration'], { out });
  const creators: boolean[] = [];
  trainer.extend(new DumpGraph('main/loss'));
  trainer.extend(training.extensions.unchainVariables());
  trainer.extend((t) => { creators.push((t.observation['main/loss'] as Variable).creator !== null); }, { name: 'last', priority: -1 });
  trainer.run();
  // iteration 1 kept its graph for DumpGraph, and lost it at the end; iteration 2 reported a copy
  assert.equal(creators, [false, false]);
  assert.ok(trainer.extensionNames.includes('unchain_variables'));
  const keeps = new training.Trainer(new FakeUpdater(10), [1, 'iteration'], { out });
  (keeps.updater as FakeUpdater).onUpdate = updater.onUpdate;
  const kept: boolean[] = [];
  keeps.extend(new DumpGraph('main/loss'));
  keeps.extend((t) => { kept.push((t.observation['main/loss'] as Variable).creator !== null); }, { name: 'last', priority: -1 });
  keeps.run();
  assert.equal(kept, [true]);
}));

test('ParameterStatistics reports numpy\'s statistics of each parameter and gradient under Chainer\'s keys', () => {
  class Model extends Chain {
    l = new L.Linear(3, 2);
  }
  const model = new Model();
  model.l.W.array = array([[0.5, -1, 0], [2, 0.25, -0.125]]);
  model.l.b!.array = array([0.1, -0.3]);
  const updater = new FakeUpdater(10);
  // the trainer registers the optimizer's model (which names its children)
  updater.optimizers = { main: new optimizers.SGD().setup(model) };
  // the gradients of W are 0.1 .. 0.6 (float32) in the first update, twice that in the second
  updater.onUpdate = (i) => {
    model.l.W.grad = array(Float32Array.from([1, 2, 3, 4, 5, 6], (k) => k * Math.fround(0.1) * i), { shape: [2, 3] });
    model.l.b!.grad = array([0, 0]);
  };
  const trainer = new training.Trainer(updater, [2, 'iteration'], { out: '' });
  const reported: Record<string, unknown>[] = [];
  trainer.extend(new training.extensions.ParameterStatistics(model.l, { trigger: [1, 'iteration'] }));
  trainer.extend(new training.extensions.ParameterStatistics(model, { prefix: 'p', statistics: { n: (x) => x.length }, reportParams: false, trigger: [2, 'iteration'] }), { name: 'root' });
  trainer.extend((t) => { reported.push({ ...t.observation }); }, { name: 'look' });
  trainer.run();
  const first = reported[0];
  assert.is(trainer.extensionNames[0], 'parameter_statistics');
  // numpy.mean, std, min, max, count_nonzero(x == 0), percentile of the float32 values
  assert.is(first['l/W/data/mean'], 0.2708333432674408);
  assert.is(first['l/W/data/std'], 0.9025907516479492);
  assert.equal([first['l/W/data/min'], first['l/W/data/max'], first['l/W/data/zeros']], [-1, 2, 1]);
  assert.equal([0, 1, 2, 3, 4, 5, 6].map((i) => first[`l/W/data/percentile/${i}`]),
    [-0.9943125, -0.90025, -0.3056875000000001, 0.125, 0.8097500000000002, 1.8290000000000002, 1.99025]);
  assert.is(first['l/W/grad/mean'], 0.3499999940395355);
  assert.is(first['l/W/grad/std'], 0.17078252136707306);
  assert.equal([0, 3, 6].map((i) => first[`l/W/grad/percentile/${i}`]), [0.10065000149980187, 0.3500000089406967, 0.5993500236868858]);
  assert.equal([first['l/b/data/mean'], first['l/b/data/std'], first['l/b/grad/zeros']], [-0.10000000894069672, 0.20000001788139343, 2]);
  // a link that is not a child is named 'None'; the prefix, custom statistics, the interval's mean
  assert.ok(!('p/None/l/W/grad/n' in first));
  assert.equal([reported[1]['p/None/l/W/grad/n'], reported[1]['p/None/l/b/grad/n']], [6, 2]);
  assert.ok(!Object.keys(reported[1]).some((k) => k.includes('/data/') && k.startsWith('p/')));
});

test('observeLr writes the learning rate into the observation once per epoch', () => {
  const updater = new FakeUpdater(2);
  updater.optimizers = { main: { lr: 0.5, target: null, update() {}, serialize() {} } as never };
  const trainer = new training.Trainer(updater, [2, 'epoch'], { out: '' });
  const log = new LogReport({ logName: null });
  trainer.extend(training.extensions.observeLr());
  trainer.extend(log);
  trainer.run();
  assert.equal(log.log.map((e) => e.lr), [0.5, 0.5]);
  // Chainer's names: both are '_observe_value' (its inner function), the second one '_1'
  assert.equal(trainer.extensionNames, ['_observe_value', 'LogReport']);
  const two = new training.Trainer(new FakeUpdater(2), [1, 'epoch'], { out: '' });
  two.extend(training.extensions.observeLr());
  two.extend(training.extensions.observeValue('x', () => 1));
  assert.equal(two.extensionNames, ['_observe_value', '_observe_value_1']);
  assert.ok(saveToMemory(two).has('extension_triggers/_observe_value_1/previous_iteration'));
  // an optimizer without lr (AdaDelta's hyperparameters are rho and eps) is a clear error
  const noLr = new FakeUpdater(1);
  noLr.optimizers = { main: new optimizers.AdaDelta() as never };
  const three = new training.Trainer(noLr, [1, 'epoch'], { out: '' });
  three.extend(training.extensions.observeLr());
  assertThrows(() => three.run({ showLoopExceptionMsg: false }), "observeLr: optimizer 'main' (AdaDelta) has no numeric lr, got undefined");
});

test('FailOnNonNumber stops at a non-finite parameter (a gradient only with checkGrad)', () => {
  const param = { hasData: true, array: array([1, 2]), grad: array([0, 0]) };
  const updater = new FakeUpdater(10);
  updater.optimizers = { main: { target: { params: () => [param], serialize() {} }, update() {}, serialize() {} } };
  updater.onUpdate = (i) => { if (i === 3) param.array = array([1, NaN]); };
  const trainer = new training.Trainer(updater, [5, 'iteration'], { out: '' });
  trainer.extend(new FailOnNonNumber());
  assertThrows(() => trainer.run({ showLoopExceptionMsg: false }), "optimizer 'main'", 'diverge');
  assert.is(updater.iteration, 3);
  // Chainer 7 checks the parameters only: a non-finite gradient of finite parameters (a
  // frozen layer's) lets training go on, unless checkGrad asks for it
  const frozen = { hasData: true, array: array([1, 2]), grad: array([Infinity, 0]) };
  const run = (ext: training.Extension) => {
    const u = new FakeUpdater(10);
    u.optimizers = { main: { target: { params: () => [frozen], serialize() {} }, update() {}, serialize() {} } };
    const t = new training.Trainer(u, [2, 'iteration'], { out: '' });
    t.extend(ext);
    t.run({ showLoopExceptionMsg: false });
    return u.iteration;
  };
  assert.is(run(new FailOnNonNumber()), 2);
  assertThrows(() => run(new FailOnNonNumber({ checkGrad: true })), 'grads', 'diverge');
});

test('Evaluator with progressBar draws Chainer\'s validation bar in a terminal', () => {
  class Model extends Chain {
    override forward(x: unknown) { report({ loss: F.sum(new Variable(x as never)) }, this); return x; }
  }
  let text = '';
  const it = new iterators.SerialIterator([1, 2, 3, 4, 5].map((v) => new Float32Array([v])), 2, { repeat: false, shuffle: false });
  const evaluator = new Evaluator(it, new Model(), { progressBar: true, out: { write: (t: string) => { text += t; }, isTTY: true } });
  evaluator.call();
  const draws = text.split('\x1b[J').filter(Boolean);
  // one draw per batch, then the bar is erased
  assert.is(draws.length, 3);
  const lines = draws[0].split('\n');
  assert.is(lines[0], `validation [${'#'.repeat(20)}${'.'.repeat(30)}] 40.00%`);
  assert.is(lines[1], '         2 / 5 iterations');
  assert.match(lines[2], /^ {0,9}\S+ iters\/sec\. Estimated time to finish: /);
  assert.is(lines[3], '\x1b[3A');
  assert.ok(draws[2].startsWith(`validation [${'#'.repeat(50)}] 100.00%\n         0 / 5 iterations\n`), draws[2]);
  assert.ok(text.endsWith('\x1b[J'));
  let quiet = '';
  new Evaluator(it, new Model(), { progressBar: true, out: (t: string) => { quiet += t; } }).call();
  assert.is(quiet, '');
});

test('Evaluator: averages the batch means with train mode and backprop off, prefixed validation/', () => {
  const modes: [unknown, unknown][] = [];
  class Model extends Chain {
    override forward(x: unknown) {
      modes.push([config.train, config.enableBackprop]);
      const v = new Variable(x as never);
      report({ loss: F.sum(v).div(v.shape[0]) }, this);
      return v;
    }
  }
  const model = new Model();
  const it = new iterators.SerialIterator([1, 2, 3, 4, 5].map((v) => new Float32Array([v])), 2, { repeat: false, shuffle: false });
  const evaluator = new Evaluator(it, model);
  // Standalone, without a trainer: no name, keys without prefix.
  const result = noBackpropMode(() => evaluator.call());
  // Batches [1, 2], [3, 4], [5]: the mean of 1.5, 3.5 and 5.
  assertClose(result['main/loss'], (1.5 + 3.5 + 5) / 3);
  assert.ok(modes.every(([train, backprop]) => train === false && backprop === false));
  const updater = new FakeUpdater(1);
  const trainer = new training.Trainer(updater, [2, 'iteration'], { out: '' });
  const log = new LogReport({ trigger: [1, 'iteration'], logName: null });
  trainer.extend(new Evaluator(it, model), { trigger: [1, 'iteration'] });
  trainer.extend(log);
  trainer.run();
  assert.equal(log.log.map((e) => Object.keys(e)[0]), ['validation/main/loss', 'validation/main/loss']);
  assertClose(log.log[1]['validation/main/loss'], 10 / 3);
  assert.is(config.train, true);
});

test.run();

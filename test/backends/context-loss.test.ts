// Training survives a lost WebGL context: forced through WEBGL_lose_context mid-training,
// the model and optimizer state go back to their last checkpoint on wasm and the run goes on.
// Chromium only; each test loses a context of its own, never the suite's.
import { suite } from 'uvu';
import { training, iterators, datasets, optimizers, L, F, Chain, Link, HostArray, random, backend, array, ContextLostError, Variable,
  type ContextLostEvent, type NDArray } from '../../src/index';
import { createWebglBackend, webglUnavailableReason, type WebglBackend } from '../../src/backends/webgl/webgl-backend';
import { assert, assertThrows, gaussianBlobs } from '../util';

const test = suite('webgl context loss');
const here = backend.available().includes('webgl');

class MLP extends Chain {
  l1 = new L.Linear(2, 16);
  l2 = new L.Linear(16, 3);
  override forward(x: NDArray | Variable): Variable {
    return this.l2.forward(F.tanh(this.l1.forward(x)));
  }
}


interface Lossy {
  gl: WebglBackend;
  lose(): void;
  events: ContextLostEvent[];
  warnings: string[];
}

/**
 * Runs body with a webgl backend on a context of its own as 'webgl' and the current backend,
 * listening to 'contextlost' and to console.warn; puts everything back afterwards.
 */
async function withLosableContext(body: (c: Lossy) => void | Promise<void>): Promise<void> {
  const original = backend.get('webgl');
  const previous = backend.current();
  const gl = createWebglBackend()!;
  const ext = gl.gl.getExtension('WEBGL_lose_context');
  assert.ok(ext, `WEBGL_lose_context (context lost: ${gl.gl.isContextLost()})`);
  const c: Lossy = { gl, lose: () => ext!.loseContext(), events: [], warnings: [] };
  const warn = console.warn;
  console.warn = (...args: unknown[]) => { c.warnings.push(args.join(' ')); };
  const stop = backend.on('contextlost', (e) => { c.events.push(e); });
  const period = backend.checkpointPeriod();
  // This context first; a new one when use('webgl') asks again after its loss.
  let made = false;
  backend.register('webgl', () => (made ? createWebglBackend() : (made = true, gl)), webglUnavailableReason);
  try {
    backend.use('webgl');
    await body(c);
  } finally {
    backend.register('webgl', () => original, webglUnavailableReason);
    backend.use(previous);
    backend.checkpointPeriod(period);
    stop();
    console.warn = warn;
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function assertFinite(model: Link, shapes: number[][]): void {
  const params = model.params();
  assert.equal(params.map((p) => [...p.shape]), shapes);
  for (const p of params) {
    assert.is(p.device, 'wasm');
    assert.ok(Array.from(p.array.dataSync()).every(Number.isFinite), `${p.name}: not finite`);
  }
}

test('a Trainer run goes on on wasm after the context is lost mid-training, and the loss keeps falling', () => withLosableContext((c) => {
  random.seed(0);
  backend.checkpointPeriod({ updates: 5, ms: Infinity });
  const { x, t } = gaussianBlobs(150, 1);
  const model = new L.Classifier(new MLP());
  const optimizer = new optimizers.Adam({ alpha: 0.01 }).setup(model);
  assert.is(model.predictor.device, 'webgl');
  const iterator = new iterators.SerialIterator(new datasets.TupleDataset(new HostArray(x, [150, 2]), t), 15);
  const trainer = new training.Trainer(new training.updaters.StandardUpdater(iterator, optimizer), [80, 'iteration']);
  const losses: number[] = [];
  let tAtLoss = 0;
  trainer.extend((tr: training.Trainer) => {
    losses.push((tr.observation['main/loss'] as Variable).array.item());
    if (tr.updater.iteration === 23) {
      tAtLoss = optimizer.t;
      c.lose();
    }
  }, { name: 'watch' });
  trainer.run();

  assert.is(c.events.length, 1, 'one event');
  assert.is(c.warnings.length, 1, 'one warning');
  const e = c.events[0];
  assert.equal([e.backend, e.fallback, e.restored.length], ['webgl', 'wasm', 1]);
  assert.ok(c.warnings[0].includes('lost its context') && c.warnings[0] === e.message, c.warnings[0]);
  const { t: resumed, rolledBack } = e.restored[0];
  assert.is(tAtLoss, 23);
  assert.is(resumed + rolledBack, tAtLoss);
  // A synchronous loop collects a copy when the next is due: at most two periods are undone.
  assert.ok(rolledBack >= 1 && rolledBack <= 10, `rolled back ${rolledBack}`);
  // The step in flight was done again on wasm, then the other 57.
  assert.is(losses.length, 80);
  assert.is(optimizer.t, 80 - rolledBack);
  assert.is(backend.current(), 'wasm');
  assert.not.ok(backend.available().includes('webgl'), 'the lost backend is not offered');
  assertFinite(model.predictor, [[16, 2], [16], [3, 16], [3]]);
  for (const p of model.params()) {
    const state = p.updateRule!.state!;
    assert.equal(Object.keys(state).sort(), ['m', 'v']);
    for (const k of ['m', 'v']) assert.is(state[k].device, 'wasm');
  }
  const start = mean(losses.slice(0, 5)), after = mean(losses.slice(23, 28)), end = mean(losses.slice(75));
  assert.ok(end < after && after < start, `losses ${start} -> ${after} -> ${end}`);
}));

test('a loop by hand sees one ContextLostError; the model and Adam state are exactly the checkpoint\'s', () => withLosableContext((c) => {
  random.seed(1);
  backend.checkpointPeriod({ updates: 5, ms: Infinity });
  const { x: xs, t: ts } = gaussianBlobs(60, 2);
  const model = new MLP();
  const optimizer = new optimizers.Adam({ alpha: 0.01 }).setup(model);
  const lossFn = (x: NDArray, t: NDArray) => F.softmaxCrossEntropy(model.forward(x), t);
  /** Everything training owns, read after each update (a test may read). */
  const states = new Map<number, number[][]>();
  const read = () => model.params().flatMap((p) => [p.array, ...(['m', 'v'] as const).map((k) => p.updateRule!.state![k])])
    .map((a) => Array.from(a.dataSync()));
  const ruleSteps = () => model.params().map((p) => p.updateRule!.t);
  const losses: number[] = [];
  let errors = 0;
  for (let i = 0; i < 60; i++) {
    const at = (i % 4) * 15;
    let loss: Variable;
    try {
      loss = lossFn(array(xs.subarray(2 * at, 2 * (at + 15)), { shape: [15, 2] }), array(ts.subarray(at, at + 15)));
      model.cleargrads();
      loss.backward();
      optimizer.update();
    } catch (e) {
      if (!(e instanceof ContextLostError)) throw e;
      errors++;
      assert.ok(e.message.includes('went back to their last checkpoint'), e.message);
      // Exactly what training held after the checkpointed update.
      const restored = c.events[0].restored[0].t;
      assert.is(optimizer.t, restored);
      assert.equal(ruleSteps(), [restored, restored, restored, restored]);
      assert.equal(read(), states.get(restored));
      continue;
    }
    losses.push(loss.array.item());
    states.set(optimizer.t, read());
    if (optimizer.t === 13 && errors === 0) c.lose();  // (t passes 13 again after the rollback)
  }
  assert.is(errors, 1);
  assert.is(c.events.length, 1);
  // Copies began after updates 1, 6, 11; a synchronous loop took the one of 6 when 11's was due.
  assert.equal(c.events[0].restored, [{ t: 6, rolledBack: 7 }]);
  assertFinite(model, [[16, 2], [16], [3, 16], [3]]);
  assert.ok(mean(losses.slice(-5)) < mean(losses.slice(13, 18)), `${losses}`);
}));

test('optimizer.update(lossFn, x, t) does the step again on wasm with the uploaded inputs: the loop sees no error', () => withLosableContext((c) => {
  random.seed(3);
  backend.checkpointPeriod({ updates: 4, ms: Infinity });
  const { x, t } = gaussianBlobs(30, 4);
  const model = new MLP();
  const optimizer = new optimizers.MomentumSGD({ lr: 0.05 }).setup(model);
  const xa = array(x, { shape: [30, 2] }), ta = array(t);
  const lossFn = (a: NDArray, b: NDArray) => F.softmaxCrossEntropy(model.forward(a), b);
  const losses: number[] = [];
  for (let i = 0; i < 40; i++) {
    optimizer.update((a: NDArray, b: NDArray) => {
      const loss = lossFn(a, b);
      losses.push(loss.array.item());
      if (i === 20 && c.events.length === 0) c.lose();  // mid-step: backward finds it
      return loss;
    }, xa, ta);
  }
  assert.is(c.events.length, 1);
  const { t: resumed, rolledBack } = c.events[0].restored[0];
  assert.is(resumed + rolledBack, 20);
  assert.is(optimizer.t, 40 - rolledBack);
  assert.is(losses.length, 41, 'the step cut short ran twice');
  assert.equal([xa.device, ta.device], ['webgl', 'webgl'], 'the caller\'s arrays are left alone');
  assertFinite(model, [[16, 2], [16], [3, 16], [3]]);
  assert.ok(mean(losses.slice(-5)) < mean(losses.slice(21, 26)), `${losses}`);
}));

test('a loss before the first checkpoint has arrived starts the parameters again from their initializers at t = 0', () => withLosableContext((c) => {
  random.seed(4);
  const model = new MLP();
  const optimizer = new optimizers.Adam().setup(model);
  const xa = array([[0.5, -1], [2, 1]]), ta = array(new Int32Array([0, 2]));
  const step = () => optimizer.update((a: NDArray, b: NDArray) => F.softmaxCrossEntropy(model.forward(a), b), xa, ta);
  step();  // its copy is enqueued, not yet collected
  const first = Array.from(model.l1.W.array.dataSync());
  c.lose();
  step();
  assert.equal(c.events[0].restored, [{ t: 0, rolledBack: 1 }]);
  assert.is(optimizer.t, 1, 'then the step ran on wasm');
  assertFinite(model, [[16, 2], [16], [3, 16], [3]]);
  assert.not.equal(Array.from(model.l1.W.array.dataSync()), first);
}));

test('arrays made on the lost context throw a clear error; the lost backend refuses use()', () => withLosableContext((c) => {
  const a = array([1, 2, 3]);
  const b = F.exp(a).array;
  c.lose();
  assertThrows(() => b.dataSync(), 'webgl: read: the WebGL context was lost');
  assert.is(c.events.length, 1);
  assertThrows(() => F.exp(a), 'webgl: a kernel or an upload: the WebGL context was lost');
  assert.is(c.events.length, 1, 'told once');
  assert.is(c.events[0].rolledBack, 0);
  assert.equal(c.events[0].restored, []);
  assert.is(backend.current(), 'wasm');
  assert.equal(Array.from(F.exp(array([0])).array.dataSync()), [1]);
}));

test('after a loss, use("webgl") makes a new context and toDevice takes training back there', () => withLosableContext((c) => {
  random.seed(5);
  const { x, t } = gaussianBlobs(30, 5);
  const model = new MLP();
  const optimizer = new optimizers.Adam({ alpha: 0.02 }).setup(model);
  const lossFn = (a: NDArray, b: NDArray) => F.softmaxCrossEntropy(model.forward(a), b);
  const losses: number[] = [];
  const step = () => optimizer.update((a: NDArray, b: NDArray) => {
    const loss = lossFn(a, b);
    losses.push(loss.array.item());
    return loss;
  }, array(x, { shape: [30, 2] }), array(t));
  for (let i = 0; i < 5; i++) step();
  c.lose();
  assertThrows(step, 'webgl: a kernel or an upload: the WebGL context was lost');  // array() of the next step finds it
  for (let i = 0; i < 5; i++) step();
  assert.is(model.device, 'wasm');
  assert.not.ok(backend.available().includes('webgl'));
  const fresh = backend.use('webgl') as WebglBackend;
  assert.ok(fresh !== c.gl && !fresh.lost);
  assert.ok(backend.available().includes('webgl'));
  model.toDevice('webgl');
  for (let i = 0; i < 10; i++) step();
  for (const p of model.params()) {
    assert.is(p.device, 'webgl');
    for (const k of ['m', 'v']) assert.is(p.updateRule!.state![k].device, 'webgl', 'the state followed at the update');
  }
  assert.ok(fresh.transfers.checkpoints > 0, 'checkpoints go on on the new context');
  assert.is(c.events.length, 1);
  assert.ok(mean(losses.slice(-3)) < mean(losses.slice(0, 3)), `${losses}`);
}));

test('an async loop collects checkpoints between tasks, counted apart from reads', () => withLosableContext(async (c) => {
  random.seed(2);
  backend.checkpointPeriod({ updates: 3, ms: Infinity });
  const { x, t } = gaussianBlobs(30, 3);
  const model = new MLP();
  const optimizer = new optimizers.SGD({ lr: 0.1 }).setup(model);
  const xa = array(x, { shape: [30, 2] }), ta = array(t);
  const before = { ...c.gl.transfers };
  for (let i = 0; i < 10; i++) {
    optimizer.update((a: NDArray, b: NDArray) => F.softmaxCrossEntropy(model.forward(a), b), xa, ta);
    await new Promise((r) => setTimeout(r, 10));
  }
  // Copies after updates 1, 4, 7, 10 of the four parameters, counted apart. The uploads are
  // the two weight matrices' random initial values, made on first use (Parameter.initialize).
  assert.equal([c.gl.transfers.uploads, c.gl.transfers.checkpoints], [before.uploads + 2, before.checkpoints + 16]);
  const values = model.params().map((p) => Array.from(p.array.dataSync()));
  await new Promise((r) => setTimeout(r, 20));
  c.lose();
  await new Promise((r) => setTimeout(r, 50));  // the canvas's 'webglcontextlost' event, between tasks
  assert.is(c.events.length, 1, 'noticed through the event, with no kernel call');
  assert.equal(c.events[0].restored, [{ t: 10, rolledBack: 0 }]);
  assert.equal(model.params().map((p) => Array.from(p.array.dataSync())), values);
}));

if (here) test.run();

const api = suite('context loss settings');

api('checkpointPeriod reads and changes the period, and rejects nonsense', () => {
  const before = backend.checkpointPeriod();
  try {
    assert.equal(before, { updates: 100, ms: 10_000 });
    assert.equal(backend.checkpointPeriod({ updates: 7 }), { updates: 7, ms: 10_000 });
    assert.equal(backend.checkpointPeriod({ ms: Infinity }), { updates: 7, ms: Infinity });
    assertThrows(() => backend.checkpointPeriod({ updates: 0 }), 'backend.checkpointPeriod: updates must be a positive integer or Infinity, got 0');
    assertThrows(() => backend.checkpointPeriod({ updates: 2.5 }), 'got 2.5');
    assertThrows(() => backend.checkpointPeriod({ ms: -1 }), 'backend.checkpointPeriod: ms must be a positive number or Infinity, got -1');
    assert.equal(backend.checkpointPeriod(), { updates: 7, ms: Infinity }, 'a rejected change changes nothing');
  } finally {
    backend.checkpointPeriod(before);
  }
});

api('on() knows one event and wants a function', () => {
  assertThrows(() => backend.on('lost' as 'contextlost', () => {}), "backend.on: unknown event 'lost' (expected 'contextlost')");
  assertThrows(() => backend.on('contextlost', null as never), "backend.on('contextlost'): the listener must be a function, got object");
  const listener = () => {};
  const stop = backend.on('contextlost', listener);
  assert.type(stop, 'function');
  stop();
  backend.off('contextlost', listener);
});

api.run();

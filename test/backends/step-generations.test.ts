// Step generations on webgl: a kernel's result lives until the end of the step after the
// one that made or last used it, so training loops of any length hold a fixed number of
// textures with no dispose() and no finalizer; arrays the user makes, owned arrays and
// persisted ones are not step-scoped. Exhausting the texture budget is a clear error, and
// a training step reads nothing back unless the user reads.
import { suite } from 'uvu';
import { F, L, Chain, Variable, HostArray, array, backend, datasets, iterators, ops, optimizers, training, random, type NDArray } from '../../src/index';
import type { WebglBackend } from '../../src/backends/webgl/webgl-backend';
import type { MemoryInfo } from '../../src/backends/backend';
import { assert, assertClose, assertThrows, randomValues } from '../util';

const gl = backend.available().includes('webgl') ? backend.get('webgl') as WebglBackend : null;
const s = suite('step generations on webgl');
let previous: 'wasm' | 'webgl' = 'wasm';
s.before(() => { previous = backend.current(); if (gl) backend.use('webgl'); });
s.after(() => { backend.use(previous); });

const ITERATIONS = 10000;
/**
 * A Trainer iteration draws about three times the kernels of the by-hand step (the batch
 * upload, accuracy, the reported sums), each slow on SwiftShader's software WebGL2.
 */
const TRAINER_ITERATIONS = 2000;

/** The figures a flat loop must keep: every texture count and byte count of memory(). */
function textures(m: MemoryInfo) {
  return { arrays: m.arrays, bytes: m.bytes, pooledBytes: m.pooledBytes, temporaries: m.temporaries, temporaryBytes: m.temporaryBytes };
}

function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}

class Tiny extends Chain {
  l = new L.Linear(4, 3);
  override forward(x: NDArray | Variable): Variable {
    return this.l.forward(x);
  }
}

/** Three separable classes of 4-vectors: class c has +2 in coordinate c. */
function classes(n: number, seed: number): { x: Float32Array; t: Int32Array } {
  const x = randomValues(n * 4, seed, -0.5, 0.5), t = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = i % 3;
    x[4 * i + t[i]] += 2;
  }
  return { x, t };
}

s(`a by-hand loop keeps GPU memory flat over ${ITERATIONS} iterations with no dispose(), and reads nothing back`, () => {
  if (!gl) return;
  // Arrays of earlier suites in this page that nothing has freed yet (dropped models wait
  // for their finalizers, which never run inside this synchronous test) are not this loop's.
  const earlier = backend.memory().arrays;
  random.seed(0);
  const model = new Tiny();
  const optimizer = new optimizers.SGD(0.1).setup(model);
  // A fixed batch uploaded before the loop, used every step; another used only now and then.
  const data = classes(6, 1), held = classes(3, 2);
  const x = array(data.x, { shape: [6, 4] }), t = array(data.t);
  const xHeld = array(held.x, { shape: [3, 4] }), tHeld = array(held.t);
  const step = () => {
    model.cleargrads();
    const loss = F.softmaxCrossEntropy(model.forward(x), t);
    loss.backward();
    optimizer.update();
    return loss;
  };
  const first = step().array.item();
  for (let i = 2; i <= 100; i++) step();
  const after100 = textures(backend.memory());
  const reads = gl.transfers.reads, uploads = gl.transfers.uploads;
  const start = now();
  for (let i = 101; i <= ITERATIONS; i++) step();
  const ms = now() - start;
  assert.is(gl.transfers.reads, reads, 'a by-hand step reads nothing back');
  assert.is(gl.transfers.uploads, uploads, 'nor uploads anything');
  const after = textures(backend.memory());
  assert.equal(after, after100, `memory after ${ITERATIONS} iterations equals that after 100`);
  // Owned: W, b, their gradients. The rest: this step's and the last step's temporaries plus the four batches.
  assert.is(after.arrays - earlier, 4);
  const last = step().array.item();
  assert.ok(last < 0.2 * first, `the loop trains (loss ${first} -> ${last})`);
  // The batch made before the loop and left unused for thousands of steps still works.
  assert.ok(F.softmaxCrossEntropy(model.forward(xHeld), tHeld).array.item() < first);
  console.log(`  by-hand loop on webgl: ${ITERATIONS - 100} steps in ${Math.round(ms)} ms; memory ${JSON.stringify(after)}`);
});

s(`a Trainer run keeps GPU memory flat over ${TRAINER_ITERATIONS} iterations and reads only when LogReport logs`, () => {
  if (!gl) return;
  random.seed(0);
  const model = new L.Classifier(new Tiny());
  const optimizer = new optimizers.SGD(0.1).setup(model);
  const data = classes(12, 3);
  const train = new datasets.TupleDataset(new HostArray(data.x, [12, 4]), data.t);
  const updater = new training.updaters.StandardUpdater(new iterators.SerialIterator(train, 6), optimizer);
  const trainer = new training.Trainer(updater, [TRAINER_ITERATIONS, 'iteration']);
  const interval = 500;
  const log = new training.extensions.LogReport({ trigger: [interval, 'iteration'], logName: null });
  trainer.extend(log);
  const readsAt: number[] = [];
  let lastReads = gl.transfers.reads;
  // Memory at the same point of two log intervals (LogReport holds its sums between logs).
  const phase = 100, early = phase, late = TRAINER_ITERATIONS - interval + phase;
  const at: Record<number, ReturnType<typeof textures>> = {};
  // Runs after LogReport (a lower priority): counts the reads of each iteration.
  trainer.extend((tr: training.Trainer) => {
    if (gl.transfers.reads !== lastReads) readsAt.push(tr.updater.iteration);
    lastReads = gl.transfers.reads;
    if (tr.updater.iteration === early || tr.updater.iteration === late) at[tr.updater.iteration] = textures(backend.memory());
  }, { name: 'count', priority: 0 });
  const start = now();
  trainer.run();
  const ms = now() - start;
  const after = at[late];
  assert.equal(after, at[early], `memory after ${late} iterations equals that after ${early}`);
  assert.equal(readsAt, Array.from({ length: TRAINER_ITERATIONS / interval }, (_, i) => (i + 1) * interval), 'reads happen only at the log intervals');
  assert.is(log.log.length, TRAINER_ITERATIONS / interval);
  const [firstEntry, lastEntry] = [log.log[0], log.log[log.log.length - 1]];
  assert.ok(lastEntry['main/loss'] < firstEntry['main/loss'] && lastEntry['main/accuracy'] === 1, JSON.stringify(lastEntry));
  console.log(`  Trainer on webgl: ${TRAINER_ITERATIONS} iterations in ${Math.round(ms)} ms; memory ${JSON.stringify(after)}`);
});

s('a convolutional step (max pooling, sigmoid cross entropy) reads nothing back either', () => {
  if (!gl) return;
  random.seed(0);
  class Conv extends Chain {
    c = new L.Convolution2D(1, 2, 3, 1, 1);
    l = new L.Linear(8, 3);
    override forward(x: NDArray | Variable): Variable {
      return this.l.forward(F.maxPooling2d(F.relu(this.c.forward(x)), 2));
    }
  }
  const model = new Conv();
  const optimizer = new optimizers.MomentumSGD(0.01).setup(model);
  const x = array(randomValues(2 * 16, 7), { shape: [2, 1, 4, 4] });
  const t = array(new Int32Array([1, 0, -1, 0, 1, 1]), { shape: [2, 3] });
  const step = () => {
    model.cleargrads();
    F.sigmoidCrossEntropy(model.forward(x), t).backward();
    optimizer.update();
  };
  step();
  const reads = gl.transfers.reads;
  for (let i = 0; i < 5; i++) step();
  assert.is(gl.transfers.reads, reads);
});

s('LogReport means computed on the device equal those of the same run on wasm', () => {
  if (!gl) return;
  const run = () => {
    random.seed(0);
    const model = new L.Classifier(new Tiny());
    const optimizer = new optimizers.SGD(0.1).setup(model);
    const data = classes(12, 3);
    const train = new datasets.TupleDataset(new HostArray(data.x, [12, 4]), data.t);
    const trainer = new training.Trainer(new training.updaters.StandardUpdater(new iterators.SerialIterator(train, 4, { shuffle: false }), optimizer), [6, 'iteration']);
    const log = new training.extensions.LogReport({ trigger: [3, 'iteration'], logName: null });
    trainer.extend(log);
    trainer.run();
    return log.log.flatMap((e) => [e['main/loss'], e['main/accuracy']]);
  };
  const onGpu = run();
  backend.use('wasm');
  try {
    assertClose(onGpu, run(), { rtol: 1e-5, atol: 1e-6 });
  } finally {
    backend.use('webgl');
  }
});

s('a temporary used two steps after its last use throws the error that names the rule and the fix', () => {
  if (!gl) return;
  const x = array([[1, -2], [3, -4]]);
  const y = F.relu(x);
  backend.endStep();
  // One boundary later it is still valid, and that use keeps it for another step.
  assertClose(F.sum(y).array, 4);
  backend.endStep();
  backend.endStep();
  assertThrows(() => F.sum(y), 'was used after its storage was freed', 'released at the end of step', 'persist()');
  assertThrows(() => y.array.dataSync(), 'webgl: read', 'persist()');
  // An optimizer's update ends a step too.
  const model = new Tiny();
  const optimizer = new optimizers.SGD(0.1).setup(model);
  const z = F.tanh(x);
  optimizer.update();
  optimizer.update();
  assertThrows(() => F.exp(z), 'persist()');
});

s('persist() keeps a temporary beyond the window until dispose()', () => {
  if (!gl) return;
  const before = backend.memory().temporaries!;
  const a = array([[1, -2], [3, -4]]), b = array([0, 1]);
  const y = F.relu(new Variable(a)).persist();
  const z = ops.exp(b).persist();
  for (let i = 0; i < 5; i++) backend.endStep();
  assertClose(y.array, [[1, 0], [3, 0]]);
  assertClose(z, [1, Math.E], { rtol: 1e-6 });
  for (const made of [a, b, y.array, z]) made.dispose();
  backend.endStep();
  backend.endStep();
  assert.is(backend.memory().temporaries, before);
});

s('the Evaluator\'s batches are a loop of their own: the training step\'s temporaries survive it', () => {
  if (!gl) return;
  random.seed(0);
  const model = new L.Classifier(new Tiny());
  const data = classes(12, 4);
  const valid = new iterators.SerialIterator(new datasets.TupleDataset(new HostArray(data.x, [12, 4]), data.t), 2, { repeat: false, shuffle: false });
  const carried = F.tanh(array([0.5, -0.5]));  // a training step's result, used after the evaluation
  const before = backend.memory().temporaries!;
  const result = new training.extensions.Evaluator(valid, model).call();
  assert.ok(Number.isFinite(result['main/loss']) && result['main/accuracy'] >= 0, JSON.stringify(result));
  assert.is(backend.memory().temporaries, before, 'the sweep releases what it made');
  assertClose(carried.array, [Math.tanh(0.5), -Math.tanh(0.5)], { rtol: 1e-6 });
});

s('an RNN state carried across one update (truncated BPTT) keeps working', () => {
  if (!gl) return;
  random.seed(0);
  class RNN extends Chain {
    x2h = new L.Linear(2, 3);
    h2h = new L.Linear(3, 3, { nobias: true });
    h2y = new L.Linear(3, 2);
  }
  const model = new RNN();
  const optimizer = new optimizers.SGD(0.05).setup(model);
  const xs = [array([[1, 0]]), array([[0, 1]])], ts = [array(new Int32Array([1])), array(new Int32Array([0]))];
  let h: Variable | null = null;
  const losses: number[] = [];
  for (let window = 0; window < 30; window++) {
    let loss: Variable | null = null;
    for (let k = 0; k < 2; k++) {
      const a = model.x2h.forward(xs[k]);
      h = F.tanh(h ? F.add(a, model.h2h.forward(h)) : a);
      const l = F.softmaxCrossEntropy(model.h2y.forward(h), ts[k]);
      loss = loss ? F.add(loss, l) : l;
    }
    model.cleargrads();
    loss!.backward();
    loss!.unchainBackward();
    optimizer.update();
    losses.push(loss!.array.item());
  }
  assert.ok(losses[29] < losses[0], `the state-carrying loop trains (${losses[0]} -> ${losses[29]})`);
});

s('a kernel whose texture does not fit in the memory budget throws naming it and the size', () => {
  if (!gl) return;
  // A size no other test made, so that the pool has no free texture of it.
  const n = 3 * (1 << 15) + 7, bytes = 4 * n;  // plus at most one row of padding
  const x = array(randomValues(n, 5));
  const held = backend.memory();
  const budget = gl.memoryBudget;
  gl.memoryBudget = held.bytes + held.temporaryBytes! + 2.5 * bytes;  // room for two results, not three
  try {
    const y = ops.exp(x);  // fits
    assertThrows(() => ops.add(ops.mul(y, 2), ops.exp(ops.neg(x))), 'webgl: elementwise', 'float32 texture (', 'does not fit in the webgl memory budget');
  } finally {
    gl.memoryBudget = budget;
  }
  // Nothing was lost: the backend goes on computing right values.
  assertClose(ops.sum(ops.mul(array([1, 2, 3]), 2)), 12);
  assertThrows(() => { gl.memoryBudget = 0; }, 'memoryBudget must be a positive number');
});

s.run();

const neutral = suite('step generations on wasm');
neutral('endStep() and persist() do nothing where the collector frees temporaries', () => {
  const wasm = backend.get('wasm');
  const x = ops.exp(array([0, 1], { backend: 'wasm' }));
  assert.is(x.persist(), x);
  const y = ops.mul(x, 2);
  for (let i = 0; i < 3; i++) backend.endStep();
  assertClose(y, [2, 2 * Math.E], { rtol: 1e-6 });
  assert.is(wasm.memory().temporaries, undefined);
});
neutral.run();

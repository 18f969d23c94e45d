// MNIST training throughput (examples/s) of two MLPs, kusari against TensorFlow.js 4.22:
//   (a) the article's MLP 784-100-10 tanh, batch 100, SGD lr 0.01
//   (b) Chainer's example MLP 784-1000-1000-10 ReLU, batch 100, Adam
// kusari runs as a user writes it (a Chain of L.Linear in L.Classifier, optimizer.update
// with SerialIterator + concatExamples on datasets.getMnist()), in Node and, in a Deno
// child process, in Deno; TF.js runs the same model, initialization, optimizer and softmax
// cross entropy on its wasm and its cpu backend in this process, with weights in its own
// (in, out) layout so that its forward products are plain (its fastest case; weights read
// transposed, as kusari's (out, in), make TF.js-wasm about 1.6x slower). Rounds are
// interleaved (each contender trains a chunk of batches in turn) so that the machine's
// load hits all alike; the figure is the median over rounds. Each contender warms up on
// batches before the timed rounds.
//
//   node bench/mlp.mjs [--model a|b] [--rounds 5] [--quick] [--no-deno] [--threads n] [--profile [--detail] [--threads 1,2]]
//                      [--tf-chainer-layout]   (TF.js weights (out, in), read transposed)
//   node_modules/.bin/deno run -A bench/mlp.mjs    (everything under Deno, no child process)
//
// Where the time goes in kusari's training step (--profile: timers around every backend
// call; Node 20 on a shared 2-vCPU VM, figures vary by about 30% from run to run):
//   (a) 1.4-1.7 ms/step, 25 backend calls. GEMM 0.8-1.0 ms (5 products, ~55%). The other
//       kernels (bias adds, tanh and its gradient, softmax cross entropy, the column sums
//       of the bias gradients, SGD) ~0.3 ms together. Copies into the arena ~0.06 ms;
//       copies out ~0.15-0.2 ms, nearly all allocation of the three 313 KB arrays of a
//       step (the batch, gW1, the new W1): fresh pages fault at ~1-5 us per 4 KB here.
//       Outside the backend ~0.4 ms: batch assembly ~0.1-0.2 ms (the 313 KB batch array),
//       graph bookkeeping of ~3 us per op (bench/ops.mjs: an F.tanh forward + backward of
//       4 elements takes 5 us, TF.js 13-22 us) and GC.
//   (b) 30-40 ms/step. GEMM ~22 ms of kernels (~70%), Adam ~6 ms (memory-bound: 4 arrays
//       of 1.8M floats in, 3 out). Copies out ~5-7 ms (17%): the 3-4 MB gradients of W1 and
//       W2 and Adam's new parameter, m and v are fresh allocations every step (arrays are
//       values, never updated in place). Copies in ~2.6 ms (7%). Outside ~1.5 ms (5%).
//   So (a) is bound by GEMM plus allocation of new arrays, with per-op overhead small;
//   (b) by GEMM, then by the allocation and copying of parameter-sized arrays.
import { Chain, F, L, concatExamples, datasets, iterators, optimizers, random } from '../dist/kusari.js';
import { args, fmt, isMain, median, now, ratio, report, runtimeName, table } from './lib/stats.mjs';
import { printMachine, useThreads } from './lib/machine.mjs';

export const description = 'MNIST MLP training examples/s, kusari in Node and Deno vs TF.js wasm and cpu';

let opts = {};
const isDeno = typeof Deno !== 'undefined';
const BATCH = 100;
const EPOCH_STEPS = 60000 / BATCH;

// ---------------------------------------------------------------- the models

class ArticleMLP extends Chain {
  constructor() {
    super();
    this.l1 = new L.Linear(784, 100);
    this.l2 = new L.Linear(100, 10);
  }
  forward(x) {
    return this.l2.forward(F.tanh(this.l1.forward(x)));
  }
}

/** Chainer's example network, 784-1000-1000-10 ReLU (the large MLP of every benchmark). */
export class LargeMLP extends Chain {
  constructor() {
    super();
    this.l1 = new L.Linear(784, 1000);
    this.l2 = new L.Linear(1000, 1000);
    this.l3 = new L.Linear(1000, 10);
  }
  forward(x) {
    const h1 = F.relu(this.l1.forward(x));
    const h2 = F.relu(this.l2.forward(h1));
    return this.l3.forward(h2);
  }
}

export const MODELS = {
  a: {
    title: '(a) article MLP 784-100-10 tanh, batch 100, SGD lr 0.01',
    layers: [784, 100, 10], activation: 'tanh', optimizer: 'sgd',
    kusari: () => ({ predictor: new ArticleMLP(), optimizer: new optimizers.SGD({ lr: 0.01 }) }),
    // Fraction of an epoch each contender trains in the timed rounds.
    fraction: { kusari: 1, 'tfjs-wasm': 1, 'tfjs-cpu': 0.25 },
  },
  b: {
    title: '(b) MLP 784-1000-1000-10 ReLU, batch 100, Adam',
    layers: [784, 1000, 1000, 10], activation: 'relu', optimizer: 'adam',
    kusari: () => ({ predictor: new LargeMLP(), optimizer: new optimizers.Adam() }),
    fraction: { kusari: 1, 'tfjs-wasm': 0.1, 'tfjs-cpu': 0.025 },
  },
};

let mnist = null;
function trainSet() {
  mnist ??= datasets.getMnist()[0];
  return mnist;
}

// ---------------------------------------------------------------- kusari trainer

/** Trains with kusari's public API, as in examples/mnist. */
export function kusariTrainer(key) {
  random.seed(0);
  const { predictor, optimizer } = MODELS[key].kusari();
  const model = new L.Classifier(predictor);
  optimizer.setup(model);
  const iter = new iterators.SerialIterator(trainSet(), BATCH);
  const batch = () => concatExamples(iter.next());
  const update = ([x, t]) => optimizer.update(model, x, t);
  const step = () => update(batch());
  return {
    step, batch, update,
    /** Trains `steps` batches; returns the wall time and the last batch's loss. */
    run(steps) {
      const t0 = now();
      for (let i = 0; i < steps; i++) step();
      const ms = now() - t0;
      return { ms, loss: model.loss.item() };
    },
  };
}

// ---------------------------------------------------------------- TF.js trainer

/**
 * The same model, initialization (LeCun normal, zero bias), optimizer and loss in TF.js.
 * Weights are (in, out), TF.js's own layout; with `chainerLayout` they are (out, in) as in
 * Chainer and the forward product reads W transposed (a slower path of TF.js-wasm).
 */
export function tfTrainer(tf, key, chainerLayout = false) {
  const spec = MODELS[key];
  const params = [];
  for (let i = 0; i + 1 < spec.layers.length; i++) {
    const [nIn, nOut] = [spec.layers[i], spec.layers[i + 1]];
    const shape = chainerLayout ? [nOut, nIn] : [nIn, nOut];
    params.push({ W: tf.variable(tf.randomNormal(shape, 0, Math.sqrt(1 / nIn))), b: tf.variable(tf.zeros([nOut])) });
  }
  const act = spec.activation === 'tanh' ? tf.tanh : tf.relu;
  const predict = (x) => params.reduce((h, { W, b }, i) => {
    const y = tf.add(tf.matMul(h, W, false, chainerLayout), b);
    return i + 1 < params.length ? act(y) : y;
  }, x);
  const optimizer = spec.optimizer === 'sgd' ? tf.train.sgd(0.01) : tf.train.adam(0.001, 0.9, 0.999, 1e-8);
  const [images, labels] = trainSet().datasets.map((d) => d.data);
  // Shuffled order per epoch, batches copied row by row, as an input pipeline would.
  const n = labels.length;
  let order = null, pos = n;
  let seed = 1;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const xb = new Float32Array(BATCH * 784), tb = new Int32Array(BATCH);
  const nextBatch = () => {
    for (let i = 0; i < BATCH; i++) {
      if (pos === n) {
        order ??= Int32Array.from({ length: n }, (_, k) => k);
        for (let k = n - 1; k > 0; k--) { const j = Math.floor(rand() * (k + 1)); [order[k], order[j]] = [order[j], order[k]]; }
        pos = 0;
      }
      const idx = order[pos++];
      xb.set(images.subarray(idx * 784, idx * 784 + 784), i * 784);
      tb[i] = labels[idx];
    }
  };
  let lastLoss = NaN;
  const step = (keepLoss = false) => {
    nextBatch();
    tf.tidy(() => {
      const x = tf.tensor2d(xb, [BATCH, 784]);
      const t = tf.oneHot(tf.tensor1d(tb, 'int32'), 10);
      const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(t, predict(x)), keepLoss);
      if (keepLoss) lastLoss = loss.dataSync()[0];
    });
  };
  return {
    step: () => step(false),
    run(steps) {
      const t0 = now();
      for (let i = 0; i < steps; i++) step(i === steps - 1);
      return { ms: now() - t0, loss: lastLoss };
    },
  };
}

// ---------------------------------------------------------------- contenders

/** Steps per round so that `rounds` rounds cover `fraction` of an epoch. */
function chunk(fraction, rounds) {
  return Math.max(1, Math.round(fraction * EPOCH_STEPS / rounds));
}

function warmUp(step, minSteps, minMs) {
  const t0 = now();
  for (let i = 0; i < minSteps || now() - t0 < minMs; i++) step();
}

/** A contender in this process. */
function local(label, make, steps, warm) {
  let trainer = null;
  return {
    label, steps,
    async prepare() {
      trainer = await make();
      warmUp(trainer.step, warm.steps, warm.ms);
    },
    async run() {
      return trainer.run(steps);
    },
    close() {},
  };
}

/** kusari in a Deno child process, driven over stdin/stdout one JSON line per command. */
function denoContender(key, steps, warm) {
  let child = null, lines = null;
  const request = async (cmd) => {
    child.stdin.write(`${JSON.stringify(cmd)}\n`);
    const { value, done } = await lines.next();
    if (done) throw new Error('the Deno process ended early');
    const reply = JSON.parse(value);
    if (reply.error) throw new Error(`Deno: ${reply.error}`);
    return reply;
  };
  return {
    label: 'kusari (Deno)', steps,
    async prepare() {
      const { spawn } = await import('node:child_process');
      const readline = await import('node:readline');
      const { fileURLToPath } = await import('node:url');
      const deno = fileURLToPath(new URL('../node_modules/.bin/deno', import.meta.url));
      child = spawn(deno, ['run', '-A', fileURLToPath(import.meta.url), '--serve'], { stdio: ['pipe', 'pipe', 'inherit'], cwd: fileURLToPath(new URL('..', import.meta.url)) });
      lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      const hello = await request({ cmd: 'setup', model: key, warm, threads: opts.threads ? Number(opts.threads) : null });
      this.runtime = hello.runtime;
    },
    async run() {
      return request({ cmd: 'run', steps });
    },
    close() {
      child?.stdin.end();
    },
  };
}

/** The Deno side: answers setup/run commands with kusari trainers. */
async function serve() {
  const readline = await import('node:readline');
  const rl = readline.createInterface({ input: process.stdin });
  let trainer = null;
  for await (const line of rl) {
    try {
      const msg = JSON.parse(line);
      if (msg.cmd === 'setup') {
        if (msg.threads) useThreads(msg.threads);
        trainer = kusariTrainer(msg.model);
        warmUp(trainer.step, msg.warm.steps, msg.warm.ms);
        console.log(JSON.stringify({ runtime: runtimeName() }));
      } else if (msg.cmd === 'run') {
        console.log(JSON.stringify(trainer.run(msg.steps)));
      }
    } catch (e) {
      console.log(JSON.stringify({ error: String(e?.stack ?? e) }));
    }
  }
}

async function denoAvailable() {
  if (isDeno || opts['no-deno']) return false;
  const { existsSync } = await import('node:fs');
  return existsSync(new URL('../node_modules/.bin/deno', import.meta.url));
}

async function loadTfQuietly() {
  try {
    const { loadTf } = await import('./lib/tfjs.mjs');
    return await loadTf();
  } catch (e) {
    console.log(`TF.js did not load (${String(e.message).split('\n')[0]}); kusari alone.`);
    return null;
  }
}

async function benchModel(key, rounds, tfLoaded, withDeno) {
  const spec = MODELS[key];
  const scale = opts.quick ? 0.2 : 1;
  const warm = key === 'a' ? { steps: 50, ms: 1500 } : { steps: 5, ms: 3000 };
  const contenders = [local(`kusari (${runtimeName().split(' ')[0]})`, () => kusariTrainer(key), chunk(spec.fraction.kusari * scale, rounds), warm)];
  if (withDeno) contenders.push(denoContender(key, chunk(spec.fraction.kusari * scale, rounds), warm));
  if (tfLoaded) {
    const { useTf } = await import('./lib/tfjs.mjs');
    for (const backend of ['wasm', 'cpu']) {
      const name = `tfjs-${backend}`;
      const steps = chunk(spec.fraction[name] * scale, rounds);
      const warmTf = backend === 'cpu' ? { steps: 2, ms: 0 } : { steps: warm.steps, ms: warm.ms };
      const c = local(`TF.js-${backend} (${runtimeName().split(' ')[0]})`, async () => tfTrainer(await useTf(backend), key, !!opts['tf-chainer-layout']), steps, warmTf);
      // Every round switches TF.js to this contender's backend first.
      const run = c.run;
      c.run = async () => { await useTf(backend); return run(); };
      contenders.push(c);
    }
  }
  console.log(`\n${spec.title}`);
  for (const c of contenders) await c.prepare();
  const samples = contenders.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < contenders.length; i++) samples[i].push(await contenders[i].run());
  }
  for (const c of contenders) c.close();
  const rows = contenders.map((c, i) => {
    const rates = samples[i].map((s) => (c.steps * BATCH) / (s.ms / 1000));
    return { label: c.label, rate: median(rates), examples: c.steps * BATCH * rounds, loss: samples[i].at(-1).loss };
  });
  const peer = (label) => rows.find((r) => r.label.startsWith(label))?.rate ?? null;
  const wasm = peer('TF.js-wasm'), cpu = peer('TF.js-cpu');
  console.log(table(
    ['', 'examples/s', 'epoch (s)', 'timed examples', 'vs TF.js-wasm', 'vs TF.js-cpu', 'last loss'],
    rows.map((r) => [
      r.label, fmt(r.rate, 0), fmt(60000 / r.rate, 1),
      `${r.examples.toLocaleString('en-US')} (${(r.examples / 60000).toFixed(r.examples >= 60000 ? 0 : 3)} epoch)`,
      ratio(r.rate, wasm), ratio(r.rate, cpu), fmt(r.loss, 3),
    ]),
  ));
  return rows;
}

// ---------------------------------------------------------------- profile

/** One model's step split into kernel families, arena copies and everything else. */
async function profile(key) {
  const { instrumentBackend } = await import('./lib/profile.mjs');
  const trainer = kusariTrainer(key);
  const steps = key === 'a' ? 300 : 20;
  warmUp(trainer.step, steps, 2000);
  const plain = trainer.run(steps).ms;
  const probe = instrumentBackend({ detail: !!opts.detail });
  const t0 = now();
  let batchMs = 0;
  for (let i = 0; i < steps; i++) {
    const t1 = now();
    const b = trainer.batch();
    batchMs += now() - t1;
    trainer.update(b);
  }
  const total = now() - t0;
  probe.restore();
  console.log(`\n${MODELS[key].title}: ${(plain / steps).toFixed(3)} ms/step uninstrumented`);
  console.log(probe.report(total, steps));
  console.log(`    of which batches ${(batchMs / steps).toFixed(3).padStart(8)} ms/step ${(100 * batchMs / total).toFixed(1).padStart(5)}%  SerialIterator + concatExamples`);
}

// ---------------------------------------------------------------- main

export async function main(argv) {
  opts = args(argv);
  if (opts.serve) return serve();
  await printMachine();
  const keys = opts.model ? String(opts.model).split(',') : ['a', 'b'];
  if (opts.profile) {
    // One breakdown per thread count asked for (the backend's default without --threads).
    const counts = opts.threads ? String(opts.threads).split(',').map(Number) : [null];
    for (const n of counts) {
      if (n !== null) console.log(`\nkusari on ${useThreads(n)} thread(s)`);
      for (const k of keys) await profile(k);
    }
    return;
  }
  const rounds = Number(opts.rounds ?? 5);
  // --threads n: kusari's thread count for the whole run (the backend's default without it).
  if (opts.threads) console.log(`kusari on ${useThreads(Number(opts.threads))} thread(s)`);
  const tf = await loadTfQuietly();
  const withDeno = await denoAvailable();
  console.log(`MNIST MLP training, examples/s (median of ${rounds} interleaved rounds); kusari ${runtimeName()}${withDeno ? ' and Deno (child process)' : ''}, wasm backend; TF.js 4.22 in ${runtimeName()}`);
  console.log('ratios: this row\'s examples/s over the peer\'s (above 1: faster)');
  const tables = [];
  for (const k of keys) {
    const rows = await benchModel(k, rounds, !!tf, withDeno);
    const peer = (label) => rows.find((r) => r.label.startsWith(label))?.rate ?? null;
    tables.push({
      name: MODELS[k].title, key: 'label',
      columns: [{ key: 'rate', title: 'examples/s' }, { key: 'vsWasm', title: 'vs TF.js-wasm' }, { key: 'vsCpu', title: 'vs TF.js-cpu' }],
      rows: rows.map((r) => ({ label: r.label, rate: Math.round(r.rate), vsWasm: ratio(r.rate, peer('TF.js-wasm')), vsCpu: ratio(r.rate, peer('TF.js-cpu')) })),
    });
  }
  report(tables);
}

if (isMain(import.meta)) await main();

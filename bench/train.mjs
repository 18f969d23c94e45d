// Training throughput of the four workloads of Chainer's speed table, written as a user
// writes them (Chain of links, L.Classifier or a truncated-BPTT loop, optimizer.update):
//   article  MLP 784-100-10 tanh, SGD lr 0.01, batch 100, MNIST            examples/s
//   large    MLP 784-1000-1000-10 ReLU, Adam, batch 100, MNIST             examples/s
//   lenet    LeNet (conv 5x5 6, pool 2, conv 5x5 16, pool 2, fc 120, 84, 10, ReLU),
//            MomentumSGD, batch 64, synthetic 28x28 images                 examples/s
//   lm       Chainer's RNNLM (examples/ptb): embed 10k, 2 LSTM 650 with dropout, linear
//            10k; SGD lr 1 with gradient clipping 5 (Chainer's ptb example), batch 20,
//            bptt 35, synthetic word ids                                   tokens/s
// kusari runs on 1 thread and on all (when the backend has a thread pool), TF.js-wasm on the
// MLPs (it has no convolution backward on wasm, and it aborts on the LM). Rounds interleave
// the contenders; figures are medians. For every workload the FLOPs of the step's GEMMs are
// counted from the shapes (printed), each shape is timed alone with ops.matmul on the same
// thread count, and GEMM efficiency = that GEMM time / the step's time: how close the step
// comes to being nothing but its products. FLOPs of the GEMMs per step (2MKN each; forward
// x W^T, backward gy W where the input needs a gradient and gy^T x):
//   article  31.96 MFLOP (forward 15.88, backward 16.08: no gx into the data)
//   large    919.6 MFLOP (forward 358.8, backward 560.8)
//   lenet    97.09 MFLOP with the convolutions as im2col products over the batch
//   lm       55.69 GFLOP per update: per word 4 LSTM products 20x650x2600 (two layers,
//            upward and lateral) and the decoder 20x650x10000, each x3 with the backward,
//            times 35 words The LM also reads backend.memory() before and
// after 100 updates (bptt shortened for that check, --lm-memory-bptt to change).
//
//   node bench/train.mjs [--only article,large,lenet,lm] [--rounds 5] [--quick] [--no-tf]
//                        [--lm-memory-updates 100] [--lm-memory-bptt 1] [--chainer-scale x]
//   node_modules/.bin/deno run -A bench/train.mjs --quick
import { Chain, F, L, array, backend, optimizers, random } from '../dist/kusari.js';
import { kusariTrainer, tfTrainer } from './mlp.mjs';
import { kusariGemmMs } from './gemm.mjs';
import { gemmFlops, linearGemms, printMachine, threadCounts, useThreads } from './lib/machine.mjs';
import { REFERENCE, chainerFigure, roundScaler, vsChainer } from './lib/reference.mjs';
import { args, fmt, interleave, isMain, now, report, runtimeName, table } from './lib/stats.mjs';

export const description = 'training examples/s (tokens/s) of the article MLP, the large MLP, LeNet and the LSTM LM: kusari 1/all threads, TF.js-wasm, scaled Chainer, GEMM efficiency';

let opts = {};

// ---------------------------------------------------------------- models

class LeNet extends Chain {
  constructor() {
    super();
    this.conv1 = new L.Convolution2D(1, 6, 5);
    this.conv2 = new L.Convolution2D(6, 16, 5);
    this.fc3 = new L.Linear(16 * 4 * 4, 120);
    this.fc4 = new L.Linear(120, 84);
    this.fc5 = new L.Linear(84, 10);
  }
  forward(x) {
    const h1 = F.maxPooling2d(F.relu(this.conv1.forward(x)), 2);
    const h2 = F.maxPooling2d(F.relu(this.conv2.forward(h1)), 2);
    return this.fc5.forward(F.relu(this.fc4.forward(F.relu(this.fc3.forward(h2)))));
  }
}

/** Chainer's RNNLM as examples/ptb/train_ptb.ts defines it (that file is a script, not a module). */
class LSTMLM extends Chain {
  constructor(vocab, units) {
    super();
    this.embed = new L.EmbedID(vocab, units);
    this.l1 = new L.LSTM(units, units);
    this.l2 = new L.LSTM(units, units);
    this.out = new L.Linear(units, vocab);
  }
  resetState() { this.l1.resetState(); this.l2.resetState(); }
  forward(words) {
    const h0 = this.embed.forward(words);
    const h1 = this.l1.forward(F.dropout(h0));
    const h2 = this.l2.forward(F.dropout(h1));
    return this.out.forward(F.dropout(h2));
  }
}

// ---------------------------------------------------------------- GEMMs per step

/** im2col products of a convolution over the batch: col (N*OH*OW, C*k*k) against W (out, C*k*k). */
function convGemms(batch, c, out, k, size, { inputGrad = true } = {}) {
  const rows = batch * (size - k + 1) ** 2;
  return linearGemms(rows, c * k * k, out, { inputGrad }).map((g) => ({ ...g, what: `conv ${c}->${out} k${k} ${g.what}` }));
}

const LM = { vocab: 10000, units: 650, batch: 20, bptt: 35 };

/** Each workload: its reference key, unit, examples per step and the GEMMs of one step. */
const WORKLOADS = {
  article: {
    perStep: 100,
    gemms: () => [...linearGemms(100, 784, 100, { inputGrad: false }), ...linearGemms(100, 100, 10)],
    kusari: () => kusariTrainer('a'),
    tf: (tf) => tfTrainer(tf, 'a'),
  },
  large: {
    perStep: 100,
    gemms: () => [...linearGemms(100, 784, 1000, { inputGrad: false }), ...linearGemms(100, 1000, 1000), ...linearGemms(100, 1000, 10)],
    kusari: () => kusariTrainer('b'),
    tf: (tf) => tfTrainer(tf, 'b'),
  },
  lenet: {
    perStep: 64,
    gemms: () => [...convGemms(64, 1, 6, 5, 28, { inputGrad: false }), ...convGemms(64, 6, 16, 5, 12),
      ...linearGemms(64, 256, 120), ...linearGemms(64, 120, 84), ...linearGemms(64, 84, 10)],
    kusari: lenetTrainer,
    tfNote: 'TF.js-wasm has no Conv2DBackpropFilter kernel: it cannot train a CNN',
  },
  lm: {
    perStep: LM.batch * LM.bptt,
    // Per word: two LSTM layers of two products each (upward and lateral, 4U gates) and the
    // decoder; the embedding is a gather, no product. bptt words per update.
    gemms: (bptt = LM.bptt) => [
      ...linearGemms(LM.batch, LM.units, 4 * LM.units).map((g) => ({ ...g, what: `LSTM ${g.what}`, count: 4 * bptt })),
      ...linearGemms(LM.batch, LM.units, LM.vocab).map((g) => ({ ...g, what: `decoder ${g.what}`, count: bptt })),
    ],
    kusari: lmTrainer,
    tfNote: 'TF.js-wasm aborts on the LSTM LM',
  },
};

// ---------------------------------------------------------------- trainers

function lenetTrainer() {
  random.seed(0);
  const model = new L.Classifier(new LeNet());
  const optimizer = new optimizers.MomentumSGD({ lr: 0.01, momentum: 0.9 });
  optimizer.setup(model);
  // A few fixed synthetic MNIST-shaped batches, cycled: speed does not depend on the pixels.
  const batches = Array.from({ length: 4 }, () => [
    random.uniform([64, 1, 28, 28], 0, 1),
    random.randint(0, 10, [64]),
  ]);
  let i = 0;
  return { step: () => { const [x, t] = batches[i++ % batches.length]; optimizer.update(model, x, t); }, model };
}

/** One truncated-BPTT update of `bptt` words over `batch` parallel streams of synthetic ids. */
function lmTrainer(bptt = LM.bptt) {
  random.seed(0);
  const model = new LSTMLM(LM.vocab, LM.units);
  const optimizer = new optimizers.SGD({ lr: 1 });
  optimizer.setup(model);
  optimizer.addHook(new optimizers.GradientClipping(5));
  let seed = 7;
  const nextIds = () => array(Int32Array.from({ length: LM.batch }, () => (seed = (seed * 1103515245 + 12345) >>> 0) % LM.vocab));
  let words = nextIds();
  const update = (length) => {
    let loss = null;
    for (let t = 0; t < length; t++) {
      const next = nextIds();
      const l = F.softmaxCrossEntropy(model.forward(words), next);
      loss = loss ? loss.add(l) : l;
      words = next;
    }
    model.cleargrads();
    loss.backward();
    loss.unchainBackward();
    optimizer.update();
  };
  return { step: () => update(bptt), update, model };
}

// ---------------------------------------------------------------- measurement

/** Runs step until it has run `minSteps` times and for `minMs`; returns ms per step. */
function warmUp(step, minSteps, minMs) {
  const t0 = now();
  let n = 0;
  while (n < minSteps || now() - t0 < minMs) { step(); n++; }
  return (now() - t0) / n;
}

/** A contender: `step` on a fixed thread count (or TF.js), steps per round sized to `roundMs`. */
function contender(label, step, threads, warm, roundMs) {
  let steps = 1;
  const before = () => { if (threads) useThreads(threads); };
  return {
    label, threads,
    prepare() {
      before();
      steps = Math.max(1, Math.round(roundMs / warmUp(step, warm.steps, warm.ms)));
    },
    run() {
      before();
      const t0 = now();
      for (let i = 0; i < steps; i++) step();
      return (now() - t0) / steps;
    },
  };
}

async function loadTfQuietly() {
  if (opts['no-tf']) return null;
  try {
    const { useTf } = await import('./lib/tfjs.mjs');
    return await useTf('wasm');
  } catch (e) {
    console.log(`TF.js did not load (${String(e.message).split('\n')[0]}): its column is n/a`);
    return null;
  }
}

/** GEMM ms of one step on `threads`: every shape timed alone, times its count. */
async function gemmTime(gemms, threads) {
  const ms = await kusariGemmMs(gemms.map((g) => g.shape), threads, opts.quick ? 1 : 3);
  return gemms.reduce((sum, g, i) => sum + ms[i] * (g.count ?? 1), 0);
}

function printGemms(gemms) {
  const total = gemms.reduce((s, g) => s + gemmFlops(g.shape) * (g.count ?? 1), 0);
  console.log(table(['GEMM of one step', 'M x K x N', 'per step', 'MFLOP'], [
    ...gemms.map((g) => [g.what, g.shape.slice(0, 3).join('x'), g.count ?? 1, fmt(gemmFlops(g.shape) * (g.count ?? 1) / 1e6, 2)]),
    ['total', '', '', fmt(total / 1e6, 2)],
  ]));
  return total;
}

/** backend.memory() and the JS heap before and after `updates` LM updates of `bptt` words. */
async function lmMemory(updates, bptt) {
  const trainer = lmTrainer(bptt);
  const settle = async () => { for (let k = 0; k < 2; k++) { globalThis.gc?.(); await new Promise((r) => setTimeout(r, 5)); } };
  const heap = () => (typeof Deno !== 'undefined' ? Deno.memoryUsage().heapUsed : process.memoryUsage().heapUsed);
  trainer.update(bptt);
  await settle();
  const before = { ...backend.memory(), heap: heap() };
  for (let i = 0; i < updates; i++) trainer.update(bptt);
  await settle();
  const after = { ...backend.memory(), heap: heap() };
  const flat = after.arrays <= before.arrays && after.bytes <= before.bytes;
  return { before, after, flat };
}

async function benchWorkload(key, tf, threads, scaler) {
  const w = WORKLOADS[key], ref = REFERENCE[key];
  const quick = !!opts.quick;
  const lmBptt = quick ? 5 : LM.bptt;
  const perStep = key === 'lm' ? LM.batch * lmBptt : w.perStep;
  const gemms = key === 'lm' ? w.gemms(lmBptt) : w.gemms();
  console.log(`\n${ref.title}${key === 'lm' && quick ? ` (--quick: bptt ${lmBptt})` : ''}`);
  const flops = printGemms(gemms);
  const trainer = key === 'lm' ? w.kusari(lmBptt) : w.kusari();
  const heavy = key === 'lm' || key === 'large';
  const warm = key === 'lm' ? { steps: 1, ms: 0 } : heavy ? { steps: 3, ms: quick ? 300 : 1500 } : { steps: 20, ms: quick ? 300 : 1500 };
  const roundMs = quick ? 300 : 1500;
  const contenders = threads.map((t) => contender(`kusari ${t}T`, trainer.step, t, warm, roundMs));
  let tfNote = w.tfNote ?? null;
  if (w.tf && tf) {
    const t = w.tf(tf);
    contenders.push(contender('TF.js-wasm', t.step, 0, { steps: 2, ms: quick ? 200 : 1000 }, roundMs));
  } else if (w.tf) tfNote = opts['no-tf'] ? 'not run (--no-tf)' : 'TF.js did not load';
  for (const c of contenders) c.prepare();
  const rounds = key === 'lm' ? Number(opts['lm-rounds'] ?? (quick ? 1 : 3)) : Number(opts.rounds ?? (quick ? 2 : 5));
  // numpy's rate in the same rounds (when probed) scales Chainer's figures for this workload
  const timed = await interleave([...contenders, ...(scaler.probe ? [scaler.probe] : [])], rounds);
  const stepMs = timed.slice(0, contenders.length).map((r) => r.median);
  const scale = scaler.scaleOf(timed[contenders.length]?.samples);
  const gemmMs = [];
  for (const t of threads) gemmMs.push(await gemmTime(gemms, t));
  useThreads(1);

  const chainer = chainerFigure(key, scale);
  const rows = contenders.map((c, i) => {
    const rate = perStep / (stepMs[i] / 1000);
    const isKusari = i < threads.length;
    return {
      label: c.label, rate, stepMs: stepMs[i],
      gemmMs: isKusari ? gemmMs[i] : null, efficiency: isKusari ? gemmMs[i] / stepMs[i] : null,
      vsChainer: vsChainer(key, rate, scale).ratio,
    };
  });
  console.log(table([``, ref.unit, 'ms/step', 'GEMM ms/step', 'GEMM eff', 'GEMM GFLOP/s in step', 'vs Chainer'], [
    ...rows.map((r) => [r.label, fmt(r.rate, 0), fmt(r.stepMs, 2), fmt(r.gemmMs, 2),
      r.efficiency === null ? 'n/a' : `${(100 * r.efficiency).toFixed(0)}%`, fmt(flops / r.stepMs / 1e6, 1), r.vsChainer]),
    ...(tfNote ? [['TF.js-wasm', 'n/a', '', '', '', '', tfNote]] : []),
    [`Chainer (x ${scale.toFixed(2)})`, chainer.text, '', '', '', '', ''],
  ]));
  console.log(`target: ${ref.target}`);

  let memory = null;
  if (key === 'lm') {
    const updates = Number(opts['lm-memory-updates'] ?? (quick ? 10 : 100));
    const bptt = Number(opts['lm-memory-bptt'] ?? 1);
    memory = await lmMemory(updates, bptt);
    const mb = (b) => (b / 2 ** 20).toFixed(1);
    const { before: b, after: a } = memory;
    console.log(`memory over ${updates} updates (bptt ${bptt}): resident arrays ${b.arrays} -> ${a.arrays}, ${mb(b.bytes)} -> ${mb(a.bytes)} MB; wasm memory ${mb(b.wasmBytes ?? 0)} -> ${mb(a.wasmBytes ?? 0)} MB; JS heap ${mb(b.heap)} -> ${mb(a.heap)} MB: ${memory.flat ? 'FLAT' : 'GROWING'}`);
  }
  const k = (t) => rows.find((r) => r.label === `kusari ${t}T`);
  const all = k(threads.at(-1));
  return {
    workload: key, unit: ref.unit, k1: k(1).rate, kAll: threads.length > 1 ? all.rate : null, allThreads: threads.at(-1),
    tfjs: rows.find((r) => r.label === 'TF.js-wasm')?.rate ?? null, tfNote,
    eff1: k(1).efficiency, effAll: all.efficiency, memoryFlat: memory ? memory.flat : null, scale,
  };
}

export async function main(argv) {
  opts = args(argv);
  backend.use('wasm');
  await printMachine();
  const scaler = await roundScaler(opts);
  console.log(scaler.note);
  const tf = await loadTfQuietly();
  const threads = threadCounts();
  const keys = opts.only ? String(opts.only).split(',') : Object.keys(WORKLOADS);
  console.log(`training throughput on ${runtimeName()}, kusari wasm on ${threads.join(' and ')} thread(s)${tf ? `, TF.js ${tf.version_core} wasm` : ''}; medians of interleaved rounds`);
  console.log('GEMM eff = time of the step\'s GEMMs at the rate ops.matmul reaches alone at those shapes and threads (weights');
  console.log('resident as in the step, activations copied in and results out, as bench gemm times it) / the step\'s time.');
  console.log('LeNet\'s convolutions count as im2col products, which its kernels need not run as such: it can pass 100%.');
  const results = [];
  try {
    for (const key of keys) results.push(await benchWorkload(key, tf, threads, scaler));
  } finally {
    scaler.close();
  }
  const pct = (x) => (x === null || x === undefined ? 'n/a' : `${(100 * x).toFixed(0)}%`);
  const rows = results.map((r) => ({
    workload: REFERENCE[r.workload].title, unit: r.unit, k1: fmt(r.k1, 0), kAll: fmt(r.kAll, 0),
    chainer: `${chainerFigure(r.workload, r.scale).text} (x ${r.scale.toFixed(2)})`, tfjs: fmt(r.tfjs, 0),
    ratio: vsChainer(r.workload, r.kAll ?? r.k1, r.scale).ratio, eff: r.kAll === null ? pct(r.eff1) : `${pct(r.eff1)} / ${pct(r.effAll)}`,
    memory: r.memoryFlat === null ? '' : r.memoryFlat ? 'FLAT' : 'GROWING',
  }));
  const columns = [
    { key: 'unit', title: 'unit' }, { key: 'k1', title: 'kusari 1T' }, { key: 'kAll', title: 'kusari all-T' },
    { key: 'chainer', title: 'Chainer (scaled)' }, { key: 'tfjs', title: 'TF.js-wasm' }, { key: 'ratio', title: 'kusari/Chainer' },
    { key: 'eff', title: threads.length > 1 ? 'GEMM eff 1T / all-T' : 'GEMM eff' }, { key: 'memory', title: 'memory' },
  ];
  console.log('\ntraining summary');
  console.log(table(['workload', ...columns.map((c) => c.title)], rows.map((r) => [r.workload, ...columns.map((c) => r[c.key])])));
  report([{ name: 'training', key: 'workload', columns, rows, raw: results }]);
}

if (isMain(import.meta)) await main();

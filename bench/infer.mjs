// Inference of the MLP 784-1000-1000-10 ReLU: batch-1 latency (median of single calls after
// warm-up) and batch-100 throughput, kusari (noBackpropMode, test mode; 1 and all threads)
// against TF.js-wasm and onnxruntime-web (its wasm build, which runs in Node and Deno) on the
// same weights, and onnxruntime-node (its native build with MLAS's AVX-512 kernels; in Node
// only) as the peer of the batch-100 target. The ONNX model comes from kusari's exportOnnx
// when the bundle has it, else from bench/lib/onnx-model.mjs. onnxruntime-web fixes its
// thread count when its wasm starts, so it runs with numThreads 1 here and with every core in
// a child process of this script, whose rounds interleave with the others'; onnxruntime-node
// takes a thread count per session and runs here. Every call reads its result back into JS.
//
// --profile prints instead where kusari's batch-100 forward spends its time, per kernel and
// thread count, and the rate its products run at.
//
//   node bench/infer.mjs [--quick] [--rounds 7] [--no-ort] [--no-ort-node] [--no-tf] [--chainer-scale x]
//   node bench/infer.mjs --profile
//   node_modules/.bin/deno run -A bench/infer.mjs --quick
import * as kusari from '../dist/kusari.js';
import { args, fmt, interleave, isMain, median, now, ratio, report, runtimeName, table } from './lib/stats.mjs';
import { LargeMLP } from './mlp.mjs';
import { logicalCores, printMachine, threadCounts, useThreads } from './lib/machine.mjs';
import { REFERENCE, chainerFigure, roundScaler, vsChainer } from './lib/reference.mjs';

const { Chain, F, L, backend, noBackpropMode, random, usingConfig } = kusari;

export const description = 'inference of the 784-1000-1000-10 MLP: batch-1 latency and batch-100 examples/s, kusari 1/all threads vs TF.js-wasm and onnxruntime-web';

let opts = {};
const SIZES = [784, 1000, 1000, 10];


function inputs(batch) {
  random.seed(1);
  return random.uniform([batch, 784], 0, 1).toTypedArray();
}

// ---------------------------------------------------------------- contenders

/** kusari: { layers (weights for the peers), predict(batch) -> () => Float32Array }. */
function kusariModel() {
  random.seed(0);
  const model = new LargeMLP();
  const layers = [model.l1, model.l2, model.l3].map((l, i) => ({
    nIn: SIZES[i], nOut: SIZES[i + 1], W: l.W.array.toTypedArray(), b: l.b.array.toTypedArray(),
  }));
  const predict = (batch) => {
    const x = kusari.fromTyped(inputs(batch), [batch, 784]);
    return () => usingConfig('train', false, () => noBackpropMode(() => model.forward(x).array.toTypedArray()));
  };
  return { model, layers, predict };
}

function tfModel(tf, layers) {
  const params = layers.map(({ W, b, nIn, nOut }) => ({ W: tf.transpose(tf.tensor2d(W, [nOut, nIn])), b: tf.tensor1d(b) }));
  return (batch) => {
    const x = tf.tensor2d(inputs(batch), [batch, 784]);
    return () => tf.tidy(() => params.reduce((h, { W, b }, i) => {
      const y = tf.add(tf.matMul(h, W), b);
      return i + 1 < params.length ? tf.relu(y) : y;
    }, x).dataSync());
  };
}

async function onnxBytes(k) {
  if (typeof kusari.exportOnnx === 'function') {
    try {
      const x = kusari.fromTyped(inputs(1), [1, 784]);
      return { bytes: await kusari.exportOnnx(k.model, [x], { opset: 13, inputNames: ['x'], outputNames: ['y'], dynamicBatch: true }), source: 'kusari exportOnnx' };
    } catch (e) {
      console.log(`exportOnnx failed (${String(e.message).split('\n')[0]}): the bench's own ONNX writer stands in`);
    }
  }
  const { mlpOnnx } = await import('./lib/onnx-model.mjs');
  return { bytes: mlpOnnx(k.layers), source: 'bench/lib/onnx-model.mjs' };
}

async function ortModel(bytes, threads) {
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = threads;
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  const [inputName] = session.inputNames, [outputName] = session.outputNames;
  return (batch) => {
    const feeds = { [inputName]: new ort.Tensor('float32', inputs(batch), [batch, 784]) };
    return async () => (await session.run(feeds))[outputName].data;
  };
}

/** onnxruntime-node with `threads` intra-op threads (its sessions keep their own pools). */
async function ortNodeModel(bytes, threads) {
  const { default: ort } = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential' });
  const [inputName] = session.inputNames, [outputName] = session.outputNames;
  return (batch) => {
    const feeds = { [inputName]: new ort.Tensor('float32', inputs(batch), [batch, 784]) };
    return async () => (await session.run(feeds))[outputName].data;
  };
}

// ---------------------------------------------------------------- timing

/** Milliseconds of single calls, `calls` per round after warm-up; threads set before each. */
function contender(label, call, threads = 0, calls = 30) {
  const before = () => { if (threads) useThreads(threads); };
  return {
    label,
    async prepare() {
      before();
      const t0 = now();
      for (let i = 0; i < 20 || now() - t0 < (opts.quick ? 200 : 800); i++) await call();
    },
    async run() {
      before();
      const times = [];
      for (let i = 0; i < calls; i++) {
        const t0 = now();
        await call();
        times.push(now() - t0);
      }
      return median(times);
    },
  };
}

/**
 * ms per call of every entry at batch 1 and 100, interleaved; `probe` (a contender whose
 * samples are numpy's GFLOP/s) joins both sets of rounds, its samples in `out.probe`.
 */
async function measureAll(entries, rounds, probe = null) {
  const out = { probe: [] };
  for (const batch of [1, 100]) {
    const calls = batch === 1 ? 50 : 5;
    const contenders = entries.map((e) => (e.child ? e.child.contender(e.label, batch, calls) : contender(e.label, e.make(batch), e.threads, calls)));
    for (const c of contenders) await c.prepare();
    const timed = await interleave([...contenders, ...(probe ? [probe] : [])], rounds);
    out[batch] = Object.fromEntries(entries.map((e, i) => [e.label, timed[i].median]));
    if (probe) out.probe.push(...timed[contenders.length].samples);
  }
  return out;
}

/**
 * onnxruntime with `threads` in a child process of this script (its wasm keeps its first
 * thread count), driven round by round so that its rounds interleave with the others':
 * this machine's speed moves between minutes, and a peer timed alone in another minute
 * would be compared with a different machine. Resolves to { contender(batch, calls), close() }.
 */
async function ortInChild(threads) {
  const { spawn } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const [cmd, pre] = typeof Deno !== 'undefined' ? [Deno.execPath(), ['run', '-A']] : [process.execPath, []];
  const child = spawn(cmd, [...pre, fileURLToPath(import.meta.url), '--ort-child', String(threads)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let buffered = '', waiting = null;
  const failed = new Promise((_, reject) => child.on('exit', (code) => reject(new Error(`the onnxruntime child exited (code ${code})`))));
  failed.catch(() => {});
  child.stdout.on('data', (chunk) => {
    buffered += chunk;
    for (let i; (i = buffered.indexOf('\n')) >= 0;) {
      const line = buffered.slice(0, i);
      buffered = buffered.slice(i + 1);
      if (line.startsWith('ORT_CHILD ') && waiting) { const w = waiting; waiting = null; w(JSON.parse(line.slice(10))); }
    }
  });
  const ask = (command) => Promise.race([failed, new Promise((resolve) => { waiting = resolve; child.stdin.write(`${JSON.stringify(command)}\n`); })]);
  const hello = await ask({ op: 'hello' });
  if (hello.error) throw new Error(hello.error);
  return {
    contender: (label, batch, calls) => ({
      label,
      prepare: () => ask({ op: 'prepare', batch }),
      run: async () => (await ask({ op: 'run', batch, calls })).ms,
    }),
    close: () => child.kill(),
  };
}

/** The child's side: answers the parent's commands, one JSON line each way. */
async function ortChild(threads) {
  const k = kusariModel();
  const { bytes } = await onnxBytes(k);
  const make = await ortModel(bytes, threads);
  const predictions = new Map();
  const contenderOf = (batch, calls = 1) => {
    if (!predictions.has(batch)) predictions.set(batch, make(batch));
    return contender('ort', predictions.get(batch), 0, calls);
  };
  const { createInterface } = await import('node:readline');
  for await (const line of createInterface({ input: process.stdin })) {
    const command = JSON.parse(line);
    let answer = {};
    if (command.op === 'prepare') await contenderOf(command.batch).prepare();
    else if (command.op === 'run') answer = { ms: await contenderOf(command.batch, command.calls).run() };
    console.log(`ORT_CHILD ${JSON.stringify(answer)}`);
  }
}

// ---------------------------------------------------------------- profile

/** kusari's batch-100 forward: kernels (with copies) and what lies outside them, per thread count. */
async function profile() {
  const { instrumentBackend } = await import('./lib/profile.mjs');
  const predict = kusariModel().predict(100);
  const MFLOP = 2 * 100 * SIZES.slice(1).reduce((sum, n, i) => sum + SIZES[i] * n, 0) / 1e6;
  for (const t of threadCounts()) {
    useThreads(t);
    for (let i = 0; i < 30; i++) predict();
    const times = [];
    for (let i = 0; i < 60; i++) { const t0 = now(); predict(); times.push(now() - t0); }
    const profiler = instrumentBackend({ detail: true });
    const t0 = now();
    for (let i = 0; i < 60; i++) predict();
    const total = now() - t0;
    const ms = median(times);
    console.log(`\nkusari ${t}T, batch 100: median ${fmt(ms, 3)} ms, ${fmt(100000 / ms, 0)} examples/s, ${fmt(MFLOP / ms, 1)} GFLOP/s over the forward's ${fmt(MFLOP, 1)} MFLOP; per forward, timed:`);
    console.log(profiler.report(total, 60));
    profiler.restore();
  }
  useThreads(1);
}

// ---------------------------------------------------------------- main

export async function main(argv) {
  opts = args(argv);
  backend.use('wasm');
  if (opts['ort-child']) return ortChild(Number(opts['ort-child']));
  await printMachine();
  if (opts.profile) return profile();
  const scaler = await roundScaler(opts);
  console.log(scaler.note);
  const rounds = Number(opts.rounds ?? (opts.quick ? 3 : 7));
  const threads = threadCounts();
  const k = kusariModel();
  const entries = threads.map((t) => ({ label: `kusari ${t}T`, make: k.predict, threads: t }));
  const notes = [];
  if (!opts['no-tf']) {
    try {
      const { useTf } = await import('./lib/tfjs.mjs');
      const tf = await useTf('wasm');
      entries.push({ label: 'TF.js-wasm', make: tfModel(tf, k.layers) });
    } catch (e) { notes.push(`TF.js-wasm: n/a (${String(e.message).split('\n')[0]})`); }
  }
  const cores = logicalCores();
  let ortAll = null;
  if (!opts['no-ort']) {
    try {
      const { bytes, source } = await onnxBytes(k);
      entries.push({ label: 'ORT-web 1T', make: await ortModel(bytes, 1) });
      notes.push(`ONNX model from ${source} (${(bytes.length / 2 ** 20).toFixed(1)} MB)`);
      if (cores > 1) {
        try {
          ortAll = await ortInChild(cores);
          entries.push({ label: `ORT-web ${cores}T`, child: ortAll });
        } catch (e) { notes.push(`ORT-web ${cores}T: n/a (${String(e.message).split('\n')[0]})`); }
      }
    } catch (e) { notes.push(`onnxruntime-web: n/a (${String(e.message).split('\n')[0]})`); }
  }
  if (!opts['no-ort-node'] && typeof Deno === 'undefined') {
    try {
      const { bytes } = await onnxBytes(k);
      for (const t of [...new Set([1, cores])]) entries.push({ label: `ORT-node ${t}T`, make: await ortNodeModel(bytes, t) });
    } catch (e) { notes.push(`onnxruntime-node: n/a (${String(e.message).split('\n')[0]})`); }
  }
  console.log(`inference of MLP 784-1000-1000-10 on ${runtimeName()}: medians of single calls over ${rounds} interleaved rounds after warm-up; results read back into JS`);
  for (const n of notes) console.log(n);
  let ms;
  try {
    ms = await measureAll(entries, rounds, scaler.probe);
  } finally {
    scaler.close();
    ortAll?.close();
  }
  const scale = scaler.scaleOf(ms.probe);
  const labels = entries.map((e) => e.label);
  useThreads(1);

  const ortWeb = Math.min(...labels.filter((l) => l.startsWith('ORT-web')).map((l) => ms[1][l]));
  const tfWasm = ms[100]['TF.js-wasm'] ? 100000 / ms[100]['TF.js-wasm'] : null;
  const ortNodeLabels = labels.filter((l) => l.startsWith('ORT-node'));
  const ortNode = ortNodeLabels.length ? Math.max(...ortNodeLabels.map((l) => 100000 / ms[100][l])) : null;
  const rows = labels.map((label) => {
    const rate = 100000 / ms[100][label];
    return {
      label, ms1: fmt(ms[1][label], 3), rate: fmt(rate, 0),
      vsOrt: Number.isFinite(ortWeb) ? ratio(ms[1][label], ortWeb) : 'n/a', vsTf: ratio(rate, tfWasm), vsOrtNode: ratio(rate, ortNode),
      vsChainer1: vsChainer('infer1', ms[1][label], scale).ratio, vsChainer100: vsChainer('infer100', rate, scale).ratio,
    };
  });
  rows.push({ label: `Chainer (x ${scale.toFixed(2)})`, ms1: chainerFigure('infer1', scale).text, rate: chainerFigure('infer100', scale).text, vsOrt: '', vsTf: '', vsOrtNode: '', vsChainer1: '', vsChainer100: '' });
  const columns = [
    { key: 'ms1', title: 'batch 1 ms' }, { key: 'vsOrt', title: 'ms / best ORT-web' }, { key: 'vsChainer1', title: 'vs Chainer b1' },
    { key: 'rate', title: 'batch 100 examples/s' }, { key: 'vsTf', title: 'vs TF.js-wasm' }, { key: 'vsOrtNode', title: 'vs best ORT-node' }, { key: 'vsChainer100', title: 'vs Chainer b100' },
  ];
  console.log(table(['', ...columns.map((c) => c.title)], rows.map((r) => [r.label, ...columns.map((c) => r[c.key])])));
  console.log(`targets: batch 1 ${REFERENCE.infer1.target}; batch 100 ${REFERENCE.infer100.target} (${ortNode ? 'onnxruntime-node is the peer' : 'onnxruntime-node did not run: TF.js-wasm is the peer'})`);
  report([{ name: 'inference', key: 'label', columns, rows, raw: { labels, ms, scale } }]);
}

if (isMain(import.meta)) await main();

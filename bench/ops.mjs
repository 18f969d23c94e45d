// Forward + backward time of single layers, kusari against TensorFlow.js 4.22 (wasm and cpu
// backends) in the same process, rounds interleaved so that the machine's load hits every
// contender alike. TF.js computes the gradients with tf.grads; every gradient the layer
// has (inputs and parameters) is computed by both.
//
//   node bench/ops.mjs [--rounds 7] [--only tiny,linear,conv,pool,lstm]
//   node_modules/.bin/deno run -A bench/ops.mjs        (kusari under Deno; TF.js too if it loads)
//
// Layouts are each library's own: kusari (Chainer) Linear W is (out, in) and convolution
// is NCHW; the TF.js side uses (in, out) weights and NHWC, its natural and fastest forms.
// TF.js-wasm has no Conv2DBackpropFilter kernel, so its convolution forward + backward
// cannot run; the table says so, and TF.js-cpu stands in.
import { F, L, Variable, random } from '../dist/kusari.js';
import { loadTf, useTf } from './lib/tfjs.mjs';
import { args, fmt, interleave, isMain, now, ratio, report, runtimeName, table, timeCalls } from './lib/stats.mjs';
import { printMachine } from './lib/machine.mjs';

export const description = 'forward + backward of F.linear, F.convolution2d, pooling and an LSTM step, kusari vs TF.js wasm and cpu';

let opts = {};
let ROUNDS = 7, ROUND_MS = 150;

// ---------------------------------------------------------------- workloads

/** Each case builds, per library, a forward-only and a forward + backward closure. */
const cases = [
  {
    key: 'tiny',
    name: 'per-op overhead: F.tanh of 4 elements',
    kusari() {
      const x = new Variable(random.normal([1, 4]));
      const gy = random.normal([1, 4]);
      return {
        forward: () => F.tanh(x),
        step: () => {
          x.cleargrad();
          const y = F.tanh(x);
          y.grad = gy;
          y.backward();
        },
      };
    },
    tf(tf) {
      const x = tf.randomNormal([1, 4]), dy = tf.randomNormal([1, 4]);
      const g = tf.grads((x) => tf.tanh(x));
      return {
        forward: () => tf.tidy(() => { tf.tanh(x).dataSync(); }),
        step: () => tf.tidy(() => { for (const t of g([x], dy)) t.dataSync(); }),
      };
    },
  },
  {
    key: 'linear',
    name: 'F.linear, batch 100, 784 -> 1000',
    kusari() {
      const x = new Variable(random.normal([100, 784]));
      const W = new Variable(random.normal([1000, 784], 0, Math.sqrt(1 / 784)));
      const b = new Variable(random.normal([1000], 0, 0.1));
      const gy = random.normal([100, 1000]);
      return {
        forward: () => F.linear(x, W, b),
        step: () => {
          x.cleargrad(); W.cleargrad(); b.cleargrad();
          const y = F.linear(x, W, b);
          y.grad = gy;
          y.backward();
        },
      };
    },
    tf(tf) {
      const x = tf.randomNormal([100, 784]);
      const W = tf.randomNormal([784, 1000], 0, Math.sqrt(1 / 784));
      const b = tf.randomNormal([1000], 0, 0.1);
      const dy = tf.randomNormal([100, 1000]);
      const f = (x, W, b) => tf.add(tf.matMul(x, W), b);
      const g = tf.grads(f);
      return {
        forward: () => tf.tidy(() => { f(x, W, b).dataSync(); }),
        step: () => tf.tidy(() => { for (const t of g([x, W, b], dy)) t.dataSync(); }),
      };
    },
  },
  {
    key: 'conv',
    name: 'F.convolution2d, batch 64, 1x28x28 -> 20x24x24, k 5',
    kusari() {
      if (typeof F.convolution2d !== 'function') return null;
      const x = new Variable(random.normal([64, 1, 28, 28]));
      const W = new Variable(random.normal([20, 1, 5, 5], 0, Math.sqrt(1 / 25)));
      const b = new Variable(random.normal([20], 0, 0.1));
      const gy = random.normal([64, 20, 24, 24]);
      return {
        forward: () => F.convolution2d(x, W, b),
        step: () => {
          x.cleargrad(); W.cleargrad(); b.cleargrad();
          const y = F.convolution2d(x, W, b);
          y.grad = gy;
          y.backward();
        },
      };
    },
    tf(tf, backend) {
      const x = tf.randomNormal([64, 28, 28, 1]);
      const W = tf.randomNormal([5, 5, 1, 20], 0, Math.sqrt(1 / 25));
      const b = tf.randomNormal([20], 0, 0.1);
      const dy = tf.randomNormal([64, 24, 24, 20]);
      const f = (x, W, b) => tf.add(tf.conv2d(x, W, 1, 'valid'), b);
      const g = tf.grads(f);
      return {
        forward: () => tf.tidy(() => { f(x, W, b).dataSync(); }),
        step: backend === 'wasm' ? null : () => tf.tidy(() => { for (const t of g([x, W, b], dy)) t.dataSync(); }),
      };
    },
    note: 'TF.js-wasm has no Conv2DBackpropFilter kernel: forward + backward runs on TF.js-cpu only',
  },
  convCase('F.convolution2d, batch 64, 20x12x12 -> 50x8x8, k 5', [64, 20, 12, 12], [50, 20, 5, 5], 0),
  convCase('F.convolution2d, batch 32, 64x16x16 -> 64x16x16, k 3, pad 1', [32, 64, 16, 16], [64, 64, 3, 3], 1),
  poolCase('F.maxPooling2d, batch 64, 20x24x24, k 2', 'max'),
  poolCase('F.averagePooling2d, batch 64, 20x24x24, k 2', 'average'),
  {
    key: 'lstm',
    name: 'LSTM step, batch 20, 650 units (F.linear up + lateral + F.lstm)',
    kusari() {
      const B = 20, U = 650;
      const x = new Variable(random.normal([B, U]));
      const h = new Variable(random.normal([B, U]));
      const c = new Variable(random.normal([B, U]));
      const Wx = new Variable(random.normal([4 * U, U], 0, Math.sqrt(1 / U)));
      const Wh = new Variable(random.normal([4 * U, U], 0, Math.sqrt(1 / U)));
      const b = new Variable(random.normal([4 * U], 0, 0.1));
      const gh = random.normal([B, U]);
      const cell = () => F.lstm(c, F.linear(x, Wx, b).add(F.linear(h, Wh)));
      return {
        forward: () => cell(),
        step: () => {
          for (const v of [x, h, c, Wx, Wh, b]) v.cleargrad();
          const [, hNew] = cell();
          hNew.grad = gh;
          hNew.backward();
        },
      };
    },
    tf(tf) {
      const B = 20, U = 650;
      const x = tf.randomNormal([B, U]), h = tf.randomNormal([B, U]), c = tf.randomNormal([B, U]);
      const Wx = tf.randomNormal([U, 4 * U], 0, Math.sqrt(1 / U));
      const Wh = tf.randomNormal([U, 4 * U], 0, Math.sqrt(1 / U));
      const b = tf.randomNormal([4 * U], 0, 0.1);
      const dh = tf.randomNormal([B, U]);
      const f = (x, h, c, Wx, Wh, b) => {
        const gates = tf.add(tf.add(tf.matMul(x, Wx), tf.matMul(h, Wh)), b);
        const [a, i, fg, o] = tf.split(gates, 4, 1);
        const cNew = tf.add(tf.mul(tf.tanh(a), tf.sigmoid(i)), tf.mul(c, tf.sigmoid(fg)));
        return tf.mul(tf.tanh(cNew), tf.sigmoid(o));
      };
      const g = tf.grads(f);
      return {
        forward: () => tf.tidy(() => { f(x, h, c, Wx, Wh, b).dataSync(); }),
        step: () => tf.tidy(() => { for (const t of g([x, h, c, Wx, Wh, b], dh)) t.dataSync(); }),
      };
    },
  },
  {
    key: 'lstm',
    name: 'L.LSTM step, batch 20, 650 units (link: upward + lateral + cell)',
    kusari() {
      if (typeof L.LSTM !== 'function') return null;
      const B = 20, U = 650;
      const link = new L.LSTM(U, U);
      const x = new Variable(random.normal([B, U]));
      const h = new Variable(random.normal([B, U]));
      const c = new Variable(random.normal([B, U]));
      const gh = random.normal([B, U]);
      const run = () => { link.setState(c, h); return link.forward(x); };
      return {
        forward: run,
        step: () => {
          link.cleargrads();
          for (const v of [x, h, c]) v.cleargrad();
          const y = run();
          y.grad = gh;
          y.backward();
        },
      };
    },
    // The same computation as the row above on the TF.js side.
    tf: null,
    sameTfAs: 'LSTM step, batch 20, 650 units (F.linear up + lateral + F.lstm)',
  },
];

/** A convolution layer (NCHW for kusari, NHWC for TF.js) with bias, stride 1. */
function convCase(name, xShape, wShape, pad) {
  const [n, c, h, w] = xShape, [o, , kh, kw] = wShape;
  const oh = h + 2 * pad - kh + 1, ow = w + 2 * pad - kw + 1;
  const std = Math.sqrt(1 / (c * kh * kw));
  return {
    key: 'conv',
    name,
    kusari() {
      if (typeof F.convolution2d !== 'function') return null;
      const x = new Variable(random.normal(xShape));
      const W = new Variable(random.normal(wShape, 0, std));
      const b = new Variable(random.normal([o], 0, 0.1));
      const gy = random.normal([n, o, oh, ow]);
      return {
        forward: () => F.convolution2d(x, W, b, { pad }),
        step: () => {
          x.cleargrad(); W.cleargrad(); b.cleargrad();
          const y = F.convolution2d(x, W, b, { pad });
          y.grad = gy;
          y.backward();
        },
      };
    },
    tf(tf, backend) {
      const x = tf.randomNormal([n, h, w, c]);
      const W = tf.randomNormal([kh, kw, c, o], 0, std);
      const b = tf.randomNormal([o], 0, 0.1);
      const dy = tf.randomNormal([n, oh, ow, o]);
      const padding = pad ? [[0, 0], [pad, pad], [pad, pad], [0, 0]] : 'valid';
      const f = (x, W, b) => tf.add(tf.conv2d(x, W, 1, padding), b);
      const g = tf.grads(f);
      return {
        forward: () => tf.tidy(() => { f(x, W, b).dataSync(); }),
        step: backend === 'wasm' ? null : () => tf.tidy(() => { for (const t of g([x, W, b], dy)) t.dataSync(); }),
      };
    },
    note: 'TF.js-wasm has no Conv2DBackpropFilter kernel: forward + backward runs on TF.js-cpu only',
  };
}

/** 2x2 pooling with stride 2 over (64, 20, 24, 24), the LeNet layer after the first convolution. */
function poolCase(name, kind) {
  return {
    key: 'pool',
    name,
    kusari() {
      const pool = kind === 'max' ? F.maxPooling2d : F.averagePooling2d;
      if (typeof pool !== 'function') return null;
      const x = new Variable(random.normal([64, 20, 24, 24]));
      const gy = random.normal([64, 20, 12, 12]);
      return {
        forward: () => pool(x, 2),
        step: () => {
          x.cleargrad();
          const y = pool(x, 2);
          y.grad = gy;
          y.backward();
        },
      };
    },
    tf(tf) {
      const x = tf.randomNormal([64, 24, 24, 20]);
      const dy = tf.randomNormal([64, 12, 12, 20]);
      const f = (x) => (kind === 'max' ? tf.maxPool(x, 2, 2, 'valid') : tf.avgPool(x, 2, 2, 'valid'));
      const g = tf.grads(f);
      return {
        forward: () => tf.tidy(() => { f(x).dataSync(); }),
        step: () => tf.tidy(() => { for (const t of g([x], dy)) t.dataSync(); }),
      };
    },
  };
}

// ---------------------------------------------------------------- measurement

/** Calls fn until it has run `minCalls` times and for `minMs`: V8 optimizes wasm only after repeated calls. */
function warmUp(fn, minCalls = 10, minMs = 400) {
  const t0 = now();
  let calls = 0;
  while (calls < minCalls || now() - t0 < minMs) { fn(); calls++; }
  return (now() - t0) / calls;
}

/** A contender timing `iterations` calls per round, chosen so a round takes about ROUND_MS. */
function contender(label, fn, before = async () => {}) {
  let iterations = 1;
  return {
    label,
    skip: !fn,
    async prepare() {
      if (!fn) return;
      await before();
      const perCall = warmUp(fn);
      iterations = Math.max(1, Math.round(ROUND_MS / perCall));
    },
    async run() {
      await before();
      return timeCalls(fn, iterations);
    },
  };
}

async function tryLoadTf() {
  try {
    return await loadTf();
  } catch (e) {
    console.log(`TF.js did not load in ${runtimeName()} (${e.message.split('\n')[0]}); kusari alone.`);
    return null;
  }
}

export async function main(argv) {
  opts = args(argv);
  ROUNDS = Number(opts.rounds ?? 7);
  ROUND_MS = Number(opts['round-ms'] ?? 150);
  const only = opts.only ? String(opts.only).split(',') : null;
  await printMachine();
  const tf = await tryLoadTf();
  random.seed(0);
  console.log(`ops: forward + backward per call, ms (median of ${ROUNDS} interleaved rounds); ${runtimeName()}, kusari wasm backend`);
  console.log('ratio = TF.js time / kusari time (above 1: kusari is faster)\n');
  const results = [];
  const tfBuilt = new Map();
  for (const c of cases) {
    if (only && !only.includes(c.key)) continue;
    const k = c.kusari();
    if (!k) { console.log(`${c.name}: not in this build of kusari, skipped\n`); continue; }
    const peers = {};
    if (tf) {
      for (const backend of ['wasm', 'cpu']) {
        const t = await useTf(backend);
        let built = null;
        if (c.tf) built = c.tf(t, backend);
        else if (c.sameTfAs) built = tfBuilt.get(`${c.sameTfAs}/${backend}`);
        tfBuilt.set(`${c.name}/${backend}`, built);
        peers[backend] = built;
      }
    }
    const contenders = [
      contender('kusari fwd+bwd', k.step),
      contender('kusari fwd', k.forward),
    ];
    for (const backend of tf ? ['wasm', 'cpu'] : []) {
      const p = peers[backend];
      const use = () => useTf(backend);
      contenders.push(contender(`TF.js-${backend} fwd+bwd`, p?.step, use), contender(`TF.js-${backend} fwd`, p?.forward, use));
    }
    for (const ct of contenders) await ct.prepare();
    const med = (await interleave(contenders, ROUNDS)).map((r) => r?.median ?? null);
    const [kStep, kFwd, wStep, wFwd, cStep, cFwd] = med;
    results.push({ name: c.name, kusari: { step: kStep, forward: kFwd }, tfWasm: { step: wStep, forward: wFwd }, tfCpu: { step: cStep, forward: cFwd }, note: c.note });
    const ms = (v) => fmt(v, v !== null && v < 0.1 ? 4 : 3);
    const row = (what, k, w, cpu) => [what, ms(k), ms(w), ratio(w, k), ms(cpu), ratio(cpu, k)];
    console.log(c.name);
    console.log(table(['', 'kusari', 'TF.js-wasm', 'ratio', 'TF.js-cpu', 'ratio'], [
      row('forward + backward', kStep, wStep, cStep),
      row('forward', kFwd, wFwd, cFwd),
    ]));
    if (c.note && tf) console.log(`(${c.note})`);
    console.log('');
  }
  const columns = [
    { key: 'kusari', title: 'kusari ms' }, { key: 'wasm', title: 'TF.js-wasm ms' }, { key: 'wasmRatio', title: 'ratio' },
    { key: 'cpu', title: 'TF.js-cpu ms' }, { key: 'cpuRatio', title: 'ratio' },
  ];
  const rowOf = (r, part) => ({
    op: r.name, kusari: r.kusari[part], wasm: r.tfWasm[part], wasmRatio: ratio(r.tfWasm[part], r.kusari[part]),
    cpu: r.tfCpu[part], cpuRatio: ratio(r.tfCpu[part], r.kusari[part]),
  });
  report([
    { name: 'forward + backward', key: 'op', columns, rows: results.map((r) => rowOf(r, 'step')) },
    { name: 'forward', key: 'op', columns, rows: results.map((r) => rowOf(r, 'forward')) },
  ]);
}

if (isMain(import.meta)) await main();

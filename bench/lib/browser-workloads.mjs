// The workloads bench/browser.mjs runs twice, in Node and in a Chromium page, with the same
// code: the article MLP's SGD step, the large MLP's Adam step (both batch 100 on synthetic
// MNIST-shaped data, so the page needs no files) and GEMM n=1024, for kusari and TF.js-wasm.
// Rounds interleave the contenders; figures are medians (examples/s, GFLOP/s).
import { Chain, F, L, backend, fromTyped, ops, optimizers, random } from '../../dist/kusari.js';
import { interleave, now } from './stats.mjs';

export const BATCH = 100;
export const MODELS = {
  article: { layers: [784, 100, 10], activation: 'tanh', optimizer: 'sgd' },
  large: { layers: [784, 1000, 1000, 10], activation: 'relu', optimizer: 'adam' },
};

export class MLP extends Chain {
  constructor(sizes, activation) {
    super();
    this.activation = activation;
    this.count = sizes.length - 1;
    for (let i = 0; i < this.count; i++) this[`l${i + 1}`] = new L.Linear(sizes[i], sizes[i + 1]);
  }
  forward(x) {
    let h = x;
    for (let i = 1; i <= this.count; i++) {
      h = this[`l${i}`].forward(h);
      if (i < this.count) h = F[this.activation](h);
    }
    return h;
  }
}

export function syntheticBatch() {
  random.seed(3);
  const x = random.uniform([BATCH, 784], 0, 1);
  const t = random.randint(0, 10, [BATCH]);
  return { x, t, xData: x.toTypedArray(), tData: t.toTypedArray() };
}

/** One training step; `step.last` is the last layer's bias, which every step updates (to read back). */
export function kusariStep(key, batch) {
  const spec = MODELS[key];
  random.seed(0);
  const mlp = new MLP(spec.layers, spec.activation);
  const model = new L.Classifier(mlp);
  const optimizer = spec.optimizer === 'sgd' ? new optimizers.SGD({ lr: 0.01 }) : new optimizers.Adam();
  optimizer.setup(model);
  const step = () => optimizer.update(model, batch.x, batch.t);
  step.last = mlp[`l${mlp.count}`].b;
  return step;
}

/**
 * The same model, initialization and optimizer in TF.js, weights in its (in, out) layout.
 * Each step reads its loss back (as kusari's wasm step has it) unless `readLoss` is false;
 * `step.last` is the last layer's bias.
 */
export function tfStep(tf, key, batch, { readLoss = true } = {}) {
  const spec = MODELS[key];
  const params = spec.layers.slice(1).map((nOut, i) => ({
    W: tf.variable(tf.randomNormal([spec.layers[i], nOut], 0, Math.sqrt(1 / spec.layers[i]))), b: tf.variable(tf.zeros([nOut])),
  }));
  const act = spec.activation === 'tanh' ? tf.tanh : tf.relu;
  const optimizer = spec.optimizer === 'sgd' ? tf.train.sgd(0.01) : tf.train.adam(0.001, 0.9, 0.999, 1e-8);
  const x = tf.tensor2d(batch.xData, [BATCH, 784]);
  const t = tf.oneHot(tf.tensor1d(batch.tData, 'int32'), 10);
  const predict = () => params.reduce((h, { W, b }, i) => {
    const y = tf.add(tf.matMul(h, W), b);
    return i + 1 < params.length ? act(y) : y;
  }, x);
  const step = () => tf.tidy(() => { optimizer.minimize(() => tf.losses.softmaxCrossEntropy(t, predict()), readLoss)?.dataSync(); });
  step.last = params.at(-1).b;
  return step;
}

function gemm(tf, n) {
  const data = Float32Array.from({ length: n * n }, (_, i) => Math.sin(i) * 0.5);
  const a = fromTyped(data, [n, n]), b = fromTyped(data.slice().reverse(), [n, n]);
  // As bench/gemm.mjs times them: the product, not a read-back (TF.js-wasm's dataSync of 1M
  // floats takes seconds, which would measure something else).
  const kusari = () => ops.matmul(a, b);
  if (!tf) return { kusari };
  const ta = tf.tensor2d(data, [n, n]), tb = tf.tensor2d(data.slice().reverse(), [n, n]);
  return { kusari, tf: () => tf.matMul(ta, tb).dispose() };
}

/** A contender: ms per call of `fn` after warm-up, calls per round sized to `roundMs`. */
function contender(fn, roundMs, warmMs) {
  let reps = 1;
  return {
    skip: !fn,
    async prepare() {
      if (!fn) return;
      const t0 = now();
      let calls = 0;
      while (calls < 3 || now() - t0 < warmMs) { fn(); calls++; }
      reps = Math.max(1, Math.round(roundMs / ((now() - t0) / calls)));
    },
    run() {
      const t0 = now();
      for (let i = 0; i < reps; i++) fn();
      return (now() - t0) / reps;
    },
  };
}

/**
 * { workload: { kusari, tfjs } } in examples/s (steps) and GFLOP/s (GEMM); `tf` may be null.
 * `threads` (with a thread pool) is set before kusari's contenders.
 */
export async function runWorkloads(tf, { quick = false, setThreads = null } = {}) {
  backend.use('wasm');
  const batch = syntheticBatch();
  const rounds = quick ? 2 : 5, roundMs = quick ? 200 : 800, warmMs = quick ? 200 : 1000;
  const results = {};
  const n = 1024;
  const products = gemm(tf, n);
  const work = {
    article: { kusari: kusariStep('article', batch), tf: tf && tfStep(tf, 'article', batch), rate: (ms) => BATCH / ms * 1000 },
    large: { kusari: kusariStep('large', batch), tf: tf && tfStep(tf, 'large', batch), rate: (ms) => BATCH / ms * 1000 },
    gemm1024: { kusari: products.kusari, tf: products.tf, rate: (ms) => 2 * n ** 3 / ms / 1e6 },
  };
  for (const [key, w] of Object.entries(work)) {
    setThreads?.();
    const contenders = [contender(w.kusari, roundMs, warmMs), contender(w.tf, roundMs, warmMs)];
    for (const c of contenders) await c.prepare();
    const [k, t] = (await interleave(contenders, rounds)).map((r) => r?.median ?? null);
    results[key] = { kusari: w.rate(k), tfjs: t === null ? null : w.rate(t) };
  }
  return results;
}

export const WORKLOAD_TITLES = {
  article: 'article MLP 784-100-10 SGD b100, examples/s',
  large: 'MLP 784-1000-1000-10 Adam b100, examples/s',
  gemm1024: 'GEMM n=1024, GFLOP/s',
};

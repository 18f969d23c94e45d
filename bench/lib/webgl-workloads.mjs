// The workloads of bench/webgl.mjs, run in a Chromium page: kusari on its webgl backend and
// TF.js on its webgl backend, side by side. GPU work is asynchronous on both sides, so a
// timed round ends by reading a result back (which waits for every queued draw); each
// contender warms up first (shader compiles, texture pools). Figures are medians of
// interleaved rounds: GFLOP/s for GEMM, ms per call for the convolutions, examples/s for the
// training steps.
import { F, Variable, backend, fromTyped, ops, random } from '../../dist/kusari.js';
import { BATCH, kusariStep, syntheticBatch, tfStep } from './browser-workloads.mjs';
import { interleave, now } from './stats.mjs';

/**
 * A contender: `step` repeated, then `sync()` reads a result back; run() is the ms per step
 * of one round of `reps` steps, reps sized to roundMs from the warm-up.
 */
function contender(step, sync, roundMs, warmMs) {
  let reps = 1;
  return {
    skip: !step,
    async prepare() {
      if (!step) return;
      // The first call compiles and allocates, and a training step's second may still compile
      // (kusari's weights are then in the layout their updates keep, which the next kernels
      // read); when the second alone takes the warm-up time, a round is one call.
      step();
      sync();
      let t0 = now();
      step();
      sync();
      if (now() - t0 >= warmMs) return;
      t0 = now();
      let calls = 0;
      while (calls < 1 || now() - t0 < warmMs) { step(); sync(); calls++; }
      reps = Math.max(1, Math.round(roundMs / ((now() - t0) / calls)));
    },
    run() {
      const t0 = now();
      for (let i = 0; i < reps; i++) step();
      sync();
      return (now() - t0) / reps;
    },
  };
}

/** C = A B at n, the previous product freed before the next (a read of the last one syncs). */
function gemm(tf, n) {
  const data = Float32Array.from({ length: n * n }, (_, i) => Math.sin(i) * 0.5);
  const a = fromTyped(data, [n, n]), b = fromTyped(data.slice().reverse(), [n, n]);
  let c = null, tc = null;
  const ta = tf?.tensor2d(data, [n, n]), tb = tf?.tensor2d(data.slice().reverse(), [n, n]);
  return {
    kusari: () => { c?.dispose(); c = ops.matmul(a, b); },
    kusariSync: () => c.dataSync(),
    tf: tf && (() => { tc?.dispose(); tc = tf.matMul(ta, tb); }),
    tfSync: () => tc.dataSync(),
    rate: (ms) => 2 * n ** 3 / ms / 1e6,
  };
}

// LeNet's two convolutions at batch 64 (bench/train.mjs): 1->6 channels 5x5 on 28x28, and
// 6->16 5x5 on 12x12, with biases. kusari is NCHW, TF.js NHWC (each library's own layout).
const CONVS = [{ c: 1, o: 6, size: 28 }, { c: 6, o: 16, size: 12 }];
const CONV_BATCH = 64, K = 5;

/**
 * Both convolutions forward, or forward and backward against fixed output gradients: gW and
 * gb of both, gx of the second only (LeNet's input needs none).
 */
function conv(tf, backward) {
  random.seed(5);
  const layers = CONVS.map(({ c, o, size }, i) => {
    const oh = size - K + 1;
    const x = random.uniform([CONV_BATCH, c, size, size], -1, 1), W = random.uniform([o, c, K, K], -0.2, 0.2), b = random.uniform([o], -0.1, 0.1);
    const gy = random.uniform([CONV_BATCH, o, oh, oh], -1, 1);
    const nhwc = (a, perm) => tf?.transpose(tf.tensor(a.toTypedArray(), a.shape), perm);
    return {
      x: i > 0 ? new Variable(x) : x, W: new Variable(W), b: new Variable(b), gy,
      tx: nhwc(x, [0, 2, 3, 1]), tW: nhwc(W, [2, 3, 1, 0]), tb: tf?.tensor(b.toTypedArray()), tgy: nhwc(gy, [0, 2, 3, 1]),
    };
  });
  let last = null, tlast = null;
  const kusari = () => {
    for (const l of layers) {
      const y = F.convolution2d(l.x, l.W, l.b);
      if (backward) {
        for (const v of [l.x, l.W, l.b]) if (v instanceof Variable) v.cleargrad();
        y.grad = l.gy;
        y.backward();
        last = l.W.grad;
      } else last = y.array;
    }
  };
  const tfConv = (x, W, b) => tf.add(tf.conv2d(x, W, 1, 'valid'), b);
  const tfRun = tf && (() => {
    tlast?.dispose();
    tlast = tf.tidy(() => {
      let out = null;
      for (const [i, l] of layers.entries()) {
        if (!backward) out = tfConv(l.tx, l.tW, l.tb);
        else if (i === 0) out = tf.grads((W, b) => tfConv(l.tx, W, b))([l.tW, l.tb], l.tgy)[0];
        else out = tf.grads((x, W, b) => tfConv(x, W, b))([l.tx, l.tW, l.tb], l.tgy)[1];
      }
      return out;
    });
  });
  return { kusari, kusariSync: () => last.dataSync(), tf: tfRun, tfSync: () => tlast.dataSync(), rate: (ms) => ms };
}

/** A training step of the MLP `key` on both sides; the read is the last layer's bias. */
function train(tf, key, batch) {
  const k = kusariStep(key, batch), t = tf && tfStep(tf, key, batch, { readLoss: false });
  return { kusari: k, kusariSync: () => k.last.array.dataSync(), tf: t, tfSync: () => t.last.dataSync(), rate: (ms) => BATCH / ms * 1000, counts: k };
}

export const WEBGL_WORKLOADS = {
  gemm256: { title: 'GEMM n=256, GFLOP/s', make: (tf) => gemm(tf, 256) },
  gemm512: { title: 'GEMM n=512, GFLOP/s', make: (tf) => gemm(tf, 512) },
  gemm1024: { title: 'GEMM n=1024, GFLOP/s', make: (tf) => gemm(tf, 1024) },
  convForward: { title: 'LeNet conv1+conv2 forward b64, ms', make: (tf) => conv(tf, false), lowerIsBetter: true },
  convBackward: { title: 'LeNet conv1+conv2 forward+backward b64, ms', make: (tf) => conv(tf, true), lowerIsBetter: true },
  article: { title: 'article MLP 784-100-10 SGD b100 step, examples/s', make: (tf, batch) => train(tf, 'article', batch) },
  large: { title: 'MLP 784-1000-1000-10 Adam b100 step, examples/s', make: (tf, batch) => train(tf, 'large', batch) },
};

/** Draw calls, uploads, reads and shader compiles of one more call of `step` on the webgl backend. */
function countOne(step) {
  const gl = backend.get('webgl');
  const before = { draws: gl.draws, uploads: gl.transfers.uploads, reads: gl.transfers.reads, compilations: gl.compilations };
  step();
  return {
    draws: gl.draws - before.draws, uploads: gl.transfers.uploads - before.uploads,
    reads: gl.transfers.reads - before.reads, compilations: gl.compilations - before.compilations,
  };
}

/**
 * { workload: { kusari, tfjs, counts? } }; `tf` (TF.js on its webgl backend) may be null.
 * `only` limits the workloads by key.
 */
export async function runWebglWorkloads(tf, { quick = false, only = null, rounds = quick ? 1 : 2 } = {}) {
  backend.use('webgl');
  const batch = syntheticBatch();
  // SwiftShader takes seconds per call on the large rows: a round there is one call.
  const roundMs = quick ? 150 : 500, warmMs = quick ? 100 : 400;
  const results = {};
  for (const [key, w] of Object.entries(WEBGL_WORKLOADS)) {
    if (only && !only.includes(key)) continue;
    const m = w.make(tf, batch);
    const contenders = [contender(m.kusari, m.kusariSync, roundMs, warmMs), contender(m.tf, m.tfSync, roundMs, warmMs)];
    for (const c of contenders) await c.prepare();
    const [k, t] = (await interleave(contenders, rounds)).map((r) => r?.median ?? null);
    results[key] = { kusari: m.rate(k), tfjs: t === null ? null : m.rate(t) };
    if (m.counts) results[key].counts = countOne(m.counts);
    console.log(`${w.title}: kusari ${results[key].kusari.toFixed(2)}, TF.js-webgl ${results[key].tfjs?.toFixed(2) ?? 'n/a'}`);
  }
  return results;
}

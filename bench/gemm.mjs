// GEMM throughput: kusari's wasm backend (ops.matmul, operand copies in and out included)
// on one thread and on two, against TensorFlow.js's wasm backend (XNNPACK, SIMD, one
// thread): square sizes in every transpose combination and the products of linear layers
// (forward x W^T, backward gy W and gy^T x). Rounds are interleaved so that the machine's
// load hits all contenders alike.
//
//   node bench/gemm.mjs [--quick] [--rounds 7] [--sizes 256,512,1024]
//   node_modules/.bin/deno run -A bench/gemm.mjs
import { backend, fromTyped, ops } from '../dist/kusari.js';
import { useTf } from './lib/tfjs.mjs';
import { args, fmt, interleave, isMain, ratio, report, runtimeName, table, timeCalls } from './lib/stats.mjs';

export const description = 'GFLOP/s of square and linear-layer GEMMs (all transposes) on 1 and 2 threads, kusari wasm vs TF.js wasm';

function randomData(n, seed) {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    out[i] = s / 2147483648 - 1;
  }
  return out;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A contender timing `fn`. V8 first runs wasm in its baseline compiler and optimizes a
 * function in the background only after repeated calls, so prepare() calls fn for a while
 * and pauses before any timing; each round then times enough calls to last `roundMs`.
 */
function contender(fn, roundMs) {
  let reps = 1;
  return {
    async prepare() {
      const t0 = performance.now();
      let calls = 0;
      while (performance.now() - t0 < 300 || calls < 5) { fn(); calls++; }
      await sleep(20);
      reps = Math.max(1, Math.round(roundMs / ((performance.now() - t0) / calls)));
    },
    run: () => timeCalls(fn, reps),
  };
}

/** kusari's product on a fixed number of threads (null where that many cannot run). */
function onThreads(n, fn) {
  if (n > 1 && backend.setThreads(n) < n) return null;
  backend.setThreads(1);
  return () => { backend.setThreads(n); fn(); };
}

/** Milliseconds of C = op(A) op(B), op(A): M x K, op(B): K x N, for kusari on 1 and 2 threads and TF.js. */
async function measure(tf, M, K, N, transA, transB, rounds) {
  const aShape = transA ? [K, M] : [M, K], bShape = transB ? [N, K] : [K, N];
  const aData = randomData(M * K, 1), bData = randomData(K * N, 2);
  const a = fromTyped(aData, aShape), b = fromTyped(bData, bShape);
  const ta = tf.tensor(aData, aShape), tb = tf.tensor(bData, bShape);
  const roundMs = 2 * M * N * K > 1e8 ? 120 : 60;
  const product = () => ops.matmul(a, b, { transA, transB });
  const contenders = [onThreads(1, product), onThreads(2, product), () => tf.matMul(ta, tb, transA, transB).dispose()]
    .map((fn) => (fn ? contender(fn, roundMs) : { skip: true }));
  for (const c of contenders) if (!c.skip) await c.prepare();
  const [one, two, theirs] = (await interleave(contenders, rounds)).map((r) => r?.median ?? null);
  ta.dispose(); tb.dispose();
  const gflops = (ms) => (ms === null ? null : 2 * M * N * K / ms / 1e6);
  return { oneMs: one, twoMs: two, theirsMs: theirs, one: gflops(one), two: gflops(two), theirs: gflops(theirs),
    speedup: ratio(one, two), ratio: ratio(theirs, one) };
}

const combos = [[false, false], [false, true], [true, false], [true, true]];
const opName = (transA, transB) => `${transA ? 'A^T' : 'A'}${transB ? 'B^T' : 'B'}`;

export async function main(argv) {
  const opts = args(argv);
  const quick = !!opts.quick;
  const rounds = Number(opts.rounds ?? (quick ? 3 : 7));
  const sizes = opts.sizes ? String(opts.sizes).split(',').map(Number) : quick ? [128, 512] : [128, 256, 512, 1024];
  backend.use('wasm');
  const tf = await useTf('wasm');
  const threads = backend.setThreads(2);
  // Workers start in the background on first use: give them a moment before any timing.
  ops.matmul(fromTyped(randomData(512 * 512, 3), [512, 512]), fromTyped(randomData(512 * 512, 4), [512, 512]));
  await sleep(500);
  console.log(`GEMM on ${runtimeName()}: kusari wasm (${backend.get('wasm').simdLevel}) on 1 and ${threads} threads vs TF.js ${tf.version_core} wasm (1 thread)`);
  console.log(`medians of ${rounds} interleaved rounds after warm-up; kusari includes copying operands in and the result out`);

  const square = [];
  for (const n of sizes) {
    // Every transpose combination from 256 up (the backward pass multiplies transposed operands).
    for (const [transA, transB] of quick || n < 256 ? [[false, false]] : combos) {
      const r = await measure(tf, n, n, n, transA, transB, rounds);
      square.push({ shape: `${n}x${n}x${n} ${opName(transA, transB)}`, one: fmt(r.one, 1), two: fmt(r.two, 1), speedup: r.speedup, tfjs: fmt(r.theirs, 1), ratio: r.ratio });
    }
  }
  const squareColumns = [
    { key: 'one', title: 'kusari 1T GFLOP/s' }, { key: 'two', title: 'kusari 2T GFLOP/s' }, { key: 'speedup', title: '2T/1T' },
    { key: 'tfjs', title: 'TF.js GFLOP/s' }, { key: 'ratio', title: 'kusari 1T/TF.js' },
  ];
  console.log('\nsquare GEMM');
  console.log(table(['M x K x N op', ...squareColumns.map((c) => c.title)], square.map((r) => [r.shape, ...squareColumns.map((c) => r[c.key])])));

  const linear = [];
  const shapes = quick ? [[100, 784, 100]] : [[100, 784, 100], [100, 1000, 1000], [100, 784, 1000]];
  for (const [M, K, N] of shapes) {
    for (const [transA, transB] of combos) {
      const r = await measure(tf, M, K, N, transA, transB, rounds);
      linear.push({
        shape: `${M}x${K}x${N} ${opName(transA, transB)}`,
        oneMs: fmt(r.oneMs, 3), twoMs: fmt(r.twoMs, 3), tfjsMs: fmt(r.theirsMs, 3),
        one: fmt(r.one, 1), two: fmt(r.two, 1), speedup: r.speedup, tfjs: fmt(r.theirs, 1), ratio: r.ratio,
      });
    }
  }
  const linearColumns = [
    { key: 'oneMs', title: 'kusari 1T ms' }, { key: 'twoMs', title: 'kusari 2T ms' }, { key: 'tfjsMs', title: 'TF.js ms' },
    { key: 'one', title: 'kusari 1T GFLOP/s' }, { key: 'two', title: 'kusari 2T GFLOP/s' }, { key: 'speedup', title: '2T/1T' },
    { key: 'tfjs', title: 'TF.js GFLOP/s' }, { key: 'ratio', title: 'kusari 1T/TF.js' },
  ];
  console.log('\nlinear-layer GEMM, op(A): M x K, op(B): K x N');
  console.log(table(['M x K x N op', ...linearColumns.map((c) => c.title)], linear.map((r) => [r.shape, ...linearColumns.map((c) => r[c.key])])));

  report([
    { name: 'square GEMM', key: 'shape', columns: squareColumns, rows: square },
    { name: 'linear-layer GEMM', key: 'shape', columns: linearColumns.filter((c) => !c.key.endsWith('Ms')), rows: linear },
  ]);
}

if (isMain(import.meta)) await main();

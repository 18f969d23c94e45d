// GEMM throughput: kusari's wasm backend (ops.matmul, operand copies in and out included)
// against TensorFlow.js's wasm backend (XNNPACK, SIMD, one thread), square sizes and the
// products of linear layers (forward x W^T, backward gy W and gy^T x) in every transpose
// combination. Rounds are interleaved so that the machine's load hits both alike.
//
//   node bench/gemm.mjs [--quick] [--rounds 7]
//   node_modules/.bin/deno run -A bench/gemm.mjs
import { backend, fromTyped, ops } from '../dist/kusari.js';
import { useTf } from './lib/tfjs.mjs';
import { args, fmt, interleave, isMain, ratio, report, runtimeName, table, timeCalls } from './lib/stats.mjs';

export const description = 'GFLOP/s of square and linear-layer GEMMs (all transposes), kusari wasm vs TF.js wasm';

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

/** Milliseconds of C = op(A) op(B), op(A): M x K, op(B): K x N, for kusari and TF.js. */
async function measure(tf, M, K, N, transA, transB, rounds) {
  const aShape = transA ? [K, M] : [M, K], bShape = transB ? [N, K] : [K, N];
  const aData = randomData(M * K, 1), bData = randomData(K * N, 2);
  const a = fromTyped(aData, aShape), b = fromTyped(bData, bShape);
  const ta = tf.tensor(aData, aShape), tb = tf.tensor(bData, bShape);
  const roundMs = 2 * M * N * K > 1e8 ? 120 : 60;
  const contenders = [
    contender(() => ops.matmul(a, b, { transA, transB }), roundMs),
    contender(() => tf.matMul(ta, tb, transA, transB).dispose(), roundMs),
  ];
  for (const c of contenders) await c.prepare();
  const [ours, theirs] = (await interleave(contenders, rounds)).map((r) => r.median);
  ta.dispose(); tb.dispose();
  const gflops = (ms) => 2 * M * N * K / ms / 1e6;
  return { oursMs: ours, theirsMs: theirs, ours: gflops(ours), theirs: gflops(theirs), ratio: ratio(theirs, ours) };
}

export async function main(argv) {
  const opts = args(argv);
  const quick = !!opts.quick;
  const rounds = Number(opts.rounds ?? (quick ? 3 : 7));
  backend.use('wasm');
  const tf = await useTf('wasm');
  console.log(`GEMM on ${runtimeName()}: kusari wasm (${backend.get('wasm').simdLevel}) vs TF.js ${tf.version_core} wasm (1 thread)`);
  console.log(`medians of ${rounds} interleaved rounds after warm-up; kusari includes copying operands in and the result out`);

  const square = [];
  for (const n of quick ? [128, 512] : [128, 256, 512, 1024]) {
    const r = await measure(tf, n, n, n, false, false, rounds);
    square.push({ shape: `${n}x${n}x${n}`, kusari: fmt(r.ours, 1), tfjs: fmt(r.theirs, 1), ratio: r.ratio });
  }
  const squareColumns = [{ key: 'kusari', title: 'kusari GFLOP/s' }, { key: 'tfjs', title: 'TF.js GFLOP/s' }, { key: 'ratio', title: 'kusari/TF.js' }];
  console.log('\nsquare GEMM');
  console.log(table(['M x K x N', ...squareColumns.map((c) => c.title)], square.map((r) => [r.shape, r.kusari, r.tfjs, r.ratio])));

  const linear = [];
  const shapes = quick ? [[100, 784, 100]] : [[100, 784, 100], [100, 1000, 1000], [100, 784, 1000]];
  for (const [M, K, N] of shapes) {
    for (const [transA, transB] of [[false, false], [false, true], [true, false], [true, true]]) {
      const r = await measure(tf, M, K, N, transA, transB, rounds);
      linear.push({
        shape: `${M}x${K}x${N} ${transA ? 'A^T' : 'A'}${transB ? 'B^T' : 'B'}`,
        kusariMs: fmt(r.oursMs, 3), tfjsMs: fmt(r.theirsMs, 3), kusari: fmt(r.ours, 1), tfjs: fmt(r.theirs, 1), ratio: r.ratio,
      });
    }
  }
  const linearColumns = [
    { key: 'kusariMs', title: 'kusari ms' }, { key: 'tfjsMs', title: 'TF.js ms' },
    { key: 'kusari', title: 'kusari GFLOP/s' }, { key: 'tfjs', title: 'TF.js GFLOP/s' }, { key: 'ratio', title: 'kusari/TF.js' },
  ];
  console.log('\nlinear-layer GEMM, op(A): M x K, op(B): K x N');
  console.log(table(['M x K x N op', ...linearColumns.map((c) => c.title)], linear.map((r) => [r.shape, ...linearColumns.map((c) => r[c.key])])));

  report([
    { name: 'square GEMM', key: 'shape', columns: squareColumns, rows: square },
    { name: 'linear-layer GEMM', key: 'shape', columns: linearColumns.filter((c) => !c.key.endsWith('Ms')), rows: linear },
  ]);
}

if (isMain(import.meta)) await main();

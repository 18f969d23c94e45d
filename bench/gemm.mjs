// GEMM throughput: kusari's wasm backend (ops.matmul, operand copies in and out included)
// on one thread and on all (when the backend has a thread pool), against TensorFlow.js's
// wasm backend (XNNPACK, SIMD, one thread) and numpy's OpenBLAS sgemm (the BLAS Chainer
// trains on, 1 and 2 threads, in a python3 child run before the timings). Square sizes in
// every transpose combination, with each transposed product's rate over the plain one, and
// the products of linear layers (forward x W^T, backward gy W and gy^T x). Rounds are
// interleaved so that the machine's load hits all contenders alike.
//
//   node bench/gemm.mjs [--quick] [--rounds 7] [--sizes 256,512,1024] [--no-numpy]
//   node_modules/.bin/deno run -A bench/gemm.mjs
import { Parameter, backend, fromTyped, ops } from '../dist/kusari.js';
import { useTf } from './lib/tfjs.mjs';
import { numpyGemm, printMachine, threadCounts, useThreads } from './lib/machine.mjs';
import { args, fmt, interleave, isMain, median, ratio, report, runtimeName, table, timeCalls } from './lib/stats.mjs';

export const description = 'GFLOP/s of square (all transposes) and linear-layer GEMMs, kusari 1 and all threads vs TF.js wasm and numpy';

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

/** fn on a fixed number of kusari threads (set before every call: contenders interleave). */
const onThreads = (n, fn) => () => { useThreads(n); fn(); };

/**
 * kusari's product C = op(A) op(B) for shape [M, K, N, transA, transB, residentB]; with
 * residentB, B is a Parameter's array (resident in wasm memory, as a layer's W is in a step).
 * With `residentC` the product is written into a resident array (as a gradient is into a
 * Parameter's grad) instead of a new typed array.
 */
function kusariProduct([M, K, N, transA, transB, residentB = false], residentC = false) {
  const aShape = transA ? [K, M] : [M, K], bShape = transB ? [N, K] : [K, N];
  const a = fromTyped(randomData(M * K, 1), aShape), bData = fromTyped(randomData(K * N, 2), bShape);
  const b = residentB ? new Parameter(bData).array : bData;
  const into = residentC ? { target: new Parameter(fromTyped(new Float32Array(M * N), [M, N])).array, accumulate: false } : undefined;
  return () => ops.matmul(a, b, { transA, transB, into });
}

const flops = ([M, K, N]) => 2 * M * K * N;
const roundMsOf = (shape) => (flops(shape) > 1e8 ? 120 : 60);

/**
 * Milliseconds per product of each shape on `threads` kusari threads (median of `rounds`
 * interleaved rounds): the GEMM rate at the shapes of a training step, for its GEMM time.
 */
export async function kusariGemmMs(shapes, threads, rounds = 3) {
  const contenders = shapes.map((s) => contender(onThreads(threads, kusariProduct(s)), roundMsOf(s)));
  for (const c of contenders) await c.prepare();
  return (await interleave(contenders, rounds)).map((r) => r.median);
}

/**
 * ms of each shape for kusari on each thread count and TF.js-wasm, all shapes' contenders
 * in the same interleaved rounds (so that rates of different shapes can be compared round
 * by round); `samples[t]` are kusari's ms per round on threads[t]. With `residentC`, also
 * kusari on each thread count writing into a resident C: `residentSamples[t]`.
 */
async function measure(tf, shapes, threads, rounds, residentC = false) {
  const tensors = [], contenders = [];
  for (const shape of shapes) {
    const [M, K, N, transA, transB] = shape;
    const aShape = transA ? [K, M] : [M, K], bShape = transB ? [N, K] : [K, N];
    const ta = tf.tensor(randomData(M * K, 1), aShape), tb = tf.tensor(randomData(K * N, 2), bShape);
    const product = kusariProduct(shape);
    tensors.push(ta, tb);
    const intoC = residentC ? kusariProduct(shape, true) : null;
    contenders.push(...threads.map((n) => contender(onThreads(n, product), roundMsOf(shape))),
      contender(() => tf.matMul(ta, tb, transA, transB).dispose(), roundMsOf(shape)),
      ...(intoC ? threads.map((n) => contender(onThreads(n, intoC), roundMsOf(shape))) : []));
  }
  for (const c of contenders) await c.prepare();
  const results = await interleave(contenders, rounds);
  for (const t of tensors) t.dispose();
  const per = threads.length + 1 + (residentC ? threads.length : 0);
  return shapes.map((shape, s) => {
    const own = results.slice(s * per, (s + 1) * per);
    const ms = own.slice(0, threads.length + 1).map((r) => r.median);
    return {
      ms, gflops: ms.map((t) => flops(shape) / t / 1e6),
      samples: own.slice(0, threads.length).map((r) => r.samples),
      residentSamples: own.slice(threads.length + 1).map((r) => r.samples),
    };
  });
}

/** Median over rounds of a's rate over b's (ms samples of the same rounds). */
const roundRatio = (a, b) => median(a.map((t, r) => b[r] / t));

const combos = [[false, false], [true, false], [false, true], [true, true]];
const opName = (transA, transB) => `${transA ? 'A^T' : 'A'}${transB ? 'B^T' : 'B'}`;

export async function main(argv) {
  const opts = args(argv);
  const quick = !!opts.quick;
  const rounds = Number(opts.rounds ?? (quick ? 3 : 7));
  const sizes = opts.sizes ? String(opts.sizes).split(',').map(Number) : quick ? [128, 512] : [256, 512, 1024];
  backend.use('wasm');
  await printMachine();
  const threads = threadCounts();
  const all = threads.at(-1);
  // numpy first, alone: its threads would otherwise compete with the timings below.
  const numpySizes = sizes.filter((n) => n >= 256);
  const numpy = opts['no-numpy'] ? [{ error: '--no-numpy' }, { error: '--no-numpy' }] : [await numpyGemm(numpySizes, 1), await numpyGemm(numpySizes, 2)];
  if (numpy[0].error) console.log(`numpy: n/a (${numpy[0].error})`);
  const tf = await useTf('wasm');
  if (all > 1) {
    // Workers start in the background on first use: give them a moment before any timing.
    useThreads(all);
    kusariProduct([512, 512, 512, false, false])();
    await sleep(500);
  }
  console.log(`GEMM on ${runtimeName()}: kusari wasm (${backend.get('wasm').simdLevel}) on ${threads.join(' and ')} thread(s) vs TF.js ${tf.version_core} wasm (1 thread)${numpy[0].error ? '' : ` and numpy ${numpy[0].version} (OpenBLAS, 1 and 2 threads, OPENBLAS_CORETYPE/L2_SIZE unset)`}`);
  console.log(`medians of ${rounds} interleaved rounds after warm-up; kusari includes copying operands in and the result out`);

  const threadTitle = (n) => `kusari ${n}T`;
  const square = [], raw = [];
  for (const n of sizes) {
    // Every transpose combination from 256 up (the backward pass multiplies transposed
    // operands), in the same rounds as the plain product: each round's ratio to it, then
    // their median, so that a change in the machine's load over minutes does not pass for
    // a difference between them (and likewise all threads over one).
    const transposes = n < 256 ? [[false, false]] : combos;
    const results = await measure(tf, transposes.map(([transA, transB]) => [n, n, n, transA, transB]), threads, rounds, all > 1);
    const plain = results[0];
    transposes.forEach(([transA, transB], i) => {
      const r = results[i];
      const vsPlain = roundRatio(r.samples[0], plain.samples[0]);
      const speedup = all > 1 ? roundRatio(r.samples.at(-1), r.samples[0]) : null;
      // The same with C written into wasm memory: what the GEMM scales to without the new
      // result array, whose first writes (page faults: 11-22 ms for 4 MB on this VM, 0.2 ms
      // rewriting one) the calling thread makes alone after the product.
      const residentSpeedup = all > 1 ? roundRatio(r.residentSamples.at(-1), r.residentSamples[0]) : null;
      const residentVsPlain = all > 1 ? roundRatio(r.residentSamples[0], plain.residentSamples[0]) : null;
      const op = opName(transA, transB);
      const np = (j) => numpy[j].rates?.[n]?.[op] ?? null;
      raw.push({ n, op, threads, gflops: r.gflops.slice(0, threads.length), tfjs: r.gflops.at(-1), numpy1: np(0), numpy2: np(1), vsPlain, speedup, residentSpeedup, residentVsPlain });
      const row = { shape: `${n}x${n}x${n} ${op}`, vsPlain: ratio(vsPlain), tfjs: fmt(r.gflops.at(-1), 1), numpy1: fmt(np(0), 1), numpy2: fmt(np(1), 1), vsNumpy: ratio(r.gflops[0], np(0)) };
      threads.forEach((t, j) => { row[`t${t}`] = fmt(r.gflops[j], 1); });
      row.speedup = all > 1 ? ratio(speedup) : 'n/a';
      row.residentSpeedup = all > 1 ? ratio(residentSpeedup) : 'n/a';
      row.residentVsPlain = all > 1 ? ratio(residentVsPlain) : 'n/a';
      square.push(row);
    });
  }
  const threadColumns = threads.map((t) => ({ key: `t${t}`, title: `${threadTitle(t)} GFLOP/s` }));
  const squareColumns = [
    ...threadColumns, ...(all > 1 ? [{ key: 'speedup', title: `${all}T/1T` }, { key: 'residentSpeedup', title: `${all}T/1T C resident` }] : []),
    { key: 'vsPlain', title: '1T vs AB' }, ...(all > 1 ? [{ key: 'residentVsPlain', title: '1T vs AB C resident' }] : []),
    { key: 'tfjs', title: 'TF.js GFLOP/s' }, { key: 'numpy1', title: 'numpy 1T' }, { key: 'numpy2', title: 'numpy 2T' },
    { key: 'vsNumpy', title: 'kusari 1T/numpy 1T' },
  ];
  console.log('\nsquare GEMM (targets: all threads >= 1.7x one thread; transposed within 10% of AB)');
  console.log(table(['M x K x N op', ...squareColumns.map((c) => c.title)], square.map((r) => [r.shape, ...squareColumns.map((c) => r[c.key])])));

  const linear = [];
  const shapes = quick ? [[100, 784, 100]] : [[100, 784, 100], [100, 1000, 1000], [100, 784, 1000]];
  for (const [M, K, N] of shapes) {
    const results = await measure(tf, combos.map(([transA, transB]) => [M, K, N, transA, transB]), threads, rounds);
    combos.forEach(([transA, transB], i) => {
      const r = results[i];
      const row = { shape: `${M}x${K}x${N} ${opName(transA, transB)}`, ms: fmt(r.ms[0], 3), tfjs: fmt(r.gflops.at(-1), 1), ratio: ratio(r.gflops[0], r.gflops.at(-1)) };
      threads.forEach((t, j) => { row[`t${t}`] = fmt(r.gflops[j], 1); });
      linear.push(row);
    });
  }
  const linearColumns = [{ key: 'ms', title: 'kusari 1T ms' }, ...threadColumns, { key: 'tfjs', title: 'TF.js GFLOP/s' }, { key: 'ratio', title: 'kusari 1T/TF.js' }];
  console.log('\nlinear-layer GEMM, op(A): M x K, op(B): K x N');
  console.log(table(['M x K x N op', ...linearColumns.map((c) => c.title)], linear.map((r) => [r.shape, ...linearColumns.map((c) => r[c.key])])));
  useThreads(1);

  report([
    { name: 'square GEMM', key: 'shape', columns: squareColumns, rows: square, raw },
    { name: 'linear-layer GEMM', key: 'shape', columns: linearColumns.filter((c) => c.key !== 'ms'), rows: linear },
  ]);
}

if (isMain(import.meta)) await main();

// GEMM throughput: kusari's wasm backend (ops.matmul, operand copies in and out included)
// on one thread and on all (when the backend has a thread pool), against TensorFlow.js's
// wasm backend (XNNPACK, SIMD, one thread) and numpy's OpenBLAS sgemm (the BLAS Chainer
// trains on, 1 and 2 threads, in a python3 child run before the timings). Square sizes in
// every transpose combination, with each transposed product's rate over the plain one, and
// the products of linear layers (forward x W^T, backward gy W and gy^T x). Rounds are
// interleaved so that the machine's load hits all contenders alike.
//
// Each new result array's memory is fresh from the system on Linux (glibc hands freed blocks
// back at once): in Node the square sizes are also run in a child process whose glibc keeps
// freed memory (KEEP_FREED_MEMORY), to show what those page faults cost.
//
//   node bench/gemm.mjs [--quick] [--rounds 7] [--sizes 256,512,1024] [--no-numpy] [--square-only] [--no-kept-memory]
//   node_modules/.bin/deno run -A bench/gemm.mjs
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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
  let reps = 1, calls = 0, faults = 0;
  return {
    async prepare() {
      const t0 = performance.now();
      let warm = 0;
      while (performance.now() - t0 < 300 || warm < 5) { fn(); warm++; }
      await sleep(20);
      reps = Math.max(1, Math.round(roundMs / ((performance.now() - t0) / warm)));
    },
    run() {
      const before = minorFaults();
      const ms = timeCalls(fn, reps);
      if (before !== null) { faults += minorFaults() - before; calls += reps; }
      return ms;
    },
    /** Minor page faults per timed call, all threads (null where the runtime does not count them). */
    faultsPerCall: () => (calls ? faults / calls : null),
  };
}

/** The process's minor page faults so far (first touches of new memory), or null. */
const minorFaults = () => globalThis.process?.resourceUsage?.().minorPageFault ?? null;

/** fn on a fixed number of kusari threads (set before every call: contenders interleave). */
const onThreads = (n, fn) => () => { useThreads(n); fn(); };

/**
 * kusari's product C = op(A) op(B) for shape [M, K, N, transA, transB, residentB]; with
 * residentB, B is a Parameter's array (resident in wasm memory, as a layer's W is in a step).
 * With `residentC` the product is written into a resident array (as a gradient is into a
 * Parameter's grad) instead of a new typed array. The products are those of a training step,
 * whose weights change after every product: the wasm backend keeps no packed copy of B
 * (packedWeightBudget 0), which it would for a weight read again unchanged (inference).
 */
function kusariProduct([M, K, N, transA, transB, residentB = false], residentC = false) {
  const aShape = transA ? [K, M] : [M, K], bShape = transB ? [N, K] : [K, N];
  const a = fromTyped(randomData(M * K, 1), aShape), bData = fromTyped(randomData(K * N, 2), bShape);
  const b = residentB ? new Parameter(bData).array : bData;
  const into = residentC ? { target: new Parameter(fromTyped(new Float32Array(M * N), [M, N])).array, accumulate: false } : undefined;
  const wasm = backend.current() === 'wasm' ? backend.get('wasm') : null;
  return () => {
    const budget = wasm?.packedWeightBudget;
    if (wasm) wasm.packedWeightBudget = 0;
    try {
      return ops.matmul(a, b, { transA, transB, into });
    } finally {
      if (wasm) wasm.packedWeightBudget = budget;
    }
  };
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
      faults: contenders.slice(s * per, s * per + threads.length).map((c) => c.faultsPerCall()),
      samples: own.slice(0, threads.length).map((r) => r.samples),
      residentSamples: own.slice(threads.length + 1).map((r) => r.samples),
    };
  });
}

/**
 * glibc's tunables that keep freed memory in the process instead of returning it to the
 * system (no trimming, no mmap below 32 MB): settings a user can make for a process.
 */
const KEEP_FREED_MEMORY = { MALLOC_TRIM_THRESHOLD_: String(256 * 2 ** 20), MALLOC_MMAP_THRESHOLD_: String(32 * 2 ** 20), MALLOC_TOP_PAD_: String(64 * 2 ** 20) };

/**
 * The square products of size n in a child process with KEEP_FREED_MEMORY: all threads over
 * one and the worst transposed product over AB, from its per-round ratios, and page faults
 * per call; null where that cannot run (not Node on Linux, no pool).
 */
function withKeptMemory(n, rounds) {
  if (globalThis.Deno || process.platform !== 'linux') return null;
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--sizes', String(n), '--rounds', String(rounds), '--no-numpy', '--square-only', '--no-kept-memory'],
    { env: { ...process.env, ...KEEP_FREED_MEMORY }, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const line = child.stdout?.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (child.status !== 0 || !line) return { error: (child.stderr || 'no result').trim().split('\n').at(-1) };
  const rows = JSON.parse(line.slice('BENCH_RESULT '.length)).tables.find((t) => t.name === 'square GEMM').raw.filter((r) => r.n === n);
  const plain = rows.find((r) => r.op === 'AB');
  return { n, speedup: plain.speedup, worst: Math.min(...rows.map((r) => r.vsPlain)), faults: plain.faults };
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
      raw.push({ n, op, threads, gflops: r.gflops.slice(0, threads.length), faults: r.faults, tfjs: r.gflops.at(-1), numpy1: np(0), numpy2: np(1), vsPlain, speedup, residentSpeedup, residentVsPlain });
      const row = { shape: `${n}x${n}x${n} ${op}`, vsPlain: ratio(vsPlain), tfjs: fmt(r.gflops.at(-1), 1), numpy1: fmt(np(0), 1), numpy2: fmt(np(1), 1), vsNumpy: ratio(r.gflops[0], np(0)) };
      threads.forEach((t, j) => { row[`t${t}`] = fmt(r.gflops[j], 1); });
      // the new result array's pages (n * n * 4 bytes: 1024 pages at n = 1024) as the calls found them
      row.faults = r.faults.map((f) => fmt(f, 0)).join(' / ');
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
    { key: 'vsNumpy', title: 'kusari 1T/numpy 1T' }, { key: 'faults', title: `page faults/call ${threads.map((t) => `${t}T`).join(' / ')}` },
  ];
  console.log('\nsquare GEMM (targets: all threads >= 1.7x one thread; transposed within 10% of AB)');
  console.log(table(['M x K x N op', ...squareColumns.map((c) => c.title)], square.map((r) => [r.shape, ...squareColumns.map((c) => r[c.key])])));

  let keptMemory = null;
  if (all > 1 && !opts['no-kept-memory'] && !opts['square-only']) {
    keptMemory = withKeptMemory(Math.max(...sizes), rounds);
    const env = Object.entries(KEEP_FREED_MEMORY).map(([k, v]) => `${k}=${v}`).join(' ');
    if (keptMemory?.error) console.log(`with glibc keeping freed memory: failed (${keptMemory.error})`);
    else if (keptMemory) {
      console.log(`the same products, n=${keptMemory.n}, in a process whose glibc keeps freed memory (${env}): ${all}T/1T ${ratio(keptMemory.speedup)}, ` +
        `worst transposed ${ratio(keptMemory.worst)} of AB, page faults/call ${keptMemory.faults.map((f) => fmt(f, 0)).join(' / ')}`);
    }
  }

  const linear = [];
  const shapes = opts['square-only'] ? [] : quick ? [[100, 784, 100]] : [[100, 784, 100], [100, 1000, 1000], [100, 784, 1000]];
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
    { name: 'square GEMM', key: 'shape', columns: squareColumns, rows: square, raw, keptMemory },
    { name: 'linear-layer GEMM', key: 'shape', columns: linearColumns.filter((c) => c.key !== 'ms'), rows: linear },
  ]);
}

if (isMain(import.meta)) await main();

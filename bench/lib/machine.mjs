// What every benchmark prints first and shares: the CPU model (the machines change between
// sessions), kusari's thread count (1 and all, when the backend has a thread pool), the
// GEMM FLOP counts of the training workloads' layers, and numpy's GEMM rate measured now
// (the BLAS Chainer trains on, the yardstick its reference figures are scaled by).
import { backend } from '../../dist/kusari.js';

const isDeno = typeof Deno !== 'undefined';
const isBrowser = typeof window !== 'undefined' && typeof document !== 'undefined';

/** "AMD EPYC (2 logical cores)": /proc/cpuinfo in Node and Deno, navigator in a page. */
export async function cpuModel() {
  const cores = logicalCores();
  if (isBrowser) return `browser, ${cores} logical cores (navigator.hardwareConcurrency)`;
  let model = 'unknown CPU';
  try {
    const { readFileSync } = await import('node:fs');
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) model = line.split(':')[1].trim();
  } catch { /* not Linux */ }
  return `${model} (${cores} logical cores)`;
}

const os = isBrowser ? null : await import('node:os');

export function logicalCores() {
  if (os) return os.availableParallelism?.() ?? os.cpus().length;
  return navigator.hardwareConcurrency ?? 1;
}

/** The line every benchmark starts with. */
export async function printMachine() {
  const cpu = await cpuModel();
  console.log(`CPU: ${cpu}; kusari threads: ${threadsNote()}`);
  return cpu;
}

// ---------------------------------------------------------------- threads

/** True when the backend has a thread pool (backend.setThreads / backend.threads). */
export const hasThreadPool = () => typeof backend.setThreads === 'function';

/** Every thread kusari can use: what setThreads grants for the logical core count. */
export function maxThreads() {
  if (!hasThreadPool()) return 1;
  const before = backend.threads?.() ?? 1;
  const granted = backend.setThreads(Math.max(1, logicalCores()));
  backend.setThreads(before);
  return Math.max(1, granted ?? backend.threads?.() ?? 1);
}

/** Sets kusari's thread count (a no-op without a pool); returns the count in effect. */
export function useThreads(n) {
  if (!hasThreadPool()) return 1;
  const granted = backend.setThreads(n);
  return granted ?? backend.threads?.() ?? n;
}

export function threadsNote() {
  return hasThreadPool() ? `1 and ${maxThreads()} (thread pool)` : '1 thread only (no thread pool)';
}

/** The thread counts a benchmark measures: [1] without a pool, [1, all] with one. */
export function threadCounts() {
  const all = maxThreads();
  return all > 1 ? [1, all] : [1];
}

// ---------------------------------------------------------------- GEMM FLOPs

/**
 * The GEMMs of a linear layer y = x W^T + b over `rows` rows, as [M, K, N, transA, transB,
 * residentB] with their FLOPs 2MKN: forward x W^T; backward gx = gy W (only when the input
 * needs a gradient) and gW = gy^T x. W, a parameter, is resident in wasm memory.
 */
export function linearGemms(rows, nIn, nOut, { inputGrad = true, backward = true } = {}) {
  const out = [{ what: `forward ${rows}x${nIn} . W^T(${nIn}x${nOut})`, shape: [rows, nIn, nOut, false, true, true] }];
  if (backward) {
    if (inputGrad) out.push({ what: `gx ${rows}x${nOut} . W(${nOut}x${nIn})`, shape: [rows, nOut, nIn, false, false, true] });
    out.push({ what: `gW gy^T(${nOut}x${rows}) . x(${rows}x${nIn})`, shape: [nOut, rows, nIn, true, false] });
  }
  return out;
}

export const gemmFlops = ([M, K, N]) => 2 * M * K * N;

// ---------------------------------------------------------------- numpy

const NUMPY_SCRIPT = `
import sys, time, json, numpy as np
out = {}
for n in [int(s) for s in sys.argv[1].split(',')]:
    a = np.random.rand(n, n).astype(np.float32); b = np.random.rand(n, n).astype(np.float32)
    rates = {}
    for name, x, y in (('AB', a, b), ('A^TB', a.T, b), ('AB^T', a, b.T), ('A^TB^T', a.T, b.T)):
        x @ y
        reps = max(3, int(2e9 / (2 * n ** 3)))
        best = []
        for r in range(5):
            t = time.perf_counter()
            for _ in range(reps): x @ y
            best.append((time.perf_counter() - t) / reps)
        best.sort()
        rates[name] = 2 * n ** 3 / best[2] / 1e9
    out[n] = rates
print(json.dumps({'version': np.__version__, 'rates': out}))
`;

/** The environment of a numpy child on `threads` BLAS threads, without the variables that force an older kernel. */
function numpyEnv(threads) {
  const env = { ...(isDeno ? Deno.env.toObject() : process.env) };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return Object.assign(env, { OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) });
}

/**
 * numpy's float32 GEMM GFLOP/s at sizes `sizes` on `threads` OpenBLAS threads (median of 5
 * timings), or { error } when python3/numpy are missing. OPENBLAS_CORETYPE and
 * OPENBLAS_L2_SIZE are unset for the child: they force an older, slower kernel.
 */
export async function numpyGemm(sizes, threads) {
  if (isBrowser) return { error: 'no python in a page' };
  try {
    const { execFile } = await import('node:child_process');
    const env = numpyEnv(threads);
    const stdout = await new Promise((resolve, reject) => {
      execFile('env', ['-u', 'OPENBLAS_CORETYPE', '-u', 'OPENBLAS_L2_SIZE', 'python3', '-c', NUMPY_SCRIPT, sizes.join(',')],
        { env, timeout: 120000 }, (err, out, errText) => (err ? reject(new Error(String(errText || err.message).trim().split('\n').at(-1))) : resolve(out)));
    });
    return JSON.parse(stdout);
  } catch (e) {
    return { error: e.message };
  }
}

const PROBE_SCRIPT = `
import sys, time, json, numpy as np
n = 1024
a = np.random.rand(n, n).astype(np.float32); b = np.random.rand(n, n).astype(np.float32)
a @ b
for line in sys.stdin:
    times = []
    for _ in range(5):
        t = time.perf_counter(); a @ b; times.append(time.perf_counter() - t)
    times.sort()
    print(json.dumps(2 * n ** 3 / times[2] / 1e9), flush=True)
`;

/**
 * numpy's one-thread n = 1024 sgemm rate on demand (GFLOP/s, median of 5 products, ~60 ms),
 * from a python3 child that stays up between calls: a contender in a benchmark's own
 * interleaved rounds, so that Chainer's figures are scaled by the machine's speed while
 * kusari is timed (a shared machine changes speed by a third for minutes at a time). null
 * where python3 or numpy is missing (or in a page).
 */
export async function numpyProbe() {
  if (isBrowser) return null;
  const { spawn } = await import('node:child_process');
  let child;
  try {
    child = spawn('python3', ['-c', PROBE_SCRIPT], { env: numpyEnv(1), stdio: ['pipe', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
  const waiting = [];
  let buffer = '', ended = null;
  const endAll = (why) => { ended ??= why; for (const w of waiting.splice(0)) w.reject(new Error(ended)); };
  child.on('error', (e) => endAll(e.message));
  child.on('exit', (code) => endAll(`numpy probe exited (${code})`));
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text) => {
    buffer += text;
    for (let i; (i = buffer.indexOf('\n')) >= 0; buffer = buffer.slice(i + 1)) waiting.shift()?.resolve(Number(buffer.slice(0, i)));
  });
  const rate = () => new Promise((resolve, reject) => {
    if (ended) { reject(new Error(ended)); return; }
    waiting.push({ resolve, reject });
    child.stdin.write('rate\n');
  });
  const close = () => { child.stdin.end(); child.kill(); };
  try {
    await rate(); // numpy imported, the product warm
    return { rate, close };
  } catch {
    close();
    return null;
  }
}

/** Chainer's reference figures were taken where numpy's sgemm ran at 184 GFLOP/s on one thread. */
export const NUMPY_REFERENCE_GFLOPS = 184;

/** numpy's n = 1024 rate on one thread now, divided by the reference's: Chainer's figures scale by it. */
export async function chainerScale() {
  const r = await numpyGemm([1024], 1);
  if (r.error) return { scale: 1, note: `numpy unavailable (${r.error}): Chainer figures unscaled`, rate: null };
  const rate = r.rates['1024'].AB;
  return { scale: rate / NUMPY_REFERENCE_GFLOPS, rate, note: `numpy ${r.version} sgemm n=1024 1 thread ${rate.toFixed(1)} GFLOP/s now / ${NUMPY_REFERENCE_GFLOPS} reference = ${(rate / NUMPY_REFERENCE_GFLOPS).toFixed(2)}` };
}

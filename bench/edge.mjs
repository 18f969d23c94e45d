// Edge inference: what a script that loads the article's MLP (784-100-10 tanh, three
// Linear-sized layers as examples/mnist) from npz and predicts costs to ship and to start,
// through kusari/infer and through the whole library.
//   - download: an esbuild bundle (minified) of that script, gzip, with the kernel build
//     the runtime loads; the whole library likewise, with and without its kernels;
//     TensorFlow.js core + wasm bundled the same way in this run (onnxruntime-web from
//     PERFORMANCE_NOTES.md)
//   - start-up: cold processes, median wall time above an empty process of the same runtime
//     (Node and Deno), for the bundle and for `import 'kusari/infer'` from the package
//   - batch-1 latency of the MLP through kusari/infer and through kusari, interleaved in each
//     of several processes (a process's code and memory placement moves both figures by
//     several percent, so one process alone cannot tell the two apart)
//
//   npm run bench -- edge [--runs 7] [--no-tf] [--rounds 31] [--processes 7]
//   node bench/edge.mjs
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { args, fmt, interleave, isMain, median, now, ratio, report, runtimeName, table } from './lib/stats.mjs';

export const description = 'edge inference of the article MLP: bundle sizes (gzip, kernels included), cold start in Node and Deno, batch-1 latency via kusari/infer vs kusari';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = join(root, 'build/bench/edge');
const deno = join(root, 'node_modules/.bin/deno');
const KB = 1024;
const TARGETS = { inferBundle: 60 * KB, library: 150 * KB, startMs: 50 };
// PERFORMANCE_NOTES.md: download of gzip JS + wasm
const ORT_WEB = 3.7 * KB * KB;

// The user's script: the article's MLP, its weights from npz, one prediction.
const predictScript = (from) => `${from}
const t0 = performance.now();
class MLP extends Chain {
  constructor() {
    super();
    this.l1 = new Linear(784, 100);
    this.l2 = new Linear(100, 10);
  }
  forward(x) { return this.l2.forward(tanh(this.l1.forward(x))); }
}
const model = new MLP();
loadNpz(${JSON.stringify(join(work, 'mlp.npz'))}, model);
const x = fromTyped(Float32Array.from({ length: 784 }, (_, i) => (i % 28) / 28), [1, 784]);
const y = noBackpropMode(() => softmax(model.forward(x))).array.toTypedArray();
console.log(JSON.stringify({ ms: performance.now() - t0, cpu: cpuMs(), y: Array.from(y) }));
`;
// CPU time of the whole process (every thread), which a busy machine inflates far less than
// wall time. Deno: the threads' run time from /proc (Linux), since touching `process` there
// would start Deno's Node compatibility layer (~25 ms) in the empty baseline and hide what a
// script that never touches it pays.
const CPU_MS = `function cpuMs() {
  if (globalThis.Deno) {
    try {
      let ns = 0;
      for (const t of Deno.readDirSync('/proc/self/task')) ns += Number(Deno.readTextFileSync(\`/proc/self/task/\${t.name}/schedstat\`).split(' ')[0]);
      return ns / 1e6;
    } catch { return null; }
  }
  const u = globalThis.process?.cpuUsage?.();
  return u ? (u.user + u.system) / 1000 : null;
}
`;
const INFER = "import { Chain, Linear, tanh, softmax, loadNpz, noBackpropMode, fromTyped } from 'kusari/infer';";
const FULL = "import { Chain, L, F, serializers, noBackpropMode, fromTyped } from 'kusari';\nconst { Linear } = L, { tanh, softmax } = F, { loadNpz } = serializers;";

/** A project beside the repository that depends on kusari (node_modules/kusari -> the repository). */
function setUp() {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, 'node_modules'), { recursive: true });
  symlinkSync(root, join(work, 'node_modules/kusari'), 'dir');
  writeFileSync(join(work, 'package.json'), JSON.stringify({ type: 'module', dependencies: { kusari: '*' } }));
  writeFileSync(join(work, 'predict-infer.mjs'), predictScript(INFER) + CPU_MS);
  writeFileSync(join(work, 'predict-full.mjs'), predictScript(FULL) + CPU_MS);
  writeFileSync(join(work, 'empty.mjs'), `console.log(JSON.stringify({ cpu: cpuMs() }));\n${CPU_MS}`);
  // the article's MLP with Chainer's initialization, saved as npz
  execFileSync(process.execPath, ['--input-type=module', '-e', `
    import { Chain, L, random, serializers } from 'kusari';
    class MLP extends Chain { constructor() { super(); this.l1 = new L.Linear(784, 100); this.l2 = new L.Linear(100, 10); } }
    random.seed(0);
    serializers.saveNpz('mlp.npz', new MLP());`], { cwd: work });
}

/** Minified esbuild bundle of `entry` (a file in the work folder) and its metafile. */
async function bundle(entry, outfile, extra = {}) {
  const esbuild = await import('esbuild');
  const r = await esbuild.build({
    entryPoints: [join(work, entry)], outfile: join(work, outfile), bundle: true, minify: true, format: 'esm',
    platform: 'neutral', target: 'es2022', mainFields: ['module', 'main'], metafile: true, logLevel: 'error', ...extra,
  });
  return { bytes: readFileSync(join(work, outfile)), metafile: r.metafile };
}

const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
const kb = (n) => `${fmt(n / KB, 1)} KB`;

/** The biggest inputs of a bundle: where its bytes go. */
function biggest(metafile, n = 8) {
  const [output] = Object.values(metafile.outputs);
  return Object.entries(output.inputs).map(([file, v]) => [v.bytesInOutput, file.replace(/^.*node_modules\/kusari\//, '')])
    .sort((a, b) => b[0] - a[0]).slice(0, n).map(([bytes, file]) => `${kb(bytes).padStart(9)} ${file}`).join('\n');
}

/** The whole library's minified bytes by source folder (a bundle of src/index.ts as dist's). */
async function libraryFolders() {
  const esbuild = await import('esbuild');
  const { bundleOptions, kernelFiles } = await import('../scripts/build.mjs');
  const r = await esbuild.build({ ...bundleOptions, entryPoints: [join(root, 'src/index.ts')], plugins: [...bundleOptions.plugins, kernelFiles], minify: true, write: false, metafile: true, outfile: join(work, 'library.js') });
  const folders = {};
  for (const [file, v] of Object.entries(Object.values(r.metafile.outputs)[0].inputs)) {
    const folder = file.replace(/^.*node_modules\//, 'node_modules/').split('/').slice(0, 2).join('/');
    folders[folder] = (folders[folder] ?? 0) + v.bytesInOutput;
  }
  return Object.entries(folders).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([f, n]) => `${kb(n).padStart(9)} ${f}`).join('\n');
}

async function sizes(opts) {
  // the larger of each entry's two builds (plain and relaxed SIMD), one of which a runtime loads
  const larger = (name) => Math.max(...['simd', 'relaxed'].map((t) => gz(readFileSync(join(root, `dist/${name}-${t}.wasm`)))));
  const kernel = larger('kusari'), inferKernel = larger('kusari-infer');
  const infer = await bundle('predict-infer.mjs', 'edge-infer.js');
  writeFileSync(join(work, 'full.mjs'), "export * from 'kusari';\n");
  const full = await bundle('full.mjs', 'edge-full.js');
  for (const t of ['simd', 'relaxed']) for (const name of ['kusari', 'kusari-infer']) copyFileSync(join(root, 'dist', `${name}-${t}.wasm`), join(work, `${name}-${t}.wasm`));
  const rows = [
    { label: 'kusari/infer: MLP script bundle', js: gz(infer.bytes), wasm: inferKernel, target: TARGETS.inferBundle },
    { label: 'kusari: whole library', js: gz(full.bytes), wasm: kernel, target: TARGETS.library },
    { label: 'kusari: dist/kusari.min.js (a page, no bundler)', js: gz(readFileSync(join(root, 'dist/kusari.min.js'))), wasm: kernel, target: null },
  ];
  let tfNote = 'TF.js: not measured (--no-tf)';
  if (!opts['no-tf']) {
    try {
      writeFileSync(join(work, 'tf.mjs'), "import * as tf from '@tensorflow/tfjs-core';\nimport '@tensorflow/tfjs-backend-wasm';\nexport { tf };\n");
      const tf = await bundle('tf.mjs', 'edge-tf.js', { nodePaths: [join(root, 'node_modules')], platform: 'browser', external: ['fs', 'path', 'os', 'worker_threads', 'perf_hooks', 'crypto'] });
      const tfWasm = gz(readFileSync(join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm')));
      rows.push({ label: 'TF.js core + wasm (SIMD build), this run', js: gz(tf.bytes), wasm: tfWasm, target: null });
      tfNote = 'TF.js: tfjs-core + tfjs-backend-wasm bundled the same way, with tfjs-backend-wasm-simd.wasm (PERFORMANCE_NOTES: 218 KB)';
    } catch (e) {
      rows.push({ label: 'TF.js core + wasm (PERFORMANCE_NOTES)', js: 218 * KB, wasm: 0, target: null });
      tfNote = `TF.js: bundling failed (${String(e.message).split('\n')[0]}); the figure of PERFORMANCE_NOTES.md stands in`;
    }
  }
  rows.push({ label: 'onnxruntime-web (PERFORMANCE_NOTES)', js: ORT_WEB, wasm: 0, target: null });
  const inferTotal = rows[0].js + rows[0].wasm;
  const header = ['gzip', 'JS', 'kernels (wasm)', 'total', 'target', 'met', 'total / kusari/infer'];
  console.log(`\ndownload: esbuild --bundle --minify, gzip -9; kernels: the larger of the plain and relaxed SIMD builds, one of which a runtime loads: kusari-*.wasm (${kb(kernel)}) for the library, kusari-infer-*.wasm (${kb(inferKernel)}, forward kernels alone) for kusari/infer`);
  console.log(table(header, rows.map((r) => [r.label, kb(r.js), r.wasm ? kb(r.wasm) : '', kb(r.js + r.wasm), r.target ? `<= ${kb(r.target)}` : '',
    r.target ? (r.js + r.wasm <= r.target ? 'yes' : 'NO') : '', ratio(r.js + r.wasm, inferTotal)])));
  console.log(tfNote);
  console.log(`\nwhere the bytes of the kusari/infer bundle go (minified, before gzip):\n${biggest(infer.metafile)}`);
  console.log(`\nwhere the bytes of the whole library go (its sources by folder, minified):\n${await libraryFolders()}`);
  return rows;
}

/** Wall milliseconds of a cold process, median of `runs`, the contenders interleaved. */
async function startTimes(runs) {
  const time = (cmd, argv) => {
    const t0 = now();
    const r = spawnSync(cmd, argv, { cwd: work, encoding: 'utf8' });
    const ms = now() - t0;
    if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')}: ${r.stderr.slice(-500)}`);
    return { ms, cpu: JSON.parse(r.stdout.trim().split('\n').at(-1)).cpu };
  };
  // --allow-all: Deno opens /proc/self (the CPU time of cpuMs) to no narrower permission
  const denoRun = (file) => [deno, ['run', '--allow-all', file]];
  const runtimes = [
    { name: 'Node', run: (file) => [process.execPath, [file]] },
    ...(existsSync(deno) ? [{ name: 'Deno', run: denoRun }] : []),
  ];
  const files = [['empty process', 'empty.mjs'], ['edge bundle (kusari/infer)', 'edge-infer.js'],
    ['import kusari/infer', 'predict-infer.mjs'], ['import kusari', 'predict-full.mjs']];
  const rows = [];
  for (const rt of runtimes) {
    const cpu = files.map(() => []);
    const contenders = files.map(([label, file], i) => ({ label, run: () => { const r = time(...rt.run(file)); cpu[i].push(r.cpu); return r.ms; } }));
    for (const c of contenders) c.run(); // warm the file cache
    for (const c of cpu) c.length = 0;
    const ms = (await interleave(contenders, runs)).map((r) => r.median);
    const cpuMs = cpu.map((c) => (c.includes(null) ? null : median(c)));
    files.forEach(([label], i) => rows.push({
      runtime: rt.name, label, ms: ms[i], above: i ? ms[i] - ms[0] : null,
      cpu: cpuMs[i], cpuAbove: i && cpuMs[i] !== null && cpuMs[0] !== null ? cpuMs[i] - cpuMs[0] : null,
    }));
  }
  const judged = (r) => r.above !== null && r.label !== 'import kusari';
  console.log(`\nstart-up: import, build the MLP, load its npz, one prediction; cold processes, medians of ${runs} (interleaved): wall time, and CPU time of all threads (what a busy machine inflates least)`);
  console.log(table(['', '', 'wall ms', 'above empty', 'CPU ms', 'above empty', 'target', 'met (wall)'], rows.map((r) => [r.runtime, r.label, fmt(r.ms, 1),
    r.above === null ? '' : fmt(r.above, 1), r.cpu === null ? 'n/a' : fmt(r.cpu, 1), r.cpuAbove === null ? '' : fmt(r.cpuAbove, 1),
    judged(r) ? `<= ${TARGETS.startMs}` : '', judged(r) ? (r.above <= TARGETS.startMs ? 'yes' : 'NO') : ''])));
  const load = (await import('node:os')).loadavg()[0];
  console.log(`load average ${fmt(load, 1)} on ${(await import('node:os')).cpus().length} cores during the run${load > 2 ? ': wall times are inflated; compare CPU times' : ''}`);
  return rows;
}

/** Batch-1 prediction through kusari/infer (its Node build) and through kusari, interleaved, in this process. */
async function latencyHere(rounds) {
  const infer = await import(pathToFileURL(join(root, 'dist/infer.js')).href);
  const full = await import(pathToFileURL(join(root, 'dist/kusari.js')).href);
  const npz = readFileSync(join(work, 'mlp.npz'));
  const x = Float32Array.from({ length: 784 }, (_, i) => (i % 28) / 28);
  const contender = (label, k, Linear, tanh) => {
    class MLP extends k.Chain {
      constructor() { super(); this.l1 = new Linear(784, 100); this.l2 = new Linear(100, 10); }
      forward(v) { return this.l2.forward(tanh(this.l1.forward(v))); }
    }
    const model = new MLP();
    (k.loadNpz ?? k.serializers.loadNpz)(npz, model);
    k.backend.setThreads?.(1);
    const call = () => k.noBackpropMode(() => model.forward(k.fromTyped(x, [1, 784])).array.toTypedArray());
    return {
      label, call,
      run() {
        const times = [];
        for (let i = 0; i < 200; i++) { const t0 = now(); call(); times.push(now() - t0); }
        return median(times);
      },
    };
  };
  const contenders = [contender('kusari/infer', infer, infer.Linear, infer.tanh), contender('kusari', full, full.L.Linear, full.F.tanh)];
  const [a, b] = contenders.map((c) => c.call());
  const same = a.every((v, i) => v === b[i]);
  for (const c of contenders) for (let i = 0; i < 300; i++) c.call();
  const ms = (await interleave(contenders, rounds)).map((r) => r.median);
  return { infer: ms[0], full: ms[1], same };
}

/** latencyHere in `processes` fresh Node processes, one after another: the medians over them. */
async function latency(rounds, processes) {
  const runs = [];
  for (let i = 0; i < processes; i++) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--latency-here', '--rounds', String(rounds)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`edge --latency-here: ${r.stderr.slice(-500)}`);
    runs.push(JSON.parse(r.stdout.trim().split('\n').pop()));
  }
  const infer = median(runs.map((r) => r.infer)), full = median(runs.map((r) => r.full));
  const same = runs.every((r) => r.same);
  const ratios = runs.map((r) => r.infer / r.full).sort((a, b) => a - b);
  console.log(`\nbatch-1 latency of the MLP, one thread (median of 200 calls per round, ${rounds} interleaved rounds per process, medians over ${processes} processes); outputs ${same ? 'identical' : 'DIFFER'}`);
  console.log(table(['', 'ms', 'vs kusari', 'target'], [
    ['kusari/infer', fmt(infer, 4), ratio(infer, full), `<= kusari: ${infer <= full * 1.05 ? 'yes' : 'NO'} (5% noise allowed)`],
    ['kusari', fmt(full, 4), '1.00x', ''],
  ]));
  console.log(`kusari/infer over kusari in each process: ${ratios.map((q) => fmt(q, 2)).join(' ')}`);
  return { infer, full, same };
}

export async function main(argv) {
  const opts = args(argv);
  if (typeof Deno !== 'undefined') {
    console.log('edge: runs from Node and starts Deno itself');
    return;
  }
  if (opts['latency-here']) {
    console.log(JSON.stringify(await latencyHere(Number(opts.rounds ?? 31))));
    return;
  }
  console.log(`edge inference on ${runtimeName()}`);
  setUp();
  const download = await sizes(opts);
  const start = await startTimes(Number(opts.runs ?? 7));
  // 15-20 us calls: in one process, five rounds read 0.93-1.14x, and 31 rounds 0.90-1.08x
  // from one process to the next
  const batch1 = await latency(Number(opts.rounds ?? 31), Number(opts.processes ?? 7));
  report([
    { name: 'download', key: 'label', columns: [{ key: 'js', title: 'JS gzip' }, { key: 'wasm', title: 'wasm gzip' }], rows: download },
    { name: 'start-up', key: 'label', columns: [{ key: 'ms', title: 'ms' }, { key: 'above', title: 'above empty' }], rows: start.map((r) => ({ ...r, label: `${r.runtime} ${r.label}` })) },
    { name: 'batch-1', key: 'label', columns: [{ key: 'ms', title: 'ms' }], rows: [{ label: 'kusari/infer', ms: batch1.infer }, { label: 'kusari', ms: batch1.full }] },
  ]);
}

if (isMain(import.meta)) await main();

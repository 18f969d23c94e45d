// kusari's webgl backend against TensorFlow.js's webgl backend in one headless Chromium page
// (bench/lib/webgl-workloads.mjs): GEMM n = 256, 512, 1024, LeNet's convolutions forward and
// backward, and one training step of the article MLP (SGD) and of 784-1000-1000-10 (Adam),
// with the draw calls, uploads and reads of one kusari training step. Chromium starts as
// test/run.mjs starts it: SwiftShader's WebGL2 runs the shaders on the CPU, so the absolute
// figures say little about a GPU; only the ratio does. Target: kusari ≥ 1.0x TF.js-webgl on
// every row.
//
//   node bench/webgl.mjs [--quick] [--only gemm256,article] [--rounds 2]   (CHROMIUM_PATH, default /usr/bin/chromium)
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WEBGL_WORKLOADS } from './lib/webgl-workloads.mjs';
import { printMachine } from './lib/machine.mjs';
import { CHROMIUM, bundlePage, root, runPage } from './lib/page.mjs';
import { args, fmt, isMain, ratio, report, table } from './lib/stats.mjs';

export const description = 'GEMM, LeNet convolutions and two MLP training steps on kusari webgl against TF.js-webgl in one headless Chromium page';

const outDir = join(root, 'build/bench/webgl');

function entry(quick, only, rounds) {
  return `
    import * as tf from '@tensorflow/tfjs-core';
    import '@tensorflow/tfjs-backend-webgl';
    import '@tensorflow/tfjs-core/dist/register_all_gradients';
    import { runWebglWorkloads } from './bench/lib/webgl-workloads.mjs';
    import { cpuModel } from './bench/lib/machine.mjs';
    try {
      let peer = null;
      try {
        if (await tf.setBackend('webgl')) { await tf.ready(); peer = tf; }
      } catch (e) { console.log('TF.js-webgl did not start in the page: ' + e.message); }
      const gl = document.createElement('canvas').getContext('webgl2');
      const info = gl?.getExtension('WEBGL_debug_renderer_info');
      const renderer = gl ? gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) : 'no WebGL2';
      const cpu = await cpuModel();
      const results = await runWebglWorkloads(peer, { quick: ${quick}, only: ${JSON.stringify(only)}${rounds ? `, rounds: ${rounds}` : ''} });
      console.log('BROWSER_RESULT ' + JSON.stringify({ cpu, renderer, userAgent: navigator.userAgent, results }));
    } catch (e) {
      console.log('BROWSER_RESULT ' + JSON.stringify({ error: String(e.stack ?? e) }));
    }`;
}

export async function main(argv) {
  const opts = args(argv);
  const quick = !!opts.quick;
  const only = typeof opts.only === 'string' ? opts.only.split(',') : null;
  // More interleaved rounds (the median of them) steady the ratios on a busy machine.
  const rounds = opts.rounds === undefined ? null : Number(opts.rounds);
  if (rounds !== null && !(Number.isInteger(rounds) && rounds >= 1)) throw new RangeError(`webgl: --rounds must be a positive integer, got ${opts.rounds}`);
  if (typeof Deno !== 'undefined') {
    console.log('webgl: runs from Node (it drives Chromium through playwright-core); nothing to do under Deno');
    report([]);
    return;
  }
  await printMachine();
  if (!existsSync(CHROMIUM)) {
    console.log(`webgl: n/a (Chromium not found at ${CHROMIUM})`);
    report([]);
    return;
  }
  await bundlePage(entry(quick, only, rounds), outDir);
  const page = await runPage(outDir);
  if (page.error) {
    console.log(`webgl: n/a (${page.error.split('\n').slice(0, 3).join(' ')})`);
    report([]);
    return;
  }
  console.log(`page: ${page.cpu}; WebGL renderer: ${page.renderer}; ${page.userAgent}`);
  const rows = Object.entries(WEBGL_WORKLOADS).filter(([key]) => page.results[key]).map(([key, w]) => {
    const r = page.results[key];
    // The ratio is kusari's speed over TF.js's: for times, TF.js's time over kusari's.
    const speedup = w.lowerIsBetter ? ratio(r.tfjs, r.kusari) : ratio(r.kusari, r.tfjs);
    const x = w.lowerIsBetter ? r.tfjs / r.kusari : r.kusari / r.tfjs;
    return { workload: w.title, kusari: fmt(r.kusari, 2), tfjs: fmt(r.tfjs, 2), ratio: speedup, met: r.tfjs ? (x >= 1 ? 'yes' : 'no') : 'n/a' };
  });
  const columns = [
    { key: 'kusari', title: 'kusari webgl' }, { key: 'tfjs', title: 'TF.js-webgl' },
    { key: 'ratio', title: 'kusari/TF.js speed' }, { key: 'met', title: '>= 1.0x' },
  ];
  console.log(table(['workload', ...columns.map((c) => c.title)], rows.map((r) => [r.workload, ...columns.map((c) => r[c.key])])));
  const steps = Object.entries(WEBGL_WORKLOADS).filter(([key]) => page.results[key]?.counts);
  if (steps.length) {
    console.log('\nper kusari training step on webgl (after warm-up):');
    console.log(table(['step', 'draw calls', 'texture uploads', 'reads', 'shader compiles'],
      steps.map(([key, w]) => { const c = page.results[key].counts; return [w.title.split(',')[0], c.draws, c.uploads, c.reads, c.compilations]; })));
  }
  report([{ name: 'webgl', key: 'workload', columns, rows, raw: page.results }]);
}

if (isMain(import.meta)) await main();

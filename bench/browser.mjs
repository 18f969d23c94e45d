// kusari in headless Chromium next to its Node figures: the article MLP's SGD step, the large
// MLP's Adam step and GEMM n=1024 (bench/lib/browser-workloads.mjs), with TF.js-wasm in the
// same page, and the same code run in this Node process in the same run. The page is
// bundled with esbuild and served from build/bench/browser with cross-origin isolation (a
// thread pool needs SharedArrayBuffer); Chromium starts as test/run.mjs starts it. kusari
// runs on one thread on both sides, so the ratio compares runtimes, not thread counts.
// Target: every kusari figure in the page within 1.3x of Node's.
//
//   node bench/browser.mjs [--quick]      (CHROMIUM_PATH, default /usr/bin/chromium)
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { WORKLOAD_TITLES, runWorkloads } from './lib/browser-workloads.mjs';
import { printMachine, useThreads } from './lib/machine.mjs';
import { CHROMIUM, bundlePage as bundle, root, runPage as openPage } from './lib/page.mjs';
import { args, fmt, isMain, ratio, report, runtimeName, table } from './lib/stats.mjs';

export const description = 'the two MLP steps and GEMM n=1024 in headless Chromium (kusari and TF.js-wasm in one page) against the same code in Node';

const outDir = join(root, 'build/bench/browser');

async function bundlePage(quick) {
  const entry = `
    import * as tf from '@tensorflow/tfjs-core';
    import '@tensorflow/tfjs-core/dist/register_all_gradients';
    import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
    import { runWorkloads } from './bench/lib/browser-workloads.mjs';
    import { cpuModel, useThreads } from './bench/lib/machine.mjs';
    try {
      let peer = null;
      try {
        setWasmPaths(new URL('./', location.href).href);
        tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
        if (await tf.setBackend('wasm')) { await tf.ready(); peer = tf; }
      } catch (e) { console.log('TF.js-wasm did not start in the page: ' + e.message); }
      const cpu = await cpuModel();
      const results = await runWorkloads(peer, { quick: ${quick}, setThreads: () => useThreads(1) });
      console.log('BROWSER_RESULT ' + JSON.stringify({ cpu, userAgent: navigator.userAgent, results }));
    } catch (e) {
      console.log('BROWSER_RESULT ' + JSON.stringify({ error: String(e.stack ?? e) }));
    }`;
  await bundle(entry, outDir);
  const wasmDir = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) copyFileSync(join(wasmDir, f), join(outDir, f));
}

export async function main(argv) {
  const opts = args(argv);
  const quick = !!opts.quick;
  if (typeof Deno !== 'undefined') {
    console.log('browser: runs from Node (it drives Chromium through playwright-core); nothing to do under Deno');
    report([]);
    return;
  }
  await printMachine();
  let tf = null;
  try {
    const { useTf } = await import('./lib/tfjs.mjs');
    tf = await useTf('wasm');
  } catch (e) { console.log(`TF.js did not load in Node (${String(e.message).split('\n')[0]})`); }
  console.log(`Node side (${runtimeName()}), kusari on 1 thread ...`);
  const node = await runWorkloads(tf, { quick, setThreads: () => useThreads(1) });
  let page = { error: `Chromium not found at ${CHROMIUM}` };
  if (existsSync(CHROMIUM)) {
    console.log('Chromium side ...');
    await bundlePage(quick);
    page = await openPage(outDir);
  }
  if (page.error) console.log(`browser: n/a (${page.error.split('\n')[0]})`);
  else console.log(`page: ${page.cpu}; ${page.userAgent}`);
  const rows = Object.keys(WORKLOAD_TITLES).map((key) => {
    const n = node[key], b = page.results?.[key];
    return {
      workload: WORKLOAD_TITLES[key], nodeKusari: fmt(n.kusari, 1), pageKusari: fmt(b?.kusari, 1), ratio: ratio(n.kusari, b?.kusari),
      nodeTf: fmt(n.tfjs, 1), pageTf: fmt(b?.tfjs, 1), pageVsTf: ratio(b?.kusari, b?.tfjs),
      met: b ? (n.kusari / b.kusari <= 1.3 ? 'yes' : 'no') : 'n/a',
    };
  });
  const columns = [
    { key: 'nodeKusari', title: 'kusari Node' }, { key: 'pageKusari', title: 'kusari page' }, { key: 'ratio', title: 'Node/page' },
    { key: 'nodeTf', title: 'TF.js-wasm Node' }, { key: 'pageTf', title: 'TF.js-wasm page' }, { key: 'pageVsTf', title: 'page kusari/TF.js' },
    { key: 'met', title: 'within 1.3x' },
  ];
  console.log(table(['workload', ...columns.map((c) => c.title)], rows.map((r) => [r.workload, ...columns.map((c) => r[c.key])])));
  report([{ name: 'browser', key: 'workload', columns, rows, raw: { node, page } }]);
}

if (isMain(import.meta)) await main();

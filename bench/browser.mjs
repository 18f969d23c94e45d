// kusari in headless Chromium next to its Node figures: the article MLP's SGD step, the large
// MLP's Adam step and GEMM n=1024 (bench/lib/browser-workloads.mjs), with TF.js-wasm in the
// same page, and the same code run in this Node process in the same run. The page is
// bundled with esbuild and served from build/bench/browser with cross-origin isolation (a
// thread pool needs SharedArrayBuffer); Chromium starts as test/run.mjs starts it. kusari
// runs on one thread on both sides, so the ratio compares runtimes, not thread counts.
// Target: every kusari figure in the page within 1.3x of Node's.
//
//   node bench/browser.mjs [--quick]      (CHROMIUM_PATH, default /usr/bin/chromium)
import { createServer } from 'node:http';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKLOAD_TITLES, runWorkloads } from './lib/browser-workloads.mjs';
import { printMachine, useThreads } from './lib/machine.mjs';
import { args, fmt, isMain, ratio, report, runtimeName, table } from './lib/stats.mjs';

export const description = 'the two MLP steps and GEMM n=1024 in headless Chromium (kusari and TF.js-wasm in one page) against the same code in Node';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'build/bench/browser');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.map': 'application/json' };

async function bundlePage(quick) {
  const esbuild = await import('esbuild');
  mkdirSync(outDir, { recursive: true });
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
  await esbuild.build({
    stdin: { contents: entry, resolveDir: root, sourcefile: 'browser-bench.mjs' },
    bundle: true, format: 'esm', platform: 'browser', mainFields: ['module', 'main'], conditions: ['import'],
    external: ['node:*'], outfile: join(outDir, 'bench.js'), logLevel: 'warning',
  });
  const wasmDir = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) copyFileSync(join(wasmDir, f), join(outDir, f));
  writeFileSync(join(outDir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>kusari bench</title><script type="module" src="bench.js"></script>\n');
}

/** Serves the page cross-origin isolated, opens it in headless Chromium, returns its result line. */
async function runPage() {
  const server = createServer((req, res) => {
    const path = join(outDir, decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html');
    if (!existsSync(path)) { res.writeHead(req.url === '/favicon.ico' ? 204 : 404); res.end(); return; }
    res.writeHead(200, {
      'content-type': MIME[extname(path)] ?? 'application/octet-stream',
      'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp',
    });
    res.end(readFileSync(path));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'kusari-bench-chromium-'));
  const browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = browser.pages()[0] ?? await browser.newPage();
    const done = new Promise((resolve) => {
      page.on('console', (m) => {
        const t = m.text();
        if (t.startsWith('BROWSER_RESULT ')) resolve(JSON.parse(t.slice('BROWSER_RESULT '.length)));
        else console.log(`[chromium] ${t}`);
      });
      page.on('pageerror', (e) => resolve({ error: String(e.stack ?? e) }));
    });
    await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
    let timer;
    const timeout = new Promise((r) => { timer = setTimeout(() => r({ error: 'timed out after 10 minutes' }), 10 * 60 * 1000); });
    try { return await Promise.race([done, timeout]); } finally { clearTimeout(timer); }
  } finally {
    await Promise.race([browser.close(), new Promise((r) => setTimeout(r, 10000))]);
    server.closeAllConnections?.();
    server.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
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
    page = await runPage();
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

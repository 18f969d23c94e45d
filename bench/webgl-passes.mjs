// Where a kusari webgl workload's time goes, pass by pass: the workloads of bench/webgl.mjs
// (bench/lib/webgl-workloads.mjs) in a headless Chromium page, each warmed up and then run
// with the backend's `passTimes` on, which waits for every draw (so the total is the sum of
// the passes plus one read per pass, above the untimed call it also prints). Per kernel,
// defines and output size: the best of the timed calls.
//
//   node bench/webgl-passes.mjs [--only large,gemm256] [--calls 3] [--top 25]
import { join } from 'node:path';
import { printMachine } from './lib/machine.mjs';
import { bundlePage, root, runPage } from './lib/page.mjs';
import { args, isMain, report } from './lib/stats.mjs';

export const description = 'per-pass times of the webgl workloads (kernel, defines, output size) in one headless Chromium page';

const outDir = join(root, 'build/bench/webgl-passes');

function entry(only, calls) {
  return `
    import { backend } from './dist/kusari.js';
    import { syntheticBatch } from './bench/lib/browser-workloads.mjs';
    import { WEBGL_WORKLOADS } from './bench/lib/webgl-workloads.mjs';
    try {
      backend.use('webgl');
      const gl = backend.get('webgl'), batch = syntheticBatch(), results = {};
      for (const [key, w] of Object.entries(WEBGL_WORKLOADS)) {
        if (${JSON.stringify(only)} && !${JSON.stringify(only)}.includes(key)) continue;
        const m = w.make(null, batch);
        const call = () => { m.kusari(); m.kusariSync(); };
        for (let i = 0; i < 2; i++) call();
        const best = new Map();
        let untimed = Infinity;
        for (let c = 0; c < ${calls}; c++) {
          const t0 = performance.now();
          call();
          untimed = Math.min(untimed, performance.now() - t0);
          gl.passTimes = new Map();
          call();
          for (const [k, e] of gl.passTimes) if (!best.has(k) || best.get(k).ms > e.ms) best.set(k, e);
          gl.passTimes = null;
        }
        results[key] = { title: w.title, untimed, passes: [...best].map(([pass, e]) => ({ pass, ...e })).sort((a, b) => b.ms - a.ms) };
      }
      console.log('BROWSER_RESULT ' + JSON.stringify({ results }));
    } catch (e) {
      console.log('BROWSER_RESULT ' + JSON.stringify({ error: String(e.stack ?? e) }));
    }`;
}

export async function main(argv) {
  const opts = args(argv);
  const only = typeof opts.only === 'string' ? opts.only.split(',') : null;
  const calls = Number(opts.calls ?? 3), top = Number(opts.top ?? 25);
  if (typeof Deno !== 'undefined') { report([]); return; }
  await printMachine();
  await bundlePage(entry(only, calls), outDir);
  const page = await runPage(outDir);
  if (page.error) { console.log(`webgl-passes: n/a (${page.error.split('\n').slice(0, 3).join(' ')})`); report([]); return; }
  for (const r of Object.values(page.results)) {
    const total = r.passes.reduce((t, p) => t + p.ms, 0);
    console.log(`\n${r.title.split(',')[0]}: one call ${r.untimed.toFixed(1)} ms untimed, ${total.toFixed(1)} ms as the sum of its ${r.passes.reduce((n, p) => n + p.draws, 0)} timed passes`);
    for (const p of r.passes.slice(0, top)) console.log(`${p.ms.toFixed(2).padStart(9)} ms ${(100 * p.ms / total).toFixed(1).padStart(5)}% ${String(p.draws).padStart(3)} x ${p.pass}`);
  }
  report([]);
}

if (isMain(import.meta)) await main();

// Memory of a training loop that never calls dispose(): a two-layer network (F.matmul,
// F.tanh, F.sum) trained by plain SGD written with ops on NDArrays, as user code would.
// Prints the backend's memory() after 1,000 and 10,000 iterations: wasm linear memory must
// stay flat, and the live-array count must not grow with the iteration count.
//
//   node --expose-gc bench/memory.mjs [--iterations 10000] [--batch 64]
import { F, Variable, backend, ops, random } from '../dist/kusari.js';
import { args, fmt, isMain, report, runtimeName, table } from './lib/stats.mjs';

export const description = 'wasm memory and live arrays of a training loop without dispose(), after 1k and 10k iterations';

export async function main(argv) {
  const opts = args(argv);
  const iterations = Number(opts.iterations ?? 10000);
  const batch = Number(opts.batch ?? 64), nIn = 100, nHidden = 200, nOut = 10;
  backend.use('wasm');
  random.seed(0);
  const W1 = new Variable(random.normal([nIn, nHidden], 0, Math.sqrt(1 / nIn)));
  const b1 = new Variable(random.normal([nHidden], 0, 0.1));
  const W2 = new Variable(random.normal([nHidden, nOut], 0, Math.sqrt(1 / nHidden)));
  const params = [W1, b1, W2];
  const x = random.normal([batch, nIn]);
  const t = random.normal([batch, nOut]);
  const lr = 1e-3;

  const step = () => {
    for (const p of params) p.cleargrad();
    const h = F.tanh(F.add(F.matmul(x, W1), b1));
    const d = F.sub(F.matmul(h, W2), t);
    const loss = F.sum(F.mul(d, d));
    loss.backward();
    for (const p of params) p.array = ops.sub(p.array, ops.mul(p.grad, lr));
    return loss;
  };

  // The live-array count goes down in FinalizationRegistry callbacks, which run as tasks
  // after a collection: collect, then yield to the event loop before reading it.
  const settle = async () => {
    for (let k = 0; k < 3; k++) { globalThis.gc?.(); await new Promise((r) => setTimeout(r, 10)); }
  };
  const rss = () => (typeof Deno !== 'undefined' ? Deno.memoryUsage().rss : process.memoryUsage().rss);
  const snapshot = async (i, ms) => {
    await settle();
    const m = backend.memory();
    return {
      iteration: i, wasmMB: fmt(m.wasmBytes / 2 ** 20, 2), arrays: m.arrays, liveMB: fmt(m.bytes / 2 ** 20, 2),
      rssMB: fmt(rss() / 2 ** 20, 0), msPerStep: fmt(ms, 3),
    };
  };

  console.log(`memory on ${runtimeName()}: MLP ${nIn}-${nHidden}-${nOut}, batch ${batch}, SGD with ops, no dispose()${globalThis.gc ? '' : ' (no gc() exposed: live counts include garbage not yet collected)'}`);
  const rows = [];
  const marks = new Set([1, 100, 1000, iterations]);
  let t0 = performance.now(), last = 0, firstLoss = 0, loss = 0;
  for (let i = 1; i <= iterations; i++) {
    const l = step();
    if (i === 1) firstLoss = l.array.item();
    if (marks.has(i)) {
      const ms = (performance.now() - t0) / (i - last);
      loss = l.array.item();
      rows.push(await snapshot(i, ms));
      t0 = performance.now(); last = i;
    }
  }
  const columns = [
    { key: 'wasmMB', title: 'wasm memory MB' }, { key: 'arrays', title: 'live arrays' },
    { key: 'liveMB', title: 'live array MB' }, { key: 'rssMB', title: 'process RSS MB' },
    { key: 'msPerStep', title: 'ms/step since previous' },
  ];
  console.log(table(['iteration', ...columns.map((c) => c.title)], rows.map((r) => [r.iteration, ...columns.map((c) => r[c.key])])));
  console.log(`loss ${fmt(firstLoss, 3)} -> ${fmt(loss, 3)}`);
  report([{ name: 'memory of a training loop without dispose()', key: 'iteration', columns, rows }]);
}

if (isMain(import.meta)) await main();

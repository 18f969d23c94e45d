// Memory of the 784-1000-1000-10 ReLU MLP trained with Adam, written as a user writes it
// (a Chain of L.Linear in L.Classifier, optimizer.update, no dispose()), in a synchronous loop
// and in an async one that yields to the event loop every iteration (a training loop in an
// async function). Prints backend.memory() (resident arrays and their bytes, wasm linear
// memory) and the JS heap after 100, 1,000 and 10,000 iterations, and says FLAT when the
// resident arrays, their bytes and linear memory stay where they were at the first mark.
// Memory depends on the parameters (1.8M floats, with Adam's two states each), not on the
// batch, so the default run uses batch 10 and 1,000 iterations to stay short; `bench all`
// runs the table's 10,000 (`--iterations 10000`, and `--batch 100` for the step itself).
//
//   node --expose-gc bench/memory.mjs [--iterations 1000] [--batch 10] [--quick] [--only sync,async]
import { L, backend, optimizers, random } from '../dist/kusari.js';
import { LargeMLP } from './mlp.mjs';
import { printMachine } from './lib/machine.mjs';
import { args, fmt, isMain, report, runtimeName, table } from './lib/stats.mjs';

export const description = 'resident arrays, wasm memory and JS heap of the 784-1000-1000-10 Adam step over 100/1k/10k iterations, sync and async loops';


const heapBytes = () => (typeof Deno !== 'undefined' ? Deno.memoryUsage().heapUsed : process.memoryUsage().heapUsed);
const settle = async () => {
  for (let k = 0; k < 3; k++) { globalThis.gc?.(); await new Promise((r) => setTimeout(r, 10)); }
};
const yieldToEventLoop = () => new Promise((r) => setTimeout(r, 0));

/** Trains `iterations` steps; snapshots at the marks. */
async function loop(kind, iterations, batch) {
  random.seed(0);
  const model = new L.Classifier(new LargeMLP());
  const optimizer = new optimizers.Adam();
  optimizer.setup(model);
  const x = random.uniform([batch, 784], 0, 1);
  const t = random.randint(0, 10, [batch]);
  const marks = [10, 100, 1000, 10000, iterations].filter((m, i, a) => m <= iterations && a.indexOf(m) === i && (m >= 100 || iterations < 1000));
  const rows = [];
  let t0 = performance.now(), last = 0;
  for (let i = 1; i <= iterations; i++) {
    optimizer.update(model, x, t);
    if (kind === 'async') await yieldToEventLoop();
    if (marks.includes(i)) {
      const ms = (performance.now() - t0) / (i - last);
      const loss = model.loss.item();
      await settle();
      const m = backend.memory();
      rows.push({ iteration: `${kind} ${i}`, arrays: m.arrays, bytes: m.bytes, wasm: m.wasmBytes ?? 0, heap: heapBytes(), ms, loss });
      t0 = performance.now(); last = i;
    }
  }
  const first = rows[0], end = rows.at(-1);
  const flat = end.arrays <= first.arrays && end.bytes <= first.bytes && end.wasm <= first.wasm;
  return { rows, flat, heapGrowth: end.heap - first.heap };
}

export async function main(argv) {
  const opts = args(argv);
  const iterations = Number(opts.iterations ?? (opts.quick ? 100 : 1000));
  const batch = Number(opts.batch ?? 10);
  const kinds = opts.only ? String(opts.only).split(',') : ['sync', 'async'];
  backend.use('wasm');
  await printMachine();
  console.log(`memory on ${runtimeName()}: MLP 784-1000-1000-10 ReLU, Adam, batch ${batch}, ${iterations.toLocaleString('en-US')} iterations, no dispose()${globalThis.gc ? '' : ' (no gc() exposed: the JS heap includes garbage not yet collected)'}`);
  const mb = (b) => fmt(b / 2 ** 20, 1);
  const rows = [], verdicts = [];
  for (const kind of kinds) {
    const r = await loop(kind, iterations, batch);
    rows.push(...r.rows.map((x) => ({
      iteration: x.iteration, arrays: x.arrays, residentMB: mb(x.bytes), wasmMB: mb(x.wasm), heapMB: mb(x.heap),
      msPerStep: fmt(x.ms, 2), loss: fmt(x.loss, 4),
    })));
    verdicts.push(`${kind}: ${r.flat ? 'FLAT' : 'GROWING'} (resident arrays, bytes and wasm memory from iteration ${r.rows[0].iteration.split(' ')[1]} on; JS heap ${r.heapGrowth >= 0 ? '+' : ''}${mb(r.heapGrowth)} MB)`);
  }
  const columns = [
    { key: 'arrays', title: 'resident arrays' }, { key: 'residentMB', title: 'resident MB' }, { key: 'wasmMB', title: 'wasm memory MB' },
    { key: 'heapMB', title: 'JS heap MB' }, { key: 'msPerStep', title: 'ms/step since previous' }, { key: 'loss', title: 'loss' },
  ];
  console.log(table(['loop, iteration', ...columns.map((c) => c.title)], rows.map((r) => [r.iteration, ...columns.map((c) => r[c.key])])));
  for (const v of verdicts) console.log(v);
  report([
    { name: 'memory of the Adam step without dispose()', key: 'iteration', columns, rows },
    { name: 'memory verdict', key: 'loop', columns: [{ key: 'verdict', title: 'verdict' }], rows: verdicts.map((v) => ({ loop: v.split(':')[0], verdict: v.split(': ')[1].split(' ')[0] })) },
  ]);
}

if (isMain(import.meta)) await main();

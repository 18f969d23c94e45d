// A synchronous training loop run in its own process under a small JavaScript heap:
//   <runtime> --max-old-space-size=128 sync-loop.js <iterations>
// Prints one JSON line: the loss at the start and the end, the heap in use, and the
// backend's resident arrays at the first and last check. Never calls dispose().
import { L, optimizers, backend, fromTyped } from '../../src/index';

const iterations = Number((globalThis as { process?: { argv: string[] } }).process?.argv.at(-1) ?? 200000);
const model = new L.Linear(8, 4);
const optimizer = new optimizers.SGD(0.05);
optimizer.setup(model);
const x = fromTyped(Float32Array.from({ length: 16 * 8 }, (_, i) => Math.sin(i)), [16, 8]);
const t = fromTyped(Float32Array.from({ length: 16 * 4 }, (_, i) => Math.cos(i) * 0.5), [16, 4]);

const heapUsed = () => (globalThis as { process?: { memoryUsage(): { heapUsed: number } } }).process!.memoryUsage().heapUsed;
let first = 0, last = 0, arraysEarly = 0;
for (let i = 0; i < iterations; i++) {
  model.cleargrads();
  const d = model.forward(x).sub(t);
  const loss = d.mul(d).sum();
  loss.backward();
  optimizer.update();
  if (i === 0) first = loss.item();
  if (i === 1000) arraysEarly = backend.memory().arrays;
  if (i === iterations - 1) last = loss.item();
}
console.log(JSON.stringify({ first, last, heapUsed: heapUsed(), arraysEarly, arraysLate: backend.memory().arrays, iterations }));

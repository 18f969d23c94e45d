// The wasm backend on one thread and on two, on random cases (random-cases.ts): forward values,
// every input's gradient and optimizer updates the same to the bit (results never depend on
// the thread count), over shapes whose kernels split across workers in uneven parts.
import { suite } from 'uvu';
import { backend } from '../../src/index';
import { pool } from '../../src/backends/wasm/thread-pool';
import { assert, assertSameBits, backends } from '../util';
import { generator, largeMakers, makers, optimizerCases, run, updates } from './random-cases';

/** Shared memory is allowed here (not in a browser page without cross-origin isolation). */
const sharedMemory = typeof SharedArrayBuffer === 'function'
  && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;

/** `compute` on one thread, then on two with every worker up. */
async function oneAndTwo<T>(compute: () => T): Promise<[T, T]> {
  const before = backend.threads();
  try {
    backend.setThreads(1);
    const one = compute();
    backend.setThreads(2);
    await pool.ready();
    return [one, compute()];
  } finally {
    backend.setThreads(before);
  }
}

// Without shared memory there is one thread only: nothing to compare, no cases.
const s = suite('wasm on one thread and on two, random shapes');
const compare = sharedMemory && backends().includes('wasm');
const sets = compare ? [{ makers, cases: 8, from: 0 }, { makers: largeMakers, cases: 6, from: 100 }] : [];
let splitBefore = 0;
s.before(() => { splitBefore = pool.splitCalls; });

for (const set of sets) for (let m = 0; m < set.makers.length; m++) {
  for (let k = 0; k < set.cases; k++) {
    const seed = 1000 * (set.from + m) + k;
    const c = set.makers[m](generator(seed));
    s(`${c.name} (seed ${seed})`, async () => {
      const [one, two] = await oneAndTwo(() => run('wasm', c.inputs, c.fn, seed + 1));
      assert.equal(two.shape, one.shape);
      assertSameBits(two.y, one.y, `${c.name}: y`);
      one.grads.forEach((g, i) => {
        if (g === null) assert.is(two.grads[i], null);
        else assertSameBits(two.grads[i]!, g, `${c.name}: gradient of input ${i}`);
      });
    });
  }
}

for (const c of compare ? optimizerCases : []) {
  s(`optimizer ${c.name}, large parameters`, async () => {
    const [one, two] = await oneAndTwo(() => updates('wasm', c, 7000, true));
    one.forEach((p, i) => assertSameBits(two[i], p, `${c.name}: parameter ${i}`));
  });
}

if (compare) {
  s('two threads split kernel calls of these cases', () => {
    assert.ok(pool.splitCalls > splitBefore, 'no kernel call was split: the cases compared one thread with itself');
  });
}

s.run();

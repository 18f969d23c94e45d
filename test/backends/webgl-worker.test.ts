// A module worker of the page picks webgl through an OffscreenCanvas ('auto') and trains on
// it: the losses and weights it posts equal plain float64 SGD on the same problem.
import { test } from 'uvu';
import { assert, assertClose } from '../util';

const inPage = typeof (globalThis as { document?: unknown }).document !== 'undefined' && typeof Worker === 'function';

/** Five SGD steps (lr 0.1) of sum((x W^T)^2) in float64, with the bias starting at zero. */
function reference(): { losses: number[]; W: number[] } {
  const W = [0.1, -0.2, 0.3, 0.4, 0.5, -0.6], b = [0, 0];
  const x = [1, 2, 3, -1, 0.5, 2];
  const losses: number[] = [];
  for (let step = 0; step < 5; step++) {
    const y = [0, 1].flatMap((n) => [0, 1].map((o) => b[o] + [0, 1, 2].reduce((s, k) => s + x[n * 3 + k] * W[o * 3 + k], 0)));
    losses.push(y.reduce((s, v) => s + v * v, 0));
    const gW = W.map((_, i) => [0, 1].reduce((s, n) => s + 2 * y[n * 2 + Math.floor(i / 3)] * x[n * 3 + (i % 3)], 0));
    const gb = [0, 1].map((o) => 2 * (y[o] + y[2 + o]));
    for (let i = 0; i < 6; i++) W[i] -= 0.1 * gW[i];
    for (let o = 0; o < 2; o++) b[o] -= 0.1 * gb[o];
  }
  return { losses, W };
}

if (inPage) {
  test('a module worker gets webgl through an OffscreenCanvas and trains on it', async () => {
    const worker = new Worker(new URL('./webgl-worker.child.js', import.meta.url), { type: 'module' });
    const result = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the worker posted nothing within 60 s')), 60000);
      worker.onmessage = (e) => { clearTimeout(timer); resolve(e.data as Record<string, unknown>); };
      worker.onerror = (e) => { clearTimeout(timer); reject(new Error(`worker error: ${e.message}`)); };
    }).finally(() => worker.terminate());
    assert.is(result.error, undefined, String(result.error));
    assert.is(result.typeofDocument, 'undefined');
    assert.ok((result.available as string[]).includes('webgl'), `available in the worker: ${result.available}`);
    assert.is(result.current, 'webgl');
    assert.is(result.device, 'webgl');
    const expected = reference();
    assertClose(Float64Array.from(result.losses as number[]), Float64Array.from(expected.losses), { rtol: 1e-5 });
    assertClose(Float64Array.from(result.W as number[]), Float64Array.from(expected.W), { rtol: 1e-5, atol: 1e-6 });
  });
}

test.run();

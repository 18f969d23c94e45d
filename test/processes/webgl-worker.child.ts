// Run by test/backends/webgl-worker.test.ts as a module worker of the test page: selects the
// backend a worker gets ('auto'), trains a Linear(3, 2) for five SGD steps on it and posts
// what it found. A worker has no document: WebGL2 comes from an OffscreenCanvas.
import { L, backend, fromTyped, optimizers } from '../../src/index';

const scope = globalThis as unknown as { postMessage(m: unknown): void };
try {
  const available = backend.available();
  backend.use('auto');
  const model = new L.Linear(3, 2, { initialW: fromTyped(Float32Array.of(0.1, -0.2, 0.3, 0.4, 0.5, -0.6), [2, 3]) });
  const optimizer = new optimizers.SGD(0.1).setup(model);
  const x = fromTyped(Float32Array.of(1, 2, 3, -1, 0.5, 2), [2, 3]);
  const losses: number[] = [];
  for (let i = 0; i < 5; i++) {
    model.cleargrads();
    const y = model.forward(x);
    const loss = y.mul(y).sum();
    loss.backward();
    optimizer.update();
    losses.push(await loss.array.read().then((a) => a[0]));
  }
  scope.postMessage({
    available, current: backend.current(), device: model.W.array.backend.name,
    typeofDocument: typeof (globalThis as { document?: unknown }).document,
    losses, W: Array.from(model.W.array.dataSync()),
  });
} catch (e) {
  scope.postMessage({ error: String((e as Error)?.stack ?? e) });
}

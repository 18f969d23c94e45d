// The MNIST example's training code (examples/mnist/mnist.ts, which train_mnist.ts drives
// from the command line) on webgl in Chromium, against the same run on wasm. Where webgl is
// unavailable (Node, Deno) the tests have nothing to compare and pass.
import { suite } from 'uvu';
import { HostArray, backend, datasets, random, type BackendName, type Variable } from '../../src/index';
import { mnistTrainer, type MLP } from '../../examples/mnist/mnist';
import { assert } from '../util';

/** n MNIST-shaped examples: noise, plus 0.5 on every tenth pixel from the class's index (learnable at once). */
function syntheticMnist(n: number) {
  const g = new random.Generator(7);
  const x = new Float32Array(n * 784), t = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = g.randint(10);
    t[i] = c;
    for (let j = 0; j < 784; j++) x[i * 784 + j] = 0.5 * g.random() + (j % 10 === c ? 0.5 : 0);
  }
  return new datasets.TupleDataset(new HostArray(x, [n, 784]), new HostArray(t, [n]));
}

/** main/loss at each iteration of the example's article MLP trained on `name` under seed 0. */
function trainLosses(name: BackendName, o: { iterations: number; batchsize: number; optimizer: 'sgd' | 'adam' }) {
  const previous = backend.current();
  backend.use(name);
  try {
    random.seed(0);
    const { trainer, model } = mnistTrainer({
      model: 'article', optimizer: o.optimizer, batchsize: o.batchsize, stop: [o.iterations, 'iteration'], out: '', train: syntheticMnist(200),
    });
    const losses: number[] = [];
    trainer.extend((t) => { losses.push((t.observation['main/loss'] as Variable).item()); }, { name: 'collect' });
    trainer.run();
    return { losses, device: (model.predictor as MLP).l1.W.device };
  } finally {
    backend.use(previous);
  }
}

function assertSameLosses(webgl: number[], wasm: number[], tol: number) {
  assert.is(webgl.length, wasm.length);
  webgl.forEach((l, i) => {
    assert.ok(Math.abs(l - wasm[i]) <= tol, `iteration ${i + 1}: webgl loss ${l} and wasm loss ${wasm[i]} differ by more than ${tol}`);
  });
}

const test = suite('MNIST example on webgl');
const webgl = backend.available().includes('webgl');

test('the example trainer trains on webgl a few iterations as on wasm', () => {
  if (!webgl) return;
  const o = { iterations: 6, batchsize: 20, optimizer: 'adam' as const };
  const gpu = trainLosses('webgl', o), cpu = trainLosses('wasm', o);
  assert.is(gpu.device, 'webgl');
  assert.is(cpu.device, 'wasm');
  assert.ok(gpu.losses.every(Number.isFinite));
  assert.ok(gpu.losses.at(-1)! < gpu.losses[0], `loss ${gpu.losses[0]} -> ${gpu.losses.at(-1)}`);
  assertSameLosses(gpu.losses, cpu.losses, 1e-3);
});

test('the article MLP (SGD, one seed) gives wasm\'s loss within 1e-3 at each of 200 iterations', () => {
  if (!webgl) return;
  const o = { iterations: 200, batchsize: 10, optimizer: 'sgd' as const };
  const gpu = trainLosses('webgl', o), cpu = trainLosses('wasm', o);
  assertSameLosses(gpu.losses, cpu.losses, 1e-3);
  assert.ok(cpu.losses.slice(-10).reduce((a, b) => a + b) < cpu.losses.slice(0, 10).reduce((a, b) => a + b), 'the loss falls');
});

test.run();

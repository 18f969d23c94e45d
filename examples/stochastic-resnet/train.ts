// Trains the stochastic-depth ResNet on MNIST: a different graph every iteration.
//   npm run example -- examples/stochastic-resnet/train.ts --iterations 300 [--backend wasm|webgl|auto]
import { parseArgs } from 'node:util';
import { F, L, backend, datasets, iterators, noBackpropMode, optimizers, random, usingConfig, concatExamples } from 'kusari';
import { useBackendOption } from '../common/backend-option';
import { StochasticResNet } from './model';

const { values: args } = parseArgs({
  options: {
    iterations: { type: 'string', default: '300' },
    batchsize: { type: 'string', default: '64' },
    blocks: { type: 'string', default: '3' },
    channels: { type: 'string', default: '8' },
    test: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '0' },
    backend: { type: 'string', default: 'wasm' },
  },
});

useBackendOption('stochastic-resnet', args.backend!);
random.seed(Number(args.seed));
const [train, test] = datasets.getMnist({ ndim: 3 });
const net = new StochasticResNet(Number(args.blocks), Number(args.channels));
const model = new L.Classifier(net);
const optimizer = new optimizers.Adam();
optimizer.setup(model);
const it = new iterators.SerialIterator(train, Number(args.batchsize));
const iterations = Number(args.iterations);
const start = performance.now();
let graphs = new Set<string>();
for (let i = 1; i <= iterations; i++) {
  const [x, t] = concatExamples(it.next());
  optimizer.update(() => model.forward(x, t));
  graphs.add(net.lastActive.map((a) => (a ? '1' : '0')).join(''));
  if (i % 50 === 0) {
    console.log(`iteration ${i}: loss ${model.loss!.item().toFixed(4)} accuracy ${model.accuracy!.item().toFixed(3)} ` +
      `(${graphs.size} different graphs in the last 50 iterations, ${((performance.now() - start) / i).toFixed(0)} ms/iteration)`);
    graphs = new Set();
  }
}

// Test: every block runs, scaled by its survival probability.
const nTest = Math.min(Number(args.test), test.length);
const testIt = new iterators.SerialIterator(test, 500, { repeat: false, shuffle: false });
let correct = 0, seen = 0;
usingConfig('train', false, () => noBackpropMode(() => {
  for (let batch: unknown[][] | null = testIt.next(); batch && seen < nTest; batch = testIt.isNewEpoch ? null : testIt.next()) {
    const [x, t] = concatExamples(batch);
    correct += F.accuracy(net.forward(x), t).item() * t.shape[0];
    seen += t.shape[0];
    backend.endStep();  // no optimizer ends the steps of a test loop (GPU temporaries are freed by steps)
  }
}));
console.log(`test accuracy ${(correct / seen).toFixed(4)} on ${seen} images (chance is 0.1), ${((performance.now() - start) / 1000).toFixed(1)} s`);

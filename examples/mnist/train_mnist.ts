// Trains a multi-layer perceptron on MNIST with the Trainer, as Chainer's train_mnist.py.
//   npm start                                   the article's 784-100-10 tanh network
//   npm start -- --model large --epoch 20       Chainer's example MLP, 784-1000-1000-10 ReLU
//   npm start -- --resume result/snapshot_iter_600
//   npm start -- --backend webgl                where WebGL2 runs (a page); in Node it says why not
import { parseArgs } from 'node:util';
import { backend, datasets, random, serializers, training } from 'kusari';
import { useBackendOption } from '../common/backend-option';
import { mnistTrainer } from './mnist';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: 'article' },
    epoch: { type: 'string', short: 'e', default: '10' },
    batchsize: { type: 'string', short: 'b', default: '100' },
    unit: { type: 'string', short: 'u' },
    out: { type: 'string', short: 'o', default: 'result' },
    resume: { type: 'string', short: 'r' },
    frequency: { type: 'string', short: 'f', default: '-1' },
    optimizer: { type: 'string', default: 'adam' },
    backend: { type: 'string', default: 'wasm' },
    data: { type: 'string' },
    seed: { type: 'string', default: '0' },
    'no-progress': { type: 'boolean', default: false },
  },
});

useBackendOption('train_mnist', args.backend!);
random.seed(Number(args.seed));
const epochs = Number(args.epoch);
const batchsize = Number(args.batchsize);
console.log(`model: ${args.model} (${args.model === 'large' ? '784-1000-1000-10 ReLU' : '784-100-10 tanh'}), ` +
  `minibatch ${batchsize}, ${epochs} epochs, backend ${backend.current()}`);

const [train, test] = datasets.getMnist(args.data ? { path: args.data } : {});
const { trainer } = mnistTrainer({
  model: args.model === 'large' ? 'large' : 'article', unit: args.unit === undefined ? undefined : Number(args.unit),
  optimizer: args.optimizer === 'sgd' ? 'sgd' : 'adam', batchsize, stop: [epochs, 'epoch'], out: args.out, train, test,
});
const E = training.extensions;
const frequency = Number(args.frequency) === -1 ? epochs : Math.max(1, Number(args.frequency));

trainer.extend(new E.DumpGraph('main/loss'));
trainer.extend(E.snapshot(), { trigger: [frequency, 'epoch'] });
trainer.extend(new E.LogReport());
trainer.extend(new E.PlotReport(['main/loss', 'validation/main/loss'], { xKey: 'epoch', filename: 'loss.svg' }));
trainer.extend(new E.PlotReport(['main/accuracy', 'validation/main/accuracy'], { xKey: 'epoch', filename: 'accuracy.svg' }));
trainer.extend(new E.PrintReport(['epoch', 'main/loss', 'validation/main/loss', 'main/accuracy', 'validation/main/accuracy', 'elapsed_time']));
if (!args['no-progress']) trainer.extend(new E.ProgressBar());

if (args.resume) serializers.loadNpz(args.resume, trainer);
trainer.run();

const last = (trainer.getExtension('LogReport') as InstanceType<typeof E.LogReport>).log.at(-1) as Record<string, number> | undefined;
if (last) {
  console.log(`test accuracy ${last['validation/main/accuracy'].toFixed(4)} after ${last.epoch} epochs, ` +
    `${last.elapsed_time.toFixed(1)} s (log, plots, graph and snapshot in ${args.out}/)`);
}

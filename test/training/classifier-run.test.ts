import { suite } from 'uvu';
import { training, iterators, datasets, optimizers, L, F, Chain, Variable, HostArray, random, serializers, type NDArray } from '../../src/index';
import { assert, gaussianBlobs } from '../util';
import { inScratch } from '../datasets/tmpdir';

const test = suite('training a Classifier');

class MLP extends Chain {
  l1 = new L.Linear(2, 16);
  l2 = new L.Linear(16, 3);
  override forward(x: NDArray | Variable): Variable {
    return this.l2.forward(F.relu(this.l1.forward(x)));
  }
}

/** gaussianBlobs as a dataset of (point, label) pairs. */
function blobs(n: number, seed: number) {
  const { x, t } = gaussianBlobs(n, seed);
  return new datasets.TupleDataset(new HostArray(x, [n, 2]), t);
}

test('L.Classifier registered as main reports main/loss and main/accuracy; the Evaluator validation/main/*', () => inScratch('kusari-classifier-', (out) => {
  random.seed(0);
  const model = new L.Classifier(new MLP());
  const optimizer = new optimizers.Adam({ alpha: 0.01 }).setup(model);
  const trainIter = new iterators.SerialIterator(blobs(150, 1), 15);
  const validIter = new iterators.SerialIterator(blobs(60, 2), 20, { repeat: false, shuffle: false });
  const updater = new training.updaters.StandardUpdater(trainIter, optimizer);
  const trainer = new training.Trainer(updater, [8, 'epoch'], { out });
  trainer.extend(new training.extensions.Evaluator(validIter, model));
  const log = new training.extensions.LogReport({ logName: null });
  trainer.extend(log);
  let printed = '';
  trainer.extend(new training.extensions.PrintReport(['epoch', 'main/loss', 'main/accuracy', 'validation/main/loss', 'validation/main/accuracy'], { out: (t) => { printed += t; } }));
  const dump = new training.extensions.DumpGraph('main/loss');
  trainer.extend(dump);
  trainer.extend(training.extensions.snapshotObject(model, 'model', { writer: () => {} }));
  trainer.run();
  assert.equal(Object.keys(log.log[0]).sort(), ['elapsed_time', 'epoch', 'iteration', 'main/accuracy', 'main/loss', 'validation/main/accuracy', 'validation/main/loss']);
  const last = log.log[log.log.length - 1];
  assert.ok(last['main/loss'] < log.log[0]['main/loss']);
  assert.ok(last['validation/main/accuracy'] > 0.9, JSON.stringify(last));
  assert.is(printed.split('\n')[0].trim().split(/\s+/).length, 5);
  assert.is(printed.trim().split('\n').length, 9);
  // The graph of the first loss: Linear layers, ReLU and the loss, with the batch's shapes.
  // Parameters are named by their attributes, as Chainer's: 'W: (16, 2), float32'.
  for (const label of ['LinearFunction', 'ReLU', 'SoftmaxCrossEntropy', '(15, 2), float32', 'W: (16, 2), float32', 'b: (3), float32', '(15), int32']) {
    assert.ok(dump.dot!.includes(`label="${label}"`), `${label} missing in ${dump.dot}`);
  }
  // The trained model saves and loads with Chainer's keys.
  const keys = [...serializers.readNpz(serializers.saveNpz(model)).keys()].sort();
  assert.equal(keys, ['predictor/l1/W', 'predictor/l1/b', 'predictor/l2/W', 'predictor/l2/b']);
}));

test.run();

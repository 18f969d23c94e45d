// The MNIST example's training setup (its networks are in model.ts), apart from its command
// line (train_mnist.ts), so that a page or a test can train the same way on any backend.
import { L, iterators, optimizers, training, type datasets } from 'kusari';
import { LargeMLP, MLP } from './model';

export { LargeMLP, MLP };

type DatasetLike = datasets.DatasetLike;

export interface MnistTrainingOptions {
  /** 'article' (784-100-10 tanh) or 'large' (784-1000-1000-10 ReLU). */
  model?: 'article' | 'large';
  /** Hidden units (default 100 for article, 1000 for large). */
  unit?: number;
  optimizer?: 'adam' | 'sgd';
  batchsize?: number;
  /** When training stops, as the Trainer's stop trigger. */
  stop: [number, 'epoch' | 'iteration'];
  /** The Trainer's output folder ('' writes nothing of its own). */
  out?: string;
  /** (image, label) pairs: flat 784-float images and int32 labels, as getMnist gives them. */
  train: DatasetLike;
  /** Evaluated after each epoch (validation/main/...) when given. */
  test?: DatasetLike;
}

/**
 * A Trainer for the example's classifier on the current backend: the model, its optimizer
 * (set up), the iterators and, with a test set, the Evaluator. Reports go to the trainer's
 * observation ('main/loss', 'main/accuracy'); the command line adds its files and printing.
 */
export function mnistTrainer(o: MnistTrainingOptions) {
  const predictor = o.model === 'large' ? new LargeMLP(o.unit ?? 1000) : new MLP(o.unit ?? 100);
  const model = new L.Classifier(predictor);
  const optimizer = o.optimizer === 'sgd' ? new optimizers.SGD() : new optimizers.Adam();
  optimizer.setup(model);
  const batchsize = o.batchsize ?? 100;
  const trainIter = new iterators.SerialIterator(o.train, batchsize);
  const updater = new training.updaters.StandardUpdater(trainIter, optimizer);
  const trainer = new training.Trainer(updater, o.stop, { out: o.out ?? 'result' });
  if (o.test) {
    const testIter = new iterators.SerialIterator(o.test, batchsize, { repeat: false, shuffle: false });
    trainer.extend(new training.extensions.Evaluator(testIter, model));
  }
  return { trainer, model, optimizer };
}

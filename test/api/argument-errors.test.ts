// Public entry points check their arguments first: a missing or wrong-typed argument is
// reported by the function that received it, naming the argument, instead of an internal
// error ('loss.backward is not a function', 'Invalid typed array length', 'shape is not
// iterable') or another function's complaint (a Classifier without t blaming linear's x).
import { Chain, ChainList, F, L, Variable, array, datasets, iterators, optimizers, training, zeros } from '../../src/index';
import { assertThrows, describeBackends } from '../util';

class Net extends Chain {
  l = new L.Linear(3, 2);
  override forward(x: Variable) { return this.l.forward(x); }
}

const labels = () => array([0, 1], { dtype: 'int32' });

describeBackends('argument errors name the function and the argument', (test) => {
  test('optimizer.update with a loss function that returns no Variable', () => {
    const opt = new optimizers.SGD().setup(new Net());
    assertThrows(() => opt.update(() => 3 as never), 'SGD.update: the loss function must return a Variable', 'got 3');
    assertThrows(() => opt.update('loss' as never), "SGD.update: lossFn must be a function or a Link, got 'loss'");
  });

  test('a StandardUpdater whose lossFunc returns no Variable', () => {
    const model = new Net();
    const opt = new optimizers.SGD().setup(model);
    const it = new iterators.SerialIterator(new datasets.TupleDataset(zeros([4, 3]), zeros([4, 3])), 2);
    const updater = new training.updaters.StandardUpdater(it, opt, { lossFunc: (() => ({ value: 1 })) as never });
    assertThrows(() => updater.update(), 'SGD.update: the loss function must return a Variable', 'got an object');
  });

  test('a Classifier called without t', () => {
    const c = new L.Classifier(new Net());
    assertThrows(() => c.forward(zeros([2, 3])), 'Classifier: forward needs the predictor\'s inputs and the label t, got 1 argument');
    assertThrows(() => new L.Classifier(new Net(), { lossfun: 'mse' as never }), "Classifier: lossfun must be a function", "got 'mse'");
    class Bad extends Chain { override forward() { return 3 as never; } }
    assertThrows(() => new L.Classifier(new Bad()).forward(zeros([2, 3]), labels()), 'Classifier: the predictor must return a Variable, got 3');
  });

  test('reshape with a number, a negative or a fractional size', () => {
    assertThrows(() => F.reshape(zeros([2, 3]), 6 as never), 'reshape: shape must be a list of non-negative integers (one may be -1), got 6');
    assertThrows(() => F.reshape(zeros([2, 3]), [-2, 3]), 'reshape: shape', 'got [-2, 3]');
    assertThrows(() => F.reshape(zeros([2, 3]), [1.5, 4]), 'reshape: shape', 'got [1.5, 4]');
    assertThrows(() => F.broadcastTo(zeros([1]), 3 as never), 'broadcastTo: shape must be an array');
    assertThrows(() => F.tile(zeros([2]), undefined as never), 'tile: reps must be', 'got undefined');
  });

  test('links with sizes that are not positive integers name themselves', () => {
    assertThrows(() => new L.LSTM(2.5, 3), 'LSTM: inSize must be a positive integer, got 2.5');
    assertThrows(() => new L.GRU(2, 3.5), 'GRU: outSize must be a positive integer, got 3.5');
    assertThrows(() => new L.StatelessGRU(2.5, 3), 'StatelessGRU: inSize must be a positive integer, got 2.5');
    assertThrows(() => new L.BatchNormalization(2.5), 'BatchNormalization: size must be a positive integer', 'got 2.5');
    assertThrows(() => new L.PReLU(2.5), 'PReLU: shape must be a positive integer', 'got 2.5');
    assertThrows(() => new L.Linear('2' as never, 3), "Linear: inSize must be a positive integer, got '2'");
    assertThrows(() => new L.Convolution2D(1, 2, 0), 'Convolution2D: ksize must be a positive integer', 'got 0');
    assertThrows(() => new L.Linear(3, 2).addParam('extra', [2.5]), 'Linear.addParam: shape [2.5] must hold non-negative integers, but shape[0] is 2.5');
  });

  test('sizes too large for an array are refused before allocating', () => {
    assertThrows(() => new L.EmbedID(1e10, 1e10), 'an array can hold');
  });

  test('pooling without a window', () => {
    assertThrows(() => (F.maxPooling2d as unknown as (x: unknown) => unknown)(zeros([1, 1, 4, 4])), 'maxPooling2d: ksize is required');
    assertThrows(() => (F.averagePooling2d as (x: unknown) => unknown)(zeros([1, 1, 4, 4])), 'averagePooling2d: ksize is required');
  });

  test('training pieces with missing or wrong-typed arguments', () => {
    assertThrows(() => new training.extensions.Evaluator(new iterators.SerialIterator([1], 1, { repeat: false }), undefined as never), 'Evaluator: needs a target link', 'got undefined');
    assertThrows(() => new training.extensions.ExponentialShift('lr', 'a' as never), "ExponentialShift: rate must be a non-negative number, got 'a'");
    assertThrows(() => new optimizers.WeightDecay('a' as never), "WeightDecay: rate must be a finite number, got 'a'");
    assertThrows(() => new optimizers.GradientClipping({ threshold: 0 }), 'GradientClipping: threshold must be a positive number', 'got 0');
    assertThrows(() => new optimizers.RMSprop({ epsInsideSqrt: 'yes' } as never), "RMSprop: epsInsideSqrt must be a boolean, got 'yes'");
  });

  test('boolean options refuse truthy stand-ins', () => {
    assertThrows(() => new L.Linear(3, 2, { nobias: 1 } as never), 'Linear: nobias must be a boolean, got 1');
    assertThrows(() => F.sum(zeros([2]), { keepdims: 1 } as never), 'sum: keepdims must be a boolean, got 1');
    assertThrows(() => F.maxPooling2d(zeros([1, 1, 4, 4]), 2, { coverAll: 'no' } as never), "maxPooling2d: coverAll must be a boolean, got 'no'");
  });

  test('a Variable where a width, a count, a window or a choice belongs is named as one, never written out', () => {
    // the messages once wrote such values with JSON.stringify: a Variable's internals, or a
    // "circular structure" TypeError instead of the function's own error
    const x = zeros([2, 3]), v = new Variable(zeros([1, 1, 1]));
    assertThrows(() => F.pad(x, v as never), 'pad: padWidth a Variable must be a number, [before, after] or 2 pairs [before, after]');
    assertThrows(() => F.pad(x, [[1, 1], [1, 'a']] as never), "pad: padWidth [[1, 1], [1, 'a']] must be");
    assertThrows(() => F.pad(x, 1, 'constant', { constantValues: v as never }), 'pad: constantValues a Variable must be');
    assertThrows(() => F.pad(x, 1, 'mean', { statLength: v as never }), 'pad: statLength a Variable must be');
    assertThrows(() => F.repeat(x, v as never), 'repeat: repeats must be a non-negative integer or a list of them, got a Variable');
    assertThrows(() => F.convolution2d(zeros([1, 1, 3, 3]), zeros([1, 1, 2, 2]), null, { stride: v as never }), 'convolution2d: stride must be an integer >= 1 or a pair of them, got a Variable');
    assertThrows(() => F.softmaxCrossEntropy(x, labels(), { reduce: v as never }), "softmaxCrossEntropy: reduce must be 'mean' or 'no', got a Variable");
    assertThrows(() => F.average(x, 0, v as never, 3 as never), 'average:');
  });

  test('links, optimizers, datasets and the trainer name what they were given instead of failing inside', () => {
    const net = new Net(), o = {} as never;
    assertThrows(() => net.addgrads(o), 'Net.addgrads: link must be a Link, got an object {}');
    assertThrows(() => net.l.W.copydata(undefined as never), 'Parameter.copydata: source must be a Variable or an NDArray, got undefined');
    assertThrows(() => net.registerPersistent(o), 'Net.registerPersistent: cannot register the non-existent attribute an object {} as a persistent value');
    assertThrows(() => new Net().addLink(o, 3 as never), 'Net.addLink: an object {} must be a Link');
    assertThrows(() => new ChainList(new L.Linear(2, 2)).at(o), 'ChainList.at: index an object {} is out of range for 1 links');
    assertThrows(() => new optimizers.SGD().setup(net).removeHook(o), 'SGD.removeHook: no hook named an object');
    assertThrows(() => new datasets.TupleDataset(zeros([4, 2])).get(o), 'TupleDataset.get: index must be an integer, got an object {}');
  });
});

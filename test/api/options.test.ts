// Every options object of the public API rejects a key it does not know, naming the entry
// point, the key and the keys it accepts: `new optimizers.Adam({aplha: 0.01})` must not
// train with the default alpha. The tables below are checked against the inventory of
// public names, so a new entry point cannot be left out.
import {
  exportOnnx,
  F, L, Chain, Variable, array, zeros, ones, optimizers, serializers, training, datasets, iterators, computationalGraph, grad, initializers, gradientCheck,
} from '../../src/index';
import { assert, assertThrows, describeBackends } from '../util';
import { ALL_F, F_WITHOUT_OPTIONS, EXTENSION_CLASSES, EXTENSION_FUNCTIONS, LINKS, OPTIMIZERS, OPTIMIZER_HOOKS } from './inventory';

type Options = Record<string, unknown>;

const f32 = (shape: number[], seed = 1) => {
  const n = shape.reduce((a, b) => a * b, 1);
  return array(Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 7.1 + i * 1.3) * 0.9), { shape });
};
const i32 = (values: number[], shape = [values.length]) => array(values, { dtype: 'int32', shape });
const x23 = () => f32([2, 3]);
const img = () => f32([1, 2, 4, 4]);

/** F functions that take an options object: one accepted key and a call passing `o`. */
const F_OPTIONS: Record<string, [string, (o: Options) => unknown]> = {
  leakyRelu: ['slope', (o) => F.leakyRelu(x23(), o)],
  elu: ['alpha', (o) => F.elu(x23(), o)],
  selu: ['scale', (o) => F.selu(x23(), o)],
  clippedRelu: ['z', (o) => F.clippedRelu(x23(), o)],
  softmax: ['axis', (o) => F.softmax(x23(), o)],
  logSoftmax: ['axis', (o) => F.logSoftmax(x23(), o)],
  softplus: ['beta', (o) => F.softplus(x23(), o)],
  maxout: ['axis', (o) => F.maxout(f32([2, 4]), 2, o)],
  sum: ['keepdims', (o) => F.sum(x23(), o)],
  mean: ['weights', (o) => F.mean(x23(), o)],
  max: ['keepdims', (o) => F.max(x23(), o)],
  min: ['keepdims', (o) => F.min(x23(), o)],
  argmax: ['axis', (o) => F.argmax(x23(), o)],
  argmin: ['axis', (o) => F.argmin(x23(), o)],
  logsumexp: ['keepdims', (o) => F.logsumexp(x23(), o)],
  matmul: ['transa', (o) => F.matmul(x23(), f32([3, 2]), o)],
  batchMatmul: ['transb', (o) => F.batchMatmul(f32([2, 2, 3]), f32([2, 3, 2]), o)],
  cumsum: ['axis', (o) => F.cumsum(x23(), o)],
  prod: ['keepdims', (o) => F.prod(x23(), o)],
  transpose: ['axes', (o) => F.transpose(x23(), o)],
  concat: ['axis', (o) => F.concat([x23(), x23()], o)],
  splitAxis: ['forceTuple', (o) => F.splitAxis(f32([2, 4]), 2, { axis: 1, ...o })],
  stack: ['axis', (o) => F.stack([x23(), x23()], o)],
  expandDims: ['axis', (o) => F.expandDims(x23(), { axis: 0, ...o })],
  squeeze: ['axis', (o) => F.squeeze(f32([1, 3]), o)],
  pad: ['constantValues', (o) => F.pad(x23(), 1, o)],
  repeat: ['axis', (o) => F.repeat(x23(), 2, o)],
  swapaxes: ['axis2', (o) => F.swapaxes(x23(), { axis1: 0, axis2: 1, ...o })],
  rollaxis: ['start', (o) => F.rollaxis(x23(), { axis: 1, ...o })],
  flip: ['axis', (o) => F.flip(x23(), { axis: 0, ...o })],
  separate: ['axis', (o) => F.separate(x23(), o)],
  linear: ['nBatchAxes', (o) => F.linear(x23(), f32([4, 3]), null, o)],
  convolution2d: ['stride', (o) => F.convolution2d(img(), f32([3, 2, 3, 3]), null, o)],
  deconvolution2d: ['outsize', (o) => F.deconvolution2d(img(), f32([2, 3, 2, 2]), null, o)],
  depthwiseConvolution2d: ['pad', (o) => F.depthwiseConvolution2d(img(), f32([2, 2, 3, 3]), null, o)],
  embedId: ['ignoreLabel', (o) => F.embedId(i32([0, 1]), f32([3, 4]), o)],
  maxPooling2d: ['coverAll', (o) => F.maxPooling2d(img(), { ksize: 2, ...o })],
  averagePooling2d: ['stride', (o) => F.averagePooling2d(img(), { ksize: 2, ...o })],
  unpooling2d: ['outsize', (o) => F.unpooling2d(img(), { ksize: 2, ...o })],
  batchNormalization: ['decay', (o) => F.batchNormalization(f32([4, 3]), ones([3]), zeros([3]), o)],
  fixedBatchNormalization: ['eps', (o) => F.fixedBatchNormalization(f32([4, 3]), ones([3]), zeros([3]), zeros([3]), ones([3]), o)],
  layerNormalization: ['eps', (o) => F.layerNormalization(f32([4, 3]), ones([3]), zeros([3]), o)],
  groupNormalization: ['eps', (o) => F.groupNormalization(f32([2, 4, 3]), 2, ones([4]), zeros([4]), o)],
  localResponseNormalization: ['alpha', (o) => F.localResponseNormalization(f32([1, 6, 2, 2]), o)],
  normalize: ['eps', (o) => F.normalize(x23(), o)],
  softmaxCrossEntropy: ['ignoreLabel', (o) => F.softmaxCrossEntropy(x23(), i32([0, 2]), o)],
  sigmoidCrossEntropy: ['normalize', (o) => F.sigmoidCrossEntropy(x23(), i32([0, 1, 1, 0, 1, 1], [2, 3]), o)],
  huberLoss: ['reduce', (o) => F.huberLoss(x23(), f32([2, 3], 2), 1, o)],
  hinge: ['norm', (o) => F.hinge(x23(), i32([0, 2]), o)],
  gaussianKlDivergence: ['reduce', (o) => F.gaussianKlDivergence(x23(), f32([2, 3], 2), o)],
  contrastive: ['margin', (o) => F.contrastive(x23(), f32([2, 3], 2), i32([1, 0]), o)],
  triplet: ['margin', (o) => F.triplet(x23(), f32([2, 3], 2), f32([2, 3], 3), o)],
  accuracy: ['ignoreLabel', (o) => F.accuracy(x23(), i32([0, 2]), o)],
  dropout: ['ratio', (o) => F.dropout(x23(), o)],
};

class Tiny extends Chain {
  l = new L.Linear(3, 2);
  override forward(x: Variable) { return this.l.forward(x); }
}

/** A trainer on a tiny model, for the training entry points. */
function trainerParts() {
  const model = new L.Classifier(new Tiny());
  const opt = new optimizers.SGD().setup(model);
  const data = new datasets.TupleDataset(f32([4, 3]), i32([0, 1, 1, 0]));
  const it = new iterators.SerialIterator(data, 2);
  const updater = new training.updaters.StandardUpdater(it, opt);
  return { model, opt, data, it, updater, trainer: new training.Trainer(updater, [1, 'iteration']) };
}

const L_OPTIONS: Record<string, [string, (o: Options) => unknown]> = {
  Linear: ['nobias', (o) => new L.Linear(3, 2, o)],
  Convolution2D: ['stride', (o) => new L.Convolution2D(2, 3, 3, o)],
  Deconvolution2D: ['outsize', (o) => new L.Deconvolution2D(2, 3, 3, o)],
  DepthwiseConvolution2D: ['pad', (o) => new L.DepthwiseConvolution2D(2, 1, 3, o)],
  EmbedID: ['ignoreLabel', (o) => new L.EmbedID(3, 2, o)],
  LSTM: ['forgetBiasInit', (o) => new L.LSTM(3, 2, o)],
  StatelessLSTM: ['lateralInit', (o) => new L.StatelessLSTM(3, 2, o)],
  GRU: ['innerInit', (o) => new L.GRU(3, 2, o)],
  StatefulGRU: ['biasInit', (o) => new L.StatefulGRU(3, 2, o)],
  StatelessGRU: ['init', (o) => new L.StatelessGRU(3, 2, o)],
  BatchNormalization: ['decay', (o) => new L.BatchNormalization(3, o)],
  LayerNormalization: ['eps', (o) => new L.LayerNormalization(3, o)],
  PReLU: ['init', (o) => new L.PReLU([3], o)],
  Classifier: ['lossfun', (o) => new L.Classifier(new Tiny(), o)],
};

const OPTIMIZER_OPTIONS: Record<string, [string, (o: Options) => unknown]> = Object.fromEntries(OPTIMIZERS.map((n) => {
  const cls = (optimizers as unknown as Record<string, new (o: Options) => unknown>)[n];
  const key = { SGD: 'lr', MomentumSGD: 'momentum', NesterovAG: 'momentum', AdaGrad: 'eps', AdaDelta: 'rho', RMSprop: 'epsInsideSqrt', RMSpropGraves: 'momentum', SMORMS3: 'eps', CorrectedMomentumSGD: 'momentum', MSVAG: 'beta' }[n] ?? 'beta1';
  return [n, [key, (o: Options) => new cls(o)]];
}));

const EXTENSION_OPTIONS: Record<string, [string, (o: Options) => unknown]> = {
  Evaluator: ['evalFunc', (o) => new training.extensions.Evaluator(new iterators.SerialIterator([1], 1, { repeat: false }), new Tiny(), o)],
  LogReport: ['trigger', (o) => new training.extensions.LogReport(o)],
  PrintReport: ['logReport', (o) => new training.extensions.PrintReport(['epoch'], o)],
  ProgressBar: ['barLength', (o) => new training.extensions.ProgressBar(o)],
  PlotReport: ['xKey', (o) => new training.extensions.PlotReport(['main/loss'], o)],
  DumpGraph: ['filename', (o) => new training.extensions.DumpGraph('main/loss', o)],
  ExponentialShift: ['init', (o) => new training.extensions.ExponentialShift('lr', 0.5, o)],
  LinearShift: ['optimizer', (o) => new training.extensions.LinearShift('lr', [1, 0], [0, 10], o)],
  FailOnNonNumber: ['checkGrad', (o) => new training.extensions.FailOnNonNumber(o)],
  snapshot: ['filename', (o) => training.extensions.snapshot(o)],
  snapshotObject: ['nRetains', (o) => training.extensions.snapshotObject(new Tiny(), 'model', o)],
  observeLr: ['observationKey', (o) => training.extensions.observeLr(o)],
};

const OTHER_OPTIONS: Record<string, [string, (o: Options) => unknown]> = {
  Trainer: ['out', (o) => new training.Trainer(trainerParts().updater, [1, 'iteration'], o)],
  'Trainer.extend': ['trigger', (o) => trainerParts().trainer.extend(new training.extensions.LogReport(), o)],
  'Trainer.run': ['showLoopExceptionMsg', (o) => trainerParts().trainer.run(o)],
  StandardUpdater: ['lossFunc', (o) => { const p = trainerParts(); return new training.updaters.StandardUpdater(p.it, p.opt, o); }],
  EarlyStoppingTrigger: ['patience', (o) => new training.triggers.EarlyStoppingTrigger(o)],
  SerialIterator: ['shuffle', (o) => new iterators.SerialIterator([1, 2], 1, o)],
  saveNpz: ['compression', (o) => serializers.saveNpz(null, new Tiny(), o)],
  exportOnnx: ['dynamicBatch', (o) => exportOnnx(new L.Linear(3, 2), [x23()], o)],
  loadNpz: ['strict', (o) => serializers.loadNpz(serializers.saveNpz(new Tiny()), new Tiny(), o)],
  concatExamples: ['padding', (o) => datasets.concatExamples([[1, 2]], o)],
  getMnist: ['withLabel', (o) => datasets.getMnist(o)],
  getPtbWords: ['text', (o) => datasets.getPtbWords(o)],
  Variable: ['requiresGrad', (o) => new Variable(x23(), o)],
  'Variable.backward': ['retainGrad', (o) => F.sum(new Variable(x23())).backward(o)],
  grad: ['enableDoubleBackprop', (o) => { const v = new Variable(x23()); return grad([F.sum(v)], [v], o); }],
  'computationalGraph.build': ['rankdir', (o) => computationalGraph.build(F.sum(new Variable(x23())), o)],
  addParam: ['initializer', (o) => new Tiny().addParam('extra', [2], o)],
  makeExtension: ['trigger', (o) => training.makeExtension(o, () => undefined)],
  'gradientCheck.checkBackward': ['atol', (o) => gradientCheck.checkBackward((v) => F.sum(v as Variable), [x23()], null, o)],
  'Linear.forward': ['nBatchAxes', (o) => new L.Linear(3, 2).forward(x23(), o)],
  'BatchNormalization.forward': ['finetune', (o) => new L.BatchNormalization(3).forward(f32([4, 3]), o)],
  Normal: ['dtype', (o) => new initializers.Normal(0.1, o)],
  LeCunNormal: ['fanOption', (o) => new initializers.LeCunNormal(1, o)],
  HeUniform: ['fanOption', (o) => new initializers.HeUniform(1, o)],
  Orthogonal: ['mode', (o) => new initializers.Orthogonal(1, o)],
  Constant: ['generator', (o) => new initializers.Constant(2, o)],
  'Normal.generate': ['backend', (o) => new initializers.Normal().generate([2], o)],
};

const ALL_TABLES = { ...F_OPTIONS, ...L_OPTIONS, ...OPTIMIZER_OPTIONS, ...EXTENSION_OPTIONS, ...OTHER_OPTIONS };

describeBackends('options objects reject unknown keys', (test) => {
  test('the tables cover every public F function, link, optimizer and extension', () => {
    const fCovered = [...Object.keys(F_OPTIONS), ...F_WITHOUT_OPTIONS].sort();
    assert.equal(fCovered, [...ALL_F].sort());
    assert.equal(Object.keys(L_OPTIONS).sort(), [...LINKS].sort());
    assert.equal(Object.keys(OPTIMIZER_OPTIONS).sort(), [...OPTIMIZERS].sort());
    assert.equal(Object.keys(EXTENSION_OPTIONS).sort(), [...EXTENSION_CLASSES, ...EXTENSION_FUNCTIONS].sort());
  });

  for (const [name, [accepted, call]] of Object.entries(ALL_TABLES)) {
    test(`${name}: a misspelt key throws, naming the key and the accepted ones`, () => {
      let err: unknown = null;
      try { call({ bogusKey: 1 }); } catch (e) { err = e; }
      assert.instance(err, TypeError, `${name} accepted an unknown key`);
      const msg = (err as Error).message;
      assert.ok(msg.includes("unknown option 'bogusKey'"), msg);
      assert.ok(/\(accepted: [^)]*\)/.test(msg) && msg.match(/\(accepted: ([^)]*)\)/)![1].split(', ').includes(accepted), `${name}: '${accepted}' is not among the accepted keys in "${msg}"`);
    });
  }

  test('the message names the entry point', () => {
    assertThrows(() => new optimizers.Adam({ aplha: 0.01 } as never), "Adam: unknown option 'aplha' (accepted: alpha, beta1, beta2, eps, eta, weightDecayRate, amsgrad, adabound, finalLr, gamma)");
    assertThrows(() => F.dropout(x23(), { ratoi: 0.9 } as never), "dropout: unknown option 'ratoi' (accepted: ratio, mask, returnMask, rng)");
    assertThrows(() => new training.extensions.LogReport({ triger: [1, 'epoch'] } as never), "LogReport: unknown option 'triger'");
  });

  test('a known key still takes effect', () => {
    assert.is(new optimizers.Adam({ alpha: 0.01 }).alpha, 0.01);
    assert.is(new optimizers.AMSGrad({ alpha: 0.02 }).amsgrad, true);
    assert.is(new L.Linear(3, 2, { nobias: true }).b, null);
  });

  test('a value where only an options object belongs throws', () => {
    assertThrows(() => training.extensions.snapshot(5 as never), 'Snapshot: options must be an object', 'got 5');
    assertThrows(() => new Variable(x23(), 'x' as never), "Variable: options must be an object", "got 'x'");
    assertThrows(() => trainerParts().trainer.extend(new training.extensions.LogReport(), [1, 'epoch'] as never), 'Trainer.extend: options must be an object');
    assertThrows(() => new iterators.SerialIterator([1, 2], 1, true, false, null, 5 as never), 'SerialIterator: unexpected argument 5');
    assertThrows(() => serializers.saveNpz(null, new Tiny(), 'zip' as never), "saveNpz: compression must be a boolean, got 'zip'");
    assertThrows(() => F.batchNormalization(f32([4, 3]), ones([3]), zeros([3]), 1e-3 as never), 'batchNormalization: options must be an object', 'got 0.001');
  });

  test("optimizer hooks take numbers, or Chainer's keywords in an options object, and refuse unknown keys", () => {
    const keyword: Record<string, string> = { WeightDecay: 'rate', Lasso: 'rate', GradientClipping: 'threshold', GradientLARS: 'threshold', GradientNoise: 'eta' };
    for (const n of OPTIMIZER_HOOKS) {
      const cls = (optimizers as unknown as Record<string, new (v: unknown) => unknown>)[n];
      assertThrows(() => new cls({ rat: 0.1 }), `${n}: `, "unknown option 'rat'");
      assert.ok(new cls(0.1));
      assert.ok(new cls({ [keyword[n]]: 0.1 }));
    }
  });
});

// The public contract: every name the API document promises exists at the package root
// with the right kind, and every F function, called on a small valid input, returns
// Variables. The lists are written out here on purpose (nothing is parsed at run time),
// so a rename or a missing export fails loudly.
import * as kusari from '../../src/index';
import {
  F, L, Variable, NDArray, Link, Chain, ChainList, Sequential, Parameter, FunctionNode,
  array, zeros, ones, optimizers, serializers, training, datasets, iterators, computationalGraph,
} from '../../src/index';
import { assert, describeBackends } from '../util';
import { ALL_F, EXTENSION_CLASSES, EXTENSION_FUNCTIONS, LINKS, OPTIMIZERS, OPTIMIZER_HOOKS, words } from './inventory';

/**
 * Promised names that are not implemented yet. Each entry says what is missing; the test
 * below fails when an entry here starts to exist, so the list shrinks as work lands.
 */
const NOT_YET: Record<string, string> = {};

const ROOT_VALUES = words('Variable Chain ChainList Sequential Link Parameter F L optimizers serializers training datasets initializers ' +
  'array zeros ones full arange NDArray grad config usingConfig noBackpropMode backend random FunctionNode iterators concatExamples computationalGraph');
const VARIABLE_PROPERTIES = words('array data grad creator name shape ndim size dtype T');
const VARIABLE_METHODS = words('backward cleargrad unchainBackward unchain reshape transpose item toString add sub mul div pow neg matmul rsub rdiv rpow toDevice');
const NDARRAY_PROPERTIES = words('shape dtype');
const NDARRAY_METHODS = words('toArray toTypedArray read toDevice');
const LINK_METHODS = words('params namedparams links children cleargrads zerograds addParam addPersistent copyparams toDevice serialize');

const isClass = (v: unknown): boolean => typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v));
const extendsFrom = (cls: unknown, base: abstract new (...a: never[]) => unknown) =>
  typeof cls === 'function' && (cls === base || cls.prototype instanceof base);

const f32 = (shape: number[], seed = 1) => {
  const n = shape.reduce((a, b) => a * b, 1);
  return array(Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 7.1 + i * 1.3) * 0.9), { shape });
};
const i32 = (values: number[], shape = [values.length]) => array(values, { dtype: 'int32', shape });

/** One small valid call per F function. */
const CALLS: Record<string, () => unknown> = {
  relu: () => F.relu(f32([2, 3])),
  leakyRelu: () => F.leakyRelu(f32([2, 3])),
  elu: () => F.elu(f32([2, 3])),
  selu: () => F.selu(f32([2, 3])),
  clippedRelu: () => F.clippedRelu(f32([2, 3])),
  hardSigmoid: () => F.hardSigmoid(f32([2, 3])),
  sigmoid: () => F.sigmoid(f32([2, 3])),
  tanh: () => F.tanh(f32([2, 3])),
  softmax: () => F.softmax(f32([2, 3])),
  logSoftmax: () => F.logSoftmax(f32([2, 3])),
  softplus: () => F.softplus(f32([2, 3])),
  swish: () => F.swish(f32([2, 3]), f32([3], 2)),
  prelu: () => F.prelu(f32([2, 3]), f32([3], 2)),
  gelu: () => F.gelu(f32([2, 3])),
  maxout: () => F.maxout(f32([2, 4]), 2),
  exp: () => F.exp(f32([2, 3])),
  expm1: () => F.expm1(f32([2, 3])),
  log: () => F.log(F.exp(f32([2, 3]))),
  log1p: () => F.log1p(f32([2, 3])),
  log2: () => F.log2(F.exp(f32([2, 3]))),
  log10: () => F.log10(F.exp(f32([2, 3]))),
  sqrt: () => F.sqrt(F.exp(f32([2, 3]))),
  rsqrt: () => F.rsqrt(F.exp(f32([2, 3]))),
  square: () => F.square(f32([2, 3])),
  absolute: () => F.absolute(f32([2, 3])),
  sin: () => F.sin(f32([2, 3])),
  cos: () => F.cos(f32([2, 3])),
  tan: () => F.tan(f32([2, 3])),
  arcsin: () => F.arcsin(f32([2, 3])),
  arctan: () => F.arctan(f32([2, 3])),
  arctan2: () => F.arctan2(f32([2, 3]), f32([2, 3], 2)),
  sinh: () => F.sinh(f32([2, 3])),
  cosh: () => F.cosh(f32([2, 3])),
  erf: () => F.erf(f32([2, 3])),
  floor: () => F.floor(f32([2, 3])),
  fmod: () => F.fmod(f32([2, 3]), F.exp(f32([2, 3], 2))),
  sum: () => F.sum(f32([2, 3])),
  mean: () => F.mean(f32([2, 3])),
  max: () => F.max(f32([2, 3])),
  min: () => F.min(f32([2, 3])),
  argmax: () => F.argmax(f32([2, 3]), 1),
  argmin: () => F.argmin(f32([2, 3]), 1),
  logsumexp: () => F.logsumexp(f32([2, 3])),
  matmul: () => F.matmul(f32([2, 3]), f32([3, 4], 2)),
  batchMatmul: () => F.batchMatmul(f32([2, 2, 3]), f32([2, 3, 4], 2)),
  linearInterpolate: () => F.linearInterpolate(F.sigmoid(f32([2, 3])), f32([2, 3], 2), f32([2, 3], 3)),
  clip: () => F.clip(f32([2, 3]), -0.5, 0.5),
  maximum: () => F.maximum(f32([2, 3]), f32([2, 3], 2)),
  minimum: () => F.minimum(f32([2, 3]), f32([2, 3], 2)),
  squaredDifference: () => F.squaredDifference(f32([2, 3]), f32([2, 3], 2)),
  cumsum: () => F.cumsum(f32([2, 3]), 1),
  prod: () => F.prod(f32([2, 3])),
  sign: () => F.sign(f32([2, 3])),
  reshape: () => F.reshape(f32([2, 3]), [3, 2]),
  transpose: () => F.transpose(f32([2, 3])),
  broadcastTo: () => F.broadcastTo(f32([1, 3]), [2, 3]),
  concat: () => F.concat([f32([2, 3]), f32([2, 1], 2)]),
  splitAxis: () => F.splitAxis(f32([2, 4]), 2, 1),
  stack: () => F.stack([f32([2, 3]), f32([2, 3], 2)]),
  expandDims: () => F.expandDims(f32([2, 3]), 0),
  squeeze: () => F.squeeze(f32([1, 3])),
  getItem: () => F.getItem(f32([2, 3]), [1]),
  selectItem: () => F.selectItem(f32([2, 3]), i32([0, 2])),
  where: () => F.where(i32([1, 0, 1], [1, 3]), f32([2, 3]), f32([2, 3], 2)),
  pad: () => F.pad(f32([2, 3]), 1),
  flatten: () => F.flatten(f32([2, 3])),
  repeat: () => F.repeat(f32([2, 3]), 2, 0),
  tile: () => F.tile(f32([2, 3]), 2),
  swapaxes: () => F.swapaxes(f32([2, 3]), 0, 1),
  moveaxis: () => F.moveaxis(f32([2, 3, 4]), 0, 2),
  rollaxis: () => F.rollaxis(f32([2, 3, 4]), 2),
  flip: () => F.flip(f32([2, 3]), 1),
  cast: () => F.cast(f32([2, 3]), 'int32'),
  separate: () => F.separate(f32([2, 3])),
  hstack: () => F.hstack([f32([2, 3]), f32([2, 3], 2)]),
  vstack: () => F.vstack([f32([2, 3]), f32([2, 3], 2)]),
  dstack: () => F.dstack([f32([2, 3]), f32([2, 3], 2)]),
  linear: () => F.linear(f32([2, 3]), f32([4, 3], 2), f32([4], 3)),
  convolution2d: () => F.convolution2d(f32([1, 2, 4, 4]), f32([3, 2, 3, 3], 2), f32([3], 3), { pad: 1 }),
  deconvolution2d: () => F.deconvolution2d(f32([1, 2, 3, 3]), f32([2, 3, 2, 2], 2), null, { stride: 2 }),
  depthwiseConvolution2d: () => F.depthwiseConvolution2d(f32([1, 2, 4, 4]), f32([2, 2, 3, 3], 2)),
  embedId: () => F.embedId(i32([0, 2, 1]), f32([3, 4])),
  maxPooling2d: () => F.maxPooling2d(f32([1, 2, 5, 5]), 2),
  averagePooling2d: () => F.averagePooling2d(f32([1, 2, 4, 4]), 2),
  unpooling2d: () => F.unpooling2d(f32([1, 2, 2, 3]), 2),
  batchNormalization: () => F.batchNormalization(f32([4, 3]), ones([3]), zeros([3])),
  fixedBatchNormalization: () => F.fixedBatchNormalization(f32([4, 3]), ones([3]), zeros([3]), zeros([3]), ones([3])),
  layerNormalization: () => F.layerNormalization(f32([4, 3]), ones([3]), zeros([3])),
  groupNormalization: () => F.groupNormalization(f32([2, 4, 3]), 2, ones([4]), zeros([4])),
  localResponseNormalization: () => F.localResponseNormalization(f32([1, 6, 2, 2])),
  normalize: () => F.normalize(f32([2, 3])),
  softmaxCrossEntropy: () => F.softmaxCrossEntropy(f32([2, 3]), i32([0, 2])),
  sigmoidCrossEntropy: () => F.sigmoidCrossEntropy(f32([2, 3]), i32([0, 1, 1, 0, -1, 1], [2, 3])),
  meanSquaredError: () => F.meanSquaredError(f32([2, 3]), f32([2, 3], 2)),
  meanAbsoluteError: () => F.meanAbsoluteError(f32([2, 3]), f32([2, 3], 2)),
  huberLoss: () => F.huberLoss(f32([2, 3]), f32([2, 3], 2), 1),
  hinge: () => F.hinge(f32([2, 3]), i32([0, 2])),
  gaussianKlDivergence: () => F.gaussianKlDivergence(f32([2, 3]), f32([2, 3], 2)),
  contrastive: () => F.contrastive(f32([2, 3]), f32([2, 3], 2), i32([1, 0])),
  triplet: () => F.triplet(f32([2, 3]), f32([2, 3], 2), f32([2, 3], 3)),
  accuracy: () => F.accuracy(f32([2, 3]), i32([0, 2])),
  dropout: () => F.dropout(f32([2, 3])),
  lstm: () => F.lstm(f32([2, 3]), f32([2, 12], 2)),
  nStepLstm: () => {
    const [B, I, U] = [2, 3, 4];
    const ws = [Array.from({ length: 8 }, (_, k) => f32([U, k < 4 ? I : U], k + 1))];
    const bs = [Array.from({ length: 8 }, (_, k) => f32([U], k + 9))];
    return F.nStepLstm(1, 0, zeros([1, B, U]), zeros([1, B, U]), ws, bs, [f32([B, I]), f32([1, I], 2)]);
  },
};

/** Every Variable inside a result (a Variable, or arrays of them). */
function variablesOf(result: unknown): Variable[] | null {
  if (result instanceof Variable) return [result];
  if (!Array.isArray(result) || result.length === 0) return null;
  const parts = result.map(variablesOf);
  return parts.every((p) => p !== null) ? parts.flat() as Variable[] : null;
}

describeBackends('public API contract', (test) => {
  test('root exports', () => {
    const missing = ROOT_VALUES.filter((n) => (kusari as Record<string, unknown>)[n] === undefined);
    assert.equal(missing, [], `missing at the package root: ${missing.join(', ')}`);
    for (const n of words('Variable Chain ChainList Sequential Link Parameter NDArray FunctionNode')) {
      assert.ok(isClass((kusari as Record<string, unknown>)[n]), `${n} is a class`);
    }
    for (const n of words('array zeros ones full arange grad usingConfig noBackpropMode concatExamples')) {
      assert.type((kusari as Record<string, unknown>)[n], 'function', `${n} is a function`);
    }
    assert.ok(extendsFrom(Chain, Link) && extendsFrom(ChainList, Link) && extendsFrom(Sequential, Link), 'Chain, ChainList, Sequential are Links');
    assert.ok(extendsFrom(Parameter, Variable), 'Parameter is a Variable');
    for (const n of words('use current memory threads setThreads')) assert.type((kusari.backend as Record<string, unknown>)[n], 'function', `backend.${n}`);
    for (const n of words('seed normal uniform')) assert.type((kusari.random as Record<string, unknown>)[n], 'function', `random.${n}`);
    assert.type(kusari.config.train, 'boolean');
    assert.type(kusari.config.enableBackprop, 'boolean');
  });

  test('F: every promised function exists', () => {
    const missing = ALL_F.filter((n) => typeof (F as Record<string, unknown>)[n] !== 'function');
    assert.equal(missing, [], `missing in F: ${missing.join(', ')}`);
    // The call table below covers exactly the promised names.
    assert.equal(Object.keys(CALLS).sort(), [...ALL_F].sort());
  });

  for (const name of ALL_F) {
    test(`F.${name} on a small valid input returns Variables`, () => {
      const vs = variablesOf(CALLS[name]());
      assert.ok(vs !== null, `F.${name} returned something other than Variables`);
      for (const v of vs!) assert.instance(v.array, NDArray);
    });
  }

  test('L: links are Link classes', () => {
    for (const n of LINKS) {
      const cls = (L as Record<string, unknown>)[n];
      assert.ok(isClass(cls), `L.${n} is a class`);
      assert.ok(extendsFrom(cls, Link), `L.${n} extends Link`);
    }
    // Linear(null, out) defers its input size to the first call, as in Chainer.
    const l = new L.Linear(null, 3);
    assert.equal([...l.forward(f32([2, 5])).shape], [2, 3]);
  });

  test('optimizers and hooks', () => {
    for (const n of OPTIMIZERS) {
      const cls = (optimizers as Record<string, unknown>)[n];
      assert.ok(isClass(cls) && extendsFrom(cls, optimizers.Optimizer), `optimizers.${n} is an Optimizer class`);
      const o = new (cls as new () => optimizers.Optimizer)();
      for (const m of words('setup update addHook')) assert.type((o as unknown as Record<string, unknown>)[m], 'function', `${n}.${m}`);
    }
    for (const n of OPTIMIZER_HOOKS) assert.ok(isClass((optimizers as Record<string, unknown>)[n]), `optimizers.${n} is a class`);
  });

  test('serializers', () => {
    assert.type(serializers.saveNpz, 'function');
    assert.type(serializers.loadNpz, 'function');
  });

  test('training, iterators, datasets', () => {
    assert.ok(isClass(training.Trainer), 'training.Trainer');
    assert.ok(isClass(training.updaters.StandardUpdater), 'training.updaters.StandardUpdater');
    assert.ok(isClass(iterators.SerialIterator), 'iterators.SerialIterator');
    assert.ok(isClass(datasets.TupleDataset), 'datasets.TupleDataset');
    for (const n of words('splitDatasetRandom getMnist getPtbWords concatExamples')) {
      assert.type((datasets as Record<string, unknown>)[n], 'function', `datasets.${n}`);
    }
    for (const n of EXTENSION_CLASSES) assert.ok(isClass((training.extensions as Record<string, unknown>)[n]), `training.extensions.${n} is a class`);
    for (const n of EXTENSION_FUNCTIONS) {
      const f = (training.extensions as Record<string, unknown>)[n];
      assert.ok(typeof f === 'function' && !isClass(f), `training.extensions.${n} is a function`);
    }
    assert.type(training.report, 'function');
    assert.ok(isClass(training.Reporter), 'training.Reporter');
    assert.type(computationalGraph.build, 'function');
  });

  test('Variable, NDArray and Link members', () => {
    const x = new Variable(array([[1, 2], [3, 4]]));
    const y = x.mul(2).sum();
    for (const n of VARIABLE_PROPERTIES) assert.ok(n in y, `Variable.${n}`);
    for (const n of VARIABLE_METHODS) assert.type((x as unknown as Record<string, unknown>)[n], 'function', `Variable.${n}()`);
    const a = x.array;
    for (const n of NDARRAY_PROPERTIES) assert.ok(n in a, `NDArray.${n}`);
    for (const n of NDARRAY_METHODS) assert.type((a as unknown as Record<string, unknown>)[n], 'function', `NDArray.${n}()`);
    const link = new L.Linear(2, 3);
    for (const n of LINK_METHODS) assert.type((link as unknown as Record<string, unknown>)[n], 'function', `Link.${n}()`);
    for (const n of words('backward retainInputs retainOutputs getRetainedInputs apply')) {
      assert.type((FunctionNode.prototype as unknown as Record<string, unknown>)[n], 'function', `FunctionNode.${n}()`);
    }
    assert.type(computationalGraph.build(y).dump('dot'), 'string');
  });

  test('NOT_YET lists only what is still missing', () => {
    assert.equal(Object.keys(NOT_YET), []);
    // The WebGL2 backend runs wherever a page can draw (headless Chromium here).
    const page = typeof (globalThis as { document?: unknown }).document === 'object';
    assert.is(kusari.backend.available().includes('webgl' as never), page);
  });
});

// Chainer's positional hyper-parameters keep Chainer's meaning: `F.dropout(x, 0.9)` drops
// 90%, `F.leakyRelu(x, 0.1)` uses slope 0.1. The positional form, the options form and a
// value computed here in float64 agree; a parameter given both ways, or a surplus
// argument, throws.
import { F, L, Variable, array, config, datasets, iterators, optimizers, random, serializers, training, usingConfig } from '../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../util';

const X = [[-2, -0.5, 0, 0.75], [1.5, -3, 2.5, -0.25]];
const x = () => array(X);
/** x times k. */
const scaled = (k: number) => new Variable(x()).mul(k);
const flat = (v: Variable | { toTypedArray(): ArrayLike<number> }) => Array.from((v instanceof Variable ? v.array : v).toTypedArray());
const map = (f: (v: number) => number) => X.map((row) => row.map(f));
const same = (a: Variable, b: Variable) => assertClose(a, flat(b), { atol: 0, rtol: 0 });

describeBackends('positional hyper-parameters', (test) => {
  test('dropout(x, 0.9) drops 90% and scales the rest by 10', () => {
    const big = array(new Float32Array(20000).fill(1));
    usingConfig('train', true, () => {
      random.seed(3);
      const y = flat(F.dropout(big, 0.9));
      const kept = y.filter((v) => v !== 0);
      assert.ok(Math.abs(kept.length / y.length - 0.1) < 0.01, `kept ${kept.length} of ${y.length}`);
      assert.ok(kept.every((v) => Math.abs(v - 10) < 1e-5), 'kept elements are scaled by 1 / (1 - 0.9)');
      random.seed(3);
      assert.equal(flat(F.dropout(big, { ratio: 0.9 })), y, 'the options form draws the same mask');
      random.seed(3);
      const [withMask, mask] = F.dropout(big, 0.9, { returnMask: true });
      assert.equal(flat(withMask), y);
      assert.ok(mask !== null);
    });
    assert.is(config.train, true);
  });

  test('activations: leakyRelu, clippedRelu, elu, selu, softplus', () => {
    same(F.leakyRelu(x(), 0.1), F.leakyRelu(x(), { slope: 0.1 }));
    assertClose(F.leakyRelu(x(), 0.1), map((v) => (v < 0 ? 0.1 * v : v)));
    assertClose(F.leakyRelu(x()), map((v) => (v < 0 ? 0.2 * v : v)));
    assertClose(F.clippedRelu(x(), 1), map((v) => Math.min(Math.max(v, 0), 1)));
    same(F.clippedRelu(x(), 1), F.clippedRelu(x(), { z: 1 }));
    assertClose(F.elu(x(), 0.5), map((v) => (v > 0 ? v : 0.5 * Math.expm1(v))));
    same(F.elu(x(), 0.5), F.elu(x(), { alpha: 0.5 }));
    assertClose(F.selu(x(), 2, 3), map((v) => 3 * (v > 0 ? v : 2 * Math.expm1(v))));
    same(F.selu(x(), 2, 3), F.selu(x(), { alpha: 2, scale: 3 }));
    assertClose(F.softplus(x(), 2), map((v) => Math.log1p(Math.exp(2 * v)) / 2));
    same(F.softplus(x(), 2), F.softplus(x(), { beta: 2 }));
  });

  test('reductions: (x, axis, keepdims) as Chainer, mean(x, axis, weights, keepdims)', () => {
    const rowSums = X.map((r) => [r.reduce((a, b) => a + b, 0)]);
    assertClose(F.sum(x(), 1, true), rowSums);
    same(F.sum(x(), 1, true), F.sum(x(), { axis: 1, keepdims: true }));
    same(F.sum(x(), 1, true), F.sum(x(), 1, { keepdims: true }));
    assertClose(F.max(x(), 0, true), [[1.5, -0.5, 2.5, 0.75]]);
    same(F.min(x(), 1, true), F.min(x(), { axis: 1, keepdims: true }));
    same(F.prod(x(), 0, true), F.prod(x(), { axis: 0, keepdims: true }));
    same(F.logsumexp(x(), 1, true), F.logsumexp(x(), { axis: 1, keepdims: true }));
    const w = [1, 2, 3, 4];
    assertClose(F.mean(x(), 1, array(w), true), X.map((r) => [r.reduce((a, v, i) => a + v * w[i], 0) / 10]));
    same(F.mean(x(), 1, array(w), true), F.mean(x(), { axis: 1, weights: array(w), keepdims: true }));
    assertThrows(() => F.mean(x(), 0, true as never), 'mean: weights', 'keepdims comes after weights');
  });

  test('matmul(a, b, transa, transb)', () => {
    const a = array([[1, 2], [3, 4], [5, 6]]), b = array([[1, 0, 2], [0, 1, 1]]);
    assertClose(F.matmul(a, b, true, true), [[11, 8], [14, 10]]);
    same(F.matmul(a, b, true, true), F.matmul(a, b, { transa: true, transb: true }));
  });

  test('connection: convolution2d(x, W, b, stride, pad), linear(x, W, b, nBatchAxes), embedId(x, W, ignoreLabel)', () => {
    const img = array(randomValues(2 * 5 * 5, 4), { shape: [1, 2, 5, 5] }), W = array(randomValues(3 * 2 * 9, 5), { shape: [3, 2, 3, 3] });
    const byPosition = F.convolution2d(img, W, null, 2, 1);
    assert.equal([...byPosition.shape], [1, 3, 3, 3]);
    same(byPosition, F.convolution2d(img, W, { stride: 2, pad: 1 }));
    same(F.deconvolution2d(img, array(randomValues(2 * 3 * 4, 6), { shape: [2, 3, 2, 2] }), null, 2, 0, [10, 10]),
      F.deconvolution2d(img, array(randomValues(2 * 3 * 4, 6), { shape: [2, 3, 2, 2] }), null, { stride: 2, outsize: [10, 10] }));
    same(F.depthwiseConvolution2d(img, array(randomValues(2 * 2 * 9, 7), { shape: [2, 2, 3, 3] }), null, 1, 1),
      F.depthwiseConvolution2d(img, array(randomValues(2 * 2 * 9, 7), { shape: [2, 2, 3, 3] }), { pad: 1 }));
    const x3 = array(randomValues(2 * 3 * 4, 8), { shape: [2, 3, 4] }), Wl = array(randomValues(5 * 4, 9), { shape: [5, 4] });
    assert.equal([...F.linear(x3, Wl, null, 2).shape], [2, 3, 5]);
    same(F.linear(x3, Wl, null, 2), F.linear(x3, Wl, { nBatchAxes: 2 }));
    const ids = array([0, 1, 2], { dtype: 'int32' }), E = array([[1, 2], [3, 4], [5, 6]]);
    assertClose(F.embedId(ids, E, 1), [[1, 2], [0, 0], [5, 6]]);
  });

  test('pooling: maxPooling2d(x, ksize, stride, pad, coverAll) and averagePooling2d(x, ksize, stride, pad)', () => {
    const img = array(randomValues(25, 10), { shape: [1, 1, 5, 5] });
    const a = F.maxPooling2d(img, 2, 2, 0, false);
    assert.equal([...a.shape], [1, 1, 2, 2], 'coverAll false rounds down');
    assert.equal([...F.maxPooling2d(img, 2).shape], [1, 1, 3, 3], 'coverAll true by default, as Chainer');
    same(a, F.maxPooling2d(img, { ksize: 2, stride: 2, coverAll: false }));
    same(F.averagePooling2d(img, 3, 1, 1), F.averagePooling2d(img, 3, { stride: 1, pad: 1 }));
    same(F.unpooling2d(img, 2, 2, 0, null, false), F.unpooling2d(img, 2, { coverAll: false }));
  });

  test('normalization: localResponseNormalization(x, n, k, alpha, beta), normalize(x, eps, axis), layer/group/fixed batch eps', () => {
    const v = randomValues(1 * 4 * 1 * 1, 11);
    const img = array(v, { shape: [1, 4, 1, 1] });
    // y_c = x_c / (k + alpha sum_{|c'-c| <= n/2} x_c'^2)^beta, written out in float64.
    const [n, k, alpha, beta] = [3, 1, 0.5, 0.6];
    const expected = Array.from(v, (xc, c) => {
      let s = 0;
      for (let d = Math.max(0, c - 1); d <= Math.min(3, c + 1); d++) s += v[d] * v[d];
      return xc / Math.pow(k + alpha * s, beta);
    });
    assertClose(F.localResponseNormalization(img, n, k, alpha, beta), expected, { rtol: 1e-5, atol: 1e-6 });
    same(F.localResponseNormalization(img, n, k, alpha, beta), F.localResponseNormalization(img, { n, k, alpha, beta }));
    same(F.normalize(x(), 1e-3, 0), F.normalize(x(), { eps: 1e-3, axis: 0 }));
    const g = array([1, 2, 3, 4]), b = array([0, 1, 0, 1]);
    same(F.layerNormalization(x(), g, b, 0.5), F.layerNormalization(x(), g, b, { eps: 0.5 }));
    same(F.groupNormalization(F.reshape(x(), [2, 4]), 2, g, b, 0.5), F.groupNormalization(F.reshape(x(), [2, 4]), 2, g, b, { eps: 0.5 }));
    const m = array([0, 1, 0, 1]), va = array([1, 2, 3, 4]);
    same(F.fixedBatchNormalization(x(), g, b, m, va, 0.5), F.fixedBatchNormalization(x(), g, b, m, va, { eps: 0.5 }));
    const g2 = array([1, 2]), b2 = array([0, 1]), m2 = array([0, 1]), v2 = array([1, 2]);
    same(F.fixedBatchNormalization(x(), g2, b2, m2, v2, 0.5, 1), F.fixedBatchNormalization(x(), g2, b2, m2, v2, { eps: 0.5, axis: 1 }));
  });

  test('losses: Chainer\'s positional order', () => {
    const t = array([1, 3], { dtype: 'int32' });
    // softmaxCrossEntropy(x, t, normalize, cacheScore, classWeight, ignoreLabel, reduce)
    const byPosition = F.softmaxCrossEntropy(x(), t, true, true, null, 3, 'no');
    same(byPosition, F.softmaxCrossEntropy(x(), t, { ignoreLabel: 3, reduce: 'no' }));
    const lse = Math.log(X[0].reduce((a, v) => a + Math.exp(v), 0));
    assertClose(byPosition, [lse - X[0][1], 0]);
    const bin = array([[0, 1, 1, 0], [1, 0, -1, 1]], { dtype: 'int32' });
    same(F.sigmoidCrossEntropy(x(), bin, false, 'no'), F.sigmoidCrossEntropy(x(), bin, { normalize: false, reduce: 'no' }));
    same(F.hinge(x(), t, 'L2', 'no'), F.hinge(x(), t, { norm: 'L2', reduce: 'no' }));
    const y = array([1, 0], { dtype: 'int32' });
    same(F.contrastive(x(), scaled(0.5), y, 2, 'no'), F.contrastive(x(), scaled(0.5), y, { margin: 2, reduce: 'no' }));
    same(F.triplet(x(), scaled(0.5), scaled(-1), 0.5, 'no'), F.triplet(x(), scaled(0.5), scaled(-1), { margin: 0.5, reduce: 'no' }));
    same(F.huberLoss(x(), scaled(0.5), 0.5, 'no'), F.huberLoss(x(), scaled(0.5), { delta: 0.5, reduce: 'no' }));
    assertClose(F.gaussianKlDivergence(x(), x(), 'mean'), [X.flat().reduce((a, v) => a + (v * v + Math.exp(v) - v - 1) / 2, 0) / 8]);
    same(F.accuracy(x(), t, 3), F.accuracy(x(), t, { ignoreLabel: 3 }));
  });

  test('array functions: concat, stack, separate, splitAxis, expandDims, squeeze, repeat, swapaxes, rollaxis, flip, transpose, pad', () => {
    same(F.concat([x(), x()], 0), F.concat([x(), x()], { axis: 0 }));
    assert.equal([...F.concat([x(), x()], 0).shape], [4, 4]);
    same(F.stack([x(), x()], 2), F.stack([x(), x()], { axis: 2 }));
    assert.equal(F.separate(x(), 1).length, 4);
    const single = F.splitAxis(x(), 1, 0, false);
    assert.instance(single, Variable, 'forceTuple false with one part gives the Variable itself');
    assert.equal(F.splitAxis(x(), 2, { axis: 1 }).length, 2);
    same(F.expandDims(x(), 1), F.expandDims(x(), { axis: 1 }));
    same(F.repeat(x(), 2, 1), F.repeat(x(), 2, { axis: 1 }));
    same(F.swapaxes(x(), 0, 1), F.swapaxes(x(), { axis1: 0, axis2: 1 }));
    same(F.rollaxis(x(), 1, 0), F.rollaxis(x(), { axis: 1, start: 0 }));
    same(F.flip(x(), 1), F.flip(x(), { axis: 1 }));
    same(F.transpose(x(), [1, 0]), F.transpose(x(), { axes: [1, 0] }));
    assertClose(F.pad(array([1, 2]), 1, 'constant', { constantValues: 7 }), [7, 1, 2, 7]);
  });

  test('links take Chainer\'s positional constructor arguments', () => {
    const conv = new L.Convolution2D(2, 3, 3, 2, 1);
    assert.equal([conv.stride, conv.pad], [2, 1]);
    assert.equal([...conv.forward(array(randomValues(50, 12), { shape: [1, 2, 5, 5] })).shape], [1, 3, 3, 3]);
    const inferred = new L.Convolution2D(3, 2);
    assert.equal([inferred.inChannels, inferred.outChannels, [...inferred.ksize]], [null, 3, [2, 2]]);
    assert.is(new L.Linear(3, 2, true).b, null);
    assert.is(new L.Linear(3, 2, true).W.shape[1], 3);
    const bn = new L.BatchNormalization(3, 0.8, 1e-3);
    assert.equal([bn.decay, bn.eps], [0.8, 1e-3]);
    assert.is(new L.LayerNormalization(3, 1e-3).eps, 1e-3);
    assert.is(new L.EmbedID(3, 2, null, 0).ignoreLabel, 0);
    assertClose(new L.PReLU([2], 0.5).W, [0.5, 0.5]);
    assert.equal([...new L.DepthwiseConvolution2D(2, 1, 3, 1, 1).forward(array(randomValues(50, 13), { shape: [1, 2, 5, 5] })).shape], [1, 2, 5, 5]);
    assertThrows(() => new L.Convolution2D(2, 3, 3, 2, { stride: 1 }), 'Convolution2D: stride is given both positionally and in the options');
  });

  test('None in the place of ksize or out_size is Chainer\'s shorthand too; a missing or malformed window says so', () => {
    // Chainer: `if ksize is None: out_channels, ksize, in_channels = in_channels, out_channels, None`
    const conv = new L.Convolution2D(3, 2, null, 2);
    assert.equal([conv.inChannels, conv.outChannels, [...conv.ksize], conv.stride], [null, 3, [2, 2], 2]);
    const deconv = new L.Deconvolution2D(3, 4, null, 2, 1);
    assert.equal([deconv.inChannels, deconv.outChannels, [...deconv.ksize], deconv.stride, deconv.pad], [null, 3, [4, 4], 2, 1]);
    // Linear(3, None, True): out_size None, so in_size, out_size = None, 3
    const linear = new L.Linear(3, null, true);
    assert.equal([linear.inSize, linear.outSize, linear.b], [null, 3, null]);
    assertThrows(() => new L.Linear(null, null), 'Linear: outSize must be a positive integer, got null');
    assertThrows(() => new (L.DepthwiseConvolution2D as new (...a: unknown[]) => unknown)(3, 2), 'DepthwiseConvolution2D: ksize is required');
    assertThrows(() => new L.Convolution2D(3, 4, [1, 2, 3] as never), 'Convolution2D: ksize must be a positive integer or a pair of them, got [1, 2, 3]');
  });

  test('optimizers take every hyperparameter positionally in Chainer\'s order', () => {
    const r = new optimizers.RMSprop(0.1, 0.9, 1e-3, true);
    assert.equal([r.lr, r.alpha, r.eps, r.epsInsideSqrt], [0.1, 0.9, 1e-3, true]);
    const a = new optimizers.Adam(0.01, 0.8, 0.99);
    assert.equal([a.alpha, a.beta1, a.beta2, a.eps], [0.01, 0.8, 0.99, 1e-8]);
    const m = new optimizers.MomentumSGD(0.1, { momentum: 0.5 });
    assert.equal([m.lr, m.momentum], [0.1, 0.5]);
    assertThrows(() => new optimizers.SGD(0.1, { lr: 0.2 }), 'SGD: lr is given both positionally and in the options');
    assertThrows(() => new optimizers.SGD(0.1, 0.2), 'SGD: unexpected argument 0.2');
    assertThrows(() => new optimizers.Adam('0.1' as never), "Adam: alpha must be a number, got '0.1'");
  });

  test('training pieces take Chainer\'s positional arguments', () => {
    const data = new datasets.TupleDataset(array([[1, 2], [3, 4]]), array([0, 1], { dtype: 'int32' }));
    const it = new iterators.SerialIterator(data, 1, false, false);
    assert.is(it.repeat, false);
    const model = new L.Classifier(new L.Linear(2, 2));
    const updater = new training.updaters.StandardUpdater(it, new optimizers.SGD().setup(model));
    assert.is(new training.Trainer(updater, [1, 'epoch'], 'elsewhere').out, 'elsewhere');
    const plot = new training.extensions.PlotReport(['main/loss'], 'epoch') as unknown as { xKey: string };
    assert.is(plot.xKey, 'epoch');
    // ExponentialShift(attr, rate, init): the first call sets lr to init.
    const opt = new optimizers.SGD(0.5).setup(model);
    const shift = new training.extensions.ExponentialShift('lr', 0.5, 0.25, null, opt);
    shift.initialize!({ updater: { getOptimizer: () => opt } } as never);
    assert.is(opt.lr, 0.25);
    assertThrows(() => new training.extensions.LogReport(5 as never), 'LogReport: keys must be a list of observation keys or null, got 5');
    // concatExamples(batch, device, padding): a padding may be an object, one per key.
    const batch = [{ x: array([1]), t: 0 }, { x: array([1, 2]), t: 1 }];
    const padded = datasets.concatExamples(batch, null, { x: -1, t: 0 }) as Record<string, { toArray(): unknown }>;
    assert.equal(padded.x.toArray(), [[1, -1], [1, 2]]);
  });

  test('serializers: saveNpz(file, obj, compression) and loadNpz(file, obj, path, strict)', () => {
    const a = new L.Linear(2, 3);
    assert.equal(Array.from(serializers.saveNpz(null, a, false)), Array.from(serializers.saveNpz(null, a, { compression: false })));
    assert.ok(serializers.saveNpz(a, true).length !== serializers.saveNpz(a, false).length, 'compression changes the bytes');
    const outer = serializers.saveNpz(new L.Classifier(a));
    const b = new L.Linear(2, 3);
    serializers.loadNpz(outer, b, 'predictor/', true);
    assertClose(b.W, flat(a.W), { atol: 0, rtol: 0 });
  });

  test('a parameter given twice, a surplus argument or options not last throw', () => {
    assertThrows(() => F.leakyRelu(x(), 0.1, { slope: 0.3 }), 'leakyRelu: slope is given both positionally and in the options');
    assertThrows(() => (F.leakyRelu as (...a: unknown[]) => unknown)(x(), 0.1, 0.3), 'leakyRelu: unexpected argument 0.3', 'slope');
    assertThrows(() => (F.dropout as (...a: unknown[]) => unknown)(x(), 0.5, 0.3), 'dropout: unexpected argument 0.3');
    assertThrows(() => (F.sum as (...a: unknown[]) => unknown)(x(), { axis: 0 }, true), 'sum: the options object must be the last argument');
    assertThrows(() => F.dropout(x(), 1.5), 'dropout: ratio must be in [0, 1), got 1.5');
    assertThrows(() => F.leakyRelu(x(), '0.1' as never), "leakyRelu: slope must be a finite number, got '0.1'");
  });
});

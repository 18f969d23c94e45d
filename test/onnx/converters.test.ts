// exportOnnx function by function: small models exported, run in onnxruntime and compared
// with kusari's forward in test mode (within 1e-5), at the example batch and another one.
import { F, L, Variable, array, exportOnnx, newaxis, random, slice } from '../../src/index';
import { assert, assertThrows, describeBackends } from '../util';
import { assertExportMatches } from './check';
import { decodeModel } from './decode';

type Fn = (...xs: Variable[]) => Variable | Variable[];

const u = (shape: number[], lo = -2, hi = 2) => random.uniform(shape, lo, hi);

/** Exports fn on inputs of the given shapes at batch `n` (5: no other size of the tests) and checks it and batch 3. */
async function check(fn: Fn, shapes: number[][], options: { lo?: number; hi?: number; n?: number; otherBatch?: boolean } = {}): Promise<void> {
  const { lo = -2, hi = 2, n = 5, otherBatch = true } = options;
  const batch = (b: number) => shapes.map((s) => u([b, ...s], lo, hi));
  await assertExportMatches(fn, batch(n), { runs: otherBatch ? [batch(n), batch(3)] : [batch(n)] });
}

describeBackends('exportOnnx: converters', (test) => {
  test('arithmetic with variables, scalars and broadcast arrays', async () => {
    const c = array([[0.5, -1, 2]]);
    await check((x, y) => {
      const a = F.add(F.mul(F.sub(x, y), 2), F.div(y, 3));
      const b = F.sub(1, F.div(2, F.add(F.mul(x, x), 1)));
      const d = F.add(F.neg(F.mul(a, c)), F.sub(x, c));
      return [a, b, d, F.add(F.div(x, y), F.pow(F.absolute(x), 1.5))];
    }, [[3], [3]], { lo: 0.5, hi: 2 });
  });

  test('a function node constructed before the nodes that feed it ran is exported after them', async () => {
    // Chainer style: func = Exp(); h = tanh(x); y = func.apply((h,))
    await check((x) => {
      const exp = new F.Exp();
      const h = F.tanh(F.mul(x, 0.5));
      return F.add(exp.apply([h])[0], h);
    }, [[3]]);
  });

  test('pow with a variable exponent, a constant base, and operands broadcast across axes', async () => {
    await check((x, y) => [F.pow(x, y), F.pow(2, y), F.mul(x, F.getItem(y, [slice(null), slice(0, 1)])), F.sub(F.pow(x, 2), y)], [[3, 4], [3, 4]], { lo: 0.5, hi: 1.5 });
  });

  test('matmul, transposed operands and batched', async () => {
    const W = u([5, 4]);
    await check((x, y) => [F.matmul(x, W, { transb: true }), F.matmul(x, y, { transa: true }), F.matmul(x, F.transpose(W, [1, 0]))], [[4], [4]], { n: 4 });
    await check((x, y) => F.matmul(x, y, { transb: true }), [[3, 4], [5, 4]]);
  });

  test('elementwise math', async () => {
    await check((x) => [F.exp(x), F.log(x), F.sqrt(x), F.square(x), F.sin(x), F.cos(x), F.tanh(x), F.log2(x), F.log10(x), F.expm1(x), F.log1p(x), F.clip(x, 0.7, 1.5), F.sum(x, 1), F.sum(x, 0, { keepdims: true }), F.cast(F.cast(F.mul(x, 3), 'int32'), 'float32')], [[4]], { lo: 0.5, hi: 2 });
  });

  test('activations', async () => {
    const W = array([0.3, -0.2, 0.5]);
    const beta = array([1, 2, 0.5]);
    await check((x) => [
      F.relu(x), F.leakyRelu(x, 0.1), F.elu(x, 0.7), F.sigmoid(x), F.tanh(x), F.softplus(x), F.softplus(x, 2),
      F.clippedRelu(x, 1), F.hardSigmoid(x), F.gelu(x), F.prelu(x, W), F.swish(x, beta), F.selu(x),
    ], [[3, 4]], { lo: -4, hi: 4 });
  });

  test('softmax and logSoftmax along any axis', async () => {
    await check((x) => [F.softmax(x), F.softmax(x, 2), F.logSoftmax(x), F.logSoftmax(x, { axis: -1 }), F.softmax(x, 0)], [[3, 4]], { lo: -5, hi: 5 });
  });

  test('reshape, transpose, concat, expandDims and squeeze keep the batch axis dynamic', async () => {
    await check((x, y) => [
      F.reshape(x, [-1, 12]), F.reshape(x, [x.shape[0] * 3, 4]), F.transpose(x, [0, 2, 1]), F.transpose(x),
      F.concat([x, y], 1), F.concat([x, F.mul(x, 2)], -1), F.squeeze(F.expandDims(x, 1), 1),
    ], [[3, 4], [2, 4]]);
  });

  test('getItem: integers, slices with steps (negative too), newaxis and ellipsis', async () => {
    await check((x) => [
      F.getItem(x, [slice(null), 1]),
      F.getItem(x, [slice(null), slice(1, null), slice(0, null, 2)]),
      F.getItem(x, [slice(null), slice(null, null, -1), -1]),
      F.getItem(x, [slice(null), newaxis, 2, slice(1, 3)]),
      F.getItem(x, '..., 1:3'),
      F.getItem(x, [slice(null), slice(2, 0, -1), slice(3, null, -2)]),
    ], [[3, 5]]);
  });

  test('reductions: sum, mean, max, min, logsumexp, maxout', async () => {
    await check((x) => [
      F.max(x, 1), F.min(x, [1, 2], true), F.max(x), F.logsumexp(x, 2), F.mean(x, 1),
      F.maxout(x, 2), F.maxout(x, 2, { axis: 2 }),
    ], [[4, 6]]);
    // A mean over the batch axis divides by a constant: the example's batch size.
    await check((x) => F.mean(x), [[4, 6]], { otherBatch: false });
  });

  test('max, min, maxout and max pooling are NaN where a NaN is among the values, as numpy\'s max', async () => {
    // onnxruntime's ReduceMax, ReduceMin and MaxPool skip NaNs: max([NaN, 2]) would be 2.
    const x = array([[[[NaN, 2, -1], [0.5, 3, -Infinity]], [[1, -2, 0], [4, NaN, NaN]]], [[[1, 2, 3], [4, 5, 6]], [[-1, Infinity, 0], [2, 1, 0]]]]);
    await assertExportMatches((v) => [
      F.max(v, 3), F.min(v, [2, 3]), F.max(v), F.min(v, 1, true), F.maxout(F.reshape(v, [2, 12]), 3),
      F.maxPooling2d(v, 2, 1, 1), F.maxPooling2d(v, 2, 2, 1),
    ], [x]);
  });

  test('stack, separate, splitAxis, broadcastTo, tile, pad, flip, swapaxes, moveaxis, rollaxis, flatten', async () => {
    await check((x, y) => [
      F.stack([x, y], 1), F.stack([x, y], -1), ...F.separate(x, 1), ...(F.splitAxis(x, [1, 3], 2) as Variable[]),
      F.broadcastTo(F.getItem(x, [slice(null), slice(0, 1)]), [x.shape[0], 3, 4]), F.tile(x, [1, 2, 1]), F.tile(x, [2, 1, 1, 2]),
      F.pad(x, [[0, 0], [1, 2], [0, 1]], 'constant', { constantValues: 0.5 }), F.pad(x, 1, 'edge'), F.pad(x, [[0, 0], [1, 1], [2, 1]], 'reflect'),
      F.pad(x, [[0, 0], [3, 1], [2, 4]], 'symmetric'), F.pad(x, [[0, 0], [1, 3], [4, 2]], 'wrap'),
      F.flip(x, 1), F.flip(x, [1, 2]), F.swapaxes(x, 1, 2), F.moveaxis(x, 0, -1), F.moveaxis(x, [0, 1], [2, 0]), F.rollaxis(x, 2, 1),
      F.flatten(x),
    ], [[3, 4], [3, 4]]);
  });

  test('values without elements (an empty part of splitAxis, reshaped; an empty slice) export as their shapes', async () => {
    // Reshape reads a 0 in its target shape as "the input's size there": (3, 0) reshaped to
    // (0,) would come out (3,), and the graph would not load
    const fn = (x: Variable) => {
      const [a, b] = F.splitAxis(x, [0], 1, true) as Variable[];
      const c = F.getItem(x, [slice(null), slice(2, 1)]);
      return [F.reshape(a, [-1]), F.reshape(b, [-1]), F.reshape(c, [0, 2]), F.concat([F.reshape(F.square(a), [-1]), F.reshape(b, [-1])], 0)];
    };
    for (const dynamicBatch of [false, true]) {
      const bytes = await assertExportMatches(fn, [u([3, 4])], { dynamicBatch, runs: dynamicBatch ? [[u([3, 4])], [u([5, 4])]] : [[u([3, 4])]] });
      assert.ok(bytes && decodeModel(bytes).ops.includes('Expand'), 'the empty values are constants of their shapes');
    }
  });

  test('flip of the batch axis reverses the whole batch at any batch size', async () => {
    // Slice's end is before the first position of any axis, not -(example batch) - 1.
    const batch = (n: number) => [u([n, 3])];
    await assertExportMatches((x) => [F.flip(x, 0), F.flip(x, [-1, 0])], batch(2), { runs: [batch(2), batch(5), batch(1)] });
  });

  test('a reshape after a transpose keeps the batch dynamic where the batch landed', async () => {
    // (B, 3, 2) -> (3, B, 2) -> (3, 2 B): the batch is in axis 1 of the reshape's target, not axis 0.
    const batch = (n: number) => [u([n, 3, 2])];
    const fn = (x: Variable) => {
      const t = F.transpose(x, [1, 0, 2]);
      return [F.reshape(t, [3, x.shape[0] * 2]), F.reshape(t, [-1, 2]), F.reshape(F.swapaxes(t, 0, 1), [x.shape[0], 6])];
    };
    await assertExportMatches(fn, batch(2), { runs: [batch(2), batch(5), batch(1)] });
    const m = decodeModel(exportOnnx(fn, batch(2)));
    assert.equal([...m.outputs], [['output0', [3, null]], ['output1', [null, 2]], ['output2', ['batch', 6]]]);
  });

  test('a reshape leaves to numpy\'s -1 what another batch adds where the sizes written are not the batch\'s', async () => {
    // (B, 2, 6) -> (6, 2, B) -> reshape(-1, 6): at B = 3 the sizes alone would put the batch in
    // the 6 (2 x 3), making it (6, 12) at B = 6; numpy makes it (24, 6) there
    const batch = (n: number) => [u([n, 2, 6])];
    const fn = (x: Variable) => F.reshape(F.swapaxes(x, 0, 2), [-1, 6]);
    await assertExportMatches(fn, batch(3), { runs: [batch(3), batch(6), batch(1)] });
  });

  test('outputs declare the batch where it is, whatever other axes as long as it', () => {
    const x = u([3, 4, 3]);
    const m = decodeModel(exportOnnx((v: Variable) => [F.transpose(v, [2, 1, 0]), F.sum(v, 0), F.vstack([v, v]), F.max(v, 2), F.expandDims(v, 0)], [x]));
    assert.equal([...m.outputs], [
      ['output0', [3, 4, 'batch']], ['output1', [4, 3]], ['output2', [null, 4, 3]], ['output3', ['batch', 4]], ['output4', [1, 'batch', 4, 3]],
    ]);
  });

  test('nStepLstm over sequences of equal length', async () => {
    const units = 3, inSize = 4;
    const ws = [[...Array(4)].map(() => u([units, inSize], -0.5, 0.5)).concat([...Array(4)].map(() => u([units, units], -0.5, 0.5)))];
    const bs = [[...Array(8)].map(() => u([units], -0.5, 0.5))];
    const fn = (...xs: Variable[]) => {
      const state = array(new Array(xs[0].shape[0]).fill(0).map(() => new Array(units).fill(0)));
      const [hy, cy, ys] = F.nStepLstm(1, 0, F.expandDims(state, 0).array, F.expandDims(state, 0).array, ws, bs, xs);
      return [hy, cy, ...ys];
    };
    await check(fn, [[inSize], [inSize], [inSize]], { otherBatch: false });
  });

  test('nStepLstm over sequences of decreasing length, and lstm with a batch smaller than its state', async () => {
    const units = 3, inSize = 4;
    const ws = [[...Array(4)].map(() => u([units, inSize], -0.5, 0.5)).concat([...Array(4)].map(() => u([units, units], -0.5, 0.5)))];
    const bs = [[...Array(8)].map(() => u([units], -0.5, 0.5))];
    const [h0, c0] = [u([1, 4, units]), u([1, 4, units])];
    const fn = (x0: Variable, x1: Variable, x2: Variable) => {
      const [hy, cy, ys] = F.nStepLstm(1, 0, h0, c0, ws, bs, [x0, x1, x2]);
      return [hy, cy, ...ys];
    };
    await assertExportMatches(fn, [u([4, inSize]), u([3, inSize]), u([1, inSize])]);
    await assertExportMatches((c: Variable, x: Variable) => F.lstm(c, x), [u([5, units]), u([3, 4 * units])]);
  });

  test('arctan2 in all four quadrants and on the axes', async () => {
    const y = array([[1, 1, -1, -1, 0, 0, 2, -2, 0]]), x = array([[1, -1, 1, -1, 1, -1, 0, 0, 0]]);
    await assertExportMatches((a, b) => F.arctan2(a, b), [y, x]);
    // Signed zeros and infinities, where kusari gives numpy's arctan2 (Chainer's): atan2(0, -0) = pi,
    // atan2(-0, -0) = -pi, atan2(inf, -inf) = 3 pi / 4, atan2(-inf, inf) = -pi / 4.
    const inf = Infinity;
    const ys = array([[0, -0, 0, -0, inf, -inf, inf, -inf, 1, -1, 1, -1, inf, -inf, NaN, 0, -0, -1]]);
    const xs = array([[-0, -0, 0, 0, inf, inf, -inf, -inf, inf, inf, -inf, -inf, 1, -1, 1, NaN, 2, inf]]);
    await assertExportMatches((a, b) => F.arctan2(a, b), [ys, xs]);
    await check((a, b) => F.arctan2(a, b), [[4], [4]]);
  });

  test('cumsum, prod, fmod, hstack, vstack, dstack, repeat', async () => {
    await check((x, y) => [
      F.cumsum(x, 1), F.cumsum(x, -1), F.cumsum(x), F.prod(x, 2), F.prod(x, [1, 2], true), F.fmod(x, F.add(F.absolute(y), 0.5)),
      F.hstack([x, y]), F.vstack([x, y]), F.dstack([x, y]), F.hstack([F.reshape(x, [-1]), F.reshape(y, [-1])]),
      F.repeat(x, 2, 1), F.repeat(x, [1, 0, 3, 1], 2),
    ], [[3, 4], [3, 4]]);
    // Repeating the flattened x picks positions of the example's size.
    await check((x) => F.repeat(x, 2), [[3, 4]], { otherBatch: false });
  });

  test('selectItem picks each row\'s labelled element', async () => {
    const batch = (n: number) => [u([n, 4]), random.randint(0, 4, [n])];
    await assertExportMatches((x, t) => F.selectItem(x, t), batch(5), { runs: [batch(5), batch(2)] });
  });

  test('softmaxCrossEntropy with ignoreLabel, classWeight, normalize and reduce, meanSquaredError, meanAbsoluteError', async () => {
    const classWeight = array([0.5, 2, 1, 1.5]);
    // t with the default ignoreLabel -1, s with labels only
    const batch = (n: number) => [u([n, 4, 3], -3, 3), random.randint(-1, 4, [n, 3]), random.randint(0, 4, [n, 3])];
    await assertExportMatches((x, t, s) => [
      F.softmaxCrossEntropy(x, t), F.softmaxCrossEntropy(x, t, { normalize: false }), F.softmaxCrossEntropy(x, t, { reduce: 'no' }),
      F.softmaxCrossEntropy(x, s, { classWeight, ignoreLabel: 2, reduce: 'no' }), F.softmaxCrossEntropy(x, s, { classWeight, ignoreLabel: 0 }),
    ], batch(5), { runs: [batch(5), batch(2)] });
    // Every label ignored: the mean divides by 1.
    await assertExportMatches((x, t) => F.softmaxCrossEntropy(x, t), [u([2, 3]), array([-1, -1], { dtype: 'int32' })]);
    await check((x, y) => [F.meanSquaredError(x, y), F.meanAbsoluteError(x, y)], [[3, 2], [3, 2]]);
  });

  test('sumTo: over leading axes and axes of length 1', async () => {
    await check((x) => [F.sumTo(x, [x.shape[0], 1, 4]), F.sumTo(x, [x.shape[0], 3, 1]), F.sumTo(x, [3, 4]), F.sumTo(x, [1, 1])], [[3, 4]], { otherBatch: false });
    await check((x) => [F.sumTo(x, [x.shape[0], 1, 4]), F.sumTo(x, [x.shape[0], 3, 1])], [[3, 4]]);
  });

  test('where, squaredDifference, linearInterpolate, maximum, minimum', async () => {
    await check((x, y, p) => [
      F.where(array(Array.from({ length: x.shape[0] }, () => [1, 0, 1]), { dtype: 'int32' }), x, y),
      F.squaredDifference(x, y), F.linearInterpolate(p, x, y), F.maximum(x, y), F.minimum(x, y),
    ], [[3], [3], [3]], { lo: 0, hi: 1 });
  });

  test('where with a mask among the model\'s inputs reads it at run time', async () => {
    // A masked sum over time of padded sequences, and a choice between two inputs.
    const masked = (h: Variable, mask: Variable, y: Variable) => [F.sum(F.where(mask, h, 0), 1), F.where(mask.array, h, y)];
    const batch = (n: number) => [u([n, 4, 3]), random.randint(0, 2, [n, 4, 1]), u([n, 4, 3])];
    await assertExportMatches(masked, batch(2), { runs: [batch(2), batch(5), batch(1)] });
    await assertExportMatches(masked, batch(1), { runs: [batch(3)] });
  });

  test('an input passed on as its array (Chainer code hands ndarrays to links) is read at run time', async () => {
    const embed = new L.EmbedID(6, 3, { ignoreLabel: -1 });
    const model = (x: Variable, ids: Variable, t: Variable) => [
      F.selectItem(x, t.array), embed.forward(ids.array), F.softmaxCrossEntropy(x, t.array, { reduce: 'no' }), F.add(x, new Variable(x.array)),
    ];
    const batch = (n: number) => [u([n, 4]), random.randint(-1, 6, [n, 2]), random.randint(0, 4, [n])];
    await assertExportMatches(model, batch(2), { runs: [batch(2), batch(5), batch(1)] });
  });

  test('normalizations: layerNormalization, groupNormalization, localResponseNormalization, normalize', async () => {
    const [gamma, beta] = [u([6]), u([6])];
    await check((x) => [F.layerNormalization(F.reshape(x, [-1, 6]), gamma, beta)], [[6]], { n: 4 });
    await check((x) => [F.groupNormalization(x, 3, gamma, beta)], [[6, 2, 2]]);
    await check((x) => [F.localResponseNormalization(x), F.localResponseNormalization(x, { n: 4, k: 1, alpha: 1e-2, beta: 0.5 }), F.normalize(x), F.normalize(x, { axis: 2 }), F.normalize(x, { axis: [1, 2] })], [[6, 3]]);
  });

  test('getItem with index arrays, lists and masks, alone or apart', async () => {
    const i32 = (v: number[][] | number[]) => array(v, { dtype: 'int32' });
    await check((x) => [
      F.getItem(x, [slice(null), i32([2, 0, 2])]),
      F.getItem(x, [slice(null), i32([[1, 0], [3, 3]]), slice(1, 4)]),
      F.getItem(x, [slice(null), i32([0, 2]), i32([1, 4])]),
      F.getItem(x, [slice(null), 1, slice(null, null, 2)]),
      F.getItem(x, [slice(null), i32([0, 3]), slice(null), ]),
      F.getItem(x, '..., [4, 0]'),
      F.getItem(x, [slice(null), i32([1, 2]), newaxis, i32([0, 1])]),
    ], [[4, 5]]);
    // An index array on the batch axis picks rows of the example's batch.
    await check((x) => F.getItem(x, [i32([1, 0, 1])]), [[4, 5]], { otherBatch: false });
    // Negative positions on the batch count from its end at run time, as numpy's: x[[-1, 0]]
    // at a batch of 3 is rows 2 and 0 (it was rows 4 and 0, the example's)
    await check((x) => F.getItem(x, [i32([-1, 0, -2])]), [[4]], { n: 5 });
    // a mask, or index arrays merged with the batch's, hold the example's positions alone
    const x5 = u([5, 4]);
    assertThrows(() => exportOnnx((x: Variable) => F.getItem(x, [[true, false, true, false, true]]), [x5]), 'exportOnnx: F.getItem indexes the batch (axis 0 of (5, 4)) with a mask or with other index arrays', 'dynamicBatch false');
    assertThrows(() => exportOnnx((x: Variable) => F.getItem(x, [i32([-1]), 0]), [x5]), 'with a mask or with other index arrays');
    await assertExportMatches((x: Variable) => F.getItem(x, [i32([-1]), 0]), [x5], { dynamicBatch: false });
  });

  test('linear with more batch axes, and F.linear without a bias', async () => {
    const W = u([6, 4]), b = u([6]);
    await check((x) => [F.linear(x, W, b, 2), F.linear(F.reshape(x, [-1, 4]), W)], [[3, 4]]);
  });

  test('convolution2d with stride, pad, dilate and groups, and coverAll', async () => {
    const conv = new L.Convolution2D(4, 6, 3, { stride: 2, pad: 1, dilate: 2, groups: 2 });
    const W = u([3, 4, 3, 2]);
    await check((x) => [conv.forward(x), F.convolution2d(x, W, null, { stride: [2, 3], pad: [1, 0], coverAll: true })], [[4, 9, 8]]);
  });

  test('deconvolution2d with stride and pad, groups, and a given outsize', async () => {
    const deconv = new L.Deconvolution2D(4, 2, 3, { stride: 2, pad: 1 });
    const W = u([4, 3, 3, 3]), b = u([6]);
    await check((x) => [
      deconv.forward(x),
      F.deconvolution2d(x, W, b, { stride: [2, 1], pad: [0, 1], groups: 2 }),
      F.deconvolution2d(x, W, b, { stride: 3, pad: 1, groups: 2, outsize: [14, 13] }),
    ], [[4, 5, 5]]);
  });

  test('depthwiseConvolution2d', async () => {
    const W = u([2, 3, 3, 3]), b = u([6]);
    await check((x) => F.depthwiseConvolution2d(x, W, b, { stride: 2, pad: 1 }), [[3, 7, 6]]);
  });

  test('max pooling with and without coverAll, average pooling dividing by the padded window, unpooling', async () => {
    await check((x) => [
      F.maxPooling2d(x, 3, 2, 1), F.maxPooling2d(x, 3, 2, 1, false), F.maxPooling2d(x, 2),
      F.averagePooling2d(x, 3, 2, 1), F.averagePooling2d(x, [3, 2], [1, 2], [1, 1]), F.averagePooling2d(x, 2),
    ], [[2, 7, 8]]);
    await check((x) => [F.unpooling2d(x, 2), F.unpooling2d(x, 2, null, 0, null, false), F.unpooling2d(x, 3, 2, 1), F.unpooling2d(x, [2, 3], 1, 0, [4, 5]), F.unpooling2d(x, 3, null, 2)], [[2, 3, 3]]);
    // coverAll adds a last window that lies wholly in the padding: its maximum is -inf.
    await check((x) => [F.maxPooling2d(x, 2, 2, 1), F.maxPooling2d(x, 1, 2, 0)], [[1, 5, 4]]);
  });

  test('batch normalization in test mode uses avg_mean and avg_var, stored under their names', async () => {
    const bn = new L.BatchNormalization(3);
    bn.avg_mean = u([3]);
    bn.avg_var = u([3], 0.5, 2);
    bn.gamma!.array = u([3]);
    bn.beta!.array = u([3]);
    await check((x) => bn.forward(x), [[3, 4, 5]]);
    await check((x) => bn.forward(x), [[3]]);
    const m = decodeModel(exportOnnx(bn, [u([2, 3])]));
    assert.equal([...m.initializers.keys()].sort(), ['avg_mean', 'avg_var', 'beta', 'gamma']);
    assert.equal(m.ops, ['BatchNormalization']);
    // F.fixedBatchNormalization with arrays of its own
    const [g, b, mean, v] = [u([3]), u([3]), u([3]), u([3], 0.5, 1)];
    await check((x) => F.fixedBatchNormalization(x, g, b, mean, v, { eps: 1e-3 }), [[3, 2, 2]]);
    // over other axes: the last, and axes 0 and 2 (kept: 1 and 3)
    await check((x) => F.fixedBatchNormalization(x, g, b, mean, v, { axis: [0, 1, 2] }), [[2, 2, 3]]);
    const [g2, b2, m2, v2] = [u([4, 3]), u([4, 3]), u([4, 3]), u([4, 3], 0.5, 1)];
    await check((x) => F.fixedBatchNormalization(x, g2, b2, m2, v2, { axis: [0, 2] }), [[4, 2, 3]]);
  });

  test('dropout is the identity in test mode: no node for it', async () => {
    const fn = (x: Variable) => F.relu(F.dropout(x, 0.9));
    await check(fn, [[4]]);
    assert.equal(decodeModel(exportOnnx(fn, [u([2, 4])])).ops, ['Relu']);
  });

  test('embedId, with an ignoreLabel row of zeros', async () => {
    const W = u([6, 3]);
    const ids = array([[0, 5, -1], [2, -1, 3]], { dtype: 'int32' });
    await assertExportMatches((x) => F.embedId(x, W, { ignoreLabel: -1 }), [ids]);
    await assertExportMatches((x) => F.embedId(x, W), [array([1, 4, 0], { dtype: 'int32' })]);
  });

  test('an output that is an input, or repeats, is a copy', async () => {
    await check((x) => { const y = F.relu(x); return [x, y, y]; }, [[3]]);
  });

  test('a constant as long as the batch with equal rows follows the batch size', async () => {
    // The model makes the constant for the batch at hand, as L.LSTM does its zero state.
    const row = [0.5, -1, 2, 3];
    const fn = (x: Variable) => {
      const state = array(Array.from({ length: x.shape[0] }, () => row));
      return F.add(F.mul(x, state), new Variable(state, { requiresGrad: false }));
    };
    const m = decodeModel(exportOnnx(fn, [u([2, 4])]));
    assert.is(m.ops.filter((op) => op === 'Expand').length, 2, m.ops.join());
    await check(fn, [[4]]);
  });

  test('a function without an ONNX form is an error naming it', () => {
    assertThrows(() => exportOnnx((x: Variable) => F.huberLoss(x, F.exp(x), 1), [u([2, 3])]), /exportOnnx: no ONNX form for F\.huberLoss \(function node HuberLoss, output \(2,\)\)/);
    assertThrows(() => exportOnnx((x: Variable) => F.pad(x, [[0, 0], [4, 0]], 'wrap'), [u([2, 3])]), "exportOnnx: no ONNX form for F.pad with mode 'wrap' wider (4, 0) than axis 1 (3)");
    assertThrows(() => exportOnnx((x: Variable) => F.argmax(F.relu(x), 1), [u([2, 3])]), 'exportOnnx: output 0 (2,) does not depend on the inputs', 'F.argmax');
    // A classifier's accuracy returned beside its scores.
    const t = random.randint(0, 3, [2]);
    assertThrows(() => exportOnnx((x: Variable) => [F.softmax(x), F.accuracy(x, t)], [u([2, 3])]), 'exportOnnx: output 1 () does not depend on the inputs', 'F.accuracy');
    assertThrows(() => exportOnnx((x: Variable) => x.shape as unknown as Variable, [u([2, 3])]), /exportOnnx: the model's forward must return a Variable/);
  });

  test('bad options are errors naming the option', () => {
    const fn = (x: Variable) => F.relu(x);
    assertThrows(() => exportOnnx(fn, [u([2, 3])], { inputNames: ['a', 'b'] }), 'exportOnnx: inputNames has 2 names for 1 inputs');
    assertThrows(() => exportOnnx(fn, [u([2, 3])], { inputNames: ['y'], outputNames: ['y'] }), 'exportOnnx: input and output names must all differ');
    assertThrows(() => exportOnnx(fn, [u([2, 3])], { dynamicBatch: 1 as never }), 'exportOnnx: dynamicBatch must be a boolean, got 1');
    assertThrows(() => exportOnnx(fn, [u([2, 3])], { path: 3 as never }), 'exportOnnx: path must be a non-empty string, got 3');
    assertThrows(() => exportOnnx(fn, [u([2, 3])], { graphName: 3 as never }), 'exportOnnx: graphName must be a string, got 3');
    assertThrows(() => exportOnnx(fn, []), 'exportOnnx: exampleInputs must hold at least one input');
  });
});

// Arrays that stay where the kernels run, beyond parameters: batch normalization's running
// averages (a link's persistents, updated in place by the training forward) and the
// convolution weight gradients written straight into a parameter's resident gradient.
// Expected values come from Chainer's formulas evaluated in float64, or from grad(), which
// returns gradients instead of writing them into the parameter.
import { F, L, NDArray, Parameter, Variable, array, backend, fromTyped, grad, serializers } from '../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../util';

const resident = (a: NDArray) => a.backend.isResident(a.storage);

/** Per-channel mean and unbiased variance of x (N, C, inner...) in float64. */
function batchStats(x: Float32Array, shape: number[]): { mean: number[]; unbiased: number[] } {
  const [N, C] = shape;
  const inner = shape.slice(2).reduce((a, b) => a * b, 1), m = N * inner;
  const mean = new Array<number>(C).fill(0), ss = new Array<number>(C).fill(0);
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let k = 0; k < inner; k++) mean[c] += x[(n * C + c) * inner + k] / m;
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let k = 0; k < inner; k++) ss[c] += (x[(n * C + c) * inner + k] - mean[c]) ** 2;
  return { mean, unbiased: ss.map((s) => s / (m - 1)) };
}

describeBackends('resident link persistents', (test) => {
  test('batch normalization updates its running averages in place: Chainer\'s formula over several steps', () => {
    const shape = [4, 3, 2, 2], decay = 0.8;
    const bn = new L.BatchNormalization(3, { decay, initialAvgMean: array([0.5, -1, 2]), initialAvgVar: array([1, 2, 0.25]) });
    const mean = bn.avg_mean!, variance = bn.avg_var!;
    const storages = [mean.storage, variance.storage];
    assert.ok(resident(mean) && resident(variance), 'the averages are resident');
    let expMean = [0.5, -1, 2], expVar = [1, 2, 0.25];
    for (let step = 0; step < 4; step++) {
      const x = randomValues(48, 10 + step, -2, 3);
      bn.forward(array(x, { shape }));
      const s = batchStats(x, shape);
      expMean = expMean.map((a, c) => decay * a + (1 - decay) * s.mean[c]);
      expVar = expVar.map((a, c) => decay * a + (1 - decay) * s.unbiased[c]);
      assertClose(bn.avg_mean!, expMean, { atol: 1e-5 });
      assertClose(bn.avg_var!, expVar, { atol: 1e-5 });
      // The same arrays on the same storage, updated where they live.
      assert.ok(bn.avg_mean === mean && bn.avg_var === variance, `step ${step}: the link kept its arrays`);
      assert.ok(mean.storage === storages[0] && variance.storage === storages[1], `step ${step}: same storage`);
    }
    // An array taken from the link follows the in-place updates, as numpy's under Chainer.
    assertClose(mean, expMean, { atol: 1e-5 });
  });

  test('the averages are counted by backend.memory(), which stays flat over many training steps', () => {
    const before = backend.memory();
    const bn = new L.BatchNormalization(5);
    // gamma, beta, their (NaN) gradients, avg_mean and avg_var.
    assert.is(backend.memory().arrays - before.arrays, 6);
    const x = array(randomValues(40, 3), { shape: [8, 5] });
    const step = () => {
      bn.cleargrads();
      F.sum(F.square(bn.forward(x))).backward();
    };
    for (let i = 0; i < 3; i++) step();
    const warm = backend.memory();
    for (let i = 0; i < 60; i++) step();
    const after = backend.memory();
    assert.equal([after.arrays, after.bytes], [warm.arrays, warm.bytes], 'no resident array added per step');
    bn.dispose();
    assert.is(backend.memory().arrays, before.arrays, 'dispose() frees the averages with the parameters');
  });

  test('a replaced average is freed; assigned, moved, copied and loaded ones are resident copies', () => {
    const bn = new L.BatchNormalization(2);
    const old = bn.avg_mean!;
    const given = array([3, 4]);
    bn.avg_mean = given;
    assertThrows(() => old.toArray(), /used after its storage was freed/);
    assert.ok(bn.avg_mean !== given && resident(bn.avg_mean!) && !resident(given), 'the link keeps its own copy');
    assertClose(bn.avg_mean!, [3, 4]);
    assertThrows(() => bn.avg_mean!.dispose(), /belongs to a BatchNormalization/);
    bn.toDevice(bn.device);
    assert.ok(resident(bn.avg_mean!) && resident(bn.avg_var!), 'toDevice keeps them resident');
    assertClose(bn.avg_mean!, [3, 4]);
    const copy = new L.BatchNormalization(2);
    copy.copyparams(bn);
    assert.ok(copy.avg_mean !== bn.avg_mean && resident(copy.avg_mean!), 'copyparams copies, never shares');
    assertClose(copy.avg_mean!, [3, 4]);
    // Saved and loaded under Chainer's keys.
    const loaded = new L.BatchNormalization(2);
    const npz = serializers.readNpz(serializers.saveNpz(bn));
    assert.equal([...npz.keys()].sort(), ['N', 'avg_mean', 'avg_var', 'beta', 'gamma']);
    serializers.loadNpz(serializers.saveNpz(bn), loaded);
    assert.ok(resident(loaded.avg_mean!) && resident(loaded.avg_var!));
    assertClose(loaded.avg_mean!, [3, 4]);
    assertClose(loaded.avg_var!, [1, 1]);
  });
});

describeBackends('convolution weight gradients into the resident gradient', (test) => {
  const tensor = (shape: number[], seed: number) => fromTyped(randomValues(shape.reduce((a, b) => a * b, 1), seed), shape);

  test('convolution2d: a weight used twice: the first use writes the gradient, the second is added to it; values equal grad()\'s', () => {
    const W = new Parameter(tensor([4, 3, 3, 3], 1)), b = new Parameter(array([0.1, -0.2, 0.3, 0]));
    const x1 = new Variable(tensor([2, 3, 6, 5], 2)), x2 = new Variable(tensor([2, 3, 6, 5], 3));
    const c = tensor([2, 4, 3, 3], 4);
    const loss = () => F.sum(F.mul(F.add(F.convolution2d(x1, W, b, { stride: [2, 2], pad: 1 }),
      F.tanh(F.convolution2d(x2, W, null, { stride: [2, 2], pad: 1 }))), c));
    const [gW, gb] = grad([loss()], [W, b]);
    // The backend's weight-gradient kernel is handed the resident gradient as its destination.
    const be = W.array.backend, plain = be.conv2dGradW;
    const destinations: unknown[] = [];
    be.conv2dGradW = function (this: typeof be, ...args: Parameters<typeof plain>) {
      destinations.push(args[4]?.target.storage);
      return plain.apply(this, args);
    };
    try {
      loss().backward();
    } finally {
      be.conv2dGradW = plain;
    }
    // The second use's gradient is computed whole and then added, as Chainer sums them.
    assert.equal(destinations.length, 2);
    assert.equal(destinations.filter((d) => d === W.grad!.storage).length, 1, 'one use wrote into W.grad');
    assertClose(W.grad!, gW!.array, { atol: 1e-5 });
    assertClose(b.grad!, gb!.array, { atol: 1e-5 });
    assert.ok(resident(W.grad!), 'the gradient is resident');
    const block = W.grad!.storage;
    loss().backward();
    assertClose(W.grad!, gW!.array.dataSync().map((v) => 2 * v), { atol: 1e-5 });
    assert.ok(W.grad!.storage === block, 'the second backward added in place');
  });

  test('grouped convolution and deconvolution2d write their weight gradients too', () => {
    const Wc = new Parameter(tensor([4, 2, 2, 2], 5));
    const Wd = new Parameter(tensor([4, 2, 3, 3], 6));
    const x = new Variable(tensor([2, 4, 5, 5], 7));
    const c = tensor([2, 2, 6, 6], 8);
    // conv (groups 2) 4 -> 4 channels at 4x4, deconv 4 -> 2 channels at 6x6, used twice.
    const loss = () => {
      const h = F.relu(F.convolution2d(x, Wc, null, { groups: 2 }));
      return F.sum(F.mul(F.add(F.deconvolution2d(h, Wd), F.deconvolution2d(F.square(h), Wd)), c));
    };
    const [gc, gd] = grad([loss()], [Wc, Wd]);
    loss().backward();
    assertClose(Wc.grad!, gc!.array, { atol: 1e-4 });
    assertClose(Wd.grad!, gd!.array, { atol: 1e-4 });
    assert.ok(resident(Wc.grad!) && resident(Wd.grad!));
  });

  test('depthwiseConvolution2d: one filter per channel writes into a new gradient, more filters return it', () => {
    for (const M of [1, 2]) {
      const W = new Parameter(tensor([M, 3, 2, 2], 11 + M));
      const x1 = new Variable(tensor([2, 3, 4, 4], 13)), x2 = new Variable(tensor([2, 3, 4, 4], 14));
      const c = tensor([2, 3 * M, 3, 3], 15);
      const loss = () => F.sum(F.mul(F.add(F.depthwiseConvolution2d(x1, W), F.square(F.depthwiseConvolution2d(x2, W))), c));
      const [gW] = grad([loss()], [W]);
      const be = W.array.backend, plain = be.conv2dGradW;
      let sunk = 0;
      be.conv2dGradW = function (this: typeof be, ...args: Parameters<typeof plain>) {
        if (args[4]) sunk++;
        return plain.apply(this, args);
      };
      try {
        loss().backward();
      } finally {
        be.conv2dGradW = plain;
      }
      assert.is(sunk, M === 1 ? 1 : 0, `multiplier ${M}`);
      assertClose(W.grad!, gW!.array, { atol: 1e-5 });
    }
  });

  test('L.Convolution2D: a zero batch overwrites with zeros, and double backprop keeps the graph', () => {
    const conv = new L.Convolution2D(2, 3, 2, { nobias: true });
    conv.W.grad = fromTyped(new Float32Array(24).fill(5), [3, 2, 2, 2]);
    conv.cleargrads();
    F.sum(conv.forward(new Variable(tensor([0, 2, 3, 3], 9)))).backward();
    assertClose(conv.W.grad!, new Array(24).fill(0));
    const x = new Variable(tensor([1, 2, 3, 3], 10));
    conv.cleargrads();
    F.sum(F.square(conv.forward(x))).backward({ enableDoubleBackprop: true });
    assert.ok(conv.W.gradVar!.creator !== null, 'the gradient has a creator');
  });
});

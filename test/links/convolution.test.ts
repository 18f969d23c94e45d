import { L, array, backend, random, F, initializers } from '../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../util';
import { checkLinkBackward } from './link-gradient';

const x4 = (n: number, c: number, h: number, w: number, seed: number) => array(randomValues(n * c * h * w, seed), { shape: [n, c, h, w] });

function stdOf(a: ArrayLike<number>): number {
  let s2 = 0;
  for (let i = 0; i < a.length; i++) s2 += a[i] * a[i];
  return Math.sqrt(s2 / a.length);
}

describeBackends('L.Convolution2D, L.Deconvolution2D, L.DepthwiseConvolution2D', (test, b) => {
  test('Convolution2D adds its terms in Chainer\'s order: gW over the whole batch, the bias after the products', () => {
    // Chainer 7.8.1 on numpy 1.24: gW is one tensordot over (n, y, x), each element adding
    // its terms in turn; y = tensordot(col, W) + b. Inputs made exactly in float32.
    const f = (n: number, a: number, m: number, d: number) => Array.from({ length: n }, (_, i) => Math.fround((((i * a) % m) - Math.floor(m / 2)) / d));
    const exact = b === 'wasm' && (backend.get('wasm') as unknown as { simdLevel: string }).simdLevel === 'simd128';
    const tol = { atol: 0, rtol: exact ? 0 : 1e-5 };
    const l = new L.Convolution2D(2, 3, 3, { initialW: array(f(54, 53, 97, 13), { shape: [3, 2, 3, 3] }), initialBias: array(f(3, 7, 11, 3)) });
    const y = l.forward(array(f(3 * 2 * 9 * 9, 37, 101, 7), { shape: [3, 2, 9, 9] }));
    y.grad = array(f(y.size, 29, 89, 11), { shape: y.shape });
    l.cleargrads();
    y.backward();
    assertClose(l.W.grad!.toTypedArray().slice(0, 12), [199.57142639160156, -122.97405242919922, 163.10389709472656, -149.4805450439453,
      -41.792232513427734, 157.7142791748047, -147.00001525878906, 160.06492614746094, -137.5584716796875, -14.207853317260742,
      144.63636779785156, -114.94805908203125], tol);
    // 30 channels of 3 x 3: 270 terms a product, then the bias.
    const l2 = new L.Convolution2D(30, 2, 3, { initialW: array(f(540, 53, 97, 13), { shape: [2, 30, 3, 3] }), initialBias: array([0.1, -0.3]) });
    assertClose(l2.forward(array(f(2 * 30 * 4 * 4, 37, 101, 7), { shape: [2, 30, 4, 4] })).array.toTypedArray(), [-21.119741439819336, -122.0318832397461,
      -70.71329498291016, 150.2428436279297, 146.43621826171875, 89.40324401855469, -39.51972961425781, -97.66265106201172, 108.75939178466797,
      -53.1966552734375, -196.10882568359375, 185.7814178466797, -37.08018112182617, 65.71099090576172, 167.6449737548828, -154.6516876220703], tol);
  });

  test('W draws its initial values before b, as Chainer', () => {
    // Chainer 7.8.1 after numpy.random.seed(7): (1, 2, 2, initial_bias=Normal(1.0)) for each link.
    const b = [1.017657995223999, 0.6004984974861145];
    const W = [0.8452628254890442, -0.23296868801116943, 0.016410082578659058, 0.2037581354379654,
      -0.3944615125656128, 0.0010327864438295364, -0.0004451929416973144, -0.8773621320724487];
    const deconvW = [0.5976911187171936, -0.16473373770713806, 0.011603680439293385, 0.14407876133918762,
      -0.27892640233039856, 0.0007302903104573488, -0.00031479893368668854, -0.6203887462615967];
    for (const [make, w] of [
      [() => new L.Convolution2D(1, 2, 2, { initialBias: new initializers.Normal(1.0) }), W],
      [() => new L.Deconvolution2D(1, 2, 2, { initialBias: new initializers.Normal(1.0) }), deconvW],
      [() => new L.DepthwiseConvolution2D(1, 2, 2, { initialBias: new initializers.Normal(1.0) }), W],
    ] as const) {
      random.seed(7);
      const l = make();
      assertClose(l.W.array.toTypedArray(), w);
      assertClose(l.b!.array, b);
    }
  });

  test('Convolution2D: W (out, in / groups, kh, kw), b (out); forward is F.convolution2d', () => {
    const c = new L.Convolution2D(4, 6, 3, { stride: 2, pad: 1, groups: 2 });
    assert.equal(c.namedparams().map(([n, p]) => [n, p.shape]), [['/W', [6, 2, 3, 3]], ['/b', [6]]]);
    c.b!.array = array(randomValues(6, 2));
    const x = x4(2, 4, 5, 5, 1);
    const y = c.forward(x);
    assertClose(y, F.convolution2d(x, c.W.array, c.b!.array, { stride: 2, pad: 1, groups: 2 }).array, { atol: 1e-6 });
    assert.equal(y.shape, [2, 6, 3, 3]);
  });

  test('Convolution2D: LeCunNormal with fanIn = in / groups * kh * kw', () => {
    random.seed(11);
    const c = new L.Convolution2D(64, 128, [3, 2], { groups: 4 });
    const std = stdOf(c.W.array.dataSync());
    assert.ok(Math.abs(std / Math.sqrt(1 / (16 * 6)) - 1) < 0.03, `std ${std}`);
  });

  test('Convolution2D(null, out, k) and Convolution2D(out, k, options) infer the input channels', () => {
    const a = new L.Convolution2D(null, 3, 2);
    const b = new L.Convolution2D(3, 2, { nobias: true, initialW: new initializers.One() });
    for (const c of [a, b]) {
      assert.not.ok(c.W.isInitialized);
      c.forward(x4(1, 5, 4, 4, 2));
      assert.equal(c.W.shape, [3, 5, 2, 2]);
    }
    assert.is(b.b, null);
    assertThrows(() => new L.Convolution2D(3, 4, 3, { groups: 2 }), 'Convolution2D', 'divisible');
  });

  test('Convolution2D gradients', () => {
    const c = new L.Convolution2D(2, 3, 2, { pad: 1 });
    checkLinkBackward(c, (x) => c.forward(x), [x4(2, 2, 3, 3, 3)]);
  });

  test('Deconvolution2D: W (in, out / groups, kh, kw); forward is F.deconvolution2d', () => {
    const d = new L.Deconvolution2D(4, 6, 3, { stride: 2, pad: 1, groups: 2 });
    assert.equal(d.namedparams().map(([n, p]) => [n, p.shape]), [['/W', [4, 3, 3, 3]], ['/b', [6]]]);
    const x = x4(1, 4, 3, 3, 4);
    const y = d.forward(x);
    assertClose(y, F.deconvolution2d(x, d.W.array, d.b!.array, { stride: 2, pad: 1, groups: 2 }).array, { atol: 1e-6 });
    assert.equal(y.shape, [1, 6, 5, 5]);
    const o = new L.Deconvolution2D(2, 1, 2, { stride: 2, outsize: [7, 7] });
    assert.equal(o.forward(x4(1, 2, 3, 3, 5)).shape, [1, 1, 7, 7]);
    const lazy = new L.Deconvolution2D(null, 2, 3);
    lazy.forward(x4(1, 5, 2, 2, 6));
    assert.equal(lazy.W.shape, [5, 2, 3, 3]);
    checkLinkBackward(d, (v) => d.forward(v), [x4(1, 4, 2, 2, 7)]);
  });

  test('DepthwiseConvolution2D: W (multiplier, in, kh, kw), b (multiplier * in)', () => {
    const d = new L.DepthwiseConvolution2D(3, 2, 2, { pad: 1 });
    assert.equal(d.namedparams().map(([n, p]) => [n, p.shape]), [['/W', [2, 3, 2, 2]], ['/b', [6]]]);
    const x = x4(2, 3, 3, 3, 8);
    assertClose(d.forward(x), F.depthwiseConvolution2d(x, d.W.array, d.b!.array, { pad: 1 }).array, { atol: 1e-6 });
    const lazy = new L.DepthwiseConvolution2D(null, 3, 1);
    lazy.forward(x4(1, 4, 2, 2, 9));
    assert.equal([lazy.W.shape, lazy.b!.shape], [[3, 4, 1, 1], [12]]);
    checkLinkBackward(d, (v) => d.forward(v), [x4(1, 3, 2, 2, 10)]);
  });
});

describeBackends('L.EmbedID', (test) => {
  test('EmbedID: W (vocab, dim) from Normal(1.0); rows looked up; ignoreLabel gives zeros', () => {
    random.seed(12);
    const e = new L.EmbedID(400, 50);
    assert.equal(e.namedparams().map(([n, p]) => [n, p.shape]), [['/W', [400, 50]]]);
    assert.ok(Math.abs(stdOf(e.W.array.dataSync()) - 1) < 0.02);
    const small = new L.EmbedID(3, 2, { initialW: array([[1, 2], [3, 4], [5, 6]]), ignoreLabel: -1 });
    const y = small.forward(array([2, -1, 0], { dtype: 'int32' }));
    assertClose(y, [[5, 6], [0, 0], [1, 2]]);
    y.grad = array([[1, 1], [1, 1], [2, 3]]);
    small.cleargrads();
    y.backward();
    assertClose(small.W.grad!, [[2, 3], [0, 0], [1, 1]]);
  });
});

import { L, array, random, F, initializers } from '../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../util';
import { checkLinkBackward } from './link-gradient';

const x4 = (n: number, c: number, h: number, w: number, seed: number) => array(randomValues(n * c * h * w, seed), { shape: [n, c, h, w] });

function stdOf(a: ArrayLike<number>): number {
  let s2 = 0;
  for (let i = 0; i < a.length; i++) s2 += a[i] * a[i];
  return Math.sqrt(s2 / a.length);
}

describeBackends('L.Convolution2D, L.Deconvolution2D, L.DepthwiseConvolution2D', (test) => {
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

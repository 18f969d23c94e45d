import { Chain, L, Variable, array, backend, initializers, random, F } from '../../src/index';
import { assert, assertClose, assertThrows, describeBackends, randomValues } from '../util';
import { checkLinkBackward } from './link-gradient';

/** y[n][o] = sum_i x[n][i] W[o][i] + b[o], computed independently on the host. */
function affine(x: number[][], W: number[][], b: number[] | null): number[][] {
  return x.map((row) => W.map((w, o) => w.reduce((s, v, i) => s + v * row[i], 0) + (b ? b[o] : 0)));
}

const mat = (rows: number, cols: number, seed: number) => {
  const v = randomValues(rows * cols, seed);
  return Array.from({ length: rows }, (_, r) => Array.from(v.subarray(r * cols, (r + 1) * cols)));
};

describeBackends('L.Linear', (test, b) => {
  test('parameters W (out, in) and b (out), Chainer\'s names and order', () => {
    const l = new L.Linear(4, 3);
    assert.equal(l.namedparams().map(([n, p]) => [n, p.shape]), [['/W', [3, 4]], ['/b', [3]]]);
    assertClose(l.b!.array, [0, 0, 0]);
    assert.is(l.inSize, 4);
    assert.is(l.outSize, 3);
  });

  test('W is LeCunNormal: std sqrt(1 / in)', () => {
    random.seed(5);
    const W = new L.Linear(400, 300).W.array.dataSync();
    let s2 = 0;
    for (const v of W) s2 += v * v;
    const std = Math.sqrt(s2 / W.length);
    assert.ok(Math.abs(std / Math.sqrt(1 / 400) - 1) < 0.02, `std ${std}`);
  });

  test('forward is x W^T + b', () => {
    const l = new L.Linear(3, 2, { initialW: array(mat(2, 3, 1)), initialBias: array([0.5, -1]) });
    const x = mat(4, 3, 2);
    assertClose(l.forward(new Variable(array(x))), affine(x, mat(2, 3, 1), [0.5, -1]), { atol: 1e-6 });
    assert.is(l.forward(array(x)).creator!.label, 'LinearFunction');
  });

  test('Linear(null, out) and Linear(out) create W on the first call', () => {
    for (const l of [new L.Linear(null, 5), new L.Linear(5)]) {
      assert.not.ok(l.W.isInitialized);
      assert.equal(l.namedparams(false).map(([n]) => n), ['/b']);
      const y = l.forward(array(mat(2, 7, 3)));
      assert.equal(y.shape, [2, 5]);
      assert.equal(l.W.shape, [5, 7]);
      assert.is(l.inSize, 7);
    }
    // Input axes after the batch axis are flattened, so the inferred size is their product.
    const l = new L.Linear(null, 2);
    l.forward(array(new Float32Array(2 * 3 * 4), { shape: [2, 3, 4] }));
    assert.equal(l.W.shape, [2, 12]);
    const m = new L.Linear(2, { nobias: true });
    assert.is(m.b, null);
    m.forward(array([[1, 2, 3]]));
    assert.equal(m.params().map((p) => p.shape), [[2, 3]]);
  });

  test('the first forward uses the initial W and b drawn by random initializers', () => {
    // Chainer 7.8.1 after numpy.random.seed(426): L.Linear(3, initial_bias=Uniform(0.3)) on x.
    random.seed(426);
    const l = new L.Linear(3, { initialBias: new initializers.Uniform(0.3) });
    const y = l.forward(array([[1, -2, 0.5, 3]]));
    assertClose(y, [[3.061070203781128, -3.3151752948760986, -0.14089444279670715]], { atol: 1e-6 });
    assertClose(l.b!.array, [0.22303937375545502, -0.05190514773130417, 0.03507831692695618]);
  });

  test('W draws its initial values before b, as Chainer', () => {
    // Chainer 7.8.1 after numpy.random.seed(426): L.Linear(4, 3, initial_bias=Uniform(0.3)).
    random.seed(426);
    const l = new L.Linear(4, 3, { initialBias: new initializers.Uniform(0.3) });
    assertClose(l.W.array, [[-0.11779014766216278, 0.5061509609222412, -0.9938512444496155, 0.8549779057502747],
      [0.5928788781166077, 0.5489698052406311, -0.4759827256202698, -0.3728174865245819],
      [-0.14727362990379333, 0.14328515529632568, -0.0612318255007267, 0.37324410676956177]]);
    assertClose(l.b!.array, [0.006220488343387842, -0.158982515335083, -0.09054934233427048]);
  });

  test('an input longer than a k block of the product adds its terms in order, as Chainer on numpy 1.24', () => {
    // numpy 1.24's sgemm (reference BLAS) adds x[n, k] W[o, k] one k after the other in
    // float32; Chainer 7.8.1's outputs for these inputs of 300 and 600 features.
    const f = (n: number, a: number, m: number, d: number) => Array.from({ length: n }, (_, i) => Math.fround((((i * a) % m) - Math.floor(m / 2)) / d));
    for (const [B, I, O, y] of [
      [2, 300, 3, [205.3737335205078, -270.4176940917969, 137.4505615234375, -17.13188934326172, -223.7472381591797, -85.00003051757812]],
      [4, 600, 2, [-18.373472213745117, 321.2418518066406, 40.61532211303711, -32.428646087646484, -153.4505157470703, 6.8022308349609375, 339.5056457519531, 87.09888458251953]],
    ] as const) {
      const l = new L.Linear(I, O, { initialW: array(f(O * I, 53, 97, 13), { shape: [O, I] }), nobias: true });
      const out = l.forward(array(f(B * I, 37, 101, 7), { shape: [B, I] }));
      // Bit for bit with the plain SIMD kernels; fused multiply-adds (the relaxed-SIMD build)
      // and webgl round their own way.
      const exact = b === 'wasm' && (backend.get('wasm') as unknown as { simdLevel: string }).simdLevel === 'simd128';
      assertClose(out.array.toTypedArray(), y, { atol: 0, rtol: exact ? 0 : 1e-5 });
    }
  });

  test('nobias, constant initializers and nBatchAxes', () => {
    const l = new L.Linear(2, 2, { nobias: true, initialW: 1 });
    assert.equal(l.params().length, 1);
    assertClose(l.forward(array([[1, 2]])), [[3, 3]]);
    const k = new L.Linear(3, 2, { initialW: new initializers.Constant(0.5), initialBias: 1 });
    const y = k.forward(array(new Float32Array(2 * 4 * 3).fill(1), { shape: [2, 4, 3] }), { nBatchAxes: 2 });
    assert.equal(y.shape, [2, 4, 2]);
    assertClose(y.array.dataSync()[0], 2.5);
    // Chainer's Linear(None, 2) called with n_batch_axes = x.ndim infers one input feature.
    const n = new L.Linear(null, 2, { initialW: 2, initialBias: 1 });
    assertClose(n.forward(array([[1, 2], [3, 4]]), { nBatchAxes: 2 }), [[[3, 3], [5, 5]], [[7, 7], [9, 9]]]);
    assert.equal(n.W.shape, [2, 1]);
  });

  test('gradients of W, b and x', () => {
    const l = new L.Linear(5, 3);
    checkLinkBackward(l, (x) => l.forward(x), [array(mat(4, 5, 9))]);
    const n = new L.Linear(null, 2, { nobias: true });
    checkLinkBackward(n, (x) => n.forward(x), [array(mat(3, 4, 10))]);
  });

  test('errors name the link and the sizes', () => {
    assertThrows(() => new L.Linear(3, 0), 'Linear', 'outSize');
    assertThrows(() => new L.Linear(2.5, 3), 'Linear', 'inSize');
    const l = new L.Linear(3, 2);
    assertThrows(() => l.forward(array([[1, 2]])), 'linear', '(2)', '(3)');
  });

  test('the seed MLP from the API contract: 784-100-10 with tanh', () => {
    class MLP extends Chain {
      l1 = new L.Linear(784, 100);
      l2 = new L.Linear(100, 10);
      override forward(x: Variable) { return this.l2.forward(F.tanh(this.l1.forward(x))); }
    }
    const m = new MLP();
    assert.equal(m.namedparams().map(([n, p]) => `${n} ${p.shape.join('x')}`), ['/l1/W 100x784', '/l1/b 100', '/l2/W 10x100', '/l2/b 10']);
    const y = m.forward(new Variable(array(new Float32Array(2 * 784).fill(0.1), { shape: [2, 784] })));
    assert.equal(y.shape, [2, 10]);
  });
});

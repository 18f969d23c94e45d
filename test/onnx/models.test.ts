// exportOnnx on whole models: the article's MLP, LeNet and one step of an LSTM language
// model, each run by onnxruntime and compared with kusari's forward within 1e-5.
import { Chain, F, L, Variable, config, exportOnnx, noBackpropMode, random } from '../../src/index';
import { assert, assertThrows, describeBackends } from '../util';
import { assertExportMatches, assertOutputsClose, ortOrSkip, predict, runExported } from './check';
import { decodeModel } from './decode';

/** The MLP of the article and examples/mnist: 784-100-10 with relu. */
class MLP extends Chain {
  l1 = new L.Linear(784, 100);
  l2 = new L.Linear(100, 10);
  override forward(x: Variable): Variable { return this.l2.forward(F.relu(this.l1.forward(x))); }
}

class LeNet extends Chain {
  conv1 = new L.Convolution2D(1, 6, 5, { pad: 2 });
  conv2 = new L.Convolution2D(6, 16, 5);
  fc1 = new L.Linear(400, 120);
  fc2 = new L.Linear(120, 84);
  fc3 = new L.Linear(84, 10);
  override forward(x: Variable): Variable {
    let h = F.maxPooling2d(F.relu(this.conv1.forward(x)), 2);
    h = F.maxPooling2d(F.relu(this.conv2.forward(h)), 2);
    h = F.relu(this.fc1.forward(h));
    return this.fc3.forward(F.relu(this.fc2.forward(h)));
  }
}

/** A word-level language model as in examples/ptb: embedding, an LSTM, the next-word scores. */
class LSTMLM extends Chain {
  embed = new L.EmbedID(20, 8);
  rnn = new L.LSTM(8, 8);
  out = new L.Linear(8, 20);
  override forward(words: Variable): Variable {
    return this.out.forward(this.rnn.forward(F.dropout(this.embed.forward(words))));
  }
}

/** A classifier around the MLP, so parameter names carry the 'predictor/' prefix as in npz files. */
class Classifier extends Chain {
  constructor(readonly predictor: MLP) { super(); }
  override forward(x: Variable): Variable { return this.predictor.forward(x); }
}

const images = (n: number, shape: number[]) => random.uniform([n, ...shape], 0, 1);

describeBackends('exportOnnx: models', (test) => {
  test('the article MLP runs in onnxruntime like in kusari, at the example batch and another', async () => {
    const model = new MLP();
    await assertExportMatches(model, [images(3, [784])], { runs: [[images(3, [784])], [images(7, [784])], [images(1, [784])]] });
  });

  test('an MLP exported from a batch of one runs at batch 100, as the inference benchmark uses it', async () => {
    const model = new MLP();
    await assertExportMatches(model, [images(1, [784])], { opset: 13, inputNames: ['input0'], runs: [[images(100, [784])]] });
  });

  test('the MLP model declares opset 17, named weights and a dynamic batch axis', () => {
    const m = decodeModel(exportOnnx(new Classifier(new MLP()), [images(2, [784])]));
    assert.ok(m.opset >= 13, `opset ${m.opset}`);
    assert.is(m.opset, 17);
    assert.equal([...m.initializers].sort(), [
      ['predictor/l1/W', [100, 784]], ['predictor/l1/b', [100]], ['predictor/l2/W', [10, 100]], ['predictor/l2/b', [10]],
    ]);
    assert.equal([...m.inputs], [['input0', ['batch', 784]]]);
    assert.equal([...m.outputs], [['output0', ['batch', 10]]]);
    assert.equal(m.ops, ['Gemm', 'Relu', 'Gemm']);
  });

  test('opset 13 exports run too', async () => {
    const model = new LeNet();
    const x = images(2, [1, 28, 28]);
    const bytes = await assertExportMatches(model, [x], { opset: 13 });
    const m = decodeModel(bytes!);
    assert.equal([m.opset, m.irVersion], [13, 7]);
    assertThrows(() => exportOnnx(model, [x], { opset: 18 }), 'exportOnnx: opset must be an integer from 13 to 17', 'got 18');
  });

  test('dynamicBatch: false fixes axis 0 to the example batch', () => {
    const m = decodeModel(exportOnnx(new MLP(), [images(2, [784])], { dynamicBatch: false, inputNames: ['x'], outputNames: ['y'] }));
    assert.equal([...m.inputs], [['x', [2, 784]]]);
    assert.equal([...m.outputs], [['y', [2, 10]]]);
  });

  test('LeNet (convolution, max pooling, relu, linear) matches kusari', async () => {
    const model = new LeNet();
    await assertExportMatches(model, [images(2, [1, 28, 28])], { runs: [[images(2, [1, 28, 28])], [images(5, [1, 28, 28])]] });
  });

  test('one step of an LSTM language model (embedId, L.LSTM, linear) matches kusari', async () => {
    const model = new LSTMLM();
    const words = (n: number) => random.randint(0, 20, [n]);
    const example = words(3);
    const bytes = exportOnnx(model, [example]);
    const names = [...decodeModel(bytes).initializers.keys()];
    for (const p of ['embed/W', 'rnn/upward/W', 'rnn/upward/b', 'out/W', 'out/b']) assert.ok(names.includes(p), `${p} in ${names}`);
    const ort = await ortOrSkip();
    if (!ort) return;
    // The export ran one step: each comparison starts from the initial (zero) state again.
    for (const xs of [example, words(3), words(6)]) {
      model.rnn.resetState();
      assertOutputsClose(await runExported(ort, bytes, [xs]), predict(model, [xs]));
    }
  });

  test('a later step of the language model starts from the state, held as constants', async () => {
    const model = new LSTMLM();
    const first = random.randint(0, 20, [3]), second = random.randint(0, 20, [3]);
    predict(model, [first]);
    const bytes = exportOnnx(model, [second]);
    // Only the exported step is in the graph: the first step's nodes are folded into its state.
    assert.is(decodeModel(bytes).ops.filter((op) => op === 'Gather').length, 1);
    const ort = await ortOrSkip();
    if (!ort) return;
    model.rnn.resetState();
    predict(model, [first]);
    assertOutputsClose(await runExported(ort, bytes, [second]), predict(model, [second]));
  });

  test('the h and c of an LSTM step are outputs too, from the cell function', async () => {
    const units = 5;
    const lstmStep = (c: Variable, x: Variable) => F.lstm(c, x);
    const c = random.uniform([4, units], -1, 1), x = random.uniform([4, 4 * units], -2, 2);
    await assertExportMatches(lstmStep, [c, x], { runs: [[c, x], [random.uniform([2, units], -1, 1), random.uniform([2, 4 * units], -2, 2)]] });
  });

  test('a GRU step from an explicit state (L.StatelessGRU)', async () => {
    const gru = new L.StatelessGRU(6, 4);
    const step = (n: number) => [random.uniform([n, 4], -1, 1), random.uniform([n, 6], -1, 1)];
    await assertExportMatches(gru, step(3), { runs: [step(3), step(5)] });
  });

  test('the export runs in test mode even inside noBackpropMode, and restores the configuration', () => {
    class Net extends Chain {
      bn = new L.BatchNormalization(3);
      override forward(x: Variable): Variable { return F.dropout(this.bn.forward(x), 0.9); }
    }
    const net = new Net();
    const before = net.bn.avg_mean!.dataSync().slice();
    const bytes = noBackpropMode(() => exportOnnx(net, [images(4, [3])]));
    assert.equal(decodeModel(bytes).ops, ['BatchNormalization']);
    assert.equal(net.bn.avg_mean!.dataSync(), before, 'the running mean is not updated');
    assert.is(config.train, true);
    assert.is(config.enableBackprop, true);
  });

  test('the file written with path holds the returned bytes', () => {
    const io = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
    if (!io) return;
    const fs = io('node:fs') as typeof import('node:fs'), os = io('node:os') as typeof import('node:os'), path = io('node:path') as typeof import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kusari-onnx-'));
    try {
      const file = path.join(dir, 'sub', 'mlp.onnx');
      const bytes = exportOnnx(new MLP(), [images(2, [784])], { path: file });
      assert.equal(new Uint8Array(fs.readFileSync(file)), bytes);
      assert.equal(fs.readdirSync(path.join(dir, 'sub')), ['mlp.onnx']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Exports from one example (a batch of 1) run at any batch size: the batch axis is followed
// from axis 0 of the inputs, not guessed among the axes of length 1.
import { Chain, F, L, Variable, exportOnnx, random, slice, zeros } from '../../src/index';
import { assert, assertThrows, describeBackends } from '../util';
import { assertExportMatches } from './check';
import { decodeModel } from './decode';

type Fn = (...xs: Variable[]) => Variable | Variable[];

const u = (shape: number[], lo = -2, hi = 2) => random.uniform(shape, lo, hi);

/** Exports fn at batch 1 and compares onnxruntime with kusari at batches 1, 3 and 5. */
async function fromOne(fn: Fn | Chain, shapes: number[][]): Promise<void> {
  const batch = (b: number) => shapes.map((s) => u([b, ...s]));
  await assertExportMatches(fn as Fn, batch(1), { runs: [batch(1), batch(3), batch(5)] });
}

class ConvNet extends Chain {
  conv = new L.Convolution2D(2, 3, 3, { pad: 1 });
  bn = new L.BatchNormalization(3);
  fc = new L.Linear(6 * 2 * 2, 4);
  override forward(x: Variable): Variable {
    const h = F.averagePooling2d(F.relu(this.bn.forward(this.conv.forward(x))), 2);
    return this.fc.forward(F.maxPooling2d(F.concat([h, h], 1), 1));
  }
}

describeBackends('exportOnnx: exported from a batch of 1', (test) => {
  test('layerNormalization and groupNormalization standardize each sample at any batch', async () => {
    const g4 = u([4]), b4 = u([4]), g6 = u([6]), b6 = u([6]);
    await fromOne((x) => F.layerNormalization(x, g4, b4), [[4]]);
    await fromOne((x) => F.groupNormalization(x, 3, g6, b6), [[6, 2, 2]]);
    await fromOne((x) => F.groupNormalization(x, 1, g6, b6), [[6]]);
  });

  test('the L.LayerNormalization link', async () => {
    const ln = new L.LayerNormalization(5);
    await fromOne((x) => ln.forward(x), [[5]]);
  });

  test('batchNormalization: the link in test mode, and the function over the batch', async () => {
    const bn = new L.BatchNormalization(3);
    await fromOne((x) => bn.forward(x), [[3, 2]]);
    const g = u([3]), b = u([3]);
    await fromOne((x) => F.batchNormalization(x, g, b), [[3, 2]]);
  });

  test('a transpose and reshape chain', async () => {
    await fromOne((x) => {
      const t = F.transpose(x, [1, 0, 2]);
      return [F.reshape(t, [3, x.shape[0] * 2]), F.reshape(F.swapaxes(t, 0, 1), [x.shape[0], 6]), F.reshape(F.transpose(x, [2, 1, 0]), [2, 3 * x.shape[0]])];
    }, [[3, 2]]);
    await fromOne((x) => F.reshape(F.transpose(F.reshape(x, [x.shape[0], 1, 6]), [1, 0, 2]), [1, x.shape[0] * 6]), [[6]]);
  });

  test('dstack and vstack of 1-D inputs', async () => {
    await fromOne((x, y) => [F.dstack([x, y]), F.vstack([x, y]), F.hstack([x, y])], [[], []]);
  });

  test('linear, convolution, batch normalization and pooling models', async () => {
    const l = new L.Linear(4, 3);
    await fromOne((x) => F.relu(l.forward(x)), [[4]]);
    await fromOne(new ConvNet(), [[2, 4, 4]]);
  });

  test('getItem: slices of the batch axis count from its dynamic ends', async () => {
    await fromOne((x) => [
      F.getItem(x, slice(-2, null)), F.getItem(x, slice(null, null, -1)), F.getItem(x, slice(1, null)),
      F.getItem(x, slice(null, -1)), F.getItem(x, slice(null, null, 2)), F.getItem(x, [slice(-3, null, -2), 1]), F.getItem(x, -1), F.getItem(x, [slice(-2, null), slice(null, null, -1)]),
    ], [[2]]);
    // A part of the batch is declared of unknown length, the whole batch (reversed or not) as 'batch'.
    const m = decodeModel(exportOnnx((x: Variable) => [F.getItem(x, slice(-2, null)), F.relu(F.getItem(x, slice(null, null, -1))), F.getItem(x, slice(null))], [u([1, 2])]));
    assert.equal([...m.outputs], [['output0', [null, 2]], ['output1', ['batch', 2]], ['output2', ['batch', 2]]]);
  });
});

describeBackends('exportOnnx: repeat along the batch', (test) => {
  test('repeats each row of the batch at run time, not the example\'s rows', async () => {
    await fromOne((x) => [F.repeat(x, 2, 0), F.repeat(x, 3), F.repeat(x, [2], 0), F.repeat(x, 2, 1), F.repeat(x, [1, 0, 2], -1)], [[3]]);
    const batch = (b: number) => [u([b, 2, 3])];
    await assertExportMatches((x) => [F.repeat(x, 3, 0), F.repeat(F.transpose(x, [1, 0, 2]), 2, 1)], batch(2), { runs: [batch(2), batch(4), batch(1)] });
  });
});

describeBackends('exportOnnx: splits of the batch axis', (test) => {
  test('nStepLstm runs at any batch size: its steps\' rows, stacked, are split per batch at run time', async () => {
    const w = (l: number) => Array.from({ length: 8 }, (_, j) => u([3, j < 4 && l === 0 ? 4 : 3], -0.5, 0.5));
    const b = () => Array.from({ length: 8 }, () => u([3], -0.5, 0.5));
    const ws = [w(0), w(1)], bs = [b(), b()];
    const lstm = (...xs: Variable[]) => {
      const h0 = zeros([2, xs[0].shape[0], 3]);
      const [hy, cy, ys] = F.nStepLstm(2, 0.2, h0, h0, ws, bs, xs);
      return [hy, cy, ...ys];
    };
    const steps = (n: number) => [u([n, 4]), u([n, 4]), u([n, 4])];
    await assertExportMatches(lstm, steps(2), { runs: [steps(2), steps(5), steps(1)] });
    await assertExportMatches(lstm, steps(1), { runs: [steps(1), steps(4)] });
  });

  test('splitAxis of the batch: into equal parts, at multiples of the batch after a concat along it, at positions of one batch', async () => {
    // Split points that are multiples of the batch are taken as counts of batches, as code computes them (nStepLstm).
    await fromOne((x) => [...F.splitAxis(F.concat([x, x.mul(2), x.mul(3)], 0), [x.shape[0], 2 * x.shape[0]], 0), ...F.splitAxis(x, [1], 0), ...F.splitAxis(x, 1, 0)], [[3]]);
    const batch = (n: number) => [u([n, 3])];
    // A discriminator's real and fake halves, concatenated then split in two.
    await assertExportMatches((x) => [...F.splitAxis(F.concat([x, x.mul(2)], 0), 2, 0), ...F.splitAxis(x, 2, 0), ...F.splitAxis(x, [1], 0)], batch(2), { runs: [batch(2), batch(6), batch(4)] });
  });
});

describeBackends('exportOnnx: tiles and pads of the batch axis', (test) => {
  test('tile and pad along the batch keep it on its axis, so a reshape after them follows it', async () => {
    await fromOne((x) => [F.reshape(F.tile(x, [2, 1]), [-1]), F.reshape(F.pad(x, [[1, 2], [0, 0]], 'constant'), [-1]), F.sum(F.tile(x, [3, 2]), 1)], [[3]]);
    const batch = (n: number) => [u([n, 3])];
    await assertExportMatches((x) => [F.reshape(F.tile(x, [2, 1]), [-1, 6]), F.reshape(F.pad(x, [[1, 1], [0, 0]], 'edge'), [-1])], batch(2), { runs: [batch(2), batch(4), batch(1)] });
  });

  test('pad in modes symmetric and wrap takes the edges of the batch at run time', async () => {
    const batch = (n: number) => [u([n, 3])];
    await assertExportMatches((x) => [F.pad(x, [[2, 1], [1, 2]], 'symmetric'), F.pad(x, [[1, 2], [0, 1]], 'wrap'), F.pad(x, [[3, 3], [0, 0]], 'symmetric')], batch(3), { runs: [batch(3), batch(5), batch(4)] });
  });
});

describeBackends('exportOnnx: cumsum of the flattened x', (test) => {
  test('keeps the batch outermost, so a reshape after it follows the batch', async () => {
    await fromOne((x) => [F.cumsum(x), F.reshape(F.cumsum(x), [-1, 4])], [[3, 4]]);
    const batch = (n: number) => [u([n, 3, 4])];
    const bytes = await assertExportMatches((x) => [F.cumsum(x), F.reshape(F.cumsum(x), [-1, 4])], batch(2), { runs: [batch(2), batch(5)] });
    assert.equal([...decodeModel(bytes!).outputs], [['output0', [null]], ['output1', [null, 4]]]);
  });
});

describeBackends('exportOnnx: the batch on two axes', (test) => {
  test('x y^T and an outer sum hold the batch on both axes: each follows it, and one stays where a reduction drops the other', async () => {
    const sim = (x: Variable, y: Variable) => [
      F.matmul(x, y, { transb: true }), F.reshape(F.mean(F.matmul(x, y, { transb: true }), 0), [-1, 1]),
      F.expandDims(F.sum(F.matmul(F.transpose(x), F.transpose(y), { transa: true }), 1), 0), F.transpose(F.softmax(F.add(F.getItem(x, [slice(null), slice(0, 1)]), F.transpose(F.getItem(y, [slice(null), slice(1, 2)]))), 0)),
      F.reshape(F.matmul(y, x, { transa: true }), [-1]),
    ];
    await fromOne(sim, [[3], [3]]);
    const pair = (n: number) => [u([n, 3]), u([n, 3])];
    const bytes = await assertExportMatches(sim, pair(2), { runs: [pair(2), pair(4), pair(1)] });
    assert.equal([...decodeModel(bytes!).outputs], [
      ['output0', ['batch', 'batch']], ['output1', ['batch', 1]], ['output2', [1, 'batch']], ['output3', ['batch', 'batch']], ['output4', [9]],
    ]);
  });
});

describeBackends('exportOnnx: a zero state made from the batch of 1', (test) => {
  test('follows the batch where it is concatenated or stacked with inputs', async () => {
    const cell = new L.Linear(6, 3);
    // A recurrent cell written out: the state starts at zeros of x.shape[0] rows.
    const rnn = (x: Variable) => {
      const h = zeros([x.shape[0], 3]);
      return [F.tanh(cell.forward(F.concat([x, h], 1))), F.stack([x, h], 1), F.hstack([h, x]), F.concat([F.expandDims(h, 1), F.expandDims(x, 1)], 1)];
    };
    await fromOne(rnn, [[3]]);
    assert.equal([...decodeModel(exportOnnx(rnn, [u([1, 3])])).outputs].map(([, dims]) => dims), [['batch', 3], ['batch', 2, 3], ['batch', 6], ['batch', 2, 3]]);
  });
});

describeBackends('exportOnnx: squeeze without axes', (test) => {
  test('removes the batch at a batch of 1 only: what follows is declared of unknown rank', async () => {
    const gap = (x: Variable) => [F.sigmoid(F.squeeze(F.averagePooling2d(x, 2))), F.averagePooling2d(x, 2)];
    const maps = (n: number) => [u([n, 3, 2, 2])];
    for (const b of [1, 2]) {
      const bytes = await assertExportMatches(gap, maps(b), { runs: [maps(b), maps(1), maps(4)] });
      assert.equal([...decodeModel(bytes!).outputs], [['output0', null], ['output1', ['batch', 3, 1, 1]]]);
    }
    // Without a dynamic batch the shapes are the example's.
    assert.equal([...decodeModel(exportOnnx(gap, maps(1), { dynamicBatch: false })).outputs], [['output0', [3]], ['output1', [1, 3, 1, 1]]]);
  });
});

describeBackends('exportOnnx: a batch axis that cannot stay dynamic', (test) => {
  test('is an error naming the function', () => {
    const x = u([2, 3]), one = u([1, 3]);
    assertThrows(() => exportOnnx((v: Variable) => F.reshape(v, [3, 2]), [x]), 'exportOnnx: F.reshape reshapes (2, 3) to (3, 2), spreading the batch (axis 0) over several axes', 'dynamicBatch false');
    assertThrows(() => exportOnnx((v: Variable) => F.squeeze(v, 0), [one]), 'exportOnnx: F.squeeze of (1, 3) removes the batch (axis 0)', 'dynamicBatch false');
    assertThrows(() => exportOnnx((v: Variable) => F.broadcastTo(v, [4, 3]), [one]), 'exportOnnx: F.broadcastTo of (1, 3) to (4, 3) broadcasts the batch (axis 0)', 'dynamicBatch false');
    assertThrows(() => exportOnnx((v: Variable) => F.repeat(v, [1, 2], 0), [x]), 'exportOnnx: F.repeat with a list of repeats along the batch (axis 0 of (2, 3))', 'dynamicBatch false');
    assertThrows(() => exportOnnx((v: Variable) => F.separate(v, 0), [x]), 'exportOnnx: F.separate of (2, 3) along the batch (axis 0) gives one output per row', 'dynamicBatch false');
    assertThrows(() => exportOnnx((v: Variable) => F.separate(F.transpose(v), 1), [one]), 'exportOnnx: F.separate of (3, 1) along the batch (axis 1)', 'dynamicBatch false');
    // With a fixed batch they export.
    for (const [fn, v] of [[(w: Variable) => F.separate(w, 0), x], [(w: Variable) => F.reshape(w, [3, 2]), x], [(w: Variable) => F.squeeze(w, 0), one], [(w: Variable) => F.broadcastTo(w, [4, 3]), one]] as const) {
      exportOnnx(fn, [v], { dynamicBatch: false });
    }
  });
});

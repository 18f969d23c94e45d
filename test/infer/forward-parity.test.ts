// kusari/infer loads its own kernel build, the forward kernels alone (assembly/infer.ts):
// the forward computation of every kernel family (elementwise maps, reductions, products
// and matrix-vector products on resident weights, gathers, softmax, scans, convolutions,
// pooling, embeddings, batch normalization with its running averages, the LSTM cell,
// softmax cross entropy, npz inflation) runs there and gives the whole library's numbers.
// Node drives it (publish-infer.mjs publishes the subpath and runs the script in Node, Deno
// and as esbuild bundles); a page cannot start processes.
import { suite } from 'uvu';
import * as kusari from '../../src/index';
import * as io from '../../src/io/index';
import { assert, assertClose } from '../util';
import { withTempDir } from '../datasets/tmpdir';

const test = suite('kusari/infer: forward kernels');
type Spawn = typeof import('node:child_process').spawnSync;
const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown; execPath: string } }).process;
const isDeno = typeof (globalThis as { Deno?: unknown }).Deno !== 'undefined';
const spawnSync = (proc?.getBuiltinModule?.('node:child_process') as { spawnSync: Spawn } | undefined)?.spawnSync;

// The cases, as JavaScript text run against the whole library here and against kusari/infer
// there: k holds F, L, Variable, array, fromTyped, random, usingConfig, noBackpropMode, readNpz.
const CASES = `(k, npz) => {
  const { F, L } = k;
  let s = 7;
  const values = (n) => Float32Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1);
  const x = (...shape) => k.fromTyped(values(shape.reduce((a, b) => a * b, 1)), shape);
  const ints = (list) => k.array(list, { dtype: 'int32' });
  const out = {};
  const put = (name, v) => { out[name] = Array.from((v instanceof k.Variable ? v.array : v).toTypedArray()); };
  k.random.seed(5);
  k.noBackpropMode(() => {
    const a = x(3, 4), b = x(3, 4);
    put('tanh', F.tanh(a)); put('add', F.add(a, x(4))); put('where', F.where(ints([[1, 0, 1, 0]]), a, b));
    put('cast', F.cast(ints([1, -2, 3]), 'float32')); put('exp', F.exp(a)); put('clip', F.clip(a, -0.5, 0.5));
    put('transpose', F.transpose(x(2, 3, 4), [2, 0, 1])); put('flip', F.flip(a, 1)); put('getItem', F.getItem(x(5, 3), [ints([4, 0, 4])]));
    put('sum', F.sum(x(3, 4, 5), 1)); put('max', F.max(a, 0)); put('argmax', F.argmax(a, 1));
    put('matmul', F.matmul(x(6, 5), x(7, 5), { transb: true })); put('batchMatmul', F.batchMatmul(x(2, 3, 4), x(2, 4, 5)));
    const lin = new L.Linear(33, 9);
    put('linear1', lin.forward(x(1, 33))); put('linear5', lin.forward(x(5, 33)));
    put('softmax', F.softmax(x(4, 6))); put('logSoftmax', F.logSoftmax(x(4, 6), 0));
    put('cumsum', F.cumsum(x(3, 5), 1)); put('prod', F.prod(x(3, 5), 0));
    put('concat', F.concat([a, b], 1)); put('stack', F.stack([a, b], 2)); put('tile', F.tile(a, [2, 1])); put('repeat', F.repeat(a, 2, 1));
    put('pad', F.pad(a, 2, 'reflect')); put('selectItem', F.selectItem(a, ints([0, 3, 2])));
    const img = x(2, 3, 7, 6);
    put('conv', new L.Convolution2D(3, 4, 3, { stride: 2, pad: 1 }).forward(img));
    put('deconv', new L.Deconvolution2D(3, 2, 3, { stride: 2, pad: 1 }).forward(img));
    put('depthwise', new L.DepthwiseConvolution2D(3, 2, 3).forward(img));
    put('maxPool', F.maxPooling2d(img, 3, { stride: 2 })); put('avgPool', F.averagePooling2d(img, 2, { pad: 1 }));
    put('unpool', F.unpooling2d(img, 2)); put('lrn', F.localResponseNormalization(img));
    put('embed', new L.EmbedID(10, 4, { ignoreLabel: -1 }).forward(ints([[3, -1], [9, 0]])));
    const bn = new L.BatchNormalization(3);
    put('bnTrain', bn.forward(img)); put('bnMean', bn.avgMean); put('bnVar', bn.avgVar);
    k.usingConfig('train', false, () => put('bnTest', bn.forward(img)));
    put('layerNorm', new L.LayerNormalization(5).forward(x(4, 5)));
    put('groupNorm', F.groupNormalization(img, 3, x(3), x(3)));
    const lstm = new L.LSTM(5, 4);
    put('lstm1', lstm.forward(x(3, 5))); put('lstm2', lstm.forward(x(3, 5)));
    const ws = [Array.from({ length: 8 }, (_, i) => x(4, i < 4 ? 3 : 4))], bs = [Array.from({ length: 8 }, () => x(4))];
    const [hy, cy, ys] = F.nStepLstm(1, 0, x(1, 2, 4), x(1, 2, 4), ws, bs, [x(2, 3), x(2, 3), x(1, 3)]);
    put('nStepHy', hy); put('nStepCy', cy); put('nStepY0', ys[0]);
    const t = ints([0, 5, 2, -1]);
    put('sce', F.softmaxCrossEntropy(x(4, 6), t)); put('sceNoReduce', F.softmaxCrossEntropy(x(4, 6), t, { reduce: 'no' }));
    put('sigmoidCE', F.sigmoidCrossEntropy(x(4, 3), ints([[0, 1, -1], [1, 1, 0], [0, 0, 0], [1, 0, 1]])));
    put('mse', F.meanSquaredError(a, b));
    k.usingConfig('train', true, () => put('dropout', F.dropout(x(4, 8), 0.3)));
  });
  out.npz = Array.from(k.readNpz(npz).get('w').data);
  return out;
}`;

const predict = (npzBase64: string) => `import * as k from 'kusari/infer';
const cases = ${CASES};
const npz = Uint8Array.from(atob('${npzBase64}'), (c) => c.charCodeAt(0));
console.log(JSON.stringify({ y: cases(k, npz) }));
`;

if (spawnSync && proc && !isDeno) {
  test('every forward kernel runs in kusari/infer and gives the whole library\'s numbers', () => {
    withTempDir('kusari-infer-forward-', (dir) => {
      // a compressed member: the inflate kernel
      const w = kusari.array(Array.from({ length: 300 }, (_, i) => i), { shape: [30, 10] });
      const npz = kusari.serializers.saveNpz(null, { w } as never);
      const cases = new Function(`return ${CASES}`)() as (k: unknown, npz: Uint8Array) => Record<string, number[]>;
      const expected = cases({ ...kusari, ...kusari.serializers }, npz as Uint8Array);
      io.nodeFs()!.writeFileSync(io.joinPath(dir, 'predict.mjs'), predict(btoa(String.fromCharCode(...(npz as Uint8Array)))));
      const helper = new URL('../../test/infer/publish-infer.mjs', import.meta.url).pathname;
      const r = spawnSync(proc.execPath, [helper, dir], { encoding: 'utf8', timeout: 10 * 60 * 1000 });
      assert.is(r.status, 0, `publish-infer.mjs: ${String(r.stderr).slice(-2000)}`);
      const { runs } = JSON.parse(String(r.stdout).trim().split('\n').at(-1)!);
      assert.equal(Object.keys(runs), ['node', 'deno', 'edge', 'embedded']);
      assert.ok(Object.keys(expected).length >= 50, `${Object.keys(expected).length} cases`);
      for (const [runtime, run] of Object.entries(runs) as [string, { error?: string; y: Record<string, number[]> }][]) {
        assert.is(run.error, undefined, `${runtime}: ${run.error}`);
        assert.equal(Object.keys(run.y), Object.keys(expected), runtime);
        for (const [name, values] of Object.entries(expected)) {
          // Node runs the same kernels as this process; Deno may run the relaxed-SIMD build
          if (runtime !== 'deno') assert.equal(run.y[name], values, `${runtime}: ${name}`);
          else {
            try { assertClose(run.y[name], values, { rtol: 1e-5, atol: 1e-6 }); } catch (e) { throw new Error(`${runtime}: ${name}: ${(e as Error).message}`); }
          }
        }
      }
    });
  });
}
test.run();

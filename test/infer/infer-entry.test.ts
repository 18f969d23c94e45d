// kusari/infer as users get it: published into a project's node_modules by the build, a
// script imports the package subpath in Node and Deno and as an esbuild bundle, loads a
// small model from npz and predicts. The bundle holds no gradient or training code, and
// the predictions are the whole library's (and a float64 reference's). Node drives it
// (publish-infer.mjs runs esbuild); a page cannot start processes.
import { suite } from 'uvu';
import { Chain, F, L, Variable, fromTyped, noBackpropMode, random, serializers } from '../../src/index';
import * as io from '../../src/io/index';
import { assert, assertClose } from '../util';
import { withTempDir } from '../datasets/tmpdir';

const test = suite('kusari/infer: the published subpath');
type Spawn = typeof import('node:child_process').spawnSync;
const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown; execPath: string } }).process;
const isDeno = typeof (globalThis as { Deno?: unknown }).Deno !== 'undefined';
const spawnSync = (proc?.getBuiltinModule?.('node:child_process') as { spawnSync: Spawn } | undefined)?.spawnSync;

class MLP extends Chain {
  l1: L.Linear;
  l2: L.Linear;
  constructor() {
    super();
    this.l1 = new L.Linear(6, 5);
    this.l2 = new L.Linear(5, 3);
  }
  override forward(x: Variable | ReturnType<typeof fromTyped>): Variable {
    return this.l2.forward(F.tanh(this.l1.forward(x)));
  }
}

// In Deno, records every read of \`process\` (the start of Deno's Node compatibility layer,
// 25-40 ms of a young process) from here on: imported before kusari/infer.
const TRAP = `const found = Object.getOwnPropertyDescriptor(globalThis, 'process');
globalThis.processReads = [];
if (globalThis.Deno && found?.get) {
  Object.defineProperty(globalThis, 'process', { configurable: true, get() {
    globalThis.processReads.push(new Error().stack.split('\\n').slice(2, 5).join(' < '));
    return found.get.call(globalThis);
  } });
}
`;

// The same network through kusari/infer; it also reports where the subpath resolved and
// what backward and Variable's operators say there.
const PREDICT = `import './trap.mjs';
import { Chain, Linear, tanh, sum, loadNpz, fromTyped, noBackpropMode } from 'kusari/infer';
class MLP extends Chain {
  constructor() { super(); this.l1 = new Linear(6, 5); this.l2 = new Linear(5, 3); }
  forward(x) { return this.l2.forward(tanh(this.l1.forward(x))); }
}
const model = new MLP();
loadNpz('model.npz', model);
const x = fromTyped(Float32Array.from(X), [2, 6]);
const y = noBackpropMode(() => model.forward(x));
const processReads = [...globalThis.processReads];
const message = (f) => { try { f(); return 'no error'; } catch (e) { return e.message; } };
const unchained = model.forward(x);
console.log(JSON.stringify({
  y: Array.from(y.array.toTypedArray()),
  resolved: import.meta.resolve?.('kusari/infer') ?? null,
  recorded: unchained.creator !== null,
  noGradients: model.l1.W.grad === null && model.l2.b.grad === null,
  backward: message(() => sum(unchained).backward()),
  operators: message(() => unchained.sum()),
  link: String(model.l1),
  processReads,
  // Node's list of the built-in modules loaded so far (Deno has none)
  workerThreads: globalThis.process?.moduleLoadList?.includes('NativeModule worker_threads') ?? null,
}));
`;

const X = Array.from({ length: 12 }, (_, i) => Math.sin(i + 1));

/** y = tanh(x W1^T + b1) W2^T + b2 in float64 from the float32 parameters. */
function reference(model: MLP): number[] {
  const layer = (x: number[], rows: number, l: L.Linear) => {
    const W = l.W.array.toTypedArray(), b = l.b!.array.toTypedArray();
    const [nOut, nIn] = l.W.shape;
    const y: number[] = [];
    for (let r = 0; r < rows; r++) {
      for (let o = 0; o < nOut; o++) {
        let s = b[o];
        for (let i = 0; i < nIn; i++) s += x[r * nIn + i] * W[o * nIn + i];
        y.push(s);
      }
    }
    return y;
  };
  const x = Array.from(Float32Array.from(X));
  return layer(layer(x, 2, model.l1).map(Math.tanh), 2, model.l2);
}

if (spawnSync && proc && !isDeno) {
  test('a project imports kusari/infer in Node and Deno and bundles it; no training code, same predictions', () => {
    withTempDir('kusari-infer-', (dir) => {
      random.seed(3);
      const model = new MLP();
      serializers.saveNpz(io.joinPath(dir, 'model.npz'), model);
      const full = Array.from(noBackpropMode(() => model.forward(fromTyped(Float32Array.from(X), [2, 6]))).array.toTypedArray());
      const expected = reference(model);
      io.nodeFs()!.writeFileSync(io.joinPath(dir, 'predict.mjs'), `const X = ${JSON.stringify(X)};\n${PREDICT}`);
      io.nodeFs()!.writeFileSync(io.joinPath(dir, 'trap.mjs'), TRAP);
      const helper = new URL('../../test/infer/publish-infer.mjs', import.meta.url).pathname;
      const r = spawnSync(proc.execPath, [helper, dir], { encoding: 'utf8', timeout: 10 * 60 * 1000 });
      assert.is(r.status, 0, `publish-infer.mjs: ${String(r.stderr).slice(-2000)}`);
      const out = JSON.parse(String(r.stdout).trim().split('\n').at(-1)!);

      // the infer bundle's sources: forward computation only
      const sources: string[] = out.sources;
      for (const absent of [/^src\/training\//, /^src\/optimizers\//, /^src\/core\/backward\.ts$/, /^src\/core\/grad\.ts$/,
        /^src\/testing\//, /^src\/datasets\//, /^src\/iterators\//, /^src\/computational-graph\//, /^src\/backends\/webgl\//,
        /^glsl\//, /twgl/]) {
        const found = sources.filter((s) => absent.test(s));
        assert.equal(found, [], `the infer bundle has no ${absent}`);
      }
      assert.ok(sources.includes('src/infer/forward-only.ts'), 'the graph-free core stands in for backward.ts');
      assert.ok(sources.includes('src/functions/rnn/n-step-lstm.ts') && sources.includes('src/links/connection/convolution-2d.ts'),
        'every function and link is there');

      // the script's bundle keeps what it uses: Linear's and tanh's forward, not their backward (MatMul, mul), nor other functions
      const kept: string[] = out.kept;
      assert.ok(kept.includes('dist/infer/functions/connection/linear.js'), kept.join(', '));
      for (const absent of ['functions/math/matmul.js', 'functions/math/basic-math.js', 'functions/loss/', 'functions/connection/convolution-2d.js',
        'links/rnn/', 'functions/operators.js']) {
        assert.ok(!kept.some((f) => f.includes(absent)), `the script's bundle has no ${absent}`);
      }

      for (const [runtime, run] of Object.entries(out.runs) as [string, { error?: string; y: number[]; resolved: string | null; recorded: boolean; noGradients: boolean; backward: string; operators: string; workerThreads: boolean | null }][]) {
        assert.is(run.error, undefined, `${runtime}: ${run.error}`);
        assertClose(run.y, expected, { rtol: 1e-5, atol: 1e-6 });
        assert.is(run.recorded, false, `${runtime}: no graph is recorded`);
        assert.is(run.noGradients, true, `${runtime}: no (NaN) gradient array is kept per parameter`);
        assert.match(run.backward, /^Variable.backward: kusari\/infer computes forward only/, runtime);
        assert.match(run.operators, /arithmetic and indexing methods are not installed.*installVariableOperators\(\)/, runtime);
      }
      // kernels this small never split: no worker thread is started, nor worker_threads loaded
      assert.is(out.runs.node.workerThreads, false);
      assert.is(out.runs.edge.workerThreads, false);
      // Deno: importing, building the model, loading its npz from a path and predicting never
      // start the Node compatibility layer (through process or a node: module)
      assert.equal(out.runs.deno.processReads, [], 'Deno reads process on the prediction path');
      // Node runs the same kernels as this process: exactly the whole library's numbers
      assert.equal(out.runs.node.y, full);
      assert.equal(out.runs.edge.y, full);
      assert.equal(out.runs.embedded.y, full);
      assert.equal(Object.keys(out.runs), ['node', 'deno', 'edge', 'embedded']);
      // dist/infer.js is minified: its classes keep their names through the build's pins
      assert.is(out.runs.node.link, 'Linear(inSize=6, outSize=5, nobias=false)');
      assert.is(out.runs.deno.link, 'Linear(inSize=6, outSize=5, nobias=false)');
      assert.match(out.runs.node.resolved, /node_modules\/kusari\/dist\/infer\.js$/);
      assert.match(out.runs.deno.resolved, /node_modules\/kusari\/dist\/infer\.js$/);
    });
  });
}
test.run();

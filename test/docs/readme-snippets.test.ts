// The README's runnable snippets, the fenced blocks after `<!-- snippet: NAME -->`, run as a
// user runs them, against the package built into a scratch project's node_modules
// (test/package/installed.ts), each in a scratch folder of that project that it may write
// into: `deno` with deno run, `edge` and `onnx` with node, `browser` in headless Chromium
// (browser-snippet.mjs). What they print is checked against computations of the test's own
// (float64 references, the known answer) or, for ONNX, onnxruntime's. Node only (they start
// processes), outside the one-kernel-thread run.
import { suite } from 'uvu';
import { Chain, F, L, NDArray, Variable, datasets, iterators, optimizers, random, serializers, training } from '../../src/index';
import { assert, assertClose } from '../util';
import { decodeModel } from '../onnx/decode';
import { denoConfig, installedPackage, packageTestsRun, projectRoot, readText, run, writeText } from '../package/installed';

const test = suite('README snippets');
type Fs = typeof import('node:fs');
const proc = (globalThis as { process?: { execPath: string; env: Record<string, string | undefined>; getBuiltinModule(id: string): unknown } }).process;
const fs = () => proc!.getBuiltinModule('node:fs') as Fs;

interface Snippet { language: string; code: string; section: string }

/** The marked snippets of README.md by name, with their fence's language and the section (## heading) they are in. */
function readmeSnippets(): Map<string, Snippet> {
  const text = readText(`${projectRoot()}/README.md`);
  const snippets = new Map<string, Snippet>();
  for (const m of text.matchAll(/^<!-- snippet: ([\w-]+) -->\n```(\w+)\n([\s\S]*?)\n```$/gm)) {
    const section = [...text.slice(0, m.index).matchAll(/^## (.+)$/gm)].at(-1)?.[1] ?? '';
    assert.ok(!snippets.has(m[1]), `one snippet named ${m[1]}`);
    snippets.set(m[1], { language: m[2], code: m[3], section });
  }
  return snippets;
}

function snippet(name: string): string {
  const s = readmeSnippets().get(name);
  assert.ok(s, `README.md has the snippet ${name}`);
  return s!.code;
}

/** A scratch folder inside the installed project (so that 'kusari' resolves), holding `files`. */
async function scratchFolder(files: Record<string, string | Uint8Array> = {}): Promise<string> {
  const { project } = await installedPackage();
  const dir = fs().mkdtempSync(`${project}/snippet-`);
  for (const [name, content] of Object.entries(files)) fs().writeFileSync(`${dir}/${name}`, content);
  return dir;
}

/** The numbers in a program's output, in order (typed arrays' `Float32Array(6)` labels left out). */
function numbersIn(output: string): number[] {
  return [...output.replace(/\b\w+Array\(\d+\)/g, '').matchAll(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/g)].map((m) => Number(m[0]));
}

class MLP extends Chain {
  l1 = new L.Linear(784, 100);
  l2 = new L.Linear(100, 10);
  override forward(x: Variable | NDArray): Variable {
    return this.l2.forward(F.tanh(this.l1.forward(x)));
  }
}

/** softmax(W2 tanh(W1 x + b1) + b2) in float64 from the model's parameters. */
function probabilitiesInFloat64(model: MLP, x: ArrayLike<number>): number[] {
  const layer = (l: L.Linear, input: ArrayLike<number>) => {
    const [W, b] = [l.W.array.dataSync(), l.b!.array.dataSync()];
    const [nOut, nIn] = l.W.shape;
    return Array.from({ length: nOut }, (_, o) => {
      let s = b[o];
      for (let i = 0; i < nIn; i++) s += W[o * nIn + i] * input[i];
      return s;
    });
  };
  const y = layer(model.l2, layer(model.l1, x).map(Math.tanh));
  const top = Math.max(...y);
  const e = y.map((v) => Math.exp(v - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

if (packageTestsRun) {
  test('README.md has the snippets of In the browser, In Deno, Edge inference and Export to ONNX, importing the package', () => {
    const found = Object.fromEntries([...readmeSnippets()].map(([name, s]) => [name, `${s.section} (${s.language})`]));
    assert.equal(found, {
      browser: 'In the browser (html)',
      deno: 'In Deno (ts)',
      edge: 'Edge inference (js)',
      onnx: 'Export to ONNX (js)',
    });
    for (const [name, s] of readmeSnippets()) {
      assert.ok(/from 'kusari(\/infer)?'/.test(s.code), `${name} imports kusari or kusari/infer`);
    }
  });

  test('In Deno: deno run --check --allow-read line.ts learns y = 2x - 1', async () => {
    const dir = await scratchFolder({ 'line.ts': snippet('deno') });
    const r = await run(`${projectRoot()}/node_modules/.bin/deno`, ['run', '--check', '--allow-read', '--config', await denoConfig(), 'line.ts'], dir);
    console.log(`  deno run line.ts: ${r.seconds.toFixed(1)} s`);
    assert.is(r.status, 0, r.output);
    const printed = /w = (\S+), b = (\S+)/.exec(r.output);
    assert.ok(printed, r.output);
    // Four points exactly on y = 2x - 1: least squares has w = 2, b = -1 (printed to 3 decimals).
    assert.equal([Number(printed![1]), Number(printed![2])], [2, -1], r.output);
  });

  test('Edge inference: predict.mjs loads a trained MLP through kusari/infer and classifies a real MNIST digit', async () => {
    random.seed(5);
    const [train, testSet] = datasets.getMnist();
    const model = new MLP();
    const optimizer = new optimizers.Adam();
    optimizer.setup(new L.Classifier(model));
    const iterator = new iterators.SerialIterator(new datasets.SubDataset(train, 0, 5000), 100);
    const dir = await scratchFolder();
    new training.Trainer(new training.updaters.StandardUpdater(iterator, optimizer), [100, 'iteration'], { out: dir }).run();
    serializers.saveNpz(`${dir}/mlp.npz`, model);
    const [x, label] = testSet.get(0) as [datasets.HostArray, number];
    // the grey levels as bytes, as an image file holds them (getMnist divides them by 255)
    const bytes = Uint8Array.from(x.data, (v) => Math.round(v * 255));
    fs().writeFileSync(`${dir}/digit.raw`, bytes);
    writeText(`${dir}/predict.mjs`, snippet('edge'));

    const r = await run(proc!.execPath, ['predict.mjs'], dir);
    assert.is(r.status, 0, r.output);
    const printed = /digit (\d), probability (\S+)/.exec(r.output);
    assert.ok(printed, r.output);
    const p = probabilitiesInFloat64(model, Array.from(bytes, (v) => v / 255));
    const expected = p.indexOf(Math.max(...p));
    console.log(`  predict.mjs: ${printed![0]}; float64: digit ${expected}, probability ${p[expected].toFixed(4)}; label ${label}`);
    assert.is(Number(printed![1]), expected);
    assert.ok(Math.abs(Number(printed![2]) - p[expected]) <= 1e-4, `probability ${printed![2]}, float64 ${p[expected]}`);
    assert.is(expected, Number(label), 'the trained model reads the digit');
  });

  test('Export to ONNX: export.mjs writes mlp.onnx, and onnxruntime gives kusari\'s outputs on another batch size', async () => {
    const { project } = await installedPackage();
    const ort = `${project}/node_modules/onnxruntime-web`;
    if (!fs().existsSync(ort)) fs().symlinkSync(`${projectRoot()}/node_modules/onnxruntime-web`, ort);
    const dir = await scratchFolder({ 'export.mjs': snippet('onnx') });
    const r = await run(proc!.execPath, ['export.mjs'], dir);
    assert.is(r.status, 0, r.output);
    const numbers = numbersIn(r.output);
    assert.is(numbers.length, 2 + 6 + 6, `dims, onnxruntime's outputs and kusari's:\n${r.output}`);
    assert.equal(numbers.slice(0, 2), [3, 2], 'onnxruntime: a batch of 3 (the example had 2), two outputs');
    assertClose(numbers.slice(2, 8), numbers.slice(8), { atol: 1e-5, rtol: 1e-5 });
    const written = decodeModel(fs().readFileSync(`${dir}/mlp.onnx`));
    assert.is(written.opset, 17);
    assert.equal(written.inputs.get('input0'), ['batch', 3]);
    assert.equal(written.outputs.get('output0'), ['batch', 2]);
    assert.ok(written.ops.includes('Relu'), written.ops.join(', '));
  });

  test('In the browser: the page as a script (cross-origin isolated) and as a bundle runs on the backend auto picks, with the right loss and gradient', async () => {
    const chromium = proc!.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    if (!fs().existsSync(chromium)) {
      if (proc!.env.REQUIRE_BROWSER === '1') assert.unreachable(`no Chromium at ${chromium}`);
      console.log(`  (no Chromium at ${chromium}: the browser snippet did not run)`);
      return;
    }
    const { project } = await installedPackage();
    const dir = await scratchFolder({ 'page.html': snippet('browser') });
    const r = await run(proc!.execPath, [`${projectRoot()}/test/docs/browser-snippet.mjs`, project, `${dir}/page.html`], projectRoot());
    assert.is(r.status, 0, r.output);
    const runs = JSON.parse(r.output.trim().split('\n').at(-1)!) as Record<string, { text: string; isolated: boolean; cores: number; floatTargets: boolean; errors: string[] }>;
    console.log(`  browser snippet: ${r.seconds.toFixed(1)} s; ${Object.entries(runs).map(([way, v]) => `${way}: ${v.text}`).join('; ')}`);

    // softmax cross entropy of x = [[1, 2, 3], [0, 0, 0]], t = [2, 0] in float64: mean of
    // -log softmax(x)[t], gradient (softmax(x) - onehot(t)) / 2
    const x = [[1, 2, 3], [0, 0, 0]], t = [2, 0];
    const softmax = x.map((row) => { const e = row.map(Math.exp); const s = e.reduce((a, b) => a + b); return e.map((v) => v / s); });
    const loss = -(Math.log(softmax[0][t[0]]) + Math.log(softmax[1][t[1]])) / 2;
    const gradient = softmax.flatMap((row, i) => row.map((p, j) => (p - (j === t[i] ? 1 : 0)) / 2));

    assert.equal(Object.keys(runs), ['script', 'bundle']);
    for (const [way, page] of Object.entries(runs)) {
      assert.equal(page.errors, [], `${way}: no page errors`);
      const shown = /^(\w+) \(wasm threads: (\d+)\): loss (\S+), gradient (.+)$/.exec(page.text);
      assert.ok(shown, `${way}: ${page.text}`);
      assert.is(shown![1], page.floatTargets ? 'webgl' : 'wasm', `${way}: auto picks webgl where WebGL2 renders to float textures`);
      assert.is(page.isolated, way === 'script', `${way}: served ${way === 'script' ? 'with' : 'without'} the isolation headers`);
      assert.is(Number(shown![2]), page.isolated ? Math.min(page.cores, 4) : 1, `${way}: threads where cross-origin isolated, else one`);
      assertClose([Number(shown![3])], [loss], { atol: 1e-6, rtol: 1e-5 });
      assertClose(shown![4].split(' ').map(Number), gradient, { atol: 1e-6, rtol: 1e-5 });
    }
  });
}
test.run();

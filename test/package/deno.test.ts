// Deno and the package: deno.json agrees with package.json; `deno check` of
// examples/deno/predict.ts and of a user file that imports 'kusari' through deno.json's
// import map and through npm (node_modules); `deno publish --dry-run` of the built package;
// and `deno run` of predict.ts on a small model trained here, its accuracy checked against
// one computed in float64 from the saved weights.
import { suite } from 'uvu';
import { Chain, F, L, NDArray, Variable, datasets, iterators, optimizers, random, training } from '../../src/index';
import { assert } from '../util';
import { denoConfig, installedPackage, packageTestsRun, projectRoot, readText, run, typeErrors, writeText } from './installed';

const test = suite('package in Deno');
const deno = () => `${projectRoot()}/node_modules/.bin/deno`;

class MLP extends Chain {
  l1 = new L.Linear(784, 16);
  l2 = new L.Linear(16, 10);
  override forward(x: Variable | NDArray): Variable {
    return this.l2.forward(F.tanh(this.l1.forward(x)));
  }
}

/** Correct predictions of argmax(W2 tanh(W1 x + b1) + b2) over the first n test images, in float64. */
function correctInFloat64(model: MLP, test: datasets.TupleDataset, n: number): number {
  const [W1, b1, W2, b2] = [model.l1.W, model.l1.b!, model.l2.W, model.l2.b!].map((p) => p.array.dataSync());
  let correct = 0;
  for (let k = 0; k < n; k++) {
    const [x, t] = test.get(k) as [datasets.HostArray, number];
    const pixels = x.data;
    const h = Array.from({ length: 16 }, (_, j) => {
      let s = b1[j];
      for (let i = 0; i < 784; i++) s += W1[j * 784 + i] * pixels[i];
      return Math.tanh(s);
    });
    const y = Array.from({ length: 10 }, (_, c) => h.reduce((s, v, j) => s + W2[c * 16 + j] * v, b2[c]));
    if (y.indexOf(Math.max(...y)) === Number(t)) correct++;
  }
  return correct;
}

if (packageTestsRun) {
  test('deno.json and package.json give the same version and entry points', () => {
    const config = JSON.parse(readText(`${projectRoot()}/deno.json`)) as { version: string; imports: Record<string, string>; exports: Record<string, string> };
    const pkg = JSON.parse(readText(`${projectRoot()}/package.json`)) as { name: string; version: string; exports: Record<string, { deno?: string; import?: string; default?: string }> };
    assert.is(config.version, pkg.version);
    assert.equal(Object.keys(config.exports).sort(), Object.keys(pkg.exports).sort(), 'every subpath of package.json is a JSR export');
    for (const [subpath, target] of Object.entries(config.exports)) {
      assert.is(target, pkg.exports[subpath].deno ?? pkg.exports[subpath].import ?? pkg.exports[subpath].default, `deno.json exports '${subpath}' as package.json does`);
      const name = `${pkg.name}${subpath.slice(1)}`;
      assert.is(config.imports[name], target, `deno.json maps '${name}' to it`);
    }
  });

  test('deno check: predict.ts and user.ts through the import map, user.ts through npm; type-error.ts fails both ways', async () => {
    const { project } = await installedPackage();
    const config = await denoConfig();
    const example = `${projectRoot()}/examples/deno/predict.ts`;
    const [mapped, npm] = await Promise.all([
      run(deno(), ['check', '--config', config, example, 'user.ts', 'type-error.ts'], project),
      // No deno.json: 'kusari' is the package.json dependency in node_modules.
      run(deno(), ['check', 'user.ts', 'type-error.ts'], project),
    ]);
    console.log(`  deno check (import map): ${mapped.seconds.toFixed(1)} s, (npm): ${npm.seconds.toFixed(1)} s`);
    for (const [how, r] of [['import map', mapped], ['npm', npm]] as const) {
      assert.equal(typeErrors(r.output), ['type-error.ts:4 TS2322'], `${how}: only type-error.ts fails:\n${r.output}`);
      assert.ok(r.status !== 0, `${how}: deno check exits with an error status`);
      assert.ok(/Check .*user\.ts/.test(r.output), `${how}: user.ts was checked:\n${r.output}`);
    }
  });

  test('deno publish --dry-run accepts deno.json and the built files as a JSR package', async () => {
    const { packageDir } = await installedPackage();
    for (const file of ['deno.json', 'README.md', 'LICENSE']) writeText(`${packageDir}/${file}`, readText(`${projectRoot()}/${file}`));
    const r = await run(deno(), ['publish', '--dry-run', '--allow-dirty'], packageDir);
    console.log(`  deno publish --dry-run: ${r.seconds.toFixed(1)} s`);
    assert.is(r.status, 0, `dry run:\n${r.output.slice(-3000)}`);
    for (const file of ['dist/kusari.js', 'dist/kusari.d.ts', 'dist/types/src/index.d.ts']) {
      assert.ok(r.output.includes(`${packageDir}/${file} `), `${file} is published`);
    }
  });

  test('deno run predict.ts classifies MNIST test images with a trained snapshot', async () => {
    const { project } = await installedPackage();
    const config = await denoConfig();
    random.seed(3);
    const [train, testSet] = datasets.getMnist();
    const predictor = new MLP();
    const model = new L.Classifier(predictor);
    const optimizer = new optimizers.Adam();
    optimizer.setup(model);
    const iterator = new iterators.SerialIterator(new datasets.SubDataset(train, 0, 2000), 50);
    const out = `${project}/result`;
    const trainer = new training.Trainer(new training.updaters.StandardUpdater(iterator, optimizer), [40, 'iteration'], { out });
    // The snapshot `npm start` writes: the whole trainer, the MLP under updater/model:main/predictor/.
    trainer.extend(training.extensions.snapshot(), { trigger: [40, 'iteration'] });
    trainer.run();

    const n = 500;
    const r = await run(deno(), ['run', '--allow-read', '--config', config, `${projectRoot()}/examples/deno/predict.ts`, `${out}/snapshot_iter_40`, '--count', String(n)], projectRoot());
    console.log(`  deno run predict.ts: ${r.seconds.toFixed(1)} s`);
    assert.is(r.status, 0, `predict.ts exits cleanly:\n${r.output}`);
    assert.ok(r.output.includes('(784-16-10 tanh)'), `the layer sizes are read from the snapshot:\n${r.output}`);
    const printed = /accuracy (\S+) on (\d+) MNIST test images/.exec(r.output);
    assert.ok(printed, `an accuracy line:\n${r.output}`);
    const accuracy = Number(printed![1]);
    assert.is(Number(printed![2]), n);
    assert.ok(accuracy >= 0 && accuracy <= 1, `accuracy ${accuracy} is a fraction`);
    // float32 against float64 logits may break a near tie the other way: one image of slack.
    const expected = correctInFloat64(predictor, testSet, n) / n;
    console.log(`  accuracy on ${n} images: predict.ts ${accuracy}, float64 ${expected}`);
    assert.ok(Math.abs(accuracy - expected) <= 1 / n + 1e-9, `predict.ts accuracy ${accuracy}, float64 ${expected}`);
    assert.ok(expected > 0.5, `40 iterations of Adam train the MLP beyond chance (${expected})`);
  });
}
test.run();

// The published library inside a user's minified bundle: classes keep their names (what
// printed links, FunctionNode labels and messages show) through a getter in their bodies,
// never a name defined after the class (V8 then constructs it, and every class extending
// it, on a slow path), and the functions it exports keep theirs (a Sequential prints
// <function relu>), named at import from their export keys: no name pins per function in
// dist/kusari.js.
import { suite } from 'uvu';
import { assert } from '../util';
import { installedPackage, packageTestsRun, projectRoot, readText, run, writeText } from './installed';

const test = suite('package bundle');

const SCRIPT = `import * as kusari from 'kusari';
const { L, F, array, initializers } = kusari;
const link = new L.Linear(3, 2);
const y = F.relu(link.forward(array([[1, 2, 3]])));
let message = '';
try { new initializers.Normal(1, { rng: 3 }); } catch (e) { message = e.message; }
// every class the library exports, through its namespaces too, by the name of its key
const renamed = [], namedLater = [], seen = new Set();
const walk = (ns, path) => {
  seen.add(ns);
  for (const [key, v] of Object.entries(ns)) {
    if (typeof v === 'function' && /^[A-Z]/.test(key)) {
      if (v.name !== key) renamed.push(path + key + ' ' + v.name);
      if (!Object.getOwnPropertyDescriptor(v, 'name')?.get) namedLater.push(path + key);
    }
    else if (v && typeof v === 'object' && !seen.has(v) && [null, Object.prototype].includes(Object.getPrototypeOf(v))) walk(v, path + key + '.');
  }
};
walk(kusari, '');
const logLabel = F.log(F.exp(new kusari.Variable(array([1])))).creator.label;
const functions = [F.relu.name, F.softmax.name, kusari.zeros.name, kusari.random.normal.name];
const printed = String(new kusari.Sequential(F.relu)).split('\\n')[1].trim();
console.log(JSON.stringify({ link: String(link), label: y.creator.label, message, renamed, namedLater, logLabel, functions, printed }));
`;

if (packageTestsRun) {
  test('a minified bundle of kusari names its classes and exported functions; dist/kusari.js pins no function names', async () => {
    const { project, packageDir } = await installedPackage();
    const library = readText(`${packageDir}/dist/kusari.js`);
    // every class names itself in its body, exported or not; exported functions are named at import
    assert.ok(/\bpinExportedFunctionNames\(/.test(library), 'exported functions are named at import');
    for (const name of ['Linear', 'FunctionNode', 'SquaredError', 'Heap']) {
      assert.ok(new RegExp(`static get name\\(\\) \\{\\s*return "${name}";`).test(library), `${name} names itself`);
    }
    assert.not.ok(/\bpinClassName\(/.test(library), 'no class is named after it is built');
    assert.not.ok(/__name\(/.test(library), 'no keepNames pins: no function names, no static blocks naming classes');
    writeText(`${project}/names.mjs`, SCRIPT);
    const esbuild = `${projectRoot()}/node_modules/esbuild/lib/main.js`;
    const bundle = await run(process.execPath, ['--input-type=module', '-e',
      `import { buildSync } from ${JSON.stringify(esbuild)}; buildSync({ entryPoints: ['names.mjs'], outfile: 'kusari/dist/names.js', bundle: true, minify: true, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'], logLevel: 'error' });`], project);
    assert.is(bundle.status, 0, bundle.output);
    // beside the kernel files, as a user serves them
    const r = await run(process.execPath, [`${packageDir}/dist/names.js`], project);
    assert.is(r.status, 0, r.output);
    const out = JSON.parse(r.output.trim().split('\n').at(-1)!);
    assert.equal(out, {
      link: 'Linear(inSize=3, outSize=2, nobias=false)', label: 'ReLU', message: 'Normal: rng must be a random.Generator, got 3',
      renamed: ['F.SquaredDifference SquaredError'], namedLater: [], logLabel: 'Log',
      functions: ['relu', 'softmax', 'zeros', 'normal'], printed: '(0): <function relu>,',
    });
  });
}

test.run();

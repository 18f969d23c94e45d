// The API reference (`npm run docs`): scripts/docs.mjs runs TypeDoc into a scratch folder
// with no error or warning, and the pages document what the library really has: every
// method and accessor that a class's prototype carries here is a member on its
// page, and the doc comments of the sources are the pages' text. Node only (it starts
// TypeDoc), outside the one-kernel-thread run.
import { suite } from 'uvu';
import { Chain, Variable, L, exportOnnx, training } from '../../src/index';
import { assert } from '../util';
import { packageTestsRun, projectRoot, readText, run } from '../package/installed';

const test = suite('API reference (npm run docs)');
type Fs = typeof import('node:fs');
const proc = (globalThis as { process?: { execPath: string; getBuiltinModule(id: string): unknown } }).process;

/** The text a page shows: tags dropped (TypeDoc breaks long names with <wbr/>), entities decoded, spaces collapsed. */
function pageText(html: string): string {
  return html.replace(/<wbr\/>/g, '').replace(/<[^>]+>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

/** The members a class page documents: its headings' names (after tags such as Protected). */
function members(html: string): Set<string> {
  return new Set([...html.matchAll(/<h3 class="tsd-anchor-link" id="[^"]*">(?:<code class="tsd-tag">\w+<\/code>)*<span>(.*?)<\/span>/g)].map((m) => m[1].replace(/<wbr\/>/g, '')));
}

/**
 * The methods and accessors a class's instances get from its own prototype (not Object's),
 * but those its source declares private, which the reference leaves out as users cannot
 * call them.
 */
function ownMembers(cls: { prototype: object }, source: string): string[] {
  const text = readText(`${projectRoot()}/${source}`);
  const isPrivate = (name: string) => new RegExp(`\\bprivate\\s+(?:static\\s+|get\\s+|set\\s+|async\\s+|\\*\\s*)*${name}\\b`).test(text);
  return Object.getOwnPropertyNames(cls.prototype).filter((name) => name !== 'constructor' && !isPrivate(name));
}

/** The first sentence of the doc comment right above `declaration` in a source file, as text. */
function docSummary(file: string, declaration: string): string {
  const source = readText(`${projectRoot()}/${file}`);
  const at = source.indexOf(declaration);
  assert.ok(at > 0, `${file} declares ${declaration}`);
  const before = source.slice(0, at);
  const comment = /^\/\*\*([\s\S]*?)\*\/\s*$/.exec(before.slice(before.lastIndexOf('/**')));
  assert.ok(comment, `${declaration} has a doc comment`);
  const text = comment![1].split('\n').map((line) => line.replace(/^\s*\* ?/, '')).join(' ');
  return text.replace(/`/g, '').replace(/\s+/g, ' ').trim().split(/(?<=\.) /)[0];
}

if (packageTestsRun) {
  test('TypeDoc documents kusari and kusari/infer without errors or warnings; the pages are those of the real classes and functions', async () => {
    const fs = proc!.getBuiltinModule('node:fs') as Fs;
    const os = proc!.getBuiltinModule('node:os') as typeof import('node:os');
    const out = fs.mkdtempSync(`${os.tmpdir()}/kusari-docs-`);
    try {
      const r = await run(proc!.execPath, [`${projectRoot()}/scripts/docs.mjs`, '--out', out], projectRoot());
      console.log(`  npm run docs: ${r.seconds.toFixed(1)} s`);
      assert.is(r.status, 0, `scripts/docs.mjs exits cleanly:\n${r.output}`);
      const summary = /docs: (\d+) errors, (\d+) warnings/.exec(r.output);
      assert.ok(summary, `a summary line:\n${r.output}`);
      assert.equal([Number(summary![1]), Number(summary![2])], [0, 0], `no errors or warnings:\n${r.output}`);
      const page = (path: string) => {
        assert.ok(fs.existsSync(`${out}/${path}`), `${path} is written`);
        return readText(`${out}/${path}`);
      };

      // The entry points: the package's two subpaths, with their modules' comments.
      assert.ok(page('index.html').includes('kusari'), 'the front page (README.md)');
      assert.ok(pageText(page('modules/kusari.html')).includes("kusari: Chainer's define-by-run deep learning for TypeScript."));
      const infer = pageText(page('modules/kusari_infer.html'));
      assert.ok(infer.includes('kusari/infer: run trained models.'), 'the module comment of src/infer.ts');
      for (const name of ['loadNpz', 'noBackpropMode', 'Linear', 'tanh', 'fromTyped']) {
        assert.ok(new RegExp(`\\b${name}\\b`).test(infer), `kusari/infer lists ${name}`);
      }
      assert.ok(page('assets/search.js').length > 10_000, 'a search index');

      // Classes: every method and accessor of the prototype is a documented member, and so
      // are the named members, which an instance has (where one is quick to make).
      const classes: [string, { prototype: object; name: string }, string, string[], (() => object) | null][] = [
        ['classes/kusari.Variable.html', Variable, 'src/core/variable.ts', ['backward', 'grad', 'creator', 'unchainBackward', 'reshape'], () => new Variable()],
        ['classes/kusari.Chain.html', Chain, 'src/links/link.ts', ['forward', 'params', 'namedparams', 'cleargrads', 'toDevice', 'serialize'], () => new Chain()],
        ['classes/kusari.L.Linear.html', L.Linear, 'src/links/connection/linear.ts', ['W', 'b', 'forward', 'inSize', 'outSize'], () => new L.Linear(2, 3)],
        ['classes/kusari.training.Trainer.html', training.Trainer, 'src/training/trainer.ts', ['run', 'runAsync', 'extend', 'updater', 'out'], null],
      ];
      for (const [path, cls, source, named, make] of classes) {
        const documented = members(page(path));
        const own = ownMembers(cls, source);
        assert.ok(own.length >= 2, `${path}: the class has methods here`);
        const missing = [...own, ...named].filter((name) => !documented.has(name));
        assert.equal(missing, [], `${path} documents ${[...own, ...named].join(', ')}`);
        const instance = make?.();
        if (instance) for (const name of named) assert.ok(name in instance, `${name} is a member of a real ${cls.name}`);
      }
      // Doc comments of the sources are the pages' text.
      const linearOptions = pageText(page('interfaces/kusari.L.LinearOptions.html'));
      assert.ok(linearOptions.includes(docSummary('src/links/connection/linear.ts', '  initialW?: InitializerLike;')), 'LinearOptions.initialW');
      const onnx = pageText(page('functions/kusari.exportOnnx.html'));
      assert.ok(onnx.includes(docSummary('src/onnx/export.ts', 'export function exportOnnx(')), `exportOnnx's comment:\n${onnx.slice(0, 2000)}`);
      // its parameters as the source declares them (a bundle may rename them in exportOnnx.toString())
      const declared = /export function exportOnnx\((.*)\): Uint8Array \{/.exec(readText(`${projectRoot()}/src/onnx/export.ts`))![1];
      const parameters = [...declared.matchAll(/(?:^|, )(\w+)\??:/g)].map((m) => m[1]);
      assert.is(parameters.length, exportOnnx.length + 1, `${parameters.join(', ')}: the last one has a default`);
      for (const parameter of parameters) assert.match(onnx, new RegExp(`\\b${parameter} \\??:`), `exportOnnx's parameter ${parameter}`);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
}
test.run();

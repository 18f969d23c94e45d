// Builds the kernels (two wasm modules) and the library bundles with their types:
// dist/kusari.js (everything) and kusari/infer (forward computation only: dist/infer.js
// for Node and Deno, the modules of dist/infer/ for bundlers), each loading the one kernel
// build its runtime uses from dist/kusari-*.wasm.
//   node scripts/build.mjs [--no-types] [--reuse-kernels] [--dist=<dir>]
// --reuse-kernels keeps wasm modules already built; --dist writes the bundles and their
// declarations to <dir> instead of dist/ (tests build a package in a scratch directory).
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
const args = new Set(process.argv.slice(2));
const dist = process.argv.slice(2).find((a) => a.startsWith('--dist='))?.slice('--dist='.length) ?? `${root}/dist`;

/**
 * The kernel builds, each for plain and for relaxed SIMD: kusari-*.wasm holds every kernel
 * (assembly/index.ts), kusari-infer-*.wasm those of forward computation alone
 * (assembly/infer.ts), which kusari/infer loads: a fifth smaller download.
 */
export const kernelBuilds = [
  { entry: 'assembly/index.ts', name: 'kusari' },
  { entry: 'assembly/infer.ts', name: 'kusari-infer' },
].flatMap(({ entry, name }) => ['simd', 'relaxed'].map((target) => ({ entry, target, file: `${name}-${target}.wasm` })));

export function buildKernels() {
  mkdirSync(`${root}/build`, { recursive: true });
  for (const { entry, target, file } of kernelBuilds) {
    execFileSync(bin('asc'), [entry, '--config', 'asconfig.json', '--target', target, '--outFile', `build/${file}`], { cwd: root, stdio: 'inherit' });
  }
}

/**
 * GLSL sources as text without comments, indentation, blank lines or the spaces beside
 * punctuation (under a third of their size). Preprocessor directives stay lines of their own, as
 * written; other lines join after a `;`, `{` or `}`. A space stays between two operator
 * characters (`a - -b`, `x = -y`), which would otherwise read as one token.
 */
export function minifyGlsl(text) {
  // a line continuation would join a directive to the line after it
  if (/\\[ \t]*\r?$/m.test(text)) throw new Error('minifyGlsl: a GLSL line ends in a backslash (line continuation), which the minifier does not keep');
  const lines = text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ').split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim()).filter((line) => line !== '')
    .map((line) => (line.startsWith('#') ? line : line.replace(/ /g, (space, i) => {
      const [before, after] = [line[i - 1], line[i + 1]];
      const punctuation = /[^\w.]/, operator = /[-+*/%=<>!&|^]/;
      return (punctuation.test(before) || punctuation.test(after)) && !(operator.test(before) && operator.test(after)) ? '' : space;
    })));
  const next = (i) => lines[i + 1] ?? '#'; // the text ends in a newline
  return lines.map((line, i) => line + (line.startsWith('#') || next(i).startsWith('#') || !/[;{}]$/.test(line) ? '\n' : '')).join('');
}

export const glslMinified = {
  name: 'glsl-minified',
  setup(build) {
    build.onLoad({ filter: /\.glsl$/ }, (a) => ({ contents: minifyGlsl(readFileSync(a.path, 'utf8')), loader: 'text' }));
  },
};

/**
 * twgl.js ships as one module whose top level calls factories (the vertex generators of
 * its primitives: a sphere, a torus, the letter F's vertices...). esbuild cannot tell
 * that these calls have no effect, so it keeps them, and what they reach, in every bundle.
 * Marking them pure lets it drop what the webgl backend does not use (10.7 -> 7.0 KB gzip).
 */
export const twglPureFactories = {
  name: 'twgl-pure-factories',
  setup(build) {
    build.onLoad({ filter: /[\\/]twgl\.js[\\/].*\.module\.js$/ }, (a) => ({
      contents: withPureTables(readFileSync(a.path, 'utf8')).replace(/= (createBufferInfoFunc|createBufferFunc|wrapCallbackFnToAsyncFn)\(/g, '= /* @__PURE__ */ $1('),
      loader: 'js',
    }));
  },
};

/**
 * twgl.js fills its lookup tables at its top level: `const t = {};` then a block, or lines
 * `t[KEY] = value;`, of assignments. Those statements keep every table in a bundle, the
 * unused ones too (texture formats, attribute setters, framebuffer attachments): each
 * becomes a pure function call that returns the table, which the bundler drops with its
 * last use (1 KB gzip).
 */
export function withPureTables(text) {
  return text
    .replace(/^const (\w+) = \{\};\n(\{\n[\s\S]*?\n\}\n)/gm, (whole, name, block) => `const ${name} = /* @__PURE__ */ (() => {\nconst ${name} = {};\n${block}return ${name};\n})();\n`)
    .replace(/^const (\w+) = \{\};\n((?:\1\[.*\] *=.*;\n)+)/gm, (whole, name, lines) => `const ${name} = /* @__PURE__ */ (() => {\nconst ${name} = {};\n${lines}return ${name};\n})();\n`);
}

/**
 * worker-source.ts with the worker's program (the text of workerSource) minified: bundles
 * minify the library's code but not the code inside a string. The `${...}` substitutions
 * stand in as placeholder names, which minifying leaves alone (they are unbound).
 */
export function withMinifiedWorker(text) {
  const m = /(export const workerSource = `)([^`]*)(`;)/.exec(text);
  if (!m) throw new Error('build: worker-source.ts declares no workerSource template');
  const subs = [];
  const code = m[2].replace(/\$\{([^}]*)\}/g, (whole) => `__kusari_sub${subs.push(whole) - 1}__`);
  const min = esbuild.transformSync(code, { minify: true, target: 'es2022' }).code.trim();
  if (/[`\\]|\$\{/.test(min)) throw new Error('build: the minified worker has a backtick, backslash or ${, which the template would change');
  return text.slice(0, m.index) + m[1] + min.replace(/__kusari_sub(\d+)__/g, (w, i) => subs[i]) + m[3] + text.slice(m.index + m[0].length);
}

export const minifiedWorker = {
  name: 'minified-worker',
  setup(build) {
    build.onLoad({ filter: /[\\/]worker-source\.ts$/ }, (a) => ({ contents: withMinifiedWorker(readFileSync(a.path, 'utf8')), loader: 'ts' }));
  },
};

export const bundleOptions = {
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  // Kernels are embedded: wasm modules as bytes, GLSL shader sources as text.
  loader: { '.wasm': 'binary', '.glsl': 'text' },
  // The neutral platform reads no package fields by default; dependencies (twgl.js) name
  // their ES module in `module`.
  mainFields: ['module', 'main'],
  // Tests and examples keep every name (their own classes too); the published bundles pin
  // the library's class names instead (publishOptions).
  keepNames: true,
  logLevel: 'warning',
  plugins: [minifiedWorker, glslMinified, twglPureFactories],
};

/**
 * The sources with each class naming itself from its body: `static get name() { return
 * "Linear"; }` after the `{` of its header, on that line, so the source map holds. Class
 * headers are written on one line ending in `{` (or `{}`). A name pinned any later, by
 * Object.defineProperty on the class (esbuild's keepNames, a call after the class), makes
 * V8 construct that class and every class extending it on a slow path: `new` of a
 * FunctionNode subclass took about 15 times as long, which a forward pass of small layers
 * pays on every function it applies.
 */
export function withClassNamePins(text, file = 'source') {
  return text.split('\n').map((line, i) => {
    const m = /^\s*(?:export )?(?:abstract )?class ([A-Za-z_$][\w$]*)\b.*\{\s*(\}\s*)?$/.exec(line);
    if (!m) {
      // a header on several lines would leave its class to a user's minifier to rename
      if (/^\s*(?:export )?(?:abstract )?class [A-Za-z_$]/.test(line)) throw new Error(`build: ${file}:${i + 1}: a class header must end its line with '{'`);
      return line;
    }
    const pin = `static get name() { return ${JSON.stringify(m[1])}; }`;
    return m[2] ? line.replace(/\{\s*\}\s*$/, `{ ${pin} }`) : line.replace(/\{\s*$/, `{ ${pin}`);
  }).join('\n');
}

/**
 * Pins the names of the library's classes, which messages and printed models show (a
 * link's `Linear(...)`, a FunctionNode's label, `Adam.setup: ...`), against the renaming of
 * a user's minifying bundler. esbuild's keepNames would pin every function's name too,
 * which nothing reads (the library's hooks and extensions carry explicit names), and pins
 * classes by defining their name after the class (see withClassNamePins).
 */
export const classNamePins = {
  name: 'class-name-pins',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (a) => (a.path.startsWith(join(root, 'src'))
      ? { contents: withClassNamePins(readFileSync(a.path, 'utf8'), a.path), loader: 'ts' } : undefined));
  },
};

/** Options of the published bundles: the library's class names pinned, no other names. */
export const publishOptions = { ...bundleOptions, keepNames: false, plugins: [...bundleOptions.plugins, classNamePins] };

// Deno (and JSR) read a JavaScript module's types from this pragma; Node and bundlers read
// package.json's "types".
const selfTypes = (name) => ({ js: `/* @ts-self-types="./${name}.d.ts" */` });

/**
 * Published bundles read the kernels from files beside them (kernel-files.ts in place of
 * kernel-bytes.ts): a runtime loads only the build it runs, and a bundler that inlines
 * kusari still ships one build. The embedded variant stays the default of bundleOptions,
 * for one-file bundles (the tests).
 */
export const kernelFiles = kernelsFrom('kernel-files.ts');
/** kusari/infer's: the builds of forward computation alone (infer-kernel-files.ts). */
const inferKernelFiles = kernelsFrom('infer-kernel-files.ts');

function kernelsFrom(file) {
  return {
    name: `kernels-from-${file}`,
    setup(build) {
      build.onResolve({ filter: /^\.\/kernel-bytes$/ }, (a) => ({ path: join(a.resolveDir, file) }));
    },
  };
}

/** The embedded kernels (kernel-bytes.ts) of kusari/infer: its builds in place of the whole library's. */
const inferKernelBytes = {
  name: 'infer-kernel-bytes',
  setup(build) {
    build.onResolve({ filter: /\/build\/kusari-(simd|relaxed)\.wasm$/ }, (a) => ({ path: join(a.resolveDir, a.path.replace(/kusari-(\w+)\.wasm$/, 'kusari-infer-$1.wasm')) }));
  },
};

/** Modules kusari/infer replaces: the graph walk by a core that records no graph, the reporter by one with no trainer. */
const inferSwaps = {
  [join(root, 'src/core/backward.ts')]: join(root, 'src/infer/forward-only.ts'),
  [join(root, 'src/training/reporter.ts')]: join(root, 'src/infer/no-reporter.ts'),
};

/**
 * kusari/infer's build: the inferSwaps, and the functions lose their backward methods, so
 * that what only gradients use (their helper functions and imports) drops out of the bundle.
 */
export const forwardOnly = {
  name: 'forward-only',
  setup(build) {
    build.onResolve({ filter: /\/(backward|reporter)$/ }, (a) => {
      const swap = inferSwaps[join(a.resolveDir, `${a.path}.ts`)];
      return swap ? { path: swap } : undefined;
    });
    build.onLoad({ filter: /[\\/]src[\\/]functions[\\/].*\.ts$/ }, (a) => ({ contents: withClassNamePins(withoutBackward(readFileSync(a.path, 'utf8'), a.path), a.path), loader: 'ts' }));
  },
};

/** The class members named backward of a source file, removed (two-space indented, as the sources are written). */
export function withoutBackward(text, file = 'source') {
  const lines = text.split('\n'), out = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^  (?:override |protected |public )*backward\(/.test(lines[i])) { out.push(lines[i]); continue; }
    if (/\}\s*$/.test(lines[i]) && !/\{\s*$/.test(lines[i])) continue; // one line
    const end = lines.indexOf('  }', i + 1);
    if (end < 0) throw new Error(`build: ${file}:${i + 1}: backward() has no closing '  }'`);
    i = end;
  }
  return out.join('\n');
}

/** Options of the bundle behind kusari/infer (entry src/infer.ts); forwardOnly loads src/functions/ (class names pinned). */
export const inferOptions = { ...publishOptions, entryPoints: [`${root}/src/infer.ts`], plugins: [forwardOnly, ...publishOptions.plugins] };

/**
 * dist/kusari.js and dist/kusari.min.js (one file each), kusari/infer as one file
 * (dist/infer.js) and as modules (dist/infer/), and the kernels they load, into outDir.
 */
export async function buildBundles(outDir = `${root}/dist`) {
  const library = { ...publishOptions, entryPoints: [`${root}/src/index.ts`], plugins: [...publishOptions.plugins, kernelFiles], banner: selfTypes('kusari') };
  await esbuild.build({ ...library, outfile: `${outDir}/kusari.js`, sourcemap: true });
  // the same module minified, for pages that import it without a bundler (a third smaller
  // download gzipped); its source map leads stack traces back to the sources
  await esbuild.build({ ...library, outfile: `${outDir}/kusari.min.js`, minify: true, sourcemap: true });
  await buildInfer(outDir);
}

/**
 * kusari/infer twice: one minified file for Node and Deno, which load it faster than the
 * modules (package.json's "node" and "deno" conditions), and the modules for bundlers;
 * with the kernels they load.
 */
export async function buildInfer(outDir) {
  await esbuild.build({ ...inferOptions, plugins: [...inferOptions.plugins, inferKernelFiles], outfile: `${outDir}/infer.js`, minify: true, sourcemap: true, banner: selfTypes('infer') });
  await buildInferModules(outDir);
  for (const { file } of kernelBuilds) copyFileSync(`${root}/build/${file}`, `${outDir}/${file}`);
}

/**
 * kusari/infer as ES modules, one per source file under outDir/infer/ (the entry is
 * infer/infer.js), so that a bundler keeps only the modules a script reaches: a bundled
 * file would keep every function behind the F and L namespace objects. The modules are
 * those of inferOptions' bundle, with the same swaps. They get their kernels through the
 * package import '#kernels' (package.json "imports"): infer-kernel-files.js in outDir, beside
 * the .wasm files it reads, or, under the condition "kusari-embedded", infer-kernels-embedded.js,
 * which holds both builds for a bundle that must be one file.
 */
export async function buildInferModules(outDir) {
  const kernelBytes = join(root, 'src/backends/wasm/kernel-bytes.ts');
  const { metafile } = await esbuild.build({ ...inferOptions, absWorkingDir: root, write: false, metafile: true, outfile: 'infer.js' });
  const sources = Object.keys(metafile.inputs).map((f) => join(root, f))
    .filter((f) => !f.includes('node_modules/') && !f.endsWith('.wasm') && f !== kernelBytes);
  // src/x.ts -> infer/x.js; the opcode tables shared with the kernels (assembly/) -> infer/assembly/
  const output = (source) => {
    const path = relative(root, source);
    if (path.startsWith('..')) throw new Error(`build: kusari/infer reaches ${source}, outside the repository`);
    return join(outDir, 'infer', path.replace(/^src\//, '').replace(/\.ts$/, '.js'));
  };
  rmSync(join(outDir, 'infer'), { recursive: true, force: true });
  await esbuild.build({ ...bundleOptions, entryPoints: [join(root, 'src/backends/wasm/infer-kernel-files.ts')], outfile: join(outDir, 'infer-kernel-files.js') });
  await esbuild.build({ ...bundleOptions, plugins: [...bundleOptions.plugins, inferKernelBytes], entryPoints: [kernelBytes], outfile: join(outDir, 'infer-kernels-embedded.js') });
  for (const source of sources) {
    let text = withClassNamePins(readFileSync(source, 'utf8'), source);
    if (source.startsWith(join(root, 'src/functions/'))) text = withoutBackward(text, source);
    if (source.endsWith('worker-source.ts')) text = withMinifiedWorker(text);
    // Without keepNames: its naming statements would keep every function in a bundle, and
    // the classes name themselves (withClassNamePins) through a user's minifier.
    // (esbuild.transform reads no tsconfig: the setting of src/tsconfig.json, given here)
    const { code } = await esbuild.transform(text, {
      loader: 'ts', format: 'esm', target: bundleOptions.target, sourcefile: relative(root, source),
      tsconfigRaw: { compilerOptions: { useDefineForClassFields: false } },
    });
    const out = output(source);
    const linked = code.replace(/(\bfrom\s*|\bimport\s*\(\s*|\bimport\s*)(["'])(\.{1,2}\/[^"']*)\2/g, (whole, lead, quote, spec) => {
      const base = join(dirname(source), spec);
      const target = [`${base}.ts`, join(base, 'index.ts')].find(existsSync);
      if (!target) throw new Error(`build: ${relative(root, source)} imports '${spec}', which is no source file`);
      if (target === kernelBytes) return `${lead}${quote}#kernels${quote}`;
      let to = relative(dirname(out), output(inferSwaps[target] ?? target)).replace(/\\/g, '/');
      if (!to.startsWith('.')) to = `./${to}`;
      return `${lead}${quote}${to}${quote}`;
    });
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, linked);
  }
}

async function main() {
  const kernels = kernelBuilds.map(({ file }) => `${root}/build/${file}`);
  if (!args.has('--reuse-kernels') || !kernels.every((f) => existsSync(f))) buildKernels();
  await buildBundles(dist);
  if (!args.has('--no-types')) {
    execFileSync(bin('tsc'), ['-p', 'tsconfig.json', '--declaration', '--emitDeclarationOnly', '--outDir', 'build/types'], { cwd: root, stdio: 'inherit' });
    await bundleTypes();
  }
}

// One kusari.d.ts that re-exports the generated declarations. Relative specifiers get the
// file they name ('./variable' -> './variable.js', './ops' -> './ops/index.js'), so that the
// declarations resolve under every moduleResolution (NodeNext and Node16 require it; Bundler
// accepts it). tsc maps './variable.js' to variable.d.ts; Deno, outside node_modules, opens
// the file named, so each declaration gets a stub variable.js that points back to it.
async function bundleTypes() {
  const { writeFileSync, cpSync, rmSync } = await import('node:fs');
  rmSync(`${dist}/types`, { recursive: true, force: true });
  cpSync(`${root}/build/types`, `${dist}/types`, { recursive: true });
  for (const file of declarationFiles(`${dist}/types`)) {
    writeFileSync(file, withExtensions(readFileSync(file, 'utf8'), dirname(file)));
    writeFileSync(file.replace(/\.d\.ts$/, '.js'), `/* @ts-self-types="./${basename(file)}" */\nexport {};\n`);
  }
  writeFileSync(`${dist}/kusari.d.ts`, "export * from './types/src/index.js';\n");
  writeFileSync(`${dist}/infer.d.ts`, "export * from './types/src/infer.js';\n");
}

function declarationFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? declarationFiles(join(dir, e.name)) : e.name.endsWith('.d.ts') ? [join(dir, e.name)] : []);
}

/** Rewrites relative module specifiers (from '...', import('...')) to the .js file they name. */
export function withExtensions(text, dir) {
  return text.replace(/(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}(?:\/[^'"]*)?)\2/g, (whole, lead, quote, spec) => {
    if (/\.(js|mjs|cjs|json)$/.test(spec)) return whole;
    const target = existsSync(join(dir, `${spec}.d.ts`)) ? `${spec}.js`
      : existsSync(join(dir, spec, 'index.d.ts')) ? `${spec.replace(/\/$/, '')}/index.js` : null;
    if (target === null) throw new Error(`build: declaration in ${dir} imports '${spec}', which has no declaration file`);
    return `${lead}${quote}${target}${quote}`;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();

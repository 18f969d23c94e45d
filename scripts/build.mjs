// Builds the kernels (two wasm modules) and the library bundle with its types.
//   node scripts/build.mjs [--no-types] [--reuse-kernels] [--dist=<dir>]
// --reuse-kernels keeps wasm modules already built; --dist writes the bundle and its
// declarations to <dir> instead of dist/ (tests build a package in a scratch directory).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
const args = new Set(process.argv.slice(2));
const dist = process.argv.slice(2).find((a) => a.startsWith('--dist='))?.slice('--dist='.length) ?? `${root}/dist`;

export function buildKernels() {
  mkdirSync(`${root}/build`, { recursive: true });
  for (const target of ['simd', 'relaxed']) {
    execFileSync(bin('asc'), ['assembly/index.ts', '--config', 'asconfig.json', '--target', target], { cwd: root, stdio: 'inherit' });
  }
}

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
  keepNames: true,
  logLevel: 'warning',
};

// Deno (and JSR) read a JavaScript module's types from this pragma; Node and bundlers read
// package.json's "types".
const selfTypes = { js: '/* @ts-self-types="./kusari.d.ts" */' };

async function main() {
  const kernels = ['simd', 'relaxed'].map((t) => `${root}/build/kusari-${t}.wasm`);
  if (!args.has('--reuse-kernels') || !kernels.every((f) => existsSync(f))) buildKernels();
  await esbuild.build({ ...bundleOptions, entryPoints: [`${root}/src/index.ts`], outfile: `${dist}/kusari.js`, sourcemap: true, banner: selfTypes });
  await esbuild.build({ ...bundleOptions, entryPoints: [`${root}/src/index.ts`], outfile: `${dist}/kusari.min.js`, minify: true, banner: selfTypes });
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

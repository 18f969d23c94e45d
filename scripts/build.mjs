// Builds the kernels (two wasm modules) and the library bundle with its types.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
const args = new Set(process.argv.slice(2));

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
  // KUSARI_EXTRA_NODE_PATH: an extra folder of packages to resolve from (a dependency not
  // yet in the shared install).
  nodePaths: process.env.KUSARI_EXTRA_NODE_PATH ? [process.env.KUSARI_EXTRA_NODE_PATH] : [],
  keepNames: true,
  logLevel: 'warning',
};

async function main() {
  buildKernels();
  await esbuild.build({ ...bundleOptions, entryPoints: [`${root}/src/index.ts`], outfile: `${root}/dist/kusari.js`, sourcemap: true });
  await esbuild.build({ ...bundleOptions, entryPoints: [`${root}/src/index.ts`], outfile: `${root}/dist/kusari.min.js`, minify: true });
  if (!args.has('--no-types')) {
    execFileSync(bin('tsc'), ['-p', 'tsconfig.json', '--declaration', '--emitDeclarationOnly', '--outDir', 'build/types'], { cwd: root, stdio: 'inherit' });
    await bundleTypes();
  }
}

// One kusari.d.ts that re-exports the generated declarations.
async function bundleTypes() {
  const { writeFileSync, cpSync } = await import('node:fs');
  cpSync(`${root}/build/types`, `${root}/dist/types`, { recursive: true });
  writeFileSync(`${root}/dist/kusari.d.ts`, "export * from './types/src/index';\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();

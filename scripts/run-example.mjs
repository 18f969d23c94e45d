// Runs a TypeScript example: bundles it with the library sources (so `import ... from
// 'kusari'` always sees the current code) and executes it in this Node process.
//   node scripts/run-example.mjs examples/mnist/train_mnist.ts --epoch 3
import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { buildKernels, bundleOptions } from './build.mjs';
import { existsSync } from 'node:fs';

const root = fileURLToPath(new URL('..', import.meta.url));
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-example.mjs <example.ts> [args...]');
  process.exit(2);
}
if (!existsSync(join(root, 'build/kusari-simd.wasm'))) buildKernels();
const outDir = join(root, 'build/examples');
mkdirSync(outDir, { recursive: true });
const outfile = join(outDir, basename(entry).replace(/\.ts$/, '.mjs'));
await esbuild.build({
  ...bundleOptions,
  platform: 'node',
  entryPoints: [resolve(entry)],
  outfile,
  alias: { kusari: join(root, 'src/index.ts') },
  sourcemap: 'inline',
});
process.argv = [process.argv[0], resolve(entry), ...args];
await import(pathToFileURL(outfile).href);

// Run by infer.test.ts (node publish-infer.mjs <dir>): publishes kusari/infer into
// <dir>/node_modules/kusari as `npm run build` does, runs <dir>/predict.mjs against it in
// Node and Deno and as esbuild bundles (kernels beside it, and embedded in one file under
// the condition kusari-embedded), and prints one JSON line: the source modules of
// the infer bundle, the modules the script's bundle keeps, and each run's output.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { buildInfer, forwardOnly, inferOptions, kernelFiles } from '../../scripts/build.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = process.argv[2];

const { metafile } = await esbuild.build({ ...inferOptions, plugins: [...inferOptions.plugins, kernelFiles], absWorkingDir: root, write: false, metafile: true, outfile: 'infer.js' });
const sources = Object.keys(metafile.inputs);

const pkg = join(dir, 'node_modules/kusari');
mkdirSync(pkg, { recursive: true });
copyFileSync(join(root, 'package.json'), join(pkg, 'package.json'));
await buildInfer(join(pkg, 'dist'));
writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', dependencies: { kusari: '*' } }));
// kusari's dependency, as npm would install it beside
symlinkSync(realpathSync(join(root, 'node_modules/fflate')), join(dir, 'node_modules/fflate'), 'dir');

const edge = await esbuild.build({
  entryPoints: [join(dir, 'predict.mjs')], outfile: join(dir, 'edge.js'), bundle: true, minify: true, format: 'esm',
  platform: 'neutral', mainFields: ['module', 'main'], metafile: true, logLevel: 'error',
});
for (const f of ['kusari-infer-simd.wasm', 'kusari-infer-relaxed.wasm']) copyFileSync(join(pkg, 'dist', f), join(dir, f));
// one file with the kernels inside, where nothing can be served beside it
mkdirSync(join(dir, 'one-file'));
await esbuild.build({
  entryPoints: [join(dir, 'predict.mjs')], outfile: join(dir, 'one-file/edge.js'), bundle: true, minify: true, format: 'esm',
  platform: 'neutral', mainFields: ['module', 'main'], conditions: ['kusari-embedded'], logLevel: 'error',
});
const kept = Object.entries(Object.values(edge.metafile.outputs)[0].inputs).filter(([, v]) => v.bytesInOutput > 0)
  .map(([file]) => file.replace(/^.*node_modules\/kusari\//, ''));

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8' });
  try { return JSON.parse(r.stdout.trim().split('\n').at(-1)); } catch { return { error: `${cmd} exited with ${r.status}: ${r.stderr.slice(-1500)}` }; }
};
const deno = join(root, 'node_modules/.bin/deno');
const runs = {
  node: run(process.execPath, ['predict.mjs']),
  deno: run(deno, ['run', '--allow-read', '--allow-env', '--allow-sys', 'predict.mjs']),
  edge: run(process.execPath, ['edge.js']),
  embedded: run(process.execPath, ['one-file/edge.js']),
};
console.log(JSON.stringify({ sources, kept, runs }));

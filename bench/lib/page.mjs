// A benchmark page in headless Chromium: an entry module bundled with esbuild into `outDir`,
// served cross-origin isolated (a thread pool needs SharedArrayBuffer) and opened with the
// flags test/run.mjs starts Chromium with (SwiftShader's software WebGL2). The page ends by
// logging `BROWSER_RESULT <json>`; its other console lines are echoed.
import { createServer } from 'node:http';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.map': 'application/json' };

/** Bundles `entry` (module source resolved from the repository root) as outDir/bench.js with an index.html. */
export async function bundlePage(entry, outDir) {
  const esbuild = await import('esbuild');
  mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    stdin: { contents: entry, resolveDir: root, sourcefile: 'browser-bench.mjs' },
    bundle: true, format: 'esm', platform: 'browser', mainFields: ['module', 'main'], conditions: ['import'],
    external: ['node:*'], outfile: join(outDir, 'bench.js'), logLevel: 'warning',
  });
  writeFileSync(join(outDir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>kusari bench</title><script type="module" src="bench.js"></script>\n');
  // The built library loads its kernel build from beside the bundle, as a user's page serves it.
  for (const file of ['kusari-simd.wasm', 'kusari-relaxed.wasm']) copyFileSync(join(root, 'dist', file), join(outDir, file));
}

/** Serves outDir, opens its page in headless Chromium, returns the page's result (or { error }). */
export async function runPage(outDir, timeoutMinutes = 10) {
  const server = createServer((req, res) => {
    const path = join(outDir, decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html');
    if (!existsSync(path)) { res.writeHead(req.url === '/favicon.ico' ? 204 : 404); res.end(); return; }
    res.writeHead(200, {
      'content-type': MIME[extname(path)] ?? 'application/octet-stream',
      'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp',
    });
    res.end(readFileSync(path));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'kusari-bench-chromium-'));
  const browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = browser.pages()[0] ?? await browser.newPage();
    const done = new Promise((resolve) => {
      page.on('console', (m) => {
        const t = m.text();
        if (t.startsWith('BROWSER_RESULT ')) resolve(JSON.parse(t.slice('BROWSER_RESULT '.length)));
        else console.log(`[chromium] ${t}`);
      });
      page.on('pageerror', (e) => resolve({ error: String(e.stack ?? e) }));
    });
    await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
    let timer;
    const timeout = new Promise((r) => { timer = setTimeout(() => r({ error: `timed out after ${timeoutMinutes} minutes` }), timeoutMinutes * 60 * 1000); });
    try { return await Promise.race([done, timeout]); } finally { clearTimeout(timer); }
  } finally {
    await Promise.race([browser.close(), new Promise((r) => setTimeout(r, 10000))]);
    server.closeAllConnections?.();
    server.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

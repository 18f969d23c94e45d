// `npm test`: bundles every test/**/*.test.ts with the library sources into one ES module
// and runs it in Node, in Deno and in headless Chromium. The last line is
// `N passed, N failed` over all runtimes.
//   npm test -- <substring>        only test files whose path contains it
//   TEST_RUNTIMES=node,deno        choose runtimes (default: node,node-1t,deno,deno-1t,chromium,chromium-1t,web;
//                                  -1t runs the suite on one kernel thread, the others on the default;
//                                  chromium serves the page cross-origin isolated (shared memory, kernel
//                                  threads), chromium-1t as an ordinary page (one thread, as users get
//                                  without COOP/COEP headers), whose backend suites run on wasm
//                                  only (index.html?backends=wasm); web is the browser example's end-to-end
//                                  test, test/web/page.e2e.mjs)
//   REQUIRE_BROWSER=1              a missing Chromium is a failure, not a warning
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, mkdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, relative, extname } from 'node:path';
import { availableParallelism, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { buildKernels, bundleOptions, kernelBuilds } from '../scripts/build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const runtimes = (process.env.TEST_RUNTIMES ?? 'node,node-1t,deno,deno-1t,chromium,chromium-1t,web').split(',').map((s) => s.trim()).filter(Boolean);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Files under dir whose names end with suffix, sorted. */
function findFiles(dir, suffix) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findFiles(p, suffix));
    else if (name.endsWith(suffix)) out.push(p);
  }
  return out.sort();
}

function newest(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    t = Math.max(t, statSync(p).isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function kernelsStale() {
  const outs = kernelBuilds.map(({ file }) => join(root, 'build', file));
  if (!outs.every(existsSync)) return true;
  const built = Math.min(...outs.map((f) => statSync(f).mtimeMs));
  return newest(join(root, 'assembly')) > built || statSync(join(root, 'asconfig.json')).mtimeMs > built;
}

async function bundle() {
  if (kernelsStale()) buildKernels();
  const files = findFiles(join(root, 'test'), '.test.ts').filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
  const entry = [
    "import './test/_prelude';",
    ...files.map((f) => `import './${relative(root, f).replace(/\\/g, '/')}';`),
    "import { runAll } from './test/_main';",
    'await runAll();',
  ].join('\n');
  const outDir = join(root, 'build/test');
  mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    ...bundleOptions,
    stdin: { contents: entry, resolveDir: root, sourcefile: 'test-entry.ts', loader: 'ts' },
    outfile: join(outDir, 'tests.js'),
    sourcemap: 'inline',
    mainFields: ['module', 'main'],
    conditions: ['import'],
    external: ['node:*'],
    // Tests may import example code, which imports the package by name.
    alias: { kusari: join(root, 'src/index.ts') },
  });
  // Scripts that tests start as child processes (Node and Deno), each bundled on its own.
  const children = findFiles(join(root, 'test'), '.child.ts');
  if (children.length) {
    await esbuild.build({
      ...bundleOptions,
      entryPoints: children,
      outdir: outDir,
      entryNames: '[name]',
      external: ['node:*'],
    });
  }
  writeFileSync(join(outDir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>kusari tests</title><script type="module" src="tests.js"></script>\n');
  return { files, outDir };
}

function parseResult(text) {
  const m = /KUSARI_RESULT (\{.*\})/.exec(text);
  return m ? JSON.parse(m[1]) : null;
}

function runProcess(cmd, args, label) {
  return new Promise((resolve) => {
    let text = '';
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const forward = (stream) => (chunk) => { text += chunk; stream.write(chunk); };
    child.stdout.on('data', forward(process.stdout));
    child.stderr.on('data', forward(process.stderr));
    child.on('error', (e) => { text += String(e); });
    child.on('close', (code) => {
      const r = parseResult(text);
      resolve(r ?? { total: 0, passed: 0, failed: 1, note: `${label} exited with ${code} before reporting` });
    });
  });
}

const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.map': 'application/json' };

/** The result of a browser run where there is no browser: a failure under REQUIRE_BROWSER=1. */
function browserMissing(what) {
  const msg = `CHROMIUM NOT FOUND at ${CHROMIUM}: ${what} did not run (install Debian's chromium).`;
  console.log(`\n${'!'.repeat(msg.length)}\n${msg}\n${'!'.repeat(msg.length)}`);
  return process.env.REQUIRE_BROWSER === '1' ? { total: 0, passed: 0, failed: 1, note: 'chromium missing' } : { total: 0, passed: 0, failed: 0, note: 'skipped' };
}

/** Headless Chromium with a fresh profile; close() ends it and removes the profile. */
async function launchChromium(extraArgs = []) {
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'kusari-chromium-'));
  const browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...extraArgs],
  });
  return {
    browser,
    async close() {
      await Promise.race([browser.close(), new Promise((r) => setTimeout(r, 10000))]);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

// The headers that make a page cross-origin isolated, so that it may share wasm memory with workers.
const ISOLATION = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

async function runChromium(outDir, isolated) {
  if (!existsSync(CHROMIUM)) return browserMissing('the browser suite');
  const server = createServer(async (req, res) => {
    const path = join(outDir, decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html');
    try {
      const body = await readFile(path);
      res.writeHead(200, { 'content-type': MIME[extname(path)] ?? 'application/octet-stream', ...(isolated ? ISOLATION : {}) });
      res.end(body);
    } catch {
      res.writeHead(404); res.end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  const { browser, close } = await launchChromium();
  try {
    const page = browser.pages()[0] ?? await browser.newPage();
    let text = '';
    const done = new Promise((resolve) => {
      page.on('console', (m) => {
        const t = m.text();
        text += t + '\n';
        if (!t.startsWith('KUSARI_RESULT')) process.stdout.write(t.length > 2 ? t + '\n' : t);
        const r = parseResult(t);
        if (r) resolve(r);
      });
      page.on('pageerror', (e) => { console.log(`[chromium] page error: ${e.stack ?? e}`); resolve({ total: 0, passed: 0, failed: 1, note: 'page error' }); });
    });
    // The ordinary page runs the backend suites on wasm only: kernel threads change only the
    // wasm backend (the webgl suites run once, in the isolated page).
    await page.goto(`http://127.0.0.1:${port}/index.html${isolated ? '' : '?backends=wasm'}`);
    // The suites run on wasm and on WebGL2, which here is a software rasterizer (SwiftShader).
    const timeout = new Promise((r) => setTimeout(() => r({ total: 0, passed: 0, failed: 1, note: 'timed out' }), 45 * 60 * 1000));
    const r = await Promise.race([done, timeout]);
    // The isolated page must really have run the kernels on threads, the other on one.
    const threads = Number(/kernel threads: (\d+)/.exec(text)?.[1] ?? 0);
    const expected = isolated ? Math.min(availableParallelism(), 4) : 1;
    if (r.total > 0 && threads !== expected) {
      console.log(`FAIL: the ${isolated ? 'cross-origin isolated' : 'ordinary'} page ran ${threads} kernel thread(s), expected ${expected}`);
      return { ...r, failed: r.failed + 1 };
    }
    return r;
  } finally {
    await close();
    server.closeAllConnections?.();
    server.close();
  }
}

// The browser example's end-to-end test: the page trains and classifies in Chromium.
const WEB_TEST = 'test/web/page.e2e.mjs';

async function runWeb(outDir) {
  if (!existsSync(CHROMIUM)) return browserMissing('the web example test');
  const { runWebTest } = await import('./web/page.e2e.mjs');
  return runWebTest({ launch: launchChromium, outDir });
}

const { files, outDir } = await bundle();
console.log(`${files.length} test files`);
const results = [];
for (const rt of runtimes) {
  console.log(`\n=== ${rt} ===`);
  let r;
  const threads = rt.endsWith('-1t') ? ['--threads=1'] : [];
  if (rt.startsWith('node')) r = await runProcess(process.execPath, ['--expose-gc', join(outDir, 'tests.js'), ...threads], rt);
  else if (rt.startsWith('deno')) r = await runProcess(join(root, 'node_modules/.bin/deno'), ['run', '--allow-all', '--v8-flags=--expose-gc', join(outDir, 'tests.js'), ...threads], rt);
  else if (rt === 'chromium' || rt === 'chromium-1t') r = await runChromium(outDir, rt === 'chromium');
  else if (rt === 'web') {
    if (filters.length && !filters.some((f) => WEB_TEST.includes(f))) { console.log(`(no filter matches ${WEB_TEST})`); continue; }
    r = await runWeb(outDir);
  }
  else { console.log(`unknown runtime ${rt}`); continue; }
  results.push([rt, r]);
}
console.log('\nsummary:');
let passed = 0, failed = 0;
for (const [rt, r] of results) {
  console.log(`  ${rt.padEnd(11)} ${r.passed} passed, ${r.failed} failed${r.note ? ` (${r.note})` : ''}`);
  passed += r.passed; failed += r.failed;
}
console.log(`${passed} passed, ${failed} failed`);
// Exit explicitly: a browser driver or a keep-alive socket must not hold the run open.
process.exit(failed ? 1 : 0);

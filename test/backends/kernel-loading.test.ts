// Which kernel build a runtime loads: a 46-byte probe decides relaxed SIMD exactly as
// validating the whole relaxed build would, and only that build is read. Published
// bundles read it from beside themselves (kernel-files.ts) and say where it was missing.
import { suite } from 'uvu';
import relaxedBytes from '../../build/kusari-relaxed.wasm';
import simdBytes from '../../build/kusari-simd.wasm';
import { backend } from '../../src/index';
import { detectSimdLevel } from '../../src/backends/wasm/simd-level';
import { kernelBytes } from '../../src/backends/wasm/kernel-bytes';
import { kernelBytes as kernelFileBytes } from '../../src/backends/wasm/kernel-files';
import { assert } from '../util';

const test = suite('wasm kernels: choosing and loading one build');

test('the relaxed-SIMD probe agrees with validating the relaxed build', () => {
  const relaxed = WebAssembly.validate(relaxedBytes);
  assert.is(detectSimdLevel(), relaxed ? 'relaxed-simd' : 'simd128');
  assert.ok(WebAssembly.validate(simdBytes), 'the plain SIMD build runs everywhere');
  assert.is((backend.get('wasm') as unknown as { simdLevel: string }).simdLevel, detectSimdLevel());
});

test('each level gets its own build', async () => {
  assert.is(await kernelBytes('relaxed-simd'), relaxedBytes);
  assert.is(await kernelBytes('simd128'), simdBytes);
});

test('a kernel file missing beside the bundle is an error naming the file and where it was looked for', async () => {
  // the test bundle (build/test/tests.js) has no .wasm files beside it
  let message = '';
  try { await kernelFileBytes('simd128'); } catch (e) { message = (e as Error).message; }
  const where = new URL('./kusari-simd.wasm', import.meta.url).href;
  assert.ok(message.startsWith(`kusari: cannot load the kernels from ${where} (`), message);
  assert.ok(message.endsWith('); serve kusari-simd.wasm from dist/ next to the bundle that imports kusari'), message);
});

test.run();

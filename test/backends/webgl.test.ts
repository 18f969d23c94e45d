// The WebGL2 backend's own machinery: selection, storage, the program cache and reads.
import { suite } from 'uvu';
import { array, backend, ops } from '../../src/index';
import type { WebglBackend } from '../../src/backends/webgl/webgl-backend';
import { assert, assertClose, assertThrows } from '../util';

const selection = suite('webgl selection');

selection('use("webgl") where it cannot run says why', () => {
  if (backend.available().includes('webgl')) return;
  assertThrows(() => backend.use('webgl'), "'webgl' is not available", 'available: wasm');
  assert.is(backend.current(), 'wasm');
});

selection.run();

const s = suite('webgl backend');
const gl = backend.available().includes('webgl') ? backend.get('webgl') as WebglBackend : null;
let previous: 'wasm' | 'webgl' = 'wasm';
s.before(() => { previous = backend.current(); if (gl) backend.use('webgl'); });
s.after(() => { backend.use(previous); });

s('a second identical call compiles no shader', () => {
  if (!gl) return;
  const x = array([1, -2, 3]), y = array([[0.5], [2]]);
  ops.mul(ops.exp(x), y).dataSync();
  const before = gl.compilations;
  assertClose(ops.mul(ops.exp(x), y), [[0.5 * Math.E, 0.5 * Math.exp(-2), 0.5 * Math.exp(3)], [2 * Math.E, 2 * Math.exp(-2), 2 * Math.exp(3)]], { rtol: 1e-6 });
  assert.is(gl.compilations, before);
});

s('int32 values are exact over the whole range', () => {
  if (!gl) return;
  const big = [2147483647, -2147483648, 2147483646, -2147483647, 16777217, -16777219];
  const x = array(new Int32Array(big));
  assert.equal(Array.from(x.dataSync()), big);
  // Arithmetic stays in integers: 16777217 + 2 has no float32 neighbour.
  assert.equal(Array.from(ops.add(x, array(new Int32Array([0, 1, 1, -1, 2, -2]))).dataSync()),
    [2147483647, -2147483647, 2147483647, -2147483648, 16777219, -16777221]);
  assert.equal(Array.from(ops.neg(array(new Int32Array([2147483647, -5]))).dataSync()), [-2147483647, 5]);
});

s('read() resolves with the values through a pixel buffer', async () => {
  if (!gl) return;
  const x = ops.mul(array([1, 2, 3, 4, 5]), array(2));
  const values = await x.read();
  assert.equal(Array.from(values), [2, 4, 6, 8, 10]);
  const ints = await array(new Int32Array([-7, 1 << 30])).read();
  assert.equal(Array.from(ints), [-7, 1 << 30]);
});

s('released textures go to the pool and are reused', () => {
  if (!gl) return;
  const a = array(new Float32Array(1000).fill(1));
  a.dispose();
  const pooled = backend.memory().pooledBytes;
  assert.ok(pooled >= 4000, `pooledBytes ${pooled}`);
  const created = gl.texturesCreated;
  const b = array(new Float32Array(1000).fill(2));
  assert.is(gl.texturesCreated, created);
  assert.is(backend.memory().pooledBytes, pooled - 4000);
  assertClose(b, new Float32Array(1000).fill(2));
});

s('an array of more elements than one texture row wraps rows', () => {
  if (!gl) return;
  const n = gl.maxTextureSize + 3;
  const x = array(Float32Array.from({ length: n }, (_, i) => i));
  const y = ops.add(x, array(1)).dataSync();
  assert.is(y.length, n);
  assert.is(y[0], 1);
  assert.is(y[n - 1], n);
});

s.run();

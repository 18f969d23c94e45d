// The WebGL2 backend's own machinery: selection, storage, the program cache and reads.
import { suite } from 'uvu';
import { F, L, Parameter, array, backend, ops, optimizers, random, zeros } from '../../src/index';
import { CPU_KERNELS, gemmBlockRows, type WebglBackend } from '../../src/backends/webgl/webgl-backend';
import type { TextureStorage } from '../../src/backends/webgl/texture-pool';
import { assert, assertClose, assertThrows, randomValues } from '../util';

/** C = A B in float64 for row-major A (M, K) and B (K, N), row-major. */
function product64(a: ArrayLike<number>, b: ArrayLike<number>, M: number, K: number, N: number): number[] {
  const c: number[] = [];
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let sum = 0;
      for (let k = 0; k < K; k++) sum += a[m * K + k] * b[k * N + n];
      c.push(sum);
    }
  }
  return c;
}

const selection = suite('webgl selection');

selection('use("webgl") where it cannot run says why', () => {
  if (backend.available().includes('webgl')) return;
  // The reason follows the colon: no OffscreenCanvas (Node), no WebGL2 context (Deno), ...
  assertThrows(() => backend.use('webgl'), "'webgl' is not available in this runtime: ", 'available: wasm');
  assert.is(backend.current(), 'wasm');
});

selection('a backend named by anything but its name is an error that shows what was given', () => {
  assertThrows(() => backend.use({} as never), "backend.use: unknown backend an object {} (expected 'auto', 'wasm' or 'webgl')");
  assertThrows(() => zeros([2]).toDevice(undefined as never), "backend: a backend is named by a string ('wasm' or 'webgl'), got undefined");
  assertThrows(() => zeros([2]).toDevice('gpu' as never), "backend: 'gpu' is not available in this runtime");
});

selection('a packed product draws blocks of 1, 2, 4 or 8 rows, as many as the draw buffers hold and M needs', () => {
  // [M, MAX_DRAW_BUFFERS, rows]: a GPU with 6 draw buffers gets blocks of 4 (8 did not compile).
  const cases = [[13, 8, 8], [13, 16, 8], [13, 6, 4], [13, 3, 2], [13, 1, 1], [3, 8, 4], [2, 6, 2], [1, 8, 1], [5, 6, 4]];
  assert.equal(cases.map(([M, buffers]) => gemmBlockRows(M, buffers)), cases.map((c) => c[2]));
});

selection('use("auto") picks webgl where it runs, wasm elsewhere', () => {
  const previous = backend.current();
  try {
    backend.use('auto');
    assert.is(backend.current(), backend.available().includes('webgl') ? 'webgl' : 'wasm');
  } finally {
    backend.use(previous);
  }
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

s('training steps after the second compile no shader and issue the same draws', () => {
  if (!gl) return;
  random.seed(1);
  // Two layers: the backward reads the second's weights (packed rows after their first update).
  const model = new L.Classifier(new L.Sequential(new L.Linear(6, 5), F.relu, new L.Linear(5, 3)));
  const optimizer = new optimizers.Adam().setup(model);
  const x = random.uniform([4, 6], -1, 1), t = array(new Int32Array([0, 2, 1, 2]));
  const step = () => {
    const before = { compilations: gl.compilations, draws: gl.draws, uploads: gl.transfers.uploads };
    optimizer.update(model, x, t);
    return { compilations: gl.compilations - before.compilations, draws: gl.draws - before.draws, uploads: gl.transfers.uploads - before.uploads };
  };
  // The first step also creates the gradients and Adam's state; the second reads the weights
  // in the packed rows their updates keep.
  step();
  step();
  const third = step();
  assert.ok(third.draws > 0);
  for (let i = 0; i < 3; i++) assert.equal(step(), { compilations: 0, draws: third.draws, uploads: 0 }, `step ${i + 4}`);
});

s('passTimes profiles every pass by kernel and output size, and the results stay the same', () => {
  if (!gl) return;
  const a = array([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]), b = array([[1, 0], [0, 1], [1, 1], [2, 0], [0, 2]]);
  const expected = [[1 + 3 + 8, 2 + 3 + 10], [6 + 8 + 18, 7 + 8 + 20]];
  const times = new Map<string, { ms: number; draws: number }>();
  const draws = gl.draws;
  gl.passTimes = times;
  try {
    assertClose(ops.exp(ops.matmul(a, b)), expected.map((row) => row.map(Math.exp)), { rtol: 1e-6 });
  } finally {
    gl.passTimes = null;
  }
  const entries = [...times.values()];
  assert.is(entries.reduce((n, e) => n + e.draws, 0), gl.draws - draws);
  assert.ok(entries.every((e) => e.ms >= 0));
  assert.ok([...times.keys()].some((k) => k.startsWith('gemm {"PACKED":1')), [...times.keys()].join(', '));
  assert.ok([...times.keys()].some((k) => k.startsWith('elementwise {"UNARY":1')), [...times.keys()].join(', '));
  // Off again: nothing more is recorded.
  ops.exp(a).dataSync();
  assert.is(entries.reduce((n, e) => n + e.draws, 0), [...times.values()].reduce((n, e) => n + e.draws, 0));
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
  const a = array(new Float32Array(1024).fill(1));
  a.dispose();
  const pooled = backend.memory().pooledBytes;
  assert.ok(pooled >= 4096, `pooledBytes ${pooled}`);
  const created = gl.texturesCreated;
  const b = array(new Float32Array(1024).fill(2));
  assert.is(gl.texturesCreated, created);
  assert.is(backend.memory().pooledBytes, pooled - 4096);
  assertClose(b, new Float32Array(1024).fill(2));
});

s('memory() counts resident textures as arrays and the others as temporaries, across in-place updates', () => {
  if (!gl) return;
  const before = backend.memory();
  const p = new Parameter(array([1, 2, 3]));
  const kept = backend.memory();
  assert.is(kept.arrays - before.arrays, 1);
  assert.is(kept.bytes - before.bytes, 16, 'three floats in a row of four texels');
  const t = ops.neg(p.array);
  assert.is(backend.memory().temporaries! - kept.temporaries!, 1);
  assert.is(backend.memory().arrays, kept.arrays, 'a kernel result is not resident');
  t.dispose();
  assert.is(backend.memory().temporaries, kept.temporaries);
  // The second backward adds into the resident gradient by swapping textures.
  const c = array([0.5, -1, 2]);
  F.sum(F.mul(p, c)).backward();
  const withGrad = backend.memory();
  assert.is(withGrad.arrays - kept.arrays, 1, 'the gradient');
  F.sum(F.mul(p, c)).backward();
  assertClose(p.grad!, [1, -2, 4]);
  assert.is(backend.memory().arrays, withGrad.arrays);
  assert.is(backend.memory().bytes, withGrad.bytes);
  p.cleargrad();
  p.array = array([0, 0, 0]);
  assert.is(backend.memory().arrays, kept.arrays, 'the gradient freed, the data replaced');
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

s('a product longer than four rows of the widest texture reads its packed rows across texture rows', () => {
  if (!gl) return;
  // Packed four k to a texel, a row of K > 4 maxTextureSize spans two texture rows (and is
  // split along k, so that chunks start on both).
  const M = 2, N = 3, K = 4 * gl.maxTextureSize + 5;
  const a = randomValues(M * K, 21), b = randomValues(K * N, 22);
  const expected = product64(a, b, M, K, N);
  assertClose(ops.matmul(ops.reshape(array(a), [M, K]), ops.reshape(array(b), [K, N])), expected, { atol: 1e-3, rtol: 1e-4 });
});

/** The product's blocks an array's values are still in, or null. */
const blocksOf = (x: { storage: unknown }) => {
  const s = x.storage as TextureStorage;
  return s.layout?.kind === 'blocks' ? s.layout : null;
};

s('a product without a bias stays in its blocks: kernels read it there, a read picks it out of them', async () => {
  if (!gl) return;
  const M = 10, K = 12, N = 7;
  const a = randomValues(M * K, 31), b = randomValues(K * N, 32);
  const expected = product64(a, b, M, K, N);
  const c = ops.matmul(ops.reshape(array(a), [M, K]), ops.reshape(array(b), [K, N]));
  assert.ok(blocksOf(c), 'the product is still in its blocks');
  // An elementwise kernel, a reduction and a strided gather read element i from the blocks.
  assertClose(ops.exp(c), expected.map(Math.exp), { rtol: 1e-5 });
  const columnSums = Array.from({ length: N }, (_, n) => expected.filter((_, i) => i % N === n).reduce((t, v) => t + v, 0));
  assertClose(ops.sum(c, 0), columnSums);
  assertClose(ops.transpose(c), Array.from({ length: M * N }, (_, i) => expected[(i % M) * N + Math.floor(i / M)]));
  assert.ok(blocksOf(c), 'reading it in kernels leaves it in its blocks');
  // Read back, synchronously and through a pixel buffer: the block texels, no pass.
  const before = gl.draws;
  assertClose(c, expected);
  assertClose(await c.read(), expected);
  assert.is(gl.draws - before, 0);
  assert.ok(blocksOf(c));
});

s('batched products, products of products and released products in blocks', () => {
  if (!gl) return;
  // (3, 5, 9) x (9, 6), B shared by the batch: block texels (b, m / rows, n / 4).
  const a = randomValues(3 * 5 * 9, 33), b = randomValues(9 * 6, 34), d = randomValues(6 * 4, 35);
  const c = ops.matmul(ops.reshape(array(a), [3, 5, 9]), ops.reshape(array(b), [9, 6]));
  const expected = [0, 1, 2].flatMap((i) => product64(a.subarray(i * 45, (i + 1) * 45), b, 5, 9, 6));
  assert.ok(blocksOf(c));
  assertClose(ops.mul(c, array(2)), expected.map((v) => 2 * v));
  assertClose(c, expected);
  // The next product packs its operand from the blocks.
  const cd = ops.matmul(ops.reshape(c, [15, 6]), ops.reshape(array(d), [6, 4]));
  assertClose(cd, product64(expected, d, 15, 6, 4));
  // Released unread, the product frees its blocks with its own texture.
  const memory = backend.memory();
  c.dispose();
  assert.is(backend.memory().temporaries, memory.temporaries! - 2);
  // A split product (few blocks, long k) and a product with a bias are laid out at once.
  const long = randomValues(2 * 512, 36), wide = randomValues(512 * 3, 37);
  const split = ops.matmul(ops.reshape(array(long), [2, 512]), ops.reshape(array(wide), [512, 3]));
  assert.is(blocksOf(split), null);
  assertClose(split, product64(long, wide, 2, 512, 3), { atol: 1e-4 });
  const biased = ops.matmul(ops.reshape(array(b), [9, 6]), ops.reshape(array(d), [6, 4]), { bias: array([1, 2, 3, 4]) });
  assert.is(blocksOf(biased), null);
  assertClose(biased, product64(b, d, 9, 6, 4).map((v, i) => v + 1 + (i % 4)));
});

s('a weight gradient goes into the resident gradient in its blocks, which the update reads', () => {
  if (!gl) return;
  const x = randomValues(6 * 5, 38), W0 = randomValues(3 * 5, 39), gy = randomValues(6 * 3, 40);
  const model = new L.Linear(5, 3, { nobias: true, initialW: ops.reshape(array(W0), [3, 5]) });
  const W = model.W as Parameter;
  const y = model.forward(ops.reshape(array(x), [6, 5]));
  y.grad = ops.reshape(array(gy), [6, 3]);
  model.cleargrads();
  y.backward();
  // gW = gy^T x (3, 5)
  const gyT = Array.from({ length: 18 }, (_, i) => gy[(i % 6) * 3 + Math.floor(i / 6)]);
  const gW = product64(gyT, x, 3, 6, 5);
  assert.ok(blocksOf(W.grad!), 'the gradient is in its blocks');
  const optimizer = new optimizers.SGD({ lr: 0.5 }).setup(model);
  optimizer.update();
  assertClose(W, Array.from(W0, (w, i) => w - 0.5 * gW[i]), { rtol: 1e-5 });
  assertClose(W.grad!, gW);
  // A second backward adds into the gradient (reading its blocks), which is then laid out.
  const y2 = model.forward(ops.reshape(array(x), [6, 5]));
  y2.grad = ops.reshape(array(gy), [6, 3]);
  W.cleargrad();
  y2.backward();
  const y3 = model.forward(ops.reshape(array(x), [6, 5]));
  y3.grad = ops.reshape(array(gy), [6, 3]);
  y3.backward();
  assert.is(blocksOf(W.grad!), null);
  assertClose(W.grad!, gW.map((v) => 2 * v));
});

s('an update from a gradient in blocks keeps the matrix and its state as packed rows, which the next product reads', async () => {
  if (!gl) return;
  // M = 3 rows (of a block of 4), N = 5 columns: the packed rows' last texel has three lanes past N.
  const x = randomValues(6 * 5, 41), W0 = randomValues(3 * 5, 42), gy = randomValues(6 * 3, 43);
  const model = new L.Linear(5, 3, { nobias: true, initialW: ops.reshape(array(W0), [3, 5]) });
  const W = model.W as Parameter;
  const optimizer = new optimizers.Adam({ alpha: 0.01 }).setup(model);
  const gyT = Array.from({ length: 18 }, (_, i) => gy[(i % 6) * 3 + Math.floor(i / 6)]);
  const gW = product64(gyT, x, 3, 6, 5);
  // Adam in float64 (eps 1e-8, beta1 0.9, beta2 0.999), two steps of the same gradient.
  const w = Array.from(W0), m = w.map(() => 0), v = w.map(() => 0);
  const backwardAndUpdate = () => {
    W.cleargrad();
    const y = model.forward(ops.reshape(array(x), [6, 5]));
    y.grad = ops.reshape(array(gy), [6, 3]);
    y.backward();
    assert.ok(blocksOf(W.grad!));
    optimizer.update();
    const t = optimizer.t;
    const lr = 0.01 * Math.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t);
    for (let i = 0; i < w.length; i++) {
      m[i] += 0.1 * (gW[i] - m[i]);
      v[i] += 0.001 * (gW[i] * gW[i] - v[i]);
      w[i] -= lr * m[i] / (Math.sqrt(v[i]) + 1e-8);
    }
  };
  backwardAndUpdate();
  const layout = (W.array.storage as TextureStorage).layout;
  assert.is(layout?.kind, 'rows');
  backwardAndUpdate();
  // The forward product reads W's packed rows: it packs x only.
  const before = gl.draws;
  const y = model.forward(ops.reshape(array(x), [6, 5]));
  assert.is(gl.draws - before, 2, 'PACK of x and the product');
  assertClose(y, product64(x, Array.from({ length: 15 }, (_, i) => w[(i % 3) * 5 + Math.floor(i / 3)]), 6, 5, 3), { rtol: 1e-4, atol: 1e-5 });
  // Read back (the packed texels, picked out on the host), W keeps its rows for the next product.
  assertClose(W, w, { rtol: 1e-4, atol: 1e-6 });
  assertClose(await W.array.read(), w, { rtol: 1e-4, atol: 1e-6 });
  assert.is((W.array.storage as TextureStorage).layout?.kind, 'rows');
  const again = gl.draws;
  model.forward(ops.reshape(array(x), [6, 5])).array.dataSync();
  assert.is(gl.draws - again, 2, 'PACK of x and the product');
});

s('an array that outlives the step keeps its packed copies until its values change', () => {
  if (!gl) return;
  const M = 5, K = 9, N = 6;
  const av = randomValues(M * K, 47), bv = randomValues(K * N, 48);
  const a = ops.reshape(array(av), [M, K]), b = ops.reshape(array(bv), [K, N]);
  let before = gl.draws;
  assertClose(ops.matmul(a, b), product64(av, bv, M, K, N));
  assert.is(gl.draws - before, 3, 'both packed, then the product');
  before = gl.draws;
  assertClose(ops.matmul(a, b), product64(av, bv, M, K, N));
  assert.is(gl.draws - before, 1, 'the product of the packed copies');
  // B^T A^T packs b's columns and a's rows again, as the product above did: nothing to pack.
  const bt = Array.from({ length: N * K }, (_, i) => bv[(i % K) * N + Math.floor(i / K)]);
  const at = Array.from({ length: K * M }, (_, i) => av[(i % M) * K + Math.floor(i / M)]);
  before = gl.draws;
  assertClose(ops.matmul(b, a, { transA: true, transB: true }), product64(bt, at, N, K, M));
  assert.is(gl.draws - before, 1);
  // A^T C packs a's columns: a packing of its own (and c's).
  const cv = randomValues(M * 3, 49);
  before = gl.draws;
  assertClose(ops.matmul(a, ops.reshape(array(cv), [M, 3]), { transA: true }), product64(at, cv, K, M, 3));
  assert.is(gl.draws - before, 3);
  // An owner's (resident) array keeps none: it is packed for every product.
  const p = new Parameter(ops.reshape(array(av), [M, K]));
  ops.matmul(p.array, b).dataSync();
  ops.addInPlace(p.array, ops.reshape(array(new Float32Array(M * K).fill(1)), [M, K]));
  before = gl.draws;
  assertClose(ops.matmul(p.array, b), product64(Array.from(av, (v) => v + 1), bv, M, K, N));
  assert.is(gl.draws - before, 2, 'the parameter packed, b not');
  // Released, an array frees its copies with its texture.
  const memory = backend.memory();
  a.dispose();
  assert.is(backend.memory().temporaries, memory.temporaries! - 3, 'a, its rows and its columns');
});

s('a GEMM is three passes, four with a bias, and an Adam update one, whose results match the rule', () => {
  if (!gl) return;
  // GEMM: two packings and the blocked product (read back from its blocks). Adam: the
  // parameter and both moments as three render targets of one pass. (Temporaries, which
  // keep no packed copies.)
  const x = ops.add(array([[1, 2, 3, 4], [5, 6, 7, 8]]), array(0)), y = ops.add(array([[1, 0], [0, 1], [1, 1], [2, -1]]), array(0));
  ops.matmul(x, y).dataSync();
  let before = gl.draws;
  assertClose(ops.matmul(x, y), [[1 + 3 + 8, 2 + 3 - 4], [5 + 7 + 16, 6 + 7 - 8]]);
  assert.is(gl.draws - before, 3);
  // A linear layer's bias is added as the product is unpacked: four passes.
  before = gl.draws;
  assertClose(ops.matmul(x, y, { bias: array([0.5, -1]) }), [[12.5, 0], [28.5, 4]]);
  assert.is(gl.draws - before, 4);
  const model = new L.Linear(2, 1, { nobias: true, initialW: array([[1, -2]]) });
  const optimizer = new optimizers.Adam({ alpha: 0.1 }).setup(model);
  const W = model.W as Parameter;
  W.grad = array([[0.5, -0.25]]);
  optimizer.update();
  // First step: m = 0.1 g, v = 0.001 g^2, lr = alpha sqrt(1 - 0.999) / (1 - 0.9); W -= lr m / (sqrt(v) + 1e-8).
  const lr = 0.1 * Math.sqrt(1 - 0.999) / (1 - 0.9);
  const step = (g: number) => lr * (0.1 * g) / (Math.sqrt(0.001 * g * g) + 1e-8);
  assertClose(W, [[1 - step(0.5), -2 - step(-0.25)]], { rtol: 1e-5 });
  // The next step (its state made): one pass.
  W.grad = array([[0.5, -0.25]]);
  before = gl.draws;
  optimizer.update();
  assert.is(gl.draws - before, 1);
});

s.run();

const chain = suite('webgl kernels stay on the GPU');

chain('a chain of kernel families between two uploads and one read moves nothing else', () => {
  if (!gl) return;
  assert.equal(CPU_KERNELS, {});
  const g = { n: 1, c: 2, h: 4, w: 4, kh: 3, kw: 3, sy: 1, sx: 1, ph: 1, pw: 1, dy: 1, dx: 1, oh: 4, ow: 4 };
  const pool = { ...g, c: 3, kh: 2, kw: 2, sy: 2, sx: 2, ph: 0, pw: 0, oh: 2, ow: 2 };
  const run = () => {
    const x = ops.reshape(array(randomValues(32, 5)), [1, 2, 4, 4]);
    const W = ops.reshape(array(randomValues(54, 6)), [3, 2, 3, 3]);
    const y = ops.maxPool2d(ops.conv2d(x, W, null, g, 1), pool).y;
    return ops.sum(ops.logsumexp(ops.softmax(ops.exp(y), 1), 1)).item();
  };
  const expected = run();  // on wasm (the suite's default)
  backend.use('webgl');
  try {
    const before = { ...gl.transfers };
    const got = run();
    assert.equal(gl.transfers, { uploads: before.uploads + 2, reads: before.reads + 1, checkpoints: before.checkpoints });
    assertClose(got, expected, { rtol: 1e-5 });
  } finally {
    backend.use('wasm');
  }
});

chain('every update rule gives the parameter from a gradient in blocks as the wasm kernels do', () => {
  if (!gl) return;
  const rules: [string, () => optimizers.Optimizer][] = [
    ['SGD', () => new optimizers.SGD({ lr: 0.1 })], ['MomentumSGD', () => new optimizers.MomentumSGD({ lr: 0.1 })],
    ['NesterovAG', () => new optimizers.NesterovAG({ lr: 0.1 })], ['Adam', () => new optimizers.Adam({ alpha: 0.01 })],
    ['AMSGrad', () => new optimizers.Adam({ alpha: 0.01, amsgrad: true })], ['AdamW', () => new optimizers.Adam({ alpha: 0.01, weightDecayRate: 0.1 })],
    ['AdaGrad', () => new optimizers.AdaGrad({ lr: 0.1 })], ['AdaDelta', () => new optimizers.AdaDelta()],
    ['RMSprop', () => new optimizers.RMSprop({ lr: 0.01 })], ['RMSprop eps inside sqrt', () => new optimizers.RMSprop({ lr: 0.01, epsInsideSqrt: true })],
    ['AdaBound', () => new optimizers.AdaBound({ alpha: 0.01, finalLr: 0.05, gamma: 0.1 })],
    ['AMSBound', () => new optimizers.AMSBound({ alpha: 0.01, finalLr: 0.05, gamma: 0.1 })],
    ['CorrectedMomentumSGD', () => new optimizers.CorrectedMomentumSGD({ lr: 0.1 })],
    ['RMSpropGraves', () => new optimizers.RMSpropGraves({ lr: 0.01 })], ['SMORMS3', () => new optimizers.SMORMS3({ lr: 0.05 })],
  ];
  // MSVAG's first step divides vt - mt^2, zero but for rounding, by 1 - rho = 1e-4: the
  // products' rounding (a GPU's against wasm's) comes out amplified, so only closeness is asked.
  rules.push(['MSVAG', () => new optimizers.MSVAG({ lr: 0.05, weightDecayRate: 0.01 })]);
  const loose = new Set(['MSVAG']);
  // A hook reads the parameter from its packed rows (and lays the gradient out): then the elementwise update.
  const decayed: [string, () => optimizers.Optimizer][] = [['MomentumSGD with WeightDecay', () => new optimizers.MomentumSGD({ lr: 0.1 })]];
  // (7, 6) weights: a block of 8 rows with one past M, two packed texels a row with two lanes past N.
  const x = randomValues(9 * 6, 44), W0 = randomValues(7 * 6, 45), gy = randomValues(9 * 7, 46);
  const train = () => {
    const model = new L.Linear(6, 7, { nobias: true, initialW: ops.reshape(array(W0), [7, 6]) });
    return (optimizer: optimizers.Optimizer, decay: boolean) => {
      optimizer.setup(model);
      if (decay) optimizer.addHook(new optimizers.WeightDecay(0.05));
      const W = model.W as Parameter;
      for (let step = 0; step < 3; step++) {
        W.cleargrad();
        const y = model.forward(ops.reshape(array(x), [9, 6]));
        y.grad = ops.reshape(array(gy), [9, 7]);
        y.backward();
        optimizer.update();
      }
      return { values: Array.from(W.array.dataSync()), layout: (W.array.storage as { layout?: { kind: string } | null }).layout?.kind };
    };
  };
  for (const [name, make] of [...rules, ...decayed]) {
    const decay = decayed.some(([n]) => n === name);
    const expected = train()(make(), decay);  // on wasm (the suite's default)
    backend.use('webgl');
    try {
      const got = train()(make(), decay);
      assert.is(got.layout, decay ? undefined : 'rows', name);
      assertClose(got.values, expected.values, loose.has(name) ? { rtol: 2e-3, atol: 1e-5 } : { rtol: 1e-4, atol: 1e-6 });
    } finally {
      backend.use('wasm');
    }
  }
});

chain.run();

// The wasm backend keeps a resident weight that products read transposed (x W^T) packed for
// its GEMM kernel after the second product with the same contents, and packed four rows to
// a stream for products of a single row (batch-1 inference). What is checked: every product
// gives the same bits as with W packed afresh or read in place (one row, few rows, more
// columns than rows, more rows than columns; sizes with and without ragged ends; one and two
// threads; accumulating into a destination); every way
// of writing W (an optimizer update, a product written into it, addInPlace, scaleInPlace)
// makes the next product see the new values, as does reading its memory as another shape;
// the copy is freed with W and is not counted among the arrays.
import { suite } from 'uvu';
import { backend, fromTyped, ops, L, Parameter, F, optimizers, type NDArray } from '../../src/index';
import { pool } from '../../src/backends/wasm/thread-pool';
import { assert, assertSameBits, randomValues } from '../util';

const test = suite('packed weights [wasm]');
let previous = backend.current();
test.before(() => { previous = backend.current(); backend.use('wasm'); });
test.after(() => { backend.use(previous); });

const matrix = (rows: number, cols: number, seed: number): NDArray => fromTyped(randomValues(rows * cols, seed), [rows, cols]);
/** x W^T with W a plain JavaScript array: packed afresh by every product. */
const fresh = (x: NDArray, W: NDArray): Float32Array => ops.matmul(x, fromTyped(W.dataSync().slice(), [...W.shape]), { transB: true }).dataSync() as Float32Array;
const product = (x: NDArray, W: NDArray): Float32Array => ops.matmul(x, W, { transB: true }).dataSync() as Float32Array;
const packedBytes = (): number => backend.memory().packedWeightBytes ?? 0;

test('products with a resident W^T have the bits of W packed afresh, on one thread and on two', async () => {
  const before = backend.threads();
  try {
    // [M, K, N]: few rows (a recurrent step), more columns than rows (batch 100 of a wide
    // layer: parts split columns and share x), more rows than columns (parts split rows).
    // One row (batch 1: a matrix-vector product, split on two threads), with sizes that are
    // multiples of four and sizes that leave rows and columns over (fewer than four columns:
    // nothing to pack).
    for (const [M, K, N] of [[1, 784, 1000], [1, 781, 1003], [1, 6, 7], [1, 3, 9], [20, 650, 1030], [20, 600, 2100], [100, 301, 700], [300, 129, 37]]) {
      for (const threads of [1, 2]) {
        backend.setThreads(threads);
        if (threads > 1) await pool.ready();
        const p = new Parameter(matrix(N, K, M + N)), W = p.array, x = matrix(M, K, K);
        const expected = fresh(x, W);
        const held = packedBytes();
        for (let call = 1; call <= 4; call++) assertSameBits(product(x, W), expected, `${M}x${K}x${N}, ${threads} thread(s), product ${call}`);
        const copy = M === 1 ? (N & ~3) * (K & ~3) * 4 : Math.ceil(N / 8) * 8 * K * 4;
        assert.is(packedBytes() - held, copy, 'packed once, after the second product');
        if (M === 1) {
          // x given as a column (K x 1) read transposed: the same row
          const column = fromTyped(x.dataSync().slice() as Float32Array, [K, 1]);
          assertSameBits(ops.matmul(column, W, { transA: true, transB: true }).dataSync() as Float32Array, expected, 'x^T W^T');
        }
        // accumulating into a resident destination, and a stack of A matrices times W^T
        const C = new Parameter(matrix(M, N, 9)), D = new Parameter(matrix(M, N, 9));
        ops.matmul(x, W, { transB: true, into: { target: C.array, accumulate: true } });
        ops.matmul(x, fromTyped(W.dataSync().slice(), [N, K]), { transB: true, into: { target: D.array, accumulate: true } });
        assertSameBits(C.array.dataSync() as Float32Array, D.array.dataSync() as Float32Array, 'accumulated');
        const x3 = fromTyped(randomValues(3 * M * K, 4), [3, M, K]);
        assertSameBits(ops.matmul(x3, W, { transB: true }).dataSync() as Float32Array, fresh(x3, W), 'a stack of A');
        p.dispose();
        assert.is(packedBytes(), held, 'freed with W');
      }
    }
  } finally {
    backend.setThreads(before);
  }
});

test('every write to W is seen by the next product', () => {
  const l = new L.Linear(40, 64);
  const opt = new optimizers.SGD({ lr: 0.5 });
  opt.setup(l);
  const x = matrix(24, 40, 1), row = matrix(1, 40, 5);
  const check = (what: string): void => {
    const W = l.W.array;
    for (let call = 1; call <= 3; call++) {
      assertSameBits(product(x, W), fresh(x, W), `${what}, product ${call}`);
      assertSameBits(product(row, W), fresh(row, W), `${what}, product ${call} of one row`);
    }
  };
  check('as initialized');
  // an optimizer update (the kernel updates W where it lives)
  l.cleargrads();
  F.sum(F.square(l.forward(x))).backward();
  opt.update();
  check('after an optimizer update');
  // a product written into W
  ops.matmul(matrix(64, 3, 2), matrix(3, 40, 3), { into: { target: l.W.array, accumulate: true } });
  check('after a product accumulated into W');
  ops.addInPlace(l.W.array, matrix(64, 40, 4));
  check('after addInPlace');
  ops.scaleInPlace(l.W.array, 0.5);
  check('after scaleInPlace');
  // the same memory read as another shape
  const wide = ops.reshape(l.W.array, [32, 80]), xw = matrix(24, 80, 6);
  for (let call = 1; call <= 3; call++) assertSameBits(product(xw, wide), fresh(xw, wide), `reshaped, product ${call}`);
  check('back to its own shape');
  l.dispose();
});

test('the packed copy is not an array: memory() counts it apart, and it goes with its weight', () => {
  const before = backend.memory();
  const p = new Parameter(matrix(100, 60, 7)), x = matrix(30, 60, 8), row = matrix(1, 60, 9);
  for (let call = 0; call < 3; call++) product(x, p.array);
  let m = backend.memory();
  assert.is(m.arrays - before.arrays, 1, 'only W');
  assert.is((m.packedWeightBytes ?? 0) - (before.packedWeightBytes ?? 0), 104 * 60 * 4);
  // products of one row keep a copy of their own beside the GEMM kernel's
  for (let call = 0; call < 3; call++) product(row, p.array);
  m = backend.memory();
  assert.is(m.arrays - before.arrays, 1, 'still only W');
  assert.is((m.packedWeightBytes ?? 0) - (before.packedWeightBytes ?? 0), 104 * 60 * 4 + 100 * 60 * 4);
  p.dispose();
  assert.equal([backend.memory().arrays, backend.memory().packedWeightBytes], [before.arrays, before.packedWeightBytes]);
});

test('packedWeightBudget bounds the copies: 0 keeps none and frees those held', () => {
  const wasm = backend.get('wasm');
  const budget = wasm.packedWeightBudget;
  assert.is(budget, 256 * 1024 * 1024);
  const p = new Parameter(matrix(64, 50, 10)), x = matrix(16, 50, 11), expected = fresh(x, p.array);
  try {
    for (let call = 0; call < 3; call++) product(x, p.array);
    assert.ok(packedBytes() > 0);
    wasm.packedWeightBudget = 0;
    assert.is(packedBytes(), 0, 'freed at once');
    for (let call = 1; call <= 3; call++) assertSameBits(product(x, p.array), expected, `unpacked, product ${call}`);
    assert.is(packedBytes(), 0, 'none made');
    // a budget below a weight's copy keeps none of it either
    wasm.packedWeightBudget = 64 * 50 * 4 - 1;
    for (let call = 0; call < 3; call++) product(x, p.array);
    assert.is(packedBytes(), 0);
    for (const bad of [-1, NaN, '1' as unknown as number]) {
      assert.throws(() => { wasm.packedWeightBudget = bad; }, /packedWeightBudget must be a number of bytes/);
    }
  } finally {
    wasm.packedWeightBudget = budget;
    p.dispose();
  }
});

test.run();

// Matrix products (ops.matmul on the backend's GEMM kernel) against a float64 reference loop
// written here independently: every transpose combination, ragged and blocked sizes,
// batches with numpy broadcasting, vectors and empty operands.
import { suite } from 'uvu';
import { ops, fromTyped, array, type NDArray } from '../../src/index';
import { kernels } from '../../src/backends/wasm/module';
import { linearMemory } from '../../src/backends/wasm/arena';
import { assert, assertClose, assertSameBits, assertThrows, describeBackends, randomValues } from '../util';

interface Dense { data: Float64Array; shape: number[] }

/**
 * numpy.matmul in float64 on row-major data; `transA`/`transB` swap the last two axes of an
 * operand before multiplying. Written with explicit index arithmetic, no shortcuts.
 */
function referenceMatmul(a: ArrayLike<number>, aShape: readonly number[], b: ArrayLike<number>, bShape: readonly number[],
                         transA = false, transB = false): Dense {
  const aVec = aShape.length === 1, bVec = bShape.length === 1;
  const as = aVec ? [1, aShape[0]] : [...aShape];
  const bs = bVec ? [bShape[0], 1] : [...bShape];
  const [ar, ac] = as.slice(-2), [br, bc] = bs.slice(-2);
  const M = transA ? ac : ar, K = transA ? ar : ac, N = transB ? br : bc;
  const aBatch = as.slice(0, -2), bBatch = bs.slice(0, -2);
  const nd = Math.max(aBatch.length, bBatch.length);
  const pad = (s: number[]) => [...new Array(nd - s.length).fill(1), ...s];
  const pa = pad(aBatch), pb = pad(bBatch);
  const batchShape = pa.map((d, i) => Math.max(d, pb[i]));
  const batch = batchShape.reduce((p, d) => p * d, 1);
  const out = new Float64Array(batch * M * N);
  for (let t = 0; t < batch; t++) {
    // Unravel t over batchShape and ravel it into each operand's (broadcast) batch index.
    let rest = t, ia = 0, ib = 0, sa = 1, sb = 1;
    for (let d = nd - 1; d >= 0; d--) {
      const idx = rest % batchShape[d];
      rest = Math.floor(rest / batchShape[d]);
      ia += (pa[d] === 1 ? 0 : idx) * sa; sa *= pa[d];
      ib += (pb[d] === 1 ? 0 : idx) * sb; sb *= pb[d];
    }
    const aOff = ia * ar * ac, bOff = ib * br * bc;
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) {
          const x = transA ? a[aOff + k * ac + i] : a[aOff + i * ac + k];
          const y = transB ? b[bOff + j * bc + k] : b[bOff + k * bc + j];
          s += x * y;
        }
        out[(t * M + i) * N + j] = s;
      }
    }
  }
  let shape = [...batchShape, M, N];
  if (aVec) shape = [...batchShape, N];
  if (bVec) shape = aVec ? [...batchShape] : [...batchShape, M];
  return { data: out, shape };
}

/** Float32 sums of K products differ from float64 by a few ulps of the running sum. */
function tolerance(K: number) {
  return { atol: 1e-5 + 2e-6 * K, rtol: 1e-5 };
}

let seed = 1;
function randomArray(shape: readonly number[]): NDArray {
  const n = shape.reduce((p, d) => p * d, 1);
  return fromTyped(randomValues(n, seed++), shape);
}

function checkMatmul(aShape: number[], bShape: number[], transA = false, transB = false): void {
  const a = randomArray(aShape), b = randomArray(bShape);
  const c = ops.matmul(a, b, { transA, transB });
  const ref = referenceMatmul(a.dataSync(), aShape, b.dataSync(), bShape, transA, transB);
  const K = transA ? aShape[aShape.length - 2] : aShape[aShape.length - 1];
  assert.equal([...c.shape], ref.shape, `shape of ${JSON.stringify(aShape)}${transA ? 'T' : ''} x ${JSON.stringify(bShape)}${transB ? 'T' : ''}`);
  assertClose(c, ref.data, tolerance(K));
}

/** Operand shapes (stored layout) for op(A) of M x K and op(B) of K x N. */
function shapes(M: number, K: number, N: number, transA: boolean, transB: boolean): [number[], number[]] {
  return [transA ? [K, M] : [M, K], transB ? [N, K] : [K, N]];
}

const combos: [boolean, boolean][] = [[false, false], [false, true], [true, false], [true, true]];

describeBackends('matmul', (test) => {
  test('a small product worked by hand, in every transpose combination', () => {
    const a = array([[1, 2, 3], [4, 5, 6]]);          // 2 x 3
    const b = array([[7, 8], [9, 10], [11, 12]]);     // 3 x 2
    const ab = [[58, 64], [139, 154]];
    assertClose(ops.matmul(a, b), ab);
    assertClose(ops.matmul(ops.transpose(a), b, { transA: true }), ab);
    assertClose(ops.matmul(a, ops.transpose(b), { transB: true }), ab);
    assertClose(ops.matmul(ops.transpose(a), ops.transpose(b), { transA: true, transB: true }), ab);
  });

  // Sizes around the register tile (4 or 6 rows, 8 columns), the SIMD packing step (4),
  // and the cache blocks (K split above 256, rows above 120, columns above 1024).
  const sizes: [number, number, number][] = [
    [1, 1, 1], [1, 3, 1], [3, 1, 5], [2, 2, 2], [4, 4, 8], [6, 8, 8], [5, 7, 9], [7, 5, 3], [8, 16, 16],
    [12, 4, 24], [13, 17, 100], [17, 33, 9], [25, 1, 31], [100, 3, 17], [1, 784, 10], [10, 784, 1],
    [37, 257, 41], [24, 600, 16], [130, 20, 50], [241, 9, 7], [3, 5, 1030], [64, 64, 64], [100, 100, 100],
    [1, 1000, 37], [29, 1000, 1], [1, 7, 1030], [1030, 7, 1], [1, 13, 6], [6, 13, 1], [2, 9, 5], [5, 9, 2],
    // few rows against several k blocks and column blocks (k blocks outermost)
    [20, 600, 2100], [29, 520, 1100],
  ];
  for (const [transA, transB] of combos) {
    test(`ragged and blocked sizes, transA=${transA} transB=${transB}`, () => {
      for (const [M, K, N] of sizes) {
        const [as, bs] = shapes(M, K, N, transA, transB);
        checkMatmul(as, bs, transA, transB);
      }
    });
  }

  test('linear-layer shapes: 100 x 784 x 100 in every transpose combination', () => {
    for (const [transA, transB] of combos) {
      const [as, bs] = shapes(100, 784, 100, transA, transB);
      checkMatmul(as, bs, transA, transB);
    }
  });

  test('forward and both backward products of a 784 -> 300 linear layer', () => {
    // y = x W^T, gx = gy W, gW = gy^T x, as Chainer's LinearFunction computes them.
    const x = randomArray([20, 784]), W = randomArray([300, 784]), gy = randomArray([20, 300]);
    const check = (c: NDArray, r: Dense, K: number) => { assert.equal([...c.shape], r.shape); assertClose(c, r.data, tolerance(K)); };
    check(ops.matmul(x, W, { transB: true }), referenceMatmul(x.dataSync(), [20, 784], W.dataSync(), [300, 784], false, true), 784);
    check(ops.matmul(gy, W), referenceMatmul(gy.dataSync(), [20, 300], W.dataSync(), [300, 784]), 300);
    check(ops.matmul(gy, x, { transA: true }), referenceMatmul(gy.dataSync(), [20, 300], x.dataSync(), [20, 784], true, false), 20);
  });

  test('batched products with numpy broadcasting of the batch axes', () => {
    for (const [transA, transB] of combos) {
      const [as, bs] = shapes(5, 7, 9, transA, transB);
      checkMatmul([3, ...as], [3, ...bs], transA, transB);        // same batch
      checkMatmul([4, ...as], bs, transA, transB);                // one B shared by a stack of A
      checkMatmul(as, [4, ...bs], transA, transB);                // one A shared by a stack of B
      checkMatmul([2, 1, ...as], [3, ...bs], transA, transB);     // (2, 1) with (3,) -> (2, 3)
      checkMatmul([2, 1, ...as], [1, 3, ...bs], transA, transB);  // both broadcast partially
      checkMatmul([1, ...as], [2, 2, ...bs], transA, transB);
    }
    // A tall stack sharing one B, with a ragged number of rows per matrix.
    checkMatmul([6, 13, 40], [40, 11]);
  });

  test('vectors lose their added axis, as in numpy', () => {
    checkMatmul([7], [7, 5]);          // (7) x (7, 5) -> (5)
    checkMatmul([5, 7], [7]);          // (5, 7) x (7) -> (5)
    checkMatmul([9], [9]);             // inner product -> ()
    checkMatmul([2, 3, 7], [7]);       // batched matrix x vector -> (2, 3)
    checkMatmul([7], [2, 7, 4]);       // vector x batched matrix -> (2, 4)
    checkMatmul([7, 5], [7], true);    // a^T v
    checkMatmul([7], [5, 7], false, true);
    assert.equal([...ops.matmul(array([1, 2, 3]), array([4, 5, 6])).shape], []);
    assertClose(ops.matmul(array([1, 2, 3]), array([4, 5, 6])), 32);
  });

  test('empty operands: K = 0 gives zeros, M = 0 or N = 0 gives an empty result', () => {
    const z = ops.matmul(fromTyped(new Float32Array(0), [3, 0]), fromTyped(new Float32Array(0), [0, 4]));
    assert.equal([...z.shape], [3, 4]);
    assertClose(z, new Float32Array(12));
    const zt = ops.matmul(fromTyped(new Float32Array(0), [0, 3]), fromTyped(new Float32Array(0), [4, 0]), { transA: true, transB: true });
    assertClose(zt, new Float32Array(12));
    assert.equal([...ops.matmul(randomArray([0, 5]), randomArray([5, 4])).shape], [0, 4]);
    assert.equal([...ops.matmul(randomArray([3, 5]), randomArray([5, 0])).shape], [3, 0]);
    assert.equal([...ops.matmul(randomArray([0, 3, 5]), randomArray([5, 4])).shape], [0, 3, 4]);
  });

  test('a NaN or an infinity reaches only the outputs that read it', () => {
    // Padding inside the kernel must never mix rows or columns: NaN * 0 is NaN.
    for (const [transA, transB] of combos) {
      const M = 7, K = 5, N = 11;
      const a = randomValues(M * K, 3), b = randomValues(K * N, 4);
      const [as, bs] = shapes(M, K, N, transA, transB);
      a[transA ? 2 * M + 3 : 3 * K + 2] = NaN;      // op(A)[3, 2]
      b[transB ? 6 * K + 1 : 1 * N + 6] = Infinity; // op(B)[1, 6]
      const c = ops.matmul(fromTyped(a, as), fromTyped(b, bs), { transA, transB }).dataSync();
      const ref = referenceMatmul(a, as, b, bs, transA, transB).data;
      for (let i = 0; i < M; i++) {
        for (let j = 0; j < N; j++) {
          const got = c[i * N + j], want = ref[i * N + j];
          if (i === 3) assert.ok(Number.isNaN(got), `row 3 is NaN (${i}, ${j})`);
          else if (j === 6) assert.ok(!Number.isFinite(got) && Number.isNaN(got) === Number.isNaN(want), `column 6 is ${want} at (${i}, ${j}), got ${got}`);
          else assert.ok(Number.isFinite(got), `finite at (${i}, ${j})`);
        }
      }
    }
  });

  test('int32 operands are multiplied as float32', () => {
    const a = array([[1, 2], [3, 4]], { dtype: 'int32' });
    const b = array([[5, 6], [7, 8]], { dtype: 'int32' });
    const c = ops.matmul(a, b);
    assert.is(c.dtype, 'float32');
    assertClose(c, [[19, 22], [43, 50]]);
  });

  test('a bias is added to every row, bit for bit as ops.add adds it', () => {
    // M = 1 takes the matrix-vector path, the others the blocked product (K above one block);
    // on webgl K >= 4 adds the bias as the packed product is unpacked, K = 3 in a pass of its own.
    for (const [M, K, N] of [[1, 784, 1000], [1, 5, 3], [7, 300, 13], [100, 20, 10], [6, 3, 5]]) {
      for (const [transA, transB] of combos) {
        const [as, bs] = shapes(M, K, N, transA, transB);
        const a = randomArray(as), b = randomArray(bs), bias = randomArray([N]);
        const c = ops.matmul(a, b, { transA, transB, bias });
        const ref = referenceMatmul(a.dataSync(), as, b.dataSync(), bs, transA, transB).data;
        const bv = bias.dataSync();
        assertClose(c, ref.map((v, i) => v + bv[i % N]), tolerance(K));
        assert.equal(c.dataSync(), ops.add(ops.matmul(a, b, { transA, transB }), bias).dataSync(), `${M}x${K}x${N} transA=${transA} transB=${transB}`);
      }
    }
    assert.equal([...ops.matmul(randomArray([0, 5]), randomArray([5, 4]), { bias: randomArray([4]) }).shape], [0, 4]);
  });

  test('a bias must be a float32 vector of the product\'s columns on a 2-D product', () => {
    const a = randomArray([3, 4]), b = randomArray([4, 5]);
    assertThrows(() => ops.matmul(a, b, { bias: randomArray([4]) }), 'matmul', 'bias', '(5)');
    assertThrows(() => ops.matmul(a, b, { bias: randomArray([1, 5]) }), 'matmul', 'bias', '(5)');
    assertThrows(() => ops.matmul(a, b, { bias: array([1, 2, 3, 4, 5], { dtype: 'int32' }) }), 'matmul', 'bias', 'float32');
    assertThrows(() => ops.matmul(randomArray([2, 3, 4]), b, { bias: randomArray([5]) }), 'matmul', 'bias', '2-D');
  });

  test('errors name matmul and the mismatching dimensions', () => {
    assertThrows(() => ops.matmul(randomArray([3, 4]), randomArray([5, 2])), 'matmul', 'contracted', '4', '5');
    assertThrows(() => ops.matmul(randomArray([4, 3]), randomArray([5, 2]), { transA: true }), 'matmul', 'a^T');
    assertThrows(() => ops.matmul(randomArray([3, 4]), randomArray([2, 5]), { transB: true }), 'matmul', 'b^T');
    assertThrows(() => ops.matmul(randomArray([2, 3, 4]), randomArray([3, 4, 2])), 'matmul');
    assertThrows(() => ops.matmul(array(2), randomArray([2, 2])), 'matmul', 'dimension');
  });
});

// The kernel itself, for what ops.matmul does not reach: accumulation into C and a row
// stride of C wider than N (a block inside a larger matrix).
const kernel = suite('gemm_f32 kernel');

kernel('accumulate adds to C, and a wide ldc leaves the columns beyond N alone', () => {
  // [M, K, N, ldc]: blocked tiles, few rows of C over several k blocks (B's rows shorter
  // and longer than a page), single rows and columns of C (matrix-vector paths).
  const arena = linearMemory;
  const put = (x: Float32Array) => arena.put({ storage: x, shape: [x.length], dtype: 'float32' });
  for (const [transA, transB] of combos) {
    const cases = [[1, 1, 1, 4], [5, 3, 9, 12], [13, 300, 17, 20], [19, 601, 37, 40], [7, 0, 6, 9], [1, 300, 13, 13], [11, 300, 1, 1], [11, 30, 1, 3],
      [6, 300, 1035, 1040], [21, 70, 1029, 1029]];
    for (const [M, K, N, ldc] of cases) {
      const a = randomValues(M * K, 10), b = randomValues(K * N, 11), c0 = randomValues(M * ldc, 12);
      const ref = referenceMatmul(a, transA ? [K, M] : [M, K], b, transB ? [N, K] : [K, N], transA, transB).data;
      for (const accumulate of [0, 1]) {
        arena.begin('gemm test', []);
        const pa = put(a), pb = put(b), pc = put(c0);
        const work = arena.alloc(kernels.gemm_workspace(M, N, K));
        kernels.gemm_f32(+transA, +transB, M, N, K, pa, transA ? M : K, pb, transB ? K : N, pc, ldc, accumulate, 0, work, 0, 1);
        const c = arena.viewF32(pc, M * ldc);
        const expected = new Float64Array(M * ldc);
        for (let i = 0; i < M; i++) {
          for (let j = 0; j < ldc; j++) {
            const r = i * ldc + j;
            expected[r] = j >= N ? c0[r] : ref[i * N + j] + (accumulate ? c0[r] : 0);
          }
        }
        assertClose(c, expected, tolerance(K));
      }
    }
  }
});

kernel('a row of C has the same bits whatever rows are computed with it', () => {
  // Few rows of C take their own path (B never packed whole, read in place or a panel pair
  // at a time), more rows the blocked one: both meet k in the same blocks and order.
  const arena = linearMemory;
  const put = (x: Float32Array) => arena.put({ storage: x, shape: [x.length], dtype: 'float32' });
  for (const [transA, transB] of combos) {
    for (const [few, K, N] of [[20, 650, 1100], [13, 601, 37], [32, 300, 2053]]) {
      const many = 96;
      const a = randomValues(many * K, 30), b = randomValues(K * N, 31);
      const product = (M: number): Float32Array => {
        // rows 0 .. M-1 of op(A): the first M rows of A, or its first M columns when transposed
        const aM = transA ? Float32Array.from({ length: K * M }, (_, r) => a[Math.floor(r / M) * many + (r % M)]) : a.subarray(0, M * K);
        arena.begin('gemm rows test', []);
        const pa = put(aM), pb = put(b), pc = arena.alloc(M * N * 4);
        const work = arena.alloc(kernels.gemm_workspace(M, N, K));
        kernels.gemm_f32(+transA, +transB, M, N, K, pa, transA ? M : K, pb, transB ? K : N, pc, N, 0, 0, work, 0, 1);
        return arena.viewF32(pc, M * N).slice();
      };
      assertSameBits(product(few), product(many).subarray(0, few * N), `${few} of ${many} rows, ${K}x${N} ${transA ? 'A^T' : 'A'}${transB ? 'B^T' : 'B'}`);
    }
  }
});

kernel.run();

// The wasm backend's threads: the public setThreads/threads contract, results that are bit
// for bit the same on one thread and on two (GEMM of odd sizes in every transpose
// combination and on its matrix-vector paths, convolutions, elementwise maps, optimizer
// updates, the softmax family, softmax cross entropy and the LSTM cell, an MLP's training steps), and GEMM parts that tile C exactly for any count.
// That Node and Deno end by themselves with workers started is checked by every test run:
// the runner waits for the test process to exit.
import { suite } from 'uvu';
import { backend, fromTyped, ops, F, L, Link, Parameter, Variable, optimizers, random, type NDArray } from '../../src/index';
import { pool } from '../../src/backends/wasm/thread-pool';
import { kernels } from '../../src/backends/wasm/module';
import { linearMemory } from '../../src/backends/wasm/arena';
import { SoftmaxKind } from '../../assembly/opcodes';
import { assert, assertSameBits, assertThrows, randomValues } from '../util';

/** Shared memory is allowed here (not in a browser page without cross-origin isolation). */
const sharedMemory = typeof SharedArrayBuffer === 'function'
  && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;

/**
 * Runs `compute` on one thread and then on two (all workers up), restoring the count after;
 * where shared memory works, the second run must really have split some kernel.
 */
async function onOneAndTwoThreads<T>(compute: () => T): Promise<[T, T, number]> {
  const before = backend.threads();
  try {
    backend.setThreads(1);
    const one = compute();
    backend.setThreads(2);
    const up = await pool.ready();
    const splitBefore = pool.splitCalls;
    const two = compute();
    if (sharedMemory) assert.ok(pool.splitCalls > splitBefore, 'two threads split no kernel call');
    return [one, two, up];
  } finally {
    backend.setThreads(before);
  }
}

const api = suite('backend threads');

api('threads() is min(cores, 4) where shared memory works, 1 where it does not', () => {
  const n = backend.threads();
  if (sharedMemory) assert.ok(n >= 1 && n <= 4, `threads() = ${n}`);
  else assert.is(n, 1);
  assert.is(pool.available, sharedMemory);
});

api('setThreads(n) returns the count in effect: n with shared memory, 1 without (a page that is not isolated)', () => {
  const before = backend.threads();
  try {
    assert.is(backend.setThreads(2), sharedMemory ? 2 : 1);
    assert.is(backend.threads(), sharedMemory ? 2 : 1);
    assert.is(backend.setThreads(1), 1);
    assert.is(backend.threads(), 1);
  } finally {
    backend.setThreads(before);
  }
});

api('setThreads rejects a count that is not an integer from 1 to 64, naming the call', () => {
  for (const bad of [0, -1, 1.5, 65, Number.NaN, Infinity]) assertThrows(() => backend.setThreads(bad), 'backend.setThreads', 'integer from 1 to 64');
  assertThrows(() => backend.setThreads('2' as unknown as number), 'backend.setThreads');
});

/** Runs `body` on two threads with every worker up (their count given), restoring the count after. */
async function onTwoThreads(body: (up: number) => void): Promise<void> {
  const before = backend.threads();
  try {
    backend.setThreads(2);
    body(await pool.ready());
  } finally {
    backend.setThreads(before);
  }
}

api('small work stays on one thread', () => onTwoThreads(() => {
  assert.is(pool.parts(64 * 64 * 64), 1);
}));

api('a batch-1 product of a large layer splits over the running threads; a small one stays whole', () => onTwoThreads((up) => {
  // 784x1000 floats stream 3.1 MB: a part per thread; 100x100 (40 KB) is not worth a thread.
  assert.is(pool.streamParts(784 * 1000 * 4), sharedMemory ? up : 1);
  assert.is(pool.streamParts(100 * 100 * 4), 1);
  const x = fromTyped(randomValues(784, 30), [1, 784]);
  const W = new Parameter(fromTyped(randomValues(1000 * 784, 31), [1000, 784])).array;
  const splitBefore = pool.splitCalls;
  ops.matmul(x, W, { transB: true });
  assert.is(pool.splitCalls - splitBefore, sharedMemory ? 1 : 0);
}));

api('pool.run runs `meanwhile` once on the calling thread when it splits, not for one part', () => onTwoThreads(() => {
  linearMemory.begin('test', []);
  const px = linearMemory.alloc(4 * 1024 * 4), po = linearMemory.alloc(4 * 4);
  let calls = 0;
  pool.run('softmax_f32', [SoftmaxKind.LogSumExp, px, 4, 1024, 1, po], 1, () => calls++);
  assert.is(calls, 0);
  pool.run('softmax_f32', [SoftmaxKind.LogSumExp, px, 4, 1024, 1, po], sharedMemory ? 2 : 1, () => calls++);
  assert.is(calls, sharedMemory ? 1 : 0);
}));

api.run();

const same = suite('results on one and two threads');

same('two threads really split a large GEMM where shared memory works', async () => {
  const a = fromTyped(randomValues(256 * 256, 1), [256, 256]);
  const [one, two, up] = await onOneAndTwoThreads(() => { ops.matmul(a, a); return pool.parts(256 * 256 * 256); });
  assert.is(one, 1);
  assert.is(up, sharedMemory ? 2 : 1);
  // Two parts per thread: a stalled thread holds back at most a quarter of the work.
  assert.is(two, sharedMemory ? 4 : 1);
});

same('GEMM of odd sizes, every transpose combination, split by rows, by columns and as matrix times vector', async () => {
  // [M, K, N]: more rows than columns, more columns than rows, few rows (B read in place),
  // one row, one column.
  const shapes = [[263, 101, 97], [97, 101, 263], [21, 601, 263], [1, 2053, 1031], [1031, 2053, 1], [1, 784, 1000]];
  const combos = [[false, false], [false, true], [true, false], [true, true]];
  const products = () => shapes.flatMap(([M, K, N]) => combos.map(([transA, transB]) => {
    const a = fromTyped(randomValues(M * K, M + K), transA ? [K, M] : [M, K]);
    const b = fromTyped(randomValues(K * N, K + N), transB ? [N, K] : [K, N]);
    return { name: `${M}x${K}x${N} ${transA ? 'A^T' : 'A'}${transB ? 'B^T' : 'B'}`, c: ops.matmul(a, b, { transA, transB }).dataSync() };
  }));
  const [one, two] = await onOneAndTwoThreads(products);
  one.forEach((p, i) => assertSameBits(two[i].c, p.c, p.name));
});

same('a stack of matrices times one matrix, and batched products', async () => {
  const a = fromTyped(randomValues(3 * 131 * 129, 5), [3, 131, 129]);
  const b = fromTyped(randomValues(129 * 131, 6), [129, 131]);
  const bs = fromTyped(randomValues(3 * 129 * 131, 7), [3, 129, 131]);
  const [one, two] = await onOneAndTwoThreads(() => [ops.matmul(a, b).dataSync(), ops.matmul(a, bs).dataSync()]);
  assertSameBits(two[0], one[0], 'stack x matrix');
  assertSameBits(two[1], one[1], 'batched');
});

same('convolution forward and backward: images split over threads, or the GEMM of one image', async () => {
  for (const [N, groups] of [[1, 1], [3, 1], [3, 2]]) {
    const x = fromTyped(randomValues(N * 16 * 30 * 30, 8), [N, 16, 30, 30]);
    const W = fromTyped(randomValues(32 * (16 / groups) * 3 * 3, 9, -0.2, 0.2), [32, 16 / groups, 3, 3]);
    const b = fromTyped(randomValues(32, 10), [32]);
    const run = () => {
      const xv = new Variable(x), Wv = new Variable(W), bv = new Variable(b);
      const y = F.convolution2d(xv, Wv, bv, { pad: 1, groups });
      F.sum(F.square(y)).backward();
      return [y.array, xv.grad!, Wv.grad!, bv.grad!].map((t: NDArray) => t.dataSync());
    };
    const [one, two] = await onOneAndTwoThreads(run);
    ['y', 'gx', 'gW', 'gb'].forEach((name, i) => assertSameBits(two[i], one[i], `${N} images, ${groups} groups: ${name}`));
  }
});

same('an MLP: losses, gradients and parameters after Adam steps are identical', async () => {
  const x = fromTyped(randomValues(64 * 784, 11), [64, 784]);
  const t = fromTyped(new Int32Array(64).map((_, i) => (i * 7) % 10), [64]);
  const train = () => {
    random.seed(3);
    const model = new L.Classifier(new L.Sequential(new L.Linear(784, 300), F.relu, new L.Linear(300, 10)));
    const opt = new optimizers.Adam().setup(model);
    const losses: number[] = [];
    for (let step = 0; step < 3; step++) {
      opt.update(() => {
        const loss = model.forward(x, t);
        losses.push(loss.item());
        return loss;
      });
    }
    return { losses: Float32Array.from(losses), params: model.namedparams().map(([name, p]) => ({ name, data: p.array.dataSync(), grad: p.grad!.dataSync() })) };
  };
  const [one, two] = await onOneAndTwoThreads(train);
  assertSameBits(two.losses, one.losses, 'losses');
  one.params.forEach((p, i) => {
    assertSameBits(two.params[i].grad, p.grad, `${p.name} grad`);
    assertSameBits(two.params[i].data, p.data, `${p.name} after the updates`);
  });
});

same('elementwise maps of an odd length split by ranges', async () => {
  const x = fromTyped(randomValues(300_007, 12, -3, 3), [300_007]);
  const [one, two] = await onOneAndTwoThreads(() => [F.tanh(x).array.dataSync(), F.exp(x).array.dataSync()]);
  assertSameBits(two[0], one[0], 'tanh');
  assertSameBits(two[1], one[1], 'exp');
});

same('softmax, log-softmax, log-sum-exp, their gradients and softmax cross entropy split by rows', async () => {
  // rows of a contiguous class axis, and an inner axis that the kernels take four lanes at a time
  const rows = fromTyped(randomValues(37 * 4001, 21, -4, 4), [37, 4001]);
  const planes = fromTyped(randomValues(13 * 777 * 17, 22, -4, 4), [13, 777, 17]);
  const weightsOf = (x: NDArray, seed: number) => fromTyped(randomValues(x.size, seed, -1, 1), x.shape);
  const labels = fromTyped(Int32Array.from({ length: 37 }, (_, i) => (i === 5 ? -1 : (i * 997) % 4001)), [37]);
  const planeLabels = fromTyped(Int32Array.from({ length: 13 * 17 }, (_, i) => (i * 31) % 777), [13, 17]);
  const compute = () => {
    const out: [string, Float32Array][] = [];
    for (const [name, x] of [['rows', rows], ['planes', planes]] as const) {
      for (const [fn, f] of [['softmax', F.softmax], ['logSoftmax', F.logSoftmax]] as const) {
        const v = new Variable(x);
        const y = f(v, 1);
        F.sum(F.mul(y, weightsOf(x, 23))).backward();
        out.push([`${fn} ${name}`, y.array.dataSync() as Float32Array], [`${fn} gradient ${name}`, v.grad!.dataSync() as Float32Array]);
      }
      out.push([`logsumexp ${name}`, F.logsumexp(x, 1).array.dataSync() as Float32Array]);
      const v = new Variable(x);
      const loss = F.softmaxCrossEntropy(v, name === 'rows' ? labels : planeLabels);
      loss.backward();
      out.push([`softmaxCrossEntropy ${name}`, loss.array.dataSync() as Float32Array], [`softmaxCrossEntropy gradient ${name}`, v.grad!.dataSync() as Float32Array]);
    }
    return out;
  };
  const splitBefore = pool.splitCalls;
  const [one, two] = await onOneAndTwoThreads(compute);
  // every one of the 14 kernel calls of the second run splits where there are threads
  if (sharedMemory) assert.ok(pool.splitCalls - splitBefore >= 14, `${pool.splitCalls - splitBefore} split calls`);
  two.forEach(([what, values], i) => assertSameBits(values, one[i][1], what));
});

same('the LSTM cell forward and backward split by rows, a tail of units and rows past the batch included', async () => {
  // 37 rows of c, 29 of x (a batch that shrank); 651 units end in a partial block of four
  const units = 651;
  const cPrev = fromTyped(randomValues(37 * units, 31, -2, 2), [37, units]);
  const x = fromTyped(randomValues(29 * 4 * units, 32, -3, 3), [29, 4 * units]);
  const compute = () => {
    const vc = new Variable(cPrev), vx = new Variable(x);
    const [c, h] = F.lstm(vc, vx);
    F.add(F.sum(F.mul(c, fromTyped(randomValues(37 * units, 33, -1, 1), [37, units]))), F.sum(F.mul(h, fromTyped(randomValues(29 * units, 34, -1, 1), [29, units])))).backward();
    return [c.array.dataSync(), h.array.dataSync(), vc.grad!.dataSync(), vx.grad!.dataSync()] as Float32Array[];
  };
  const [one, two] = await onOneAndTwoThreads(compute);
  ['c', 'h', 'gradient of cPrev', 'gradient of x'].forEach((what, i) => assertSameBits(two[i], one[i], what));
});

class OneParameter extends Link {
  w: Parameter;
  constructor(init: NDArray) { super(); this.w = new Parameter(init); }
}

same('every fused optimizer update on a parameter of odd length', async () => {
  const n = 150_001;
  const make: [string, () => optimizers.GradientMethod][] = [
    ['SGD', () => new optimizers.SGD()], ['MomentumSGD', () => new optimizers.MomentumSGD()],
    ['NesterovAG', () => new optimizers.NesterovAG()], ['Adam', () => new optimizers.Adam()],
    ['AMSGrad', () => new optimizers.AMSGrad()], ['AdaGrad', () => new optimizers.AdaGrad()],
    ['AdaDelta', () => new optimizers.AdaDelta()], ['RMSprop', () => new optimizers.RMSprop()],
    ['AMSBound', () => new optimizers.AMSBound({ finalLr: 0.001 })], ['CorrectedMomentumSGD', () => new optimizers.CorrectedMomentumSGD()],
    ['RMSpropGraves', () => new optimizers.RMSpropGraves()], ['SMORMS3', () => new optimizers.SMORMS3()], ['MSVAG', () => new optimizers.MSVAG()],
  ];
  const steps = () => make.map(([name, opt]) => {
    const link = new OneParameter(fromTyped(randomValues(n, 13), [n]));
    const w = link.w, o = opt().setup(link);
    for (let t = 0; t < 2; t++) {
      w.grad = fromTyped(randomValues(n, 14 + t), [n]);
      o.update();
    }
    return { name, data: w.array.dataSync() };
  });
  const [one, two] = await onOneAndTwoThreads(steps);
  one.forEach((r, i) => assertSameBits(two[i].data, r.data, r.name));
});

same.run();

const partition = suite('gemm_f32 parts');

partition('any number of parts, run one after another, tile C exactly as one call does', () => {
  // [M, K, N, ldc]: split by rows, by columns, few rows of C (B read in place) split both
  // ways (by columns over 10 k blocks of 64 too), matrix times vector both ways, no K, a wide C.
  // Blocks of several KC, NC or MC: op(B) shared by the row parts of a 300x601x75 product
  // (3 k-blocks), op(A) by the column parts of 130x601x1100 (2 column blocks, 2 row blocks).
  const cases = [[37, 29, 23, 23], [23, 29, 37, 40], [21, 601, 45, 47], [30, 301, 7, 9], [1, 67, 45, 45], [45, 67, 1, 1], [9, 0, 7, 7], [130, 17, 3, 5],
    [300, 601, 75, 75], [130, 601, 1100, 1100]];
  const arena = linearMemory;
  const put = (x: Float32Array) => arena.put({ storage: x, shape: [x.length], dtype: 'float32' });
  let sharedRuns = 0;
  for (const [M, K, N, ldc] of cases) {
    for (const [transA, transB] of [[0, 0], [0, 1], [1, 0], [1, 1]]) {
      for (const accumulate of [0, 1]) {
        const a = randomValues(M * K, 20), b = randomValues(K * N, 21), c0 = randomValues(M * ldc, 22);
        const product = (parts: number): Float32Array => {
          arena.begin('gemm parts test', []);
          const pa = put(a), pb = put(b), pc = put(c0);
          const work = arena.alloc(parts * kernels.gemm_workspace(M, N, K));
          for (let part = 0; part < parts; part++) {
            kernels.gemm_f32(transA, transB, M, N, K, pa, transA ? M : K, pb, transB ? K : N, pc, ldc, accumulate, 0, work, part, parts);
          }
          return arena.viewF32(pc, M * ldc).slice();
        };
        // The same parts reading the operand they share packed once, by 1 or 2 packing parts.
        const sharedProduct = (parts: number, packParts: number): Float32Array => {
          arena.begin('gemm shared parts test', []);
          const pa = put(a), pb = put(b), pc = put(c0);
          const lda = transA ? M : K, ldb = transB ? K : N;
          const bytes = kernels.gemm_shared_bytes(transA, transB, M, N, K, ldb, parts);
          const shared = bytes > 0 ? arena.alloc(bytes) : 0;
          if (shared) sharedRuns++;
          const work = arena.alloc(parts * kernels.gemm_workspace(M, N, K));
          for (let part = 0; part < packParts && shared; part++) kernels.gemm_pack_shared(transA, transB, M, N, K, pa, lda, pb, ldb, parts, shared, part, packParts);
          for (let part = 0; part < parts; part++) kernels.gemm_f32(transA, transB, M, N, K, pa, lda, pb, ldb, pc, ldc, accumulate, shared, work, part, parts);
          return arena.viewF32(pc, M * ldc).slice();
        };
        const whole = product(1);
        for (const parts of [2, 3, 7]) {
          const what = `${M}x${K}x${N} ldc ${ldc} trans ${transA}${transB} acc ${accumulate}, ${parts} parts`;
          assertSameBits(product(parts), whole, what);
          for (const packParts of [1, 2]) assertSameBits(sharedProduct(parts, packParts), whole, `${what}, shared operand packed in ${packParts}`);
        }
      }
    }
  }
  assert.ok(sharedRuns > 0, 'no case shared a packed operand');
});

partition('the parts of a large product on two threads share one packing of its operand', async () => {
  // Row parts of 300x601x75 share op(B), column parts of 130x601x1100 share op(A), and so
  // do those of few rows of C with B read in place (a recurrent step's gy W).
  assert.ok(kernels.gemm_shared_bytes(0, 1, 300, 75, 601, 601, 4) >= 75 * 601 * 4);
  assert.ok(kernels.gemm_shared_bytes(0, 0, 130, 1100, 601, 1100, 4) >= 130 * 601 * 4);
  assert.ok(kernels.gemm_shared_bytes(0, 0, 20, 650, 2600, 650, 4) >= 20 * 2600 * 4);
  // One part, matrix times vector, row parts of few rows with B read in place: nothing shared.
  for (const [M, N, K, transB, ldb, parts] of [[300, 75, 601, 1, 601, 1], [1, 1000, 784, 1, 784, 4], [30, 7, 301, 0, 7, 4]]) {
    assert.is(kernels.gemm_shared_bytes(0, transB, M, N, K, ldb, parts), 0, `${M}x${K}x${N} on ${parts} parts`);
  }
});

partition.run();

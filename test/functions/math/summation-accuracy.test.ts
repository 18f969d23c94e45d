// Long float32 reductions against float64 references computed here from the same float32
// inputs: the relative error must stay below 1e-6 however many elements are summed (a
// plain float32 running sum of 1e7 copies of 0.1 is 1% off).
import { F, Variable, array, ops } from '../../../src/index';
import { assert, assertClose, describeBackends, randomValues } from '../../util';

const RTOL = 1e-6;
const SIZES = [1e3, 1e6, 1e7];
/** Sizes for the kernels whose tests also compute exponentials or several passes. */
const SMALLER = [1e3, 1e6];

/** Positive inputs (a sum with cancellation has no relative bound in any precision). */
const inputs: Record<string, (n: number) => Float32Array> = {
  '0.1 repeated': (n) => new Float32Array(n).fill(0.1),
  'uniform in [3, 4)': (n) => randomValues(n, 1, 3, 4),
  'magnitudes 1e-3 to 1e3': (n) => randomValues(n, 2, -3, 3).map((e) => 10 ** e),
};

function sum64(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s;
}

function assertRelative(got: number, want: number, what: string): void {
  const err = Math.abs(got - want) / Math.abs(want);
  assert.ok(err < RTOL, `${what}: got ${got}, float64 ${want}, relative error ${err.toExponential(2)} (limit ${RTOL})`);
}

function assertAllRelative(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assert.is(got.length, want.length, `${what}: ${got.length} values, expected ${want.length}`);
  for (let i = 0; i < want.length; i++) assertRelative(got[i], want[i], `${what} [${i}]`);
}

/** float64 sums of v read as (outer, r, inner) over r. */
function sumAxis64(v: Float32Array, outer: number, r: number, inner: number): Float64Array {
  const out = new Float64Array(outer * inner);
  for (let p = 0; p < outer; p++) {
    for (let k = 0; k < r; k++) {
      const row = (p * r + k) * inner;
      for (let j = 0; j < inner; j++) out[p * inner + j] += v[row + j];
    }
  }
  return out;
}

describeBackends('summation accuracy', (test) => {
  for (const n of SIZES) {
    test(`sum and mean of ${n} elements`, () => {
      for (const [name, make] of Object.entries(inputs)) {
        const v = make(n), x = array(v);
        const want = sum64(v);
        assertRelative(F.sum(x).array.item(), want, `sum, ${name}`);
        assertRelative(F.mean(x).array.item(), want / n, `mean, ${name}`);
      }
    });

    test(`sum over an outer and an inner axis, ${n} elements`, () => {
      const v = inputs['uniform in [3, 4)'](n);
      // (outer, r, inner) of the kernel: r contiguous, r strided by a few columns (with a
      // tail of single columns), r strided by more columns than one tile of sums holds.
      const layouts: [number[], number, [number, number, number]][] = [
        [[8, n / 8], 1, [8, n / 8, 1]],
        [[n / 8, 8], 0, [1, n / 8, 8]],
        [[4, n / 40, 10], 1, [4, n / 40, 10]],
      ];
      if (n >= 1e6) layouts.push([[n / 20000, 20000], 0, [1, n / 20000, 20000]]);
      for (const [shape, axis, [outer, r, inner]] of layouts) {
        const got = F.sum(array(v, { shape }), axis).array.dataSync();
        assertAllRelative(got, sumAxis64(v, outer, r, inner), `sum of (${shape}) over axis ${axis}`);
      }
    });

    test(`meanAbsoluteError and meanSquaredError over ${n} elements`, () => {
      const a = randomValues(n, 3, 0, 2), b = randomValues(n, 4, -0.5, 0.5);
      let abs = 0, sq = 0;
      for (let i = 0; i < n; i++) { const d = a[i] - b[i]; abs += Math.abs(d); sq += d * d; }
      const x0 = array(a), x1 = array(b);
      assertRelative(F.meanAbsoluteError(x0, x1).array.item(), abs / n, 'meanAbsoluteError');
      assertRelative(F.meanSquaredError(x0, x1).array.item(), sq / n, 'meanSquaredError');
    });

    test(`logsumexp along an axis of ${n} elements, contiguous and strided`, () => {
      const v = randomValues(n, 7, -1, 1);
      const lse = (get: (k: number) => number, len: number) => {
        let m = -Infinity, s = 0;
        for (let k = 0; k < len; k++) m = Math.max(m, get(k));
        for (let k = 0; k < len; k++) s += Math.exp(get(k) - m);
        return m + Math.log(s);
      };
      assertRelative(F.logsumexp(array(v)).array.item(), lse((k) => v[k], n), 'logsumexp of (n,)');
      const rows = n / 4;
      const want = [0, 1, 2, 3].map((j) => lse((k) => v[k * 4 + j], rows));
      assertAllRelative(F.logsumexp(array(v, { shape: [rows, 4] }), 0).array.dataSync(), want, 'logsumexp of (n/4, 4) over axis 0');
    });
  }

  for (const n of SMALLER) {
    test(`softmaxCrossEntropy averaged over ${n} rows of 2 classes`, () => {
      const xv = randomValues(2 * n, 5, -2, 2);
      const tv = Int32Array.from(randomValues(n, 6, 0, 2), Math.floor);
      let total = 0;
      for (let i = 0; i < n; i++) {
        const x0 = xv[2 * i], x1 = xv[2 * i + 1], m = Math.max(x0, x1);
        total += m + Math.log(Math.exp(x0 - m) + Math.exp(x1 - m)) - (tv[i] ? x1 : x0);
      }
      const loss = F.softmaxCrossEntropy(array(xv, { shape: [n, 2] }), array(tv, { dtype: 'int32' }));
      assertRelative(loss.array.item(), total / n, 'softmaxCrossEntropy');
    });

    test(`softmax along an axis of ${n} elements, contiguous and strided`, () => {
      const v = randomValues(n, 9, -1, 1);
      const softmax = (get: (k: number) => number, len: number) => {
        let s = 0;
        for (let k = 0; k < len; k++) s += Math.exp(get(k));
        return (k: number) => Math.exp(get(k)) / s;
      };
      const row = softmax((k) => v[k], n);
      const got = F.softmax(array(v, { shape: [1, n] })).array.dataSync();
      for (const k of [0, 1, n - 1]) assertRelative(got[k], row(k), `softmax of (1, n) [${k}]`);
      const rows = n / 4;
      const col = softmax((k) => v[k * 4 + 3], rows);
      const gotCol = F.softmax(array(v, { shape: [rows, 4] }), 0).array.dataSync();
      for (const k of [0, 1, rows - 1]) assertRelative(gotCol[k * 4 + 3], col(k), `softmax of (n/4, 4) over axis 0 [${k}, 3]`);
    });

    test(`softmax and logSoftmax gradients along an axis of ${n} elements`, () => {
      const v = randomValues(n, 10, -1, 1), gv = randomValues(n, 11, 3, 4);
      let e = 0, g = 0, eg = 0;
      for (let k = 0; k < n; k++) { e += Math.exp(v[k]); g += gv[k]; eg += Math.exp(v[k]) * gv[k]; }
      // gx = y (gy - Σ y gy) and gy - softmax(x) Σ gy, at a few places
      const wantSoftmax = (k: number) => (Math.exp(v[k]) / e) * (gv[k] - eg / e);
      const wantLog = (k: number) => gv[k] - (Math.exp(v[k]) / e) * g;
      for (const [f, want, what] of [[F.softmax, wantSoftmax, 'softmax'], [F.logSoftmax, wantLog, 'logSoftmax']] as const) {
        const x = new Variable(array(v, { shape: [1, n] }));
        const y = f(x);
        y.grad = array(gv, { shape: [1, n] });
        y.backward();
        const gx = x.grad!.dataSync();
        // The terms cancel to about a tenth of the sum's scale: compare on that scale.
        for (const k of [0, 1, n - 1]) {
          const scale = what === 'softmax' ? Math.exp(v[k]) / e : gv[k];
          assert.ok(Math.abs(gx[k] - want(k)) < 1e-5 * scale, `${what} gradient [${k}]: got ${gx[k]}, float64 ${want(k)}`);
        }
      }
    });

    test(`batch-normalization statistics and gradient sums over ${n} elements`, () => {
      const v = inputs['uniform in [3, 4)'](n);
      const gyv = v.map((x) => x - 3.25);
      // Channels as columns of (N, C) and as planes of (N, C, S).
      for (const layout of [{ outer: n / 4, C: 4, inner: 1 }, { outer: 10, C: 2, inner: n / 20 }]) {
        const { outer, C, inner } = layout;
        const what = `(${outer}, ${C}, ${inner})`;
        const x = array(v), gamma = array(new Float32Array(C).fill(1)), beta = array(new Float32Array(C));
        const r = ops.batchNormForward(x, layout, gamma, beta, 1e-5);
        const m = n / C;
        const mean64 = [], var64 = [], gbeta64 = [], ggamma64 = [];
        const mean = r.mean.dataSync(), invstd = r.invstd.dataSync();
        for (let c = 0; c < C; c++) {
          let s = 0, ss = 0, gb = 0, gg = 0;
          for (let p = 0; p < outer; p++) {
            for (let i = 0; i < inner; i++) {
              const k = (p * C + c) * inner + i;
              s += v[k]; gb += gyv[k]; gg += gyv[k] * (v[k] - mean[c]);
            }
          }
          const mu = s / m;
          for (let p = 0; p < outer; p++) for (let i = 0; i < inner; i++) ss += (v[(p * C + c) * inner + i] - mu) ** 2;
          mean64.push(mu); var64.push(ss / m); gbeta64.push(gb); ggamma64.push(gg * invstd[c]);
        }
        assertAllRelative(mean, mean64, `batch mean of ${what}`);
        assertAllRelative(r.var.dataSync(), var64, `batch variance of ${what}`);
        const g = ops.batchNormBackward(x, array(gyv), layout, gamma, r.mean, r.invstd);
        assertAllRelative(g.gbeta.dataSync(), gbeta64, `gbeta of ${what}`);
        assertAllRelative(g.ggamma.dataSync(), ggamma64, `ggamma of ${what}`);
      }
    });
  }

  test('layerNormalization of rows of 500000 features', () => {
    const [rows, cols] = [2, 500000];
    const v = randomValues(rows * cols, 8, 10, 11);
    const want = new Float64Array(v.length);
    for (let i = 0; i < rows; i++) {
      const row = v.subarray(i * cols, (i + 1) * cols);
      const mu = sum64(row) / cols;
      let ss = 0;
      for (const x of row) ss += (x - mu) ** 2;
      const r = 1 / Math.sqrt(ss / cols + 1e-5);
      row.forEach((x, j) => { want[i * cols + j] = (x - mu) * r; });
    }
    const y = F.layerNormalization(array(v, { shape: [rows, cols] }), array(new Float32Array(cols).fill(1)), array(new Float32Array(cols)));
    assertClose(y, want, { atol: 1e-4, rtol: 0 });
  });
});

// F.sum rounds as Chainer's (numpy 1.x's float32 add.reduce): numpy sums a contiguous run
// pairwise (eight running sums, halves above 128 elements) and adds rows one after the
// other, visiting a C-contiguous array in memory order with axes of length 1 dropped. The
// values below are numpy 1.24's for the same float32 inputs; on wasm they hold to the bit
// (webgl sums its own way, within float32 rounding).
import { F, array } from '../../../src/index';
import { pairwiseSum32 as pairwise } from '../../../src/training/util/numpy-stats';
import { assertClose, describeBackends } from '../../util';

/** float32 values with a wide range of magnitudes, exact in float64 on both sides. */
function data(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => (((i * 7919) % 2001) - 1000) / 37 * 10 ** (i % 5));
}

describeBackends('F.sum in numpy\'s order', (test, backendName) => {
  const exact = backendName === 'wasm';
  // (webgl: float32 rounding of terms up to 1e6, some of which cancel)
  const tol = exact ? { atol: 0, rtol: 0 } : { atol: 0.5, rtol: 2e-6 };
  const sum = (n: number, shape: number[], axis: number | number[] | null) => F.sum(array(data(n), { shape }), axis).array.toTypedArray();

  test('pairwise along a contiguous run, rows one after the other, as numpy 1.24', () => {
    assertClose(sum(300, [300], null), [501103.875], tol);
    assertClose(sum(1500, [5, 300], 1), [501103.875, 135398.71875, -181687.65625, -11449.46875, 223686.109375], tol);
    // a bias gradient over a batch of 64
    assertClose(sum(640, [64, 10], 0), [-73.32432556152344, -40.27037811279297, 1118.9188232421875, -27675.67578125, -124594.5703125,
      56.83783721923828, 179.72972106933594, -2089.189208984375, 48405.41015625, 636216.1875], tol);
    // pairwise runs of 8 per (a, r), then the six a in order
    assertClose(sum(336, [6, 7, 8], [0, 2]), [633655.5, -191630.046875, -1267.875, 149034.125, 36709.3125, -135645.0625, -182798.421875], tol);
    // the axis of length 1 plays no part: four rows of 12
    assertClose(sum(48, [4, 1, 12], 0), [259905.953125, -2926.027099609375, -54783.2421875, -62529.02734375, 195351.6875, 143820.15625,
      -15687.5126953125, -182398.125, -190040.5, 68873.9765625, 27680.294921875, -28448.998046875], tol);
    assertClose(F.mean(array(data(1500), { shape: [5, 300] }), 1).array, [1670.34619140625, 451.3290710449219, -605.6255493164062, -38.164894104003906, 745.620361328125], tol);
  });

  test('cancellation rounds as numpy\'s: ((1e8 + 3) - 1e8) + 3 is 3', () => {
    assertClose(F.sum(array([1e8, 3, -1e8, 3])).array, [3], { atol: 0 });
  });

  test('past numpy\'s 8192-element pieces and 128 rows, sums stay within float32 rounding of numpy\'s', () => {
    // numpy 1.24: 130 rows of 3 columns
    assertClose(sum(390, [130, 3], 0), [562123.1875, 304443.71875, -336970.6875], { atol: 0, rtol: 1e-6 });
  });
});

describeBackends('F.sum of every length up to 600', (test, backendName) => {
  test('equals numpy\'s pairwise sum, whichever way its halves split', () => {
    for (let n = 1; n <= 600; n++) {
      const v = Float32Array.from({ length: n }, (_, i) => Math.fround(((((i * 7919) + n) % 2001) - 1000) / 37 * 10 ** (i % 4)));
      const got = F.sum(array(v)).array.item(), want = pairwise(v, 0, n);
      // webgl sums its own way: within float32 rounding of the magnitudes summed
      const atol = backendName === 'wasm' ? 0 : 2e-6 * v.reduce((s, x) => s + Math.abs(x), 0);
      if (Math.abs(got - want) > atol) assertClose(got, want, { atol, rtol: 0 });
    }
  });
});

describeBackends('softmax in numpy\'s order', (test, backendName) => {
  test('each row\'s exponentials are summed pairwise and divided by the sum, as Chainer\'s y /= y.sum(axis)', () => {
    // the exponentials are the kernel's own (F.exp of x - max); the order and the division are numpy's
    for (const n of [5, 20, 100, 300]) {
      const x = array(data(3 * n).map((v) => v / 1e4), { shape: [3, n] });
      const e = F.exp(F.sub(x, F.broadcastTo(F.max(x, 1, { keepdims: true }), [3, n]))).array.toTypedArray();
      const want = new Float32Array(3 * n);
      for (let r = 0; r < 3; r++) {
        const s = pairwise(e as Float32Array, r * n, n);
        for (let i = 0; i < n; i++) want[r * n + i] = e[r * n + i] / s;
      }
      assertClose(F.softmax(x).array.toTypedArray(), want, backendName === 'wasm' ? { atol: 0, rtol: 0 } : { atol: 1e-7, rtol: 1e-5 });
    }
  });
});

// Chainer 7.8.1's figures on an AMD EPYC 2-core machine (2 threads, numpy's OpenBLAS sgemm
// at 184 GFLOP/s on one thread there) and the targets kusari is held to. Chainer's figures
// are scaled by numpy's GEMM rate measured in the same run over that 184: the machines
// change between sessions and are shared, and numpy is the BLAS Chainer's time is spent in.
import { NUMPY_REFERENCE_GFLOPS, chainerScale, numpyProbe } from './machine.mjs';
import { fmt, median, ratio } from './stats.mjs';

export const REFERENCE = {
  gemm: { title: 'GEMM n=1024', unit: 'GFLOP/s', chainer: [NUMPY_REFERENCE_GFLOPS], target: 'all T >= 1.7x 1T; transposed within 10% of AB' },
  article: { title: 'article MLP 784-100-10 tanh, SGD, b100', unit: 'examples/s', chainer: [119450], min: 0.9, target: '>= 0.9x' },
  large: { title: 'MLP 784-1000-1000-10 ReLU, Adam, b100', unit: 'examples/s', chainer: [8768], min: 0.8, efficiency: 0.7, target: '>= 0.8x, GEMM eff >= 70%' },
  lenet: { title: 'LeNet CNN, MomentumSGD, b64', unit: 'examples/s', chainer: [593, 652], min: 2.5, target: '>= 2.5x' },
  lm: { title: 'LSTM LM 10k/650x2, b20, bptt 35', unit: 'tokens/s', chainer: [623, 680], min: 0.9, efficiency: 0.6, target: '>= 0.9x, GEMM eff >= 60%, memory flat' },
  infer1: { title: 'inference 784-1000-1000-10 b1', unit: 'ms', chainer: [0.177], lowerIsBetter: true, target: '<= 1.25x ORT-web (0.110 ms then)' },
  infer100: { title: 'inference 784-1000-1000-10 b100', unit: 'examples/s', chainer: [53894], target: '>= 0.5x ORT-node (52,493) or >= 2.5x TF.js-wasm' },
};

/** The scale Chainer's figures get: `--chainer-scale x` (given by `bench all`) or numpy measured now. */
export async function scaleFor(opts) {
  if (opts['chainer-scale'] !== undefined) {
    const scale = Number(opts['chainer-scale']);
    return { scale, note: `Chainer figures x ${scale.toFixed(3)} (numpy's rate now / ${NUMPY_REFERENCE_GFLOPS}, measured once for this run)` };
  }
  if (opts['no-numpy']) return { scale: 1, note: 'Chainer figures unscaled (--no-numpy)' };
  const s = await chainerScale();
  return { scale: s.scale, note: `Chainer figures scaled: ${s.note}` };
}

/**
 * The scale of Chainer's figures for a benchmark whose workloads interleave their contenders
 * in rounds: `--chainer-scale x` or `--no-numpy` fix it (scaleFor); otherwise numpy's rate
 * joins each workload's rounds as one more contender (`probe`, whose samples are GFLOP/s)
 * and `scaleOf(samples)` makes that workload's scale from them.
 */
export async function roundScaler(opts) {
  const probe = opts['chainer-scale'] === undefined && !opts['no-numpy'] ? await numpyProbe() : null;
  if (!probe) {
    const { scale, note } = await scaleFor(opts);
    return { probe: null, scaleOf: () => scale, note, close() {} };
  }
  return {
    probe: { label: 'numpy', prepare() {}, run: () => probe.rate() },
    scaleOf: (samples) => median(samples) / NUMPY_REFERENCE_GFLOPS,
    note: `Chainer figures scaled by numpy's 1-thread n=1024 sgemm rate in each workload's own interleaved rounds / ${NUMPY_REFERENCE_GFLOPS}`,
    close: probe.close,
  };
}

/** "593-652" scaled, and the midpoint that ratios are taken against. */
export function chainerFigure(key, scale) {
  const values = REFERENCE[key].chainer.map((v) => (REFERENCE[key].lowerIsBetter ? v / scale : v * scale));
  const mid = values.reduce((a, b) => a + b, 0) / values.length;
  const digits = REFERENCE[key].unit === 'ms' ? 3 : 0;
  return { text: values.map((v) => fmt(v, digits)).join('-'), mid };
}

/** kusari over scaled Chainer: above 1 means kusari is faster (for ms, Chainer's over kusari's). */
export function vsChainer(key, kusari, scale) {
  if (kusari === null || kusari === undefined) return { ratio: 'n/a', value: null };
  const { mid } = chainerFigure(key, scale);
  const value = REFERENCE[key].lowerIsBetter ? mid / kusari : kusari / mid;
  return { ratio: ratio(value), value };
}

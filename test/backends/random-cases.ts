// Random cases of the differentiable functions and of the optimizers, made from a seed: odd
// sizes, broadcasting on any axis, rank 0 to 5, sizes past a texture row, windows past the
// image. The function suites check each function against hand-computed values and numerical
// gradients on chosen shapes; these cases run the same computation two ways (two backends,
// two thread counts) to cover the shapes nobody chose.
import { F, Link, NDArray, Variable, array, backend, optimizers, slice } from '../../src/index';
import { assert } from '../util';

/** A small seeded generator (mulberry32): the cases are the same on every run and runtime. */
export function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return {
    next, int,
    pick: <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)],
    values: (n: number, lo = -1, hi = 1) => Float32Array.from({ length: n }, () => lo + (hi - lo) * next()),
    shape: (rank: number, lo = 1, hi = 5) => Array.from({ length: rank }, () => int(lo, hi)),
  };
}
export type Rand = ReturnType<typeof generator>;

const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);

/** An input of a case: float values (differentiated) or int32 values (labels, indices). */
type Input = { shape: number[]; values: Float32Array } | { shape: number[]; ints: Int32Array };

export interface Outcome { y: Float32Array; shape: number[]; grads: (Float32Array | null)[] }

/** Runs `fn` on `where`: the inputs made there, backward from the given output gradient. */
export function run(where: 'wasm' | 'webgl', inputs: Input[], fn: (...xs: Variable[]) => Variable, gySeed: number): Outcome {
  const previous = backend.current();
  backend.use(where);
  try {
    const vars = inputs.map((i) => 'ints' in i
      ? new Variable(array(i.ints, { shape: i.shape, dtype: 'int32' }), { requiresGrad: false })
      : new Variable(array(i.values, { shape: i.shape })));
    const y = fn(...vars);
    const gy = generator(gySeed).values(y.size);
    y.grad = array(gy, { shape: [...y.shape] });
    y.backward();
    return {
      y: Float32Array.from(y.array.toTypedArray() as ArrayLike<number>), shape: [...y.shape],
      grads: vars.map((v) => (v.grad instanceof NDArray ? Float32Array.from(v.grad.toTypedArray() as ArrayLike<number>) : null)),
    };
  } finally {
    backend.use(previous);
  }
}

/**
 * Equal within float32 sums in another order: |a - e| <= tol (1 + |e|) scaled by the largest
 * magnitude of the reference (a sum of many terms of either sign rounds relative to them).
 */
export function assertNear(actual: Float32Array, expected: Float32Array, what: string, tol = 2e-5): void {
  assert.is(actual.length, expected.length, `${what}: ${actual.length} elements, wasm has ${expected.length}`);
  let scale = 1;
  for (const e of expected) if (Math.abs(e) > scale) scale = Math.abs(e);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    if (a === e || (Number.isNaN(e) && Number.isNaN(a))) continue;
    if (!(Math.abs(a - e) <= tol * (scale + Math.abs(e)))) assert.unreachable(`${what}[${i}]: webgl ${a}, wasm ${e}`);
  }
}

export interface Case { name: string; inputs: Input[]; fn: (...xs: Variable[]) => Variable; tol?: number }

const float = (r: Rand, shape: number[], lo = -1, hi = 1): Input => ({ shape, values: r.values(size(shape), lo, hi) });
const ints = (r: Rand, shape: number[], lo: number, hi: number): Input => ({ shape, ints: Int32Array.from({ length: size(shape) }, () => r.int(lo, hi)) });

/** Two shapes that broadcast together: each axis of one kept, made 1 or dropped from the front. */
function broadcastPair(r: Rand): [number[], number[]] {
  const full = r.shape(r.int(0, 4), 1, 6);
  const other = full.map((d) => (r.next() < 0.3 ? 1 : d)).slice(r.int(0, full.length));
  return r.next() < 0.5 ? [full, other] : [other, full];
}

/** A random subset of the axes of a rank, as a sorted list (possibly empty). */
const axesOf = (r: Rand, rank: number) => Array.from({ length: rank }, (_, i) => i).filter(() => r.next() < 0.5);

export const makers: ((r: Rand) => Case)[] = [
  (r) => {
    const [a, b] = broadcastPair(r);
    const op = r.pick(['add', 'sub', 'mul', 'div', 'maximum', 'minimum'] as const);
    const fns = { add: F.add, sub: F.sub, mul: F.mul, div: F.div, maximum: F.maximum, minimum: F.minimum };
    // divisors kept away from zero
    return { name: `${op} ${JSON.stringify(a)} ${JSON.stringify(b)}`, inputs: [float(r, a), op === 'div' ? float(r, b, 0.5, 2) : float(r, b)], fn: (x, y) => fns[op](x, y) };
  },
  (r) => {
    const shape = r.shape(r.int(1, 5), 1, 7);
    const op = r.pick(['exp', 'tanh', 'sigmoid', 'relu', 'log', 'sqrt', 'softplus', 'elu', 'leakyRelu', 'square', 'absolute', 'sin', 'cos'] as const);
    const positive = op === 'log' || op === 'sqrt';
    return { name: `${op} ${JSON.stringify(shape)}`, inputs: [positive ? float(r, shape, 0.2, 3) : float(r, shape, -3, 3)], fn: (x) => (F[op] as (v: Variable) => Variable)(x) };
  },
  (r) => {
    const shape = r.shape(r.int(1, 5), 1, 7);
    const axes = axesOf(r, shape.length);
    const keepdims = r.next() < 0.5;
    const op = r.pick(['sum', 'mean', 'max', 'min', 'logsumexp'] as const);
    const axis = axes.length === 0 ? null : axes;
    return {
      name: `${op} ${JSON.stringify(shape)} axis ${JSON.stringify(axis)}${keepdims ? ' keepdims' : ''}`, inputs: [float(r, shape)],
      fn: (x) => (op === 'logsumexp' ? F.logsumexp(x, axis) : op === 'mean' ? F.mean(x, axis, null, keepdims)
        : (F[op] as (v: Variable, a: number[] | null, k: boolean) => Variable)(x, axis, keepdims)),
    };
  },
  (r) => {
    const shape = r.shape(r.int(1, 4), 1, 9);
    const axis = r.int(-shape.length, shape.length - 1);
    const op = r.pick(['softmax', 'logSoftmax'] as const);
    return { name: `${op} ${JSON.stringify(shape)} axis ${axis}`, inputs: [float(r, shape, -4, 4)], fn: (x) => F[op](x, axis) };
  },
  (r) => {
    const shape = r.shape(r.int(1, 5), 1, 6);
    const perm = shape.map((_, i) => i).sort(() => r.next() - 0.5);
    return { name: `transpose ${JSON.stringify(shape)} ${JSON.stringify(perm)} squared`, inputs: [float(r, shape)], fn: (x) => F.mul(F.transpose(x, perm), F.transpose(x, perm)) };
  },
  (r) => {
    const shape = r.shape(r.int(1, 4), 1, 8);
    // a slice per axis: start, stop and step of either sign, or an integer index
    const index = shape.map((d) => {
      if (r.next() < 0.2) return r.int(-d, d - 1);
      const step = r.pick([1, 1, 2, 3, -1, -2]);
      return { start: r.int(-d - 1, d), stop: r.int(-d - 1, d + 1), step };
    });
    const slices = index.map((s) => (typeof s === 'number' ? s : slice(s.start, s.stop, s.step)));
    return { name: `getItem ${JSON.stringify(shape)} ${JSON.stringify(index)}`, inputs: [float(r, shape)], fn: (x) => F.getItem(x, slices) };
  },
  (r) => {
    const batch = r.pick([[], [r.int(1, 3)], [r.int(1, 2), r.int(1, 3)]]);
    const [M, K, N] = [r.int(1, 40), r.int(1, 300), r.int(1, 40)];
    const transa = r.next() < 0.5, transb = r.next() < 0.5;
    const a = [...batch, ...(transa ? [K, M] : [M, K])], b = [...batch, ...(transb ? [N, K] : [K, N])];
    return { name: `matmul ${JSON.stringify(a)}${transa ? 'T' : ''} ${JSON.stringify(b)}${transb ? 'T' : ''}`, inputs: [float(r, a), float(r, b)], fn: (x, y) => F.matmul(x, y, transa, transb) };
  },
  (r) => {
    const [n, i, o] = [r.int(1, 70), r.int(1, 300), r.int(1, 70)];
    return { name: `linear (${n}, ${i}) -> ${o}`, inputs: [float(r, [n, i]), float(r, [o, i]), float(r, [o])], fn: (x, W, b) => F.linear(x, W, b) };
  },
  (r) => {
    const groups = r.pick([1, 1, 2, 3]);
    const [n, c, o] = [r.int(1, 3), groups * r.int(1, 3), groups * r.int(1, 3)];
    const [kh, kw] = [r.int(1, 4), r.int(1, 4)], stride = [r.int(1, 3), r.int(1, 3)], pad = [r.int(0, 2), r.int(0, 2)], dilate = [r.int(1, 2), r.int(1, 2)];
    const h = r.int(dilate[0] * (kh - 1) + 1, 12), w = r.int(dilate[1] * (kw - 1) + 1, 12);
    const options = { stride, pad, dilate, groups };
    return {
      name: `convolution2d x (${n}, ${c}, ${h}, ${w}) W (${o}, ${c / groups}, ${kh}, ${kw}) ${JSON.stringify(options)}`,
      inputs: [float(r, [n, c, h, w]), float(r, [o, c / groups, kh, kw]), float(r, [o])], fn: (x, W, b) => F.convolution2d(x, W, b, options),
    };
  },
  (r) => {
    const groups = r.pick([1, 1, 2]);
    const [n, c, o] = [r.int(1, 3), groups * r.int(1, 3), groups * r.int(1, 3)];
    const [kh, kw] = [r.int(1, 4), r.int(1, 4)], stride = [r.int(1, 3), r.int(1, 3)];
    const [h, w] = [r.int(1, 7), r.int(1, 7)];
    // padding that leaves an output: s (h - 1) + k - 2 p >= 1
    const pad = [r.int(0, Math.min(1, Math.floor((stride[0] * (h - 1) + kh - 1) / 2))), r.int(0, Math.min(1, Math.floor((stride[1] * (w - 1) + kw - 1) / 2)))];
    const options = { stride, pad, groups };
    return {
      name: `deconvolution2d x (${n}, ${c}, ${h}, ${w}) W (${c}, ${o / groups}, ${kh}, ${kw}) ${JSON.stringify(options)}`,
      inputs: [float(r, [n, c, h, w]), float(r, [c, o / groups, kh, kw]), float(r, [o])], fn: (x, W, b) => F.deconvolution2d(x, W, b, options),
    };
  },
  (r) => {
    const k = [r.int(1, 4), r.int(1, 4)], stride = [r.int(1, 3), r.int(1, 3)];
    const pad = [r.int(0, k[0] - 1), r.int(0, k[1] - 1)];
    const coverAll = r.next() < 0.5;
    const shape = [r.int(1, 2), r.int(1, 3), r.int(k[0], 11), r.int(k[1], 11)];
    const op = r.pick(['max', 'average'] as const);
    return {
      name: `${op}Pooling2d ${JSON.stringify(shape)} k ${k} s ${stride} p ${pad}${op === 'max' && coverAll ? ' coverAll' : ''}`, inputs: [float(r, shape)],
      // random values: a tie in a window (which backends may resolve apart) all but never happens
      fn: (x) => (op === 'max' ? F.maxPooling2d(x, k, stride, pad, coverAll) : F.averagePooling2d(x, k, stride, pad)),
    };
  },
  (r) => {
    const shape = r.shape(r.int(1, 4), 1, 6);
    const axis = r.int(0, shape.length - 1);
    const parts = r.int(1, 4);
    const shapes = Array.from({ length: parts }, () => shape.map((d, i) => (i === axis ? r.int(1, 4) : d)));
    return { name: `concat axis ${axis} of ${JSON.stringify(shapes)}, squared`, inputs: shapes.map((s) => float(r, s)), fn: (...xs) => F.square(F.concat(xs, axis)) };
  },
  (r) => {
    const [n, c] = [r.int(1, 9), r.int(1, 12)];
    const ignore = r.next() < 0.5;
    return {
      name: `softmaxCrossEntropy (${n}, ${c})${ignore ? ' with ignored labels' : ''}`,
      inputs: [float(r, [n, c], -3, 3), ints(r, [n], ignore ? -1 : 0, c - 1)], fn: (x, t) => F.softmaxCrossEntropy(x, t),
    };
  },
  (r) => {
    const [vocab, dim] = [r.int(1, 30), r.int(1, 20)];
    const ids = r.shape(r.int(1, 2), 1, 6);
    return { name: `embedId ids ${JSON.stringify(ids)} W (${vocab}, ${dim}) ignoreLabel -1`, inputs: [ints(r, ids, -1, vocab - 1), float(r, [vocab, dim])], fn: (x, W) => F.embedId(x, W, -1) };
  },
  (r) => {
    const shape = [r.int(2, 9), r.int(1, 6), ...r.shape(r.int(0, 2), 1, 4)];
    const c = shape[1];
    return {
      name: `batchNormalization ${JSON.stringify(shape)}`, inputs: [float(r, shape, -2, 2), float(r, [c], 0.5, 1.5), float(r, [c])],
      fn: (x, g, b) => F.batchNormalization(x, g, b), tol: 1e-4,
    };
  },
  (r) => {
    const [n, units] = [r.int(1, 6), r.int(1, 9)];
    return { name: `lstm c (${n}, ${units})`, inputs: [float(r, [n, units]), float(r, [n, 4 * units], -2, 2)], fn: (c, x) => F.add(...F.lstm(c, x)) };
  },
  (r) => {
    const shape = r.shape(r.int(1, 4), 1, 5);
    const width = shape.map(() => [r.int(0, 2), r.int(0, 2)]);
    return { name: `pad ${JSON.stringify(shape)} ${JSON.stringify(width)}, squared`, inputs: [float(r, shape)], fn: (x) => F.square(F.pad(x, width, 'constant')) };
  },
  (r) => {
    const shape = r.shape(r.int(1, 4), 1, 4);
    const op = r.pick(['tile', 'repeat', 'flip', 'cumsum'] as const);
    const axis = r.int(0, shape.length - 1);
    const reps = shape.map(() => r.int(1, 3));
    const fns = {
      tile: (x: Variable) => F.tile(x, reps), repeat: (x: Variable) => F.repeat(x, reps[axis], axis),
      flip: (x: Variable) => F.flip(x, axis), cumsum: (x: Variable) => F.cumsum(x, axis),
    };
    return { name: `${op} ${JSON.stringify(shape)} axis ${axis} reps ${reps}, squared`, inputs: [float(r, shape)], fn: (x) => F.square(fns[op](x)) };
  },
  (r) => {
    const op = r.pick(['pow', 'arctan2', 'fmod', 'squaredDifference'] as const);
    // squaredDifference takes equal shapes, as Chainer's
    const [a, b] = op === 'squaredDifference' ? (([x]) => [x, x])(broadcastPair(r)) : broadcastPair(r);
    const fns = {
      pow: (x: Variable, y: Variable) => F.pow(x, y), arctan2: (x: Variable, y: Variable) => F.arctan2(x, y),
      fmod: (x: Variable, y: Variable) => F.fmod(x, y), squaredDifference: (x: Variable, y: Variable) => F.squaredDifference(x, y),
    };
    // pow of positive bases; fmod by divisors away from zero
    const [lo, hi] = op === 'pow' ? [0.3, 2] : [-3, 3];
    const divisor = op === 'fmod' ? float(r, b, 0.7, 1.9) : float(r, b, lo, hi);
    return { name: `${op} ${JSON.stringify(a)} ${JSON.stringify(b)}`, inputs: [float(r, a, lo, hi), divisor], fn: fns[op] };
  },
  (r) => {
    const shape = r.shape(r.int(1, 4), 1, 7);
    const op = r.pick(['gelu', 'hardSigmoid', 'clippedRelu', 'erf', 'expm1', 'log1p', 'arctan', 'sinh', 'cosh', 'tan'] as const);
    const [lo, hi] = op === 'log1p' ? [-0.8, 3] : op === 'tan' ? [-1.2, 1.2] : [-3, 3];
    return { name: `${op} ${JSON.stringify(shape)}`, inputs: [float(r, shape, lo, hi)], fn: (x) => (F[op] as (v: Variable) => Variable)(x) };
  },
  (r) => {
    const shape = [r.int(1, 4), r.int(1, 6), ...r.shape(r.int(0, 2), 1, 4)];
    const op = r.pick(['prelu', 'swish'] as const);
    return { name: `${op} ${JSON.stringify(shape)} slope (${shape[1]})`, inputs: [float(r, shape, -2, 2), float(r, [shape[1]], -1, 1)], fn: (x, w) => F[op](x, w) };
  },
  (r) => {
    const shape = r.shape(r.int(1, 4), 1, 6);
    const [lo, hi] = [-r.next(), r.next()];
    return {
      name: `where, clip ${lo.toFixed(2)} ${hi.toFixed(2)} ${JSON.stringify(shape)}`, inputs: [float(r, shape), float(r, shape), ints(r, shape, 0, 1)],
      fn: (x, y, c) => F.where(c, F.clip(x, lo, hi), F.square(y)),
    };
  },
  (r) => {
    const shape = [r.int(1, 3), r.int(1, 9), r.int(1, 5), r.int(1, 5)];
    const n = r.pick([1, 3, 5]);
    return {
      name: `localResponseNormalization ${JSON.stringify(shape)} n ${n}`, inputs: [float(r, shape, -2, 2)],
      fn: (x) => F.localResponseNormalization(x, n, 2, 1e-2, 0.75), tol: 1e-4,
    };
  },
  (r) => {
    const shape = [r.int(1, 3), r.int(1, 3), r.int(1, 5), r.int(1, 5)];
    const k = [r.int(1, 3), r.int(1, 3)], stride = [r.int(1, 3), r.int(1, 3)];
    let pad = [r.int(0, k[0] - 1), r.int(0, k[1] - 1)], coverAll = r.next() < 0.5;
    // Chainer's output size s (h - 1) + k - 2 p (less s - 1 with coverAll) must be positive
    // and the input larger than the pad; else the plain window, which always fits
    const fits = (i: number) => stride[i] * (shape[2 + i] - 1) + k[i] - 2 * pad[i] - (coverAll ? stride[i] - 1 : 0) >= 1 && shape[2 + i] > pad[i];
    if (!fits(0) || !fits(1)) [pad, coverAll] = [[0, 0], false];
    return {
      name: `unpooling2d ${JSON.stringify(shape)} k ${k} s ${stride} p ${pad}${coverAll ? ' coverAll' : ''}, squared`, inputs: [float(r, shape)],
      fn: (x) => F.square(F.unpooling2d(x, k, stride, pad, null, coverAll)),
    };
  },
  (r) => {
    const [n, c, m] = [r.int(1, 2), r.int(1, 4), r.int(1, 3)];
    const [kh, kw] = [r.int(1, 3), r.int(1, 3)], stride = [r.int(1, 2), r.int(1, 2)], pad = [r.int(0, 1), r.int(0, 1)];
    const [h, w] = [r.int(kh, 9), r.int(kw, 9)];
    return {
      name: `depthwiseConvolution2d x (${n}, ${c}, ${h}, ${w}) W (${m}, ${c}, ${kh}, ${kw}) s ${stride} p ${pad}`,
      inputs: [float(r, [n, c, h, w]), float(r, [m, c, kh, kw]), float(r, [m * c])], fn: (x, W, b) => F.depthwiseConvolution2d(x, W, b, stride, pad),
    };
  },
  (r) => {
    const shape = [r.int(1, 8), r.int(1, 6)];
    const op = r.pick(['sigmoidCrossEntropy', 'meanSquaredError', 'huberLoss', 'hinge', 'selectItem', 'softTargetCrossEntropy'] as const);
    const labels = ints(r, op === 'sigmoidCrossEntropy' ? shape : [shape[0]], op === 'sigmoidCrossEntropy' ? -1 : 0, op === 'sigmoidCrossEntropy' ? 1 : shape[1] - 1);
    const cases = {
      sigmoidCrossEntropy: { inputs: [float(r, shape, -3, 3), labels], fn: (x: Variable, t: Variable) => F.sigmoidCrossEntropy(x, t) },
      meanSquaredError: { inputs: [float(r, shape), float(r, shape)], fn: (x: Variable, t: Variable) => F.meanSquaredError(x, t) },
      huberLoss: { inputs: [float(r, shape, -2, 2), float(r, shape, -2, 2)], fn: (x: Variable, t: Variable) => F.huberLoss(x, t, 1) },
      hinge: { inputs: [float(r, shape, -2, 2), labels], fn: (x: Variable, t: Variable) => F.hinge(x, t) },
      selectItem: { inputs: [float(r, shape), labels], fn: (x: Variable, t: Variable) => F.selectItem(x, t) },
      softTargetCrossEntropy: { inputs: [float(r, shape, -2, 2), float(r, shape, 0, 1)], fn: (x: Variable, t: Variable) => F.softmaxCrossEntropy(x, F.softmax(t)) },
    };
    return { name: `${op} ${JSON.stringify(shape)}`, ...cases[op] };
  },
  (r) => {
    const shape = [r.int(1, 6), r.int(1, 6), ...r.shape(r.int(0, 2), 1, 3)];
    const op = r.pick(['layerNormalization', 'normalize', 'fixedBatchNormalization'] as const);
    const c = shape[1];
    const rows = [shape[0], size(shape.slice(1))];
    const cases = {
      layerNormalization: { inputs: [float(r, rows, -2, 2), float(r, [rows[1]], 0.5, 1.5), float(r, [rows[1]])], fn: (x: Variable, g: Variable, b: Variable) => F.layerNormalization(x, g, b) },
      normalize: { inputs: [float(r, rows, -2, 2)], fn: (x: Variable) => F.normalize(x) },
      fixedBatchNormalization: {
        inputs: [float(r, shape, -2, 2), float(r, [c], 0.5, 1.5), float(r, [c]), float(r, [c]), float(r, [c], 0.5, 2)],
        fn: (x: Variable, g: Variable, b: Variable, m: Variable, v: Variable) => F.fixedBatchNormalization(x, g, b, m, v),
      },
    };
    return { name: `${op} ${JSON.stringify(op === 'fixedBatchNormalization' ? shape : rows)}`, tol: 1e-4, ...cases[op] };
  },
  (r) => {
    const shape = r.shape(r.int(1, 4), 1, 6);
    const axis = r.int(0, shape.length - 1);
    const sections = r.int(1, shape[axis]);
    const even = shape[axis] % sections === 0;
    const split = even ? sections : [r.int(0, shape[axis])];
    return {
      name: `splitAxis ${JSON.stringify(shape)} ${JSON.stringify(split)} axis ${axis}, cubes`, inputs: [float(r, shape)],
      fn: (x) => {
        const parts = F.splitAxis(x, split, axis, true) as Variable[];
        return F.concat(parts.map((p) => F.mul(p, F.square(p))).map((p) => F.reshape(p, [-1])), 0);
      },
    };
  },
  (r) => {
    // sizes past one texture row and past the wasm kernels' blocks
    const shape = [r.int(1, 400), r.int(1, 400)];
    const axis = r.int(0, 1);
    const op = r.pick(['sum', 'softmax', 'max'] as const);
    const fns = { sum: (x: Variable) => F.sum(x, axis), softmax: (x: Variable) => F.softmax(x, axis), max: (x: Variable) => F.max(x, axis) };
    return { name: `large ${op} ${JSON.stringify(shape)} axis ${axis} of tanh`, inputs: [float(r, shape, -3, 3)], fn: (x) => fns[op](F.tanh(x)) };
  },
];

/**
 * Cases large enough that the wasm kernels split them across threads (past 2^21 multiply-adds,
 * or about 2^17 elements of elementwise and 2^15 of exp-heavy work), in sizes that split
 * unevenly.
 */
export const largeMakers: ((r: Rand) => Case)[] = [
  (r) => {
    const [n, i, o] = [r.int(60, 300), r.int(100, 700), r.int(60, 300)];
    return { name: `linear (${n}, ${i}) -> ${o}`, inputs: [float(r, [n, i]), float(r, [o, i]), float(r, [o])], fn: (x, W, b) => F.linear(x, W, b) };
  },
  (r) => {
    const [M, K, N] = [r.int(1, 200), r.int(200, 900), r.int(100, 400)];
    const transa = r.next() < 0.5, transb = r.next() < 0.5;
    const a = transa ? [K, M] : [M, K], b = transb ? [N, K] : [K, N];
    return { name: `matmul ${JSON.stringify(a)}${transa ? 'T' : ''} ${JSON.stringify(b)}${transb ? 'T' : ''}`, inputs: [float(r, a), float(r, b)], fn: (x, y) => F.matmul(x, y, transa, transb) };
  },
  (r) => {
    const [n, c, o, h, w] = [r.int(1, 4), r.int(3, 16), r.int(8, 32), r.int(12, 30), r.int(12, 30)];
    const k = r.int(1, 5), stride = r.int(1, 2), pad = r.int(0, 2);
    return {
      name: `convolution2d x (${n}, ${c}, ${h}, ${w}) W (${o}, ${c}, ${k}, ${k}) stride ${stride} pad ${pad}`,
      inputs: [float(r, [n, c, h, w]), float(r, [o, c, k, k]), float(r, [o])], fn: (x, W, b) => F.convolution2d(x, W, b, stride, pad),
    };
  },
  (r) => {
    const shape = [r.int(100, 600), r.int(60, 500)];
    const op = r.pick(['softmax', 'logSoftmax', 'tanh', 'sigmoid', 'exp'] as const);
    const fns = { softmax: (x: Variable) => F.softmax(x), logSoftmax: (x: Variable) => F.logSoftmax(x), tanh: F.tanh, sigmoid: F.sigmoid, exp: F.exp };
    return { name: `${op} ${JSON.stringify(shape)}`, inputs: [float(r, shape, -3, 3)], fn: (x) => fns[op](x) };
  },
  (r) => {
    const [n, c] = [r.int(100, 700), r.int(50, 400)];
    return { name: `softmaxCrossEntropy (${n}, ${c}) with ignored labels`, inputs: [float(r, [n, c], -3, 3), ints(r, [n], -1, c - 1)], fn: (x, t) => F.softmaxCrossEntropy(x, t) };
  },
  (r) => {
    const [n, units] = [r.int(30, 200), r.int(50, 300)];
    return { name: `lstm c (${n}, ${units})`, inputs: [float(r, [n, units]), float(r, [n, 4 * units], -2, 2)], fn: (c, x) => F.add(...F.lstm(c, x)) };
  },
  (r) => {
    const [rows, cols] = [r.int(100, 500), r.int(100, 600)];
    return { name: `layerNormalization (${rows}, ${cols})`, inputs: [float(r, [rows, cols], -2, 2), float(r, [cols], 0.5, 1.5), float(r, [cols])], fn: (x, g, b) => F.layerNormalization(x, g, b) };
  },
];

/** A link of one parameter per shape, for the optimizers. */
class Params extends Link {
  constructor(shapes: number[][], r: Rand) {
    super();
    shapes.forEach((shape, i) => this.addParam(`p${i}`, shape, { initializer: array(r.values(size(shape)), { shape }) }));
  }
}

export type OptimizerCase = { name: string; make: () => optimizers.GradientMethod; hook?: () => optimizers.OptimizerHook };
export const optimizerCases: OptimizerCase[] = [
  { name: 'SGD', make: () => new optimizers.SGD(0.1) },
  { name: 'MomentumSGD', make: () => new optimizers.MomentumSGD(0.05, 0.8) },
  { name: 'NesterovAG', make: () => new optimizers.NesterovAG(0.05, 0.8) },
  { name: 'Adam', make: () => new optimizers.Adam(0.01) },
  { name: 'AdamW', make: () => new optimizers.AdamW({ alpha: 0.01, weightDecayRate: 0.1 }) },
  { name: 'AMSGrad', make: () => new optimizers.AMSGrad(0.01) },
  { name: 'AdaBound', make: () => new optimizers.AdaBound({ alpha: 0.01 }) },
  { name: 'AdaGrad', make: () => new optimizers.AdaGrad(0.05) },
  { name: 'AdaDelta', make: () => new optimizers.AdaDelta() },
  { name: 'RMSprop', make: () => new optimizers.RMSprop(0.01) },
  { name: 'RMSpropGraves', make: () => new optimizers.RMSpropGraves(0.01) },
  { name: 'CorrectedMomentumSGD', make: () => new optimizers.CorrectedMomentumSGD(0.05) },
  { name: 'SMORMS3', make: () => new optimizers.SMORMS3(0.01) },
  { name: 'MSVAG', make: () => new optimizers.MSVAG(0.05) },
  { name: 'Adam with WeightDecay', make: () => new optimizers.Adam(0.01), hook: () => new optimizers.WeightDecay(0.01) },
  { name: 'MomentumSGD with Lasso', make: () => new optimizers.MomentumSGD(0.05), hook: () => new optimizers.Lasso(0.01) },
  { name: 'SGD with GradientClipping', make: () => new optimizers.SGD(0.1), hook: () => new optimizers.GradientClipping(0.5) },
  { name: 'SGD with GradientHardClipping', make: () => new optimizers.SGD(0.1), hook: () => new optimizers.GradientHardClipping(-0.2, 0.3) },
];

/** Three updates of random parameters from random gradients on `where`; the parameters after. */
/** `large`: a matrix of parameters past 2^17 elements, which the update kernels split, and a small vector. */
export function updates(where: 'wasm' | 'webgl', c: OptimizerCase, seed: number, large = false): Float32Array[] {
  const previous = backend.current();
  backend.use(where);
  try {
    const r = generator(seed);
    const shapes = large ? [[r.int(300, 700), r.int(300, 700)], [r.int(1, 50)]]
      : Array.from({ length: r.int(1, 3) }, () => r.shape(r.int(1, 3), 1, 70));
    const link = new Params(shapes, r);
    const optimizer = c.make();
    optimizer.setup(link);
    if (c.hook) optimizer.addHook(c.hook());
    for (let step = 0; step < 3; step++) {
      for (const p of link.params()) p.grad = array(r.values(p.size, -2, 2), { shape: [...p.shape] });
      optimizer.update();
    }
    return [...link.params()].map((p) => Float32Array.from(p.array.toTypedArray() as ArrayLike<number>));
  } finally {
    backend.use(previous);
  }
}

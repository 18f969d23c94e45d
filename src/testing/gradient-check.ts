// Numerical gradient checks: central differences evaluated on the host in float64 and
// compared with the gradients backward() computes. Every differentiable function's
// tests go through checkBackward, and double backprop through checkDoubleBackward.
import { array } from '../array/creation';
import { NDArray } from '../array/ndarray';
import { Generator } from '../array/random';
import { shapeString } from '../array/shape';
import { forceBackpropMode, noBackpropMode } from '../core/config';
import { grad } from '../core/grad';
import { Variable } from '../core/variable';
import { readOptions } from '../util/options';

export type CheckedFunction = (...xs: Variable[]) => Variable | Variable[];

export interface CheckOptions {
  /** Step of the central difference. */
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Inputs not to check (int32 inputs are never checked). */
  noGrads?: boolean[];
  /**
   * Elements checked per input; larger inputs are sampled. Default 128, and 32 on webgl,
   * where every evaluation is an upload, a draw per kernel and a readback that waits for
   * the GPU.
   */
  maxElements?: number;
  /** Seed for the random output gradients and sampling. */
  seed?: number;
}
const CHECK_OPTION_KEYS: (keyof CheckOptions)[] = ['eps', 'atol', 'rtol', 'noGrads', 'maxElements', 'seed'];

function asList(y: Variable | Variable[]): Variable[] {
  return Array.isArray(y) ? y : [y];
}

function toF64(a: NDArray): Float64Array {
  return Float64Array.from(a.dataSync());
}

/** Σ_k gy_k · y_k in float64. */
function projection(ys: Variable[], gys: (NDArray | null)[]): number {
  let s = 0;
  ys.forEach((y, k) => {
    const g = gys[k];
    if (!g) return;
    const yd = y.array.dataSync(), gd = g.dataSync();
    for (let i = 0; i < yd.length; i++) s += yd[i] * gd[i];
  });
  return s;
}

/**
 * Checks the gradients of fn at xs against central differences. gys are the output
 * gradients (random when null). Throws an error describing the worst mismatch.
 */
export function checkBackward(fn: CheckedFunction, xs: NDArray[], gys: NDArray | (NDArray | null)[] | null = null,
                              options: CheckOptions = {}): void {
  options = readOptions('checkBackward', options, CHECK_OPTION_KEYS);
  const eps = options.eps ?? 1e-3;
  const atol = options.atol ?? 1e-3;
  const rtol = options.rtol ?? 1e-2;
  const maxElements = options.maxElements ?? (xs.some((x) => x.device === 'webgl') ? 32 : 128);
  const gen = new Generator(options.seed ?? 7);
  const vars = xs.map((x, i) => new Variable(x, { requiresGrad: x.dtype === 'float32' && !options.noGrads?.[i] }));
  const ys = asList(fn(...vars));
  let gList: (NDArray | null)[];
  if (gys === null) {
    gList = ys.map((y) => array(Float32Array.from({ length: y.size }, () => gen.normal()), { shape: y.shape, backend: y.device }));
  } else {
    gList = gys instanceof NDArray ? [gys] : gys;
  }
  if (gList.length !== ys.length) throw new RangeError(`checkBackward: ${gList.length} output gradients for ${ys.length} outputs`);
  const checked = vars.map((v, i) => (v.requiresGrad ? i : -1)).filter((i) => i >= 0);
  const analytic = grad(ys, checked.map((i) => vars[i]),
    { gradOutputs: gList.map((g, k) => new Variable(g ?? zerosOf(ys[k]), { requiresGrad: false })) });
  checked.forEach((i, k) => {
    const x = xs[i];
    const base = toF64(x);
    const ga = analytic[k] ? toF64(analytic[k]!.array) : new Float64Array(x.size);
    if (analytic[k] && analytic[k]!.shape.join() !== x.shape.join()) {
      throw new Error(`checkBackward: gradient of input ${i} has shape ${shapeString(analytic[k]!.shape)}, input has ${shapeString(x.shape)}`);
    }
    let idx = Array.from({ length: x.size }, (_, j) => j);
    if (idx.length > maxElements) idx = Array.from(gen.permutation(x.size).slice(0, maxElements));
    for (const j of idx) {
      const evalAt = (delta: number): { value: number; actual: number } => {
        const data = Float32Array.from(base);
        data[j] = base[j] + delta;
        const actual = data[j];
        const args = vars.map((v, m) => (m === i ? new Variable(array(data, { shape: x.shape, backend: x.device })) : new Variable(v.array)));
        const value = noBackpropMode(() => projection(asList(fn(...args)), gList));
        return { value, actual };
      };
      const plus = evalAt(eps), minus = evalAt(-eps);
      const numeric = (plus.value - minus.value) / (plus.actual - minus.actual);
      const diff = Math.abs(numeric - ga[j]);
      if (!(diff <= atol + rtol * Math.abs(numeric))) {
        throw new Error(`checkBackward: input ${i} ${shapeString(x.shape)} element ${j}: backward gives ${ga[j]}, ` +
          `central difference gives ${numeric} (|diff| ${diff.toExponential(3)} > atol ${atol} + rtol ${rtol} * |numeric|)`);
      }
    }
  });
}

function zerosOf(y: Variable): NDArray {
  return array(new Float32Array(y.size), { shape: y.shape, backend: y.device });
}

/**
 * Checks second-order gradients: the gradient of (first-order grads · ggxs) with respect
 * to the inputs and the output gradients, by central differences.
 */
export function checkDoubleBackward(fn: CheckedFunction, xs: NDArray[], gys: NDArray | NDArray[], ggxs: NDArray | NDArray[] | null = null,
                                    options: CheckOptions = {}): void {
  options = readOptions('checkDoubleBackward', options, CHECK_OPTION_KEYS);
  const gyList = gys instanceof NDArray ? [gys] : gys;
  const n = xs.length;
  // The first-order gradients of the float inputs, as differentiable functions of the
  // inputs and the output gradients (the graph is recorded even while the numerical pass
  // runs in no-backprop mode).
  const differentiated = xs.map((x, i) => x.dtype === 'float32' && !options.noGrads?.[i]);
  const firstOrder = (...args: Variable[]): Variable[] => forceBackpropMode(() => {
    const inputs = args.slice(0, n);
    const outputGrads = args.slice(n);
    const ys = asList(fn(...inputs));
    const targets = inputs.filter((_, i) => differentiated[i]);
    const gs = grad(ys, targets, { gradOutputs: outputGrads, enableDoubleBackprop: true });
    return gs.map((g, k) => g ?? new Variable(zerosOf(targets[k]), { requiresGrad: false }));
  });
  const gg = ggxs === null ? null : ggxs instanceof NDArray ? [ggxs] : ggxs;
  checkBackward(firstOrder, [...xs, ...gyList], gg, { ...options, noGrads: [...(options.noGrads ?? new Array(n).fill(false)), ...gyList.map(() => false)] });
}

// Optimizer hooks that change each parameter's gradient before its update rule runs.
import * as ops from '../../array/ops/index';
import { full } from '../../array/creation';
import * as random from '../../array/random';
import type { NDArray } from '../../array/ndarray';
import type { Parameter } from '../../links/parameter';
import type { ParameterHook } from '../optimizer';
import type { UpdateRule } from '../update-rule';
import { finiteNumber } from '../../functions/math/input';
import { readArguments, showValue } from '../../util/options';
import { pythonPow } from '../../util/pow';

// Every hook takes its hyper-parameters in Chainer's order and/or in one trailing options
// object (Chainer's keywords): new WeightDecay(5e-4) and new WeightDecay({rate: 5e-4}) are
// one hook (readArguments).

/** A hook that replaces each parameter's gradient by a function of it, before the rule runs. */
abstract class GradientTransform implements ParameterHook {
  abstract readonly name: string;
  readonly timing = 'pre' as const;
  readonly callForEachParam = true as const;

  protected abstract transform(grad: NDArray, param: Parameter, rule: UpdateRule | null): NDArray;

  /**
   * The new gradient of a 0-d parameter, in numpy 1.x's types: with no axis to cast by
   * value, a Python float times a 0-d float32 array is a float64 (see UpdateRule's
   * scalarUpdate); the result is stored in float32. Null: the hook has no such form.
   */
  protected scalarTransform(_g: number, _p: number): number | null { return null; }

  run(rule: UpdateRule | null, param: Parameter): void {
    const g = param.grad;
    if (!param.hasData || g === null) return;
    const scalar = g.ndim === 0 && g.backend.name === 'wasm' ? this.scalarTransform(g.item(), param.array.item()) : null;
    param.grad = scalar === null ? this.transform(g, param, rule) : full([], Math.fround(scalar), { backend: g.device });
  }
}

/** L2 regularization: g += rate p. */
export class WeightDecay extends GradientTransform {
  readonly name = 'WeightDecay';
  readonly rate: number;
  constructor(rate: number | { rate: number }, options?: { rate?: number }) {
    super();
    this.rate = finiteNumber('WeightDecay', 'rate', readArguments<{ rate?: number }>('WeightDecay', [rate, options], ['rate'], { rate: undefined }).rate);
  }
  protected transform(g: NDArray, param: Parameter): NDArray {
    return ops.add(g, ops.mul(param.array, this.rate));
  }
  protected override scalarTransform(g: number, p: number): number { return g + this.rate * p; }
}

/** L1 regularization: g += rate sign(p). */
export class Lasso extends GradientTransform {
  readonly name = 'Lasso';
  readonly rate: number;
  constructor(rate: number | { rate: number }, options?: { rate?: number }) {
    super();
    this.rate = finiteNumber('Lasso', 'rate', readArguments<{ rate?: number }>('Lasso', [rate, options], ['rate'], { rate: undefined }).rate);
  }
  protected transform(g: NDArray, param: Parameter): NDArray {
    return ops.add(g, ops.mul(ops.sign(param.array), this.rate));
  }
  protected override scalarTransform(g: number, p: number): number { return g + this.rate * Math.sign(p); }
}

export interface GradientHardClippingOptions {
  lowerBound?: number | null;
  upperBound?: number | null;
}

/** Clips every gradient element to [lowerBound, upperBound]; a null bound leaves that side open, as numpy.clip's None. */
export class GradientHardClipping extends GradientTransform {
  readonly name = 'GradientHardClipping';
  readonly lowerBound: number | null;
  readonly upperBound: number | null;
  constructor(lowerBound: number | null | GradientHardClippingOptions, upperBound?: number | null | GradientHardClippingOptions, options?: GradientHardClippingOptions) {
    super();
    const o = readArguments<GradientHardClippingOptions>('GradientHardClipping', [lowerBound, upperBound, options], ['lowerBound', 'upperBound'], { lowerBound: undefined, upperBound: undefined });
    if (o.lowerBound === undefined || o.upperBound === undefined) throw new TypeError('GradientHardClipping: lowerBound and upperBound must both be given (a number, or null for an open side)');
    const lower = this.lowerBound = o.lowerBound, upper = this.upperBound = o.upperBound;
    for (const [name, v] of [['lowerBound', lower], ['upperBound', upper]] as const) {
      if (v !== null && (typeof v !== 'number' || Number.isNaN(v))) throw new TypeError(`GradientHardClipping: ${name} must be a number or null, got ${showValue(v)}`);
    }
    if (lower === null && upper === null) throw new TypeError('GradientHardClipping: one of lowerBound and upperBound must be given (numpy.clip refuses two Nones)');
    if (!((lower ?? -Infinity) <= (upper ?? Infinity))) throw new RangeError(`GradientHardClipping: lowerBound (${lower}) must not exceed upperBound (${upper})`);
  }
  protected transform(g: NDArray): NDArray {
    return ops.clip(g, this.lowerBound ?? -Infinity, this.upperBound ?? Infinity);
  }
}

export interface GradientLARSOptions {
  threshold?: number;
  weightDecay?: number;
  eps?: number;
}

/**
 * Layer-wise adaptive rate scaling (Chainer's GradientLARS): g = (g + weightDecay p) rate,
 * rate = |p| / (eps + |g| + weightDecay |p|) where |p| > threshold, else 1 (the norms of
 * the gradient before the decay is added).
 */
export class GradientLARS extends GradientTransform {
  readonly name = 'GradientLARS';
  readonly threshold: number;
  readonly weightDecay: number;
  readonly eps: number;
  constructor(...args: (number | GradientLARSOptions | undefined)[]) {
    super();
    const o = readArguments<Required<GradientLARSOptions>>('GradientLARS', args, ['threshold', 'weightDecay', 'eps'], { threshold: 1e-2, weightDecay: 0, eps: 1e-9 });
    this.threshold = finiteNumber('GradientLARS', 'threshold', o.threshold);
    this.weightDecay = finiteNumber('GradientLARS', 'weightDecay', o.weightDecay);
    this.eps = finiteNumber('GradientLARS', 'eps', o.eps);
  }
  protected transform(g: NDArray, param: Parameter): NDArray {
    const p = param.array;
    const pSq = ops.sumSquares(p), gSq = ops.sumSquares(g);
    let rate: number | NDArray;
    if (pSq.backend.name === 'wasm') {
      // As Chainer on numpy: float32 norms (numpy.linalg.norm), the rate in float64.
      const pNorm = Math.fround(Math.sqrt(pSq.item())), gNorm = Math.fround(Math.sqrt(gSq.item()));
      rate = pNorm > this.threshold ? pNorm / (this.eps + gNorm + this.weightDecay * pNorm) : 1;
    } else {
      // On the device, as Chainer's cupy path: no read.
      const pNorm = ops.sqrt(pSq), gNorm = ops.sqrt(gSq);
      const local = ops.div(pNorm, ops.add(ops.add(gNorm, this.eps), ops.mul(pNorm, this.weightDecay)));
      rate = ops.where(ops.less(this.threshold, pNorm), local, 1);
    }
    return ops.mul(ops.add(g, ops.mul(p, this.weightDecay)), rate);
  }
  protected override scalarTransform(g: number, p: number): number {
    // numpy.linalg.norm of a 0-d array: the float32 root of its float32 square
    const f = Math.fround, pNorm = f(Math.sqrt(f(p * p))), gNorm = f(Math.sqrt(f(g * g)));
    const rate = pNorm > this.threshold ? pNorm / (this.eps + gNorm + this.weightDecay * pNorm) : 1;
    return f(g + this.weightDecay * p) * rate;
  }
}

/** Makes the noise GradientNoise adds to a gradient of this shape (Chainer's noise_func). */
export type GradientNoiseFunction = (shape: readonly number[], hook: GradientNoise, rule: UpdateRule) => NDArray;

/**
 * Chainer's exponential_decay_noise: N(0, eta / (1 + t)^0.55), t the rule's step count
 * before this update.
 */
export function exponentialDecayNoise(shape: readonly number[], hook: GradientNoise, rule: UpdateRule): NDArray {
  return random.normal(shape, 0, Math.sqrt(hook.eta / pythonPow(1 + rule.t, 0.55)));
}

export interface GradientNoiseOptions {
  eta?: number;
  /** Chainer's noise_func; exponentialDecayNoise by default. */
  noiseFunc?: GradientNoiseFunction;
}

/** Adds noise to every gradient (Chainer's GradientNoise), annealed by default. */
export class GradientNoise extends GradientTransform {
  readonly name = 'GradientNoise';
  readonly eta: number;
  readonly noiseFunc: GradientNoiseFunction;
  constructor(eta: number | GradientNoiseOptions, noiseFunc?: GradientNoiseFunction | GradientNoiseOptions, options?: GradientNoiseOptions) {
    super();
    const o = readArguments<GradientNoiseOptions>('GradientNoise', [eta, noiseFunc, options], ['eta', 'noiseFunc'], { eta: undefined, noiseFunc: exponentialDecayNoise });
    this.eta = finiteNumber('GradientNoise', 'eta', o.eta);
    const noise = this.noiseFunc = o.noiseFunc as GradientNoiseFunction;
    if (typeof noise !== 'function') throw new TypeError(`GradientNoise: noiseFunc must be a function, got ${showValue(noise)}`);
  }
  protected transform(g: NDArray, param: Parameter, rule: UpdateRule | null): NDArray {
    if (!rule) throw new Error(`GradientNoise: parameter${param.name ? ` '${param.name}'` : ''} has no update rule (its step count scales the noise); call setup after adding it`);
    const noise = this.noiseFunc(g.shape, this, rule);
    return ops.add(g, noise.device === g.device ? noise : noise.toDevice(g.device));
  }
}

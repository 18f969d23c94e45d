// Optimizer hooks that change each parameter's gradient before its update rule runs.
import * as ops from '../../array/ops/index';
import * as random from '../../array/random';
import type { NDArray } from '../../array/ndarray';
import type { Parameter } from '../../links/parameter';
import type { ParameterHook } from '../optimizer';
import type { UpdateRule } from '../update-rule';
import { finiteNumber } from '../../functions/math/input';
import { showValue } from '../../util/options';
import { pythonPow } from '../../util/pow';

/** A hook that replaces each parameter's gradient by a function of it, before the rule runs. */
abstract class GradientTransform implements ParameterHook {
  abstract readonly name: string;
  readonly timing = 'pre' as const;
  readonly callForEachParam = true as const;

  protected abstract transform(grad: NDArray, param: Parameter, rule: UpdateRule | null): NDArray;

  run(rule: UpdateRule | null, param: Parameter): void {
    const g = param.grad;
    if (!param.hasData || g === null) return;
    param.grad = this.transform(g, param, rule);
  }
}

/** L2 regularization: g += rate p. */
export class WeightDecay extends GradientTransform {
  readonly name = 'WeightDecay';
  constructor(readonly rate: number) { super(); finiteNumber('WeightDecay', 'rate', rate); }
  protected transform(g: NDArray, param: Parameter): NDArray {
    return ops.add(g, ops.mul(param.array, this.rate));
  }
}

/** L1 regularization: g += rate sign(p). */
export class Lasso extends GradientTransform {
  readonly name = 'Lasso';
  constructor(readonly rate: number) { super(); finiteNumber('Lasso', 'rate', rate); }
  protected transform(g: NDArray, param: Parameter): NDArray {
    return ops.add(g, ops.mul(ops.sign(param.array), this.rate));
  }
}

/** Clips every gradient element to [lowerBound, upperBound]; a null bound leaves that side open, as numpy.clip's None. */
export class GradientHardClipping extends GradientTransform {
  readonly name = 'GradientHardClipping';
  constructor(readonly lowerBound: number | null, readonly upperBound: number | null) {
    super();
    for (const [name, v] of [['lowerBound', lowerBound], ['upperBound', upperBound]] as const) {
      if (v !== null && (typeof v !== 'number' || Number.isNaN(v))) throw new TypeError(`GradientHardClipping: ${name} must be a number or null, got ${showValue(v)}`);
    }
    if (lowerBound === null && upperBound === null) throw new TypeError('GradientHardClipping: one of lowerBound and upperBound must be given (numpy.clip refuses two Nones)');
    if (!((lowerBound ?? -Infinity) <= (upperBound ?? Infinity))) throw new RangeError(`GradientHardClipping: lowerBound (${lowerBound}) must not exceed upperBound (${upperBound})`);
  }
  protected transform(g: NDArray): NDArray {
    return ops.clip(g, this.lowerBound ?? -Infinity, this.upperBound ?? Infinity);
  }
}

/**
 * Layer-wise adaptive rate scaling (Chainer's GradientLARS): g = (g + weightDecay p) rate,
 * rate = |p| / (eps + |g| + weightDecay |p|) where |p| > threshold, else 1 (the norms of
 * the gradient before the decay is added).
 */
export class GradientLARS extends GradientTransform {
  readonly name = 'GradientLARS';
  constructor(readonly threshold = 1e-2, readonly weightDecay = 0, readonly eps = 1e-9) {
    super();
    finiteNumber('GradientLARS', 'threshold', threshold);
    finiteNumber('GradientLARS', 'weightDecay', weightDecay);
    finiteNumber('GradientLARS', 'eps', eps);
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

/** Adds noise to every gradient (Chainer's GradientNoise), annealed by default. */
export class GradientNoise extends GradientTransform {
  readonly name = 'GradientNoise';
  constructor(readonly eta: number, readonly noiseFunc: GradientNoiseFunction = exponentialDecayNoise) {
    super();
    finiteNumber('GradientNoise', 'eta', eta);
    if (typeof noiseFunc !== 'function') throw new TypeError(`GradientNoise: noiseFunc must be a function, got ${showValue(noiseFunc)}`);
  }
  protected transform(g: NDArray, param: Parameter, rule: UpdateRule | null): NDArray {
    if (!rule) throw new Error(`GradientNoise: parameter${param.name ? ` '${param.name}'` : ''} has no update rule (its step count scales the noise); call setup after adding it`);
    const noise = this.noiseFunc(g.shape, this, rule);
    return ops.add(g, noise.device === g.device ? noise : noise.toDevice(g.device));
  }
}

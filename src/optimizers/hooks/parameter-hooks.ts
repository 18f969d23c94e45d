// Optimizer hooks that change each parameter's gradient before its update rule runs.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import type { Parameter } from '../../links/parameter';
import type { ParameterHook } from '../optimizer';
import type { UpdateRule } from '../update-rule';
import { finiteNumber } from '../../functions/math/input';
import { showValue } from '../../util/options';

/** A hook that replaces each parameter's gradient by a function of it, before the rule runs. */
abstract class GradientTransform implements ParameterHook {
  abstract readonly name: string;
  readonly timing = 'pre' as const;
  readonly callForEachParam = true as const;

  protected abstract transform(grad: NDArray, param: Parameter): NDArray;

  run(_rule: UpdateRule | null, param: Parameter): void {
    const g = param.grad;
    if (!param.hasData || g === null) return;
    param.grad = this.transform(g, param);
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

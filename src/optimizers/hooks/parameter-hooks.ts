// Optimizer hooks that change each parameter's gradient before its update rule runs.
import * as ops from '../../array/ops/index';
import type { Parameter } from '../../links/parameter';
import type { ParameterHook } from '../optimizer';
import type { UpdateRule } from '../update-rule';

/** L2 regularization: g += rate p. */
export class WeightDecay implements ParameterHook {
  readonly name = 'WeightDecay';
  readonly timing = 'pre' as const;
  readonly callForEachParam = true as const;
  constructor(readonly rate: number) {}

  run(_rule: UpdateRule | null, param: Parameter): void {
    const g = param.grad;
    if (!param.hasData || g === null) return;
    param.grad = ops.add(g, ops.mul(param.array, this.rate));
  }
}

/** L1 regularization: g += rate sign(p). */
export class Lasso implements ParameterHook {
  readonly name = 'Lasso';
  readonly timing = 'pre' as const;
  readonly callForEachParam = true as const;
  constructor(readonly rate: number) {}

  run(_rule: UpdateRule | null, param: Parameter): void {
    const g = param.grad;
    if (!param.hasData || g === null) return;
    param.grad = ops.add(g, ops.mul(ops.sign(param.array), this.rate));
  }
}

/** Clips every gradient element to [lowerBound, upperBound]. */
export class GradientHardClipping implements ParameterHook {
  readonly name = 'GradientHardClipping';
  readonly timing = 'pre' as const;
  readonly callForEachParam = true as const;
  constructor(readonly lowerBound: number, readonly upperBound: number) {
    if (!(lowerBound <= upperBound)) throw new RangeError(`GradientHardClipping: lowerBound (${lowerBound}) must not exceed upperBound (${upperBound})`);
  }

  run(_rule: UpdateRule | null, param: Parameter): void {
    const g = param.grad;
    if (!param.hasData || g === null) return;
    param.grad = ops.clip(g, this.lowerBound, this.upperBound);
  }
}

// Gradient clipping by the global L2 norm over all parameters (Chainer's
// GradientClipping): when the norm exceeds the threshold, every gradient is scaled by
// threshold / norm.
import * as ops from '../../array/ops/index';
import type { Optimizer, OptimizerWideHook } from '../optimizer';
import { showValue } from '../../util/options';

export class GradientClipping implements OptimizerWideHook {
  readonly name = 'GradientClipping';
  readonly timing = 'pre' as const;
  constructor(readonly threshold: number) {
    if (typeof threshold !== 'number' || !(threshold > 0)) throw new TypeError(`GradientClipping: threshold must be a positive number, got ${showValue(threshold)}`);
  }

  run(optimizer: Optimizer): void {
    const params = optimizer.target?.params(false) ?? [];
    let sqnorm = 0;
    // Squared norms read the gradients where they live, and resident gradients are scaled
    // in place (Chainer's `grad *= rate`): no gradient-sized array is made per step.
    for (const p of params) {
      const g = p.grad;
      if (g) sqnorm += ops.sumSquares(g).item();
    }
    const rate = this.threshold / Math.sqrt(sqnorm);
    if (!(rate < 1)) return;
    for (const p of params) {
      const g = p.grad;
      if (!g) continue;
      if (g.backend.isResident(g.storage)) ops.scaleInPlace(g, rate);
      else p.grad = ops.mul(g, rate);
    }
  }
}

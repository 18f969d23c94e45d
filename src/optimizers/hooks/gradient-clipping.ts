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
    for (const p of params) {
      const g = p.grad;
      if (g) sqnorm += ops.sum(ops.mul(g, g)).item();
    }
    const rate = this.threshold / Math.sqrt(sqnorm);
    if (!(rate < 1)) return;
    for (const p of params) {
      const g = p.grad;
      if (g) p.grad = ops.mul(g, rate);
    }
  }
}

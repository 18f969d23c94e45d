// Gradient clipping by the global L2 norm over all parameters (Chainer's
// GradientClipping): when the norm exceeds the threshold, every gradient is scaled by
// threshold / norm.
import * as ops from '../../array/ops/index';
import { full } from '../../array/creation';
import type { NDArray } from '../../array/ndarray';
import type { Optimizer, OptimizerWideHook } from '../optimizer';
import { readArguments, showValue } from '../../util/options';

export class GradientClipping implements OptimizerWideHook {
  readonly name = 'GradientClipping';
  readonly timing = 'pre' as const;
  readonly threshold: number;
  constructor(threshold: number | { threshold: number }, options?: { threshold?: number }) {
    threshold = readArguments<{ threshold?: number }>('GradientClipping', [threshold, options], ['threshold'], { threshold: undefined }).threshold as number;
    this.threshold = threshold;
    if (typeof threshold !== 'number' || !(threshold > 0)) throw new TypeError(`GradientClipping: threshold must be a positive number, got ${showValue(threshold)}`);
  }

  run(optimizer: Optimizer): void {
    const params = (optimizer.target?.params(false) ?? []).filter((p) => p.grad);
    if (params.length === 0) return;
    // The squared norm is summed where the gradients live, one partial sum per parameter
    // and no gradient-sized temporary (Chainer's _sum_sqnorm_grads).
    const sqsums = params.map((p) => ops.sumSquares(p.grad as NDArray));
    let rate: number | NDArray;
    if (sqsums[0].backend.name === 'wasm') {
      // The sums sit in host-visible memory: as Chainer on numpy, read them and skip the
      // scaling when no clipping is needed. A NaN norm is not skipped: it makes every
      // gradient NaN, which FailOnNonNumber or the loss then shows. Chainer on numpy 1.x
      // adds the float32 partial sums in double (Python's sum starts from the int 0, and
      // 0 + a float32 scalar is a float64 there), takes the double root and divides in
      // double; `grad *= rate` then scales by the rate rounded to float32.
      const sqnorm = sqsums.reduce((total, s) => total + s.item(), 0);
      rate = this.threshold / Math.sqrt(sqnorm);
      if (rate >= 1) return;
    } else {
      // As Chainer on a GPU: the rate stays on the device, clipped to 1, so clipping never
      // waits for a read (scaling by 1 leaves a gradient unchanged; NaN stays NaN).
      const sqnorm = sqsums.reduce((total, s) => ops.add(total, s));
      rate = ops.minimum(ops.div(this.threshold, ops.sqrt(sqnorm)), 1);
    }
    for (const p of params) {
      const g = p.grad as NDArray;
      // A 0-d gradient times the float64 rate is a float64 under numpy 1.x (no axis to cast by value).
      if (g.ndim === 0 && typeof rate === 'number') { p.grad = full([], Math.fround(g.item() * rate), { backend: g.device }); continue; }
      // Resident gradients are scaled in place (Chainer's `grad *= rate`).
      if (g.backend.isResident(g.storage)) ops.scaleInPlace(g, rate);
      else p.grad = ops.mul(g, rate);
    }
  }
}

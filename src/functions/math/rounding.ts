// floor and sign: piecewise-constant, so, as in Chainer, they return a Variable that is
// not part of the graph (no gradient flows through them).
import * as ops from '../../array/ops/index';
import { Variable, type VariableLike, asVariable } from '../../core/variable';

// Chainer applies numpy's floor and sign to any array, so int32 gives int32 as there.
function constant(fn: string, x: VariableLike, f: (a: ReturnType<typeof ops.floor>) => ReturnType<typeof ops.floor>): Variable {
  return new Variable(f(asVariable(x, `${fn}: x`).array), { requiresGrad: false });
}

/** The largest integer not greater than x, elementwise, in x's dtype. */
export const floor = (x: VariableLike): Variable => constant('floor', x, ops.floor);

/** -1, 0 or 1 by the sign of x, in x's dtype. */
export const sign = (x: VariableLike): Variable => constant('sign', x, ops.sign);

// floor and sign: piecewise-constant, so, as in Chainer, they return a Variable that is
// not part of the graph (no gradient flows through them).
import * as ops from '../../array/ops/index';
import { Variable, type VariableLike, asVariable } from '../../core/variable';
import { surplusArguments } from '../../util/options';

// Chainer applies numpy's floor and sign to any array, so int32 gives int32 as there.
function constant(fn: string, x: VariableLike, f: (a: ReturnType<typeof ops.floor>) => ReturnType<typeof ops.floor>): Variable {
  return new Variable(f(asVariable(x, `${fn}: x`).array), { requiresGrad: false });
}

/** The largest integer not greater than x, elementwise, in x's dtype. */
export function floor(x: VariableLike): Variable {
  if (arguments.length > 1) surplusArguments('floor', arguments, 'x');
  return constant('floor', x, ops.floor);
}

/** -1, 0 or 1 by the sign of x, in x's dtype. */
export function sign(x: VariableLike): Variable {
  if (arguments.length > 1) surplusArguments('sign', arguments, 'x');
  return constant('sign', x, ops.sign);
}

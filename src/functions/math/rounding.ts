// floor and sign: piecewise-constant, so, as in Chainer, they return a Variable that is
// not part of the graph (no gradient flows through them).
import * as ops from '../../array/ops/index';
import { Variable, type VariableLike } from '../../core/variable';
import { floatInput } from './input';

function constant(fn: string, x: VariableLike, f: (a: ReturnType<typeof ops.floor>) => ReturnType<typeof ops.floor>): Variable {
  return new Variable(f(floatInput(fn, 'x', x).array), { requiresGrad: false });
}

/** The largest integer not greater than x, elementwise (float32). */
export const floor = (x: VariableLike): Variable => constant('floor', x, ops.floor);

/** -1, 0 or 1 by the sign of x (float32). */
export const sign = (x: VariableLike): Variable => constant('sign', x, ops.sign);

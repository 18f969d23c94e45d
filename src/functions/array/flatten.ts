// flatten: a Reshape to one dimension, as Chainer implements it.
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { Reshape } from './reshape';
import { surplusArguments } from '../../util/options';

/** The elements of x as a 1-D Variable (row-major); the graph node is a Reshape. */
export function flatten(x: VariableLike): Variable {
  if (arguments.length > 1) surplusArguments('flatten', arguments, 'x');
  const v = asVariable(x, 'flatten: x');
  return new Reshape([v.size]).apply([v])[0];
}

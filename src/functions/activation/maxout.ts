// maxout: the maximum over groups of poolSize consecutive channels (Chainer's maxout,
// composed of reshape and max as there).
import { shapeString } from '../../array/shape';
import type { Variable, VariableLike } from '../../core/variable';
import { reshape } from '../array/reshape';
import { floatInput } from '../math/input';
import { max } from '../math/minmax';
import { readAxis } from '../../util/axis';
import { readArguments, showValue } from '../../util/options';

export function maxout(x: VariableLike, poolSize: number, axis?: number | { axis?: number }, options?: { axis?: number }): Variable {
  const v = floatInput('maxout', 'x', x);
  if (!Number.isInteger(poolSize) || poolSize <= 0) throw new RangeError(`maxout: poolSize must be a positive integer, got ${showValue(poolSize)}`);
  axis = readAxis('maxout', readArguments('maxout', [axis, options], ['axis'], { axis: 1 }).axis, v.ndim);
  const c = v.shape[axis];
  if (c % poolSize !== 0) throw new RangeError(`maxout: x.shape[${axis}] (${c}) of x ${shapeString(v.shape)} must be a multiple of poolSize (${poolSize})`);
  const grouped = [...v.shape.slice(0, axis), c / poolSize, poolSize, ...v.shape.slice(axis + 1)];
  return max(reshape(v, grouped), axis + 1);
}

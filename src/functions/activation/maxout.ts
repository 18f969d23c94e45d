// maxout: the maximum over groups of poolSize consecutive channels (Chainer's maxout,
// composed of reshape and max as there).
import { shapeString } from '../../array/shape';
import type { Variable, VariableLike } from '../../core/variable';
import { reshape } from '../array/reshape';
import { floatInput } from '../math/input';
import { max } from '../math/minmax';
import { readAxis } from '../../util/axis';
import { readArguments } from '../../util/options';
import { positiveInteger } from '../../array/arguments';

export function maxout(x: VariableLike, poolSize: number, axis?: number | { axis?: number }, options?: { axis?: number }): Variable {
  const v = floatInput('maxout', 'x', x);
  positiveInteger('maxout', 'poolSize', poolSize);
  const given = readArguments('maxout', [axis, options], ['axis'], { axis: 1 }).axis;
  const c = v.shape[readAxis('maxout', given, v.ndim)];
  if (c % poolSize !== 0) throw new RangeError(`maxout: x.shape[${given}] (${c}) of x ${shapeString(v.shape)} must be a multiple of poolSize (${poolSize})`);
  // Chainer slices the shape and reduces with the axis as given, also when it is negative:
  // x.shape[:axis] + (c / poolSize, poolSize) + x.shape[axis + 1:], then the max along
  // axis + 1 of that (for axis -2 of (2, 4, 3) and poolSize 2: (2, 2, 2, 3), max along -1).
  // JS slices count from the end as Python's do.
  const grouped = [...v.shape.slice(0, given), c / poolSize, poolSize, ...v.shape.slice(given + 1)];
  if (grouped.reduce((n, d) => n * d, 1) !== v.size) {
    throw new RangeError(`maxout: axis ${given} groups x ${shapeString(v.shape)} into ${shapeString(grouped)}, which is not a reshape of x (Chainer's shape slicing with a negative axis)`);
  }
  return max(reshape(v, grouped), given + 1);
}

// mean: sum times 1/n, or a weighted average along one axis (Chainer's average).
import { normalizeAxes, normalizeAxis, shapeString } from '../../array/shape';
import type { Variable, VariableLike } from '../../core/variable';
import { reshape } from '../array/reshape';
import { div, mul } from './basic-math';
import { floatInput } from './input';
import { sum } from './sum';

export interface MeanOptions {
  /** Weights along the single reduced axis; the result is sum(x w) / sum(w). */
  weights?: VariableLike | null;
  keepdims?: boolean;
}

/** Mean over axes (all by default, giving a 0-d array). */
export function mean(x: VariableLike, axis: number | readonly number[] | null = null, options: MeanOptions | boolean = {}): Variable {
  const o: MeanOptions = typeof options === 'boolean' ? { keepdims: options } : options;
  const v = floatInput('mean', 'x', x);
  const axes = normalizeAxes('mean', axis, v.ndim);
  const keepdims = !!o.keepdims;
  if (o.weights != null) {
    if (axis === null || (typeof axis !== 'number' && axes.length !== 1)) {
      throw new RangeError('mean: weights need one axis to average along');
    }
    const a = normalizeAxis('mean', axes[0], v.ndim);
    const w = floatInput('mean', 'weights', o.weights);
    if (w.ndim !== 1 || w.shape[0] !== v.shape[a]) {
      throw new RangeError(`mean: weights ${shapeString(w.shape)} must be 1-d of length x.shape[${a}] (${v.shape[a]})`);
    }
    const wb = reshape(w, v.shape.map((d, i) => (i === a ? d : 1)));
    return div(sum(mul(v, wb), a, keepdims), sum(w));
  }
  let n = 1;
  for (const a of axes) n *= v.shape[a];
  return mul(sum(v, axes, keepdims), 1 / n);
}

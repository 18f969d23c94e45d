// Contrastive and triplet losses on embeddings (Chainer's Contrastive and Triplet).
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { shapeString } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { add, mul, sub, div, neg } from '../math/basic-math';
import { maximum } from '../math/clip';
import { sqrt } from '../math/sqrt';
import { full } from '../../array/creation';
import { floatInput } from '../math/input';
import { sum } from '../math/sum';
import { reshape } from '../array/reshape';
import { checkChoice, checkLabels, checkSameShape } from './common';
import { readArguments, showValue } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];
type Reduce = 'mean' | 'no';

/** Per-row gradient scale: gy / N for a mean, gy (N, d2, ...) with axis 1 put back for 'no'. */
function rowScale(gy: Variable, reduce: Reduce, N: number): Variable {
  return reduce === 'mean' ? mul(gy, 1 / N) : reshape(gy, [N, 1, ...gy.shape.slice(1)]);
}

/** Chainer's type checks require a non-empty batch (its mean would divide by 0). */
function checkBatch(fn: string, arg: string, x: Variable): void {
  if (x.shape[0] === 0) throw new RangeError(`${fn}: ${arg} must hold at least one row, got ${shapeString(x.shape)}`);
}

export class Contrastive extends FunctionNode {
  constructor(readonly margin: number, readonly reduce: Reduce) { super(); }

  forward([x0, x1, y]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1, 2]);
    const d = ops.sub(x0, x1);
    const distSq = ops.sum(ops.mul(d, d), 1);
    const hinge = ops.maximum(ops.sub(this.margin, ops.sqrt(distSq)), 0);
    const yf = ops.cast(y, 'float32');
    const loss = ops.mul(ops.add(ops.mul(yf, distSq), ops.mul(ops.sub(1, yf), ops.mul(hinge, hinge))), 0.5);
    // Chainer's xp.sum(loss) / N: a division, not a product with 1 / N.
    return [this.reduce === 'mean' ? ops.div(ops.sum(loss), x0.shape[0]) : loss];
  }

  override backward(indexes: number[], [gy]: Grad): Grad {
    // Chainer's Contrastive.backward step for step, with dist floored at 1e-7 where it
    // divides: gx0 = (alpha y) diff + ((alpha (1 - y)) max(margin - dist, 0)) (-(diff / dist)),
    // alpha = gy / N (Chainer's MulConstant(1 / N)) or gy per row.
    const [x0, x1, y] = this.getRetainedInputs();
    const N = x0.shape[0];
    const yf = ops.reshape(ops.cast(y.array, 'float32'), [N, 1]);
    const d = sub(x0, x1);
    const dist = sqrt(sum(mul(d, d), 1, true));
    const alpha = rowScale(gy!, this.reduce, N);
    const floored = maximum(dist, full(dist.shape, 1e-7, { backend: dist.device }));
    const mdist = maximum(sub(this.margin, dist), full(dist.shape, 0, { backend: dist.device }));
    const similar = mul(mul(alpha, yf), d);
    const dissimilar = mul(mul(mul(alpha, ops.sub(1, yf)), mdist), neg(div(d, floored)));
    const gx = add(similar, dissimilar);
    return [indexes.includes(0) ? gx : null, indexes.includes(1) ? neg(gx) : null, null];
  }
}

/**
 * 0.5 (y |x0 - x1|^2 + (1 - y) max(margin - |x0 - x1|, 0)^2) per row, y = 1 meaning a
 * similar pair; reduce 'mean' sums and divides by N (so by 2N overall).
 */
interface MarginOptions { margin?: number; reduce?: Reduce }

export function contrastive(x0: VariableLike, x1: VariableLike, y: VariableLike, margin?: number | MarginOptions, reduce?: Reduce | MarginOptions,
                            options?: MarginOptions): Variable {
  const fn = 'contrastive';
  const o = readArguments(fn, [margin, reduce, options], ['margin', 'reduce'], { margin: 1, reduce: 'mean' as Reduce });
  const a = floatInput(fn, 'x0', x0), b = floatInput(fn, 'x1', x1), yv = asVariable(y, `${fn}: y`);
  checkSameShape(fn, ['x0', 'x1'], [a, b]);
  if (a.ndim !== 2) throw new RangeError(`${fn}: x0 must be 2-D (batch, features), got ${shapeString(a.shape)}`);
  checkBatch(fn, 'x0', a);
  checkLabels(fn, yv, [a.shape[0]], 'one 0/1 label per row');
  if (yv.array.dataSync().some((v) => v !== 0 && v !== 1)) throw new RangeError(`${fn}: y must hold 0 (dissimilar) or 1 (similar) only`);
  if (!(o.margin > 0)) throw new RangeError(`${fn}: margin must be a positive number, got ${showValue(o.margin)}`);
  return new Contrastive(o.margin, checkChoice(fn, 'reduce', o.reduce, ['mean', 'no'] as const)).apply([a, b, yv])[0];
}

export class Triplet extends FunctionNode {
  constructor(readonly margin: number, readonly reduce: Reduce) { super(); }

  forward([a, p, n]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1, 2]);
    const dp = ops.sub(a, p), dn = ops.sub(a, n);
    const dist = ops.add(ops.sum(ops.sub(ops.mul(dp, dp), ops.mul(dn, dn)), 1), this.margin);
    const loss = ops.maximum(dist, 0);
    // Chainer's xp.sum(dist_hinge) / N
    return [this.reduce === 'mean' ? ops.div(ops.sum(loss), a.shape[0]) : loss];
  }

  override backward(indexes: number[], [gy]: Grad): Grad {
    const [a, p, n] = this.getRetainedInputs();
    const dp = sub(a, p), dn = sub(a, n);
    const dist = add(sum(sub(mul(dp, dp), mul(dn, dn)), 1, true), this.margin);
    const g = mul(rowScale(gy!, this.reduce, a.shape[0]), ops.mul(ops.greater(dist.array, 0), 2));
    return [
      indexes.includes(0) ? mul(sub(n, p), g) : null,
      indexes.includes(1) ? mul(sub(p, a), g) : null,
      indexes.includes(2) ? mul(sub(a, n), g) : null,
    ];
  }
}

/**
 * max(0, |a - p|^2 - |a - n|^2 + margin), the squares summed over axis 1, per row (per
 * (n, d2, ...) for inputs of more than 2 dimensions, as Chainer); averaged over N with reduce 'mean'.
 */
export function triplet(anchor: VariableLike, positive: VariableLike, negative: VariableLike,
                        margin?: number | MarginOptions, reduce?: Reduce | MarginOptions, options?: MarginOptions): Variable {
  const fn = 'triplet';
  const o = readArguments(fn, [margin, reduce, options], ['margin', 'reduce'], { margin: 0.2, reduce: 'mean' as Reduce });
  const vs = [floatInput(fn, 'anchor', anchor), floatInput(fn, 'positive', positive), floatInput(fn, 'negative', negative)];
  checkSameShape(fn, ['anchor', 'positive', 'negative'], vs);
  if (vs[0].ndim < 2) throw new RangeError(`${fn}: anchor must have at least 2 dimensions (batch, features, ...), got ${shapeString(vs[0].shape)}`);
  checkBatch(fn, 'anchor', vs[0]);
  if (!(o.margin > 0)) throw new RangeError(`${fn}: margin must be a positive number, got ${showValue(o.margin)}`);
  return new Triplet(o.margin, checkChoice(fn, 'reduce', o.reduce, ['mean', 'no'] as const)).apply(vs)[0];
}

keepsNoGradients(Contrastive, Triplet);

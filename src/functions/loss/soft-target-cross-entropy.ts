// softmaxCrossEntropy with soft targets: t holds a distribution over the classes of axis 1
// (float32, x's shape), as Chainer's SoftmaxCrossEntropy when t is a float array.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import type { Variable } from '../../core/variable';
import { keepsNoGradients } from '../../core/vouched';
import { SoftmaxCrossEntropyGrad } from './cross-entropy-grad';

type Grad = (Variable | null)[];
export type SoftTargetLoss = 'cross-entropy' | 'kl-divergence';

/** Chainer's eps inside log(t + eps) of the KL divergence. */
const EPS = 1e-7;

export class SoftTargetCrossEntropy extends FunctionNode {
  private coeff = 1;
  constructor(readonly loss: SoftTargetLoss, readonly reduce: 'mean' | 'no', readonly ignoreLabel: number) { super(); }

  forward([x, t]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    const logY = ops.logSoftmax(x, 1);
    // cross-entropy -sum_c t log y; kl-divergence sum_c t (log(t + eps) - log y).
    const terms = this.loss === 'kl-divergence'
      ? ops.sum(ops.mul(t, ops.sub(ops.log(ops.add(t, EPS)), logY)), 1)
      : ops.neg(ops.sum(ops.mul(t, logY), 1));
    if (this.reduce === 'no') return [terms];
    // Chainer divides by every position, x.size / C, whatever normalize says.
    this.coeff = 1 / terms.size;
    return [ops.mul(ops.sum(terms), this.coeff)];
  }

  override backward(_: number[], [gy]: Grad): Grad {
    return [new SoftmaxCrossEntropyGrad(this).apply([this.inputs[0], gy!])[0], null];
  }

  /**
   * Chainer's gradient softmax(x) - t (not softmax(x) sum_c t - t: it takes t to sum to 1),
   * with the entries of t equal to ignoreLabel zeroed as its backward does, times gy / the
   * count for 'mean' or gy at every class for 'no'.
   */
  gradient(x: NDArray, gy: NDArray): NDArray {
    const t = this.getRetainedInputs()[1].array;
    const g = ops.sub(ops.softmax(x, 1), ops.mul(t, ops.notEqual(t, this.ignoreLabel)));
    if (this.reduce === 'mean') {
      // Chainer's gx *= gloss * coeff: on numpy 1.x the 0-d float32 gloss times the Python
      // float is a float64, rounded to float32 once by gx *=. On the GPU the scale stays there.
      const scale = gy.backend.name === 'wasm' ? Math.fround(gy.item() * this.coeff) : ops.mul(gy, this.coeff);
      return ops.mul(g, scale);
    }
    return ops.mul(g, ops.reshape(gy, [gy.shape[0], 1, ...gy.shape.slice(1)]));
  }
}

keepsNoGradients(SoftTargetCrossEntropy);

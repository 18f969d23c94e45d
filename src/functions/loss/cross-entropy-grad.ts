// The input gradient of a softmax cross entropy as a node of (x, gy), recorded whenever x is
// differentiable, whose own backward refuses, as Chainer's _SoftmaxCrossEntropyGrad_NoDoubleBackprop.
import type { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import type { Variable } from '../../core/variable';
import { keepsNoGradients } from '../../core/vouched';

/** The loss node whose gradient this is: gx for an output gradient gy. */
export interface CrossEntropyGradient {
  gradient(x: NDArray, gy: NDArray): NDArray;
}

export class SoftmaxCrossEntropyGrad extends FunctionNode {
  constructor(readonly node: CrossEntropyGradient) { super(); }
  forward([x, gy]: NDArray[]): NDArray[] {
    return [this.node.gradient(x, gy)];
  }
  override backward(): (Variable | null)[] {
    throw new Error('softmaxCrossEntropy: double backprop needs softmaxCrossEntropy(x, t, {enableDoubleBackprop: true})');
  }
}

keepsNoGradients(SoftmaxCrossEntropyGrad);

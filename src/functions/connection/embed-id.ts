// Embedding: rows of W (vocab, dim) looked up by int32 ids. The gradient for W is a
// scatter-add; its own gradient is the lookup again.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { shapeString } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { checkFloatInput } from './check';
import { readArguments, showValue } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

type Grad = (Variable | null)[];

export interface EmbedIdOptions {
  /** Ids equal to this give zero rows and no gradient (Chainer's ignore_label). */
  ignoreLabel?: number | null;
}

export class EmbedIDFunction extends FunctionNode {
  constructor(readonly ignoreLabel: number | null) { super(); }

  forward([x, W]: NDArray[]): NDArray[] {
    this.retainInputs([0]);
    return [ops.embedId(x, W, this.ignoreLabel)];
  }

  override backward(indexes: number[], [gy]: Grad): Grad {
    const [x] = this.getRetainedInputs();
    const vocab = this.inputs[1].shape[0];
    // The rows of gy go straight into a parameter's resident gradient when they can (each
    // id's rows summed before they are added to one it holds).
    const sink = indexes.includes(1) ? this.gradSink(1, true) : null;
    if (sink) {
      ops.embedIdGrad(x.array, gy!.array, vocab, this.ignoreLabel, { target: sink.target, accumulate: !sink.fresh });
      return [null, null];
    }
    return [null, indexes.includes(1) ? new EmbedIDGrad(vocab, this.ignoreLabel).apply([x, gy!])[0] : null];
  }
}

/** gW (vocab, dim): the rows of gy summed at their ids. */
export class EmbedIDGrad extends FunctionNode {
  constructor(readonly vocab: number, readonly ignoreLabel: number | null) { super(); }

  forward([x, gy]: NDArray[]): NDArray[] {
    this.retainInputs([0]);
    return [ops.embedIdGrad(x, gy, this.vocab, this.ignoreLabel)];
  }

  override backward(indexes: number[], [ggW]: Grad): Grad {
    const [x] = this.getRetainedInputs();
    return [null, indexes.includes(1) ? new EmbedIDFunction(this.ignoreLabel).apply([x, ggW!])[0] : null];
  }
}

/**
 * Chainer's F.embed_id: W[x] for int32 ids x of any shape, giving x.shape + (dim,).
 * Ids equal to ignoreLabel give zero rows and send no gradient; any other id outside
 * [0, vocab) is an error.
 */
export function embedId(x: VariableLike, W: VariableLike, ignoreLabel?: number | null | EmbedIdOptions, options?: EmbedIdOptions): Variable {
  const o = readArguments('embedId', [ignoreLabel, options], ['ignoreLabel'], { ignoreLabel: null as number | null });
  const vx = asVariable(x, 'embedId: x'), vW = asVariable(W, 'embedId: W');
  if (vx.dtype !== 'int32') throw new TypeError(`embedId: x must be int32 ids, got ${vx.dtype} ${shapeString(vx.shape)}`);
  // Chainer's type check asks for x.ndim >= 1.
  if (vx.ndim === 0) throw new RangeError('embedId: x must have at least one axis, got a 0-d array of ids (reshape it to (1,))');
  checkFloatInput('embedId', 'W', vW);
  if (vW.ndim !== 2) throw new RangeError(`embedId: W must be 2-D (vocab, dim), got shape ${shapeString(vW.shape)}`);
  const ignore = o.ignoreLabel;
  if (ignore !== null && !Number.isInteger(ignore)) throw new TypeError(`embedId: ignoreLabel must be an integer or null, got ${showValue(ignore)}`);
  return new EmbedIDFunction(ignore).apply([vx, vW])[0];
}

keepsNoGradients(EmbedIDFunction, EmbedIDGrad);

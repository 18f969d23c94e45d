// Layer and group normalization: each row (or each group of channels of a sample) is
// standardized like a batch-normalization channel, then scaled and shifted per feature,
// as chainer.functions.layer_normalization and group_normalization.
import { ones, zeros } from '../../array/creation';
import { shapeString } from '../../array/shape';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { add, mul } from '../math/basic-math';
import { reshape } from '../array/reshape';
import { expandDims, squeeze } from '../array/expand-dims';
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import type { NormLayout, StandardizeSteps } from '../../array/ops/index';
import { BatchNormalization, BatchNormalizationGrad } from './batch-normalization';
import { readArguments } from '../../util/options';
import { finiteNumber } from '../math/input';
import { keepsNoGradients } from '../../core/vouched';

/**
 * The gradient of standardized rows in Chainer's steps (ops.rowStandardizeGrad), which
 * round apart from batch normalization's (g - (x̂ Σ g x̂ + Σ g) / m): where gx cancels, a
 * third of the elements were 1e-4 off. Its own gradient is batch normalization's, the same function.
 */
class RowStandardizeGrad extends BatchNormalizationGrad {
  override get label(): string { return 'BatchNormalizationGrad'; }

  constructor(readonly steps: StandardizeSteps, layout: NormLayout, eps: number, mean: NDArray, invstd: NDArray) { super(layout, eps, mean, invstd); }

  override forward(inputs: NDArray[]): NDArray[] {
    this.retainInputs([0, 1, 2]);
    const [x, , g] = inputs;
    const { C: rows, inner: cols } = this.layout;
    const r = ops.rowStandardizeGrad(this.steps, ops.reshape(x, [rows, cols]), ops.reshape(g, [rows, cols]), this.mean, this.invstd, this.eps);
    return [ops.reshape(r.gx, x.shape), r.ggamma, r.gbeta];
  }
}

/** Batch normalization of (1, rows, cols) whose gradient is RowStandardizeGrad; the same node to graphs and exports. */
class RowStandardize extends BatchNormalization {
  override get label(): string { return 'BatchNormalization'; }

  constructor(readonly steps: StandardizeSteps, layout: NormLayout, eps: number) { super(layout, eps); }

  override backward(_: number[], [gy]: (Variable | null)[]): (Variable | null)[] {
    const [x, gamma] = this.getRetainedInputs();
    return new RowStandardizeGrad(this.steps, this.layout, this.eps, this.mean!, this.invstd!).apply([x, gamma, gy!]);
  }
}

/**
 * Standardizes each of the `rows` rows of x: the batch-normalization node without affine on
 * x viewed as (1, rows, cols). The leading axis is a new axis, not a reshape, so that an
 * exported graph knows the batch is in the rows even for a batch of 1. The gradient takes
 * the steps of Chainer's group or layer normalization.
 */
function standardizeRows(x: Variable, rows: number, eps: number, steps: StandardizeSteps): Variable {
  const cols = rows ? x.size / rows : x.shape[x.ndim - 1];
  const flat = x.ndim === 2 && x.shape[0] === rows ? x : reshape(x, [rows, cols]);
  const X = expandDims(flat, 0);
  const y = new RowStandardize(steps, { outer: 1, C: rows, inner: cols }, eps)
    .apply([X, ones([rows], { backend: x.device }), zeros([rows], { backend: x.device })])[0];
  const back = squeeze(y, 0);
  return flat === x ? back : reshape(back, x.shape);
}

function checkVector(fn: string, name: string, p: Variable, n: number): void {
  if (p.dtype !== 'float32') throw new TypeError(`${fn}: ${name} must be float32, got ${p.dtype}`);
  if (p.ndim !== 1 || p.shape[0] !== n) throw new RangeError(`${fn}: ${name}.shape ${shapeString(p.shape)} must be (${n},)`);
}

/**
 * y = gamma (x - mean) / sqrt(var + eps) + beta with the statistics of each row of the
 * 2-D x (over axis 1); eps is inside the square root.
 */
interface EpsOption { eps?: number }

export function layerNormalization(x: VariableLike, gamma: VariableLike, beta: VariableLike, eps?: number | EpsOption, options?: EpsOption): Variable {
  const fn = 'layerNormalization';
  const o = readArguments(fn, [eps, options], ['eps'], { eps: 1e-5 });
  const xv = asVariable(x, `${fn}: x`);
  if (xv.ndim !== 2 || xv.dtype !== 'float32') throw new RangeError(`${fn}: x must be a 2-D float32 array (batch, units), got ${shapeString(xv.shape)} ${xv.dtype}`);
  const g = asVariable(gamma, `${fn}: gamma`), b = asVariable(beta, `${fn}: beta`);
  checkVector(fn, 'gamma', g, xv.shape[1]); checkVector(fn, 'beta', b, xv.shape[1]);
  const xhat = standardizeRows(xv, xv.shape[0], finiteNumber(fn, 'eps', o.eps), 'layer');
  return add(mul(xhat, g), b);
}

/**
 * Group normalization of x (N, C, ...): the channels of each sample are split into
 * `groups` contiguous groups, each standardized over its channels and spatial axes, then
 * y = gamma x̂ + beta per channel.
 */
export function groupNormalization(x: VariableLike, groups: number, gamma: VariableLike, beta: VariableLike,
                                   eps?: number | EpsOption, options?: EpsOption): Variable {
  const fn = 'groupNormalization';
  const o = readArguments(fn, [eps, options], ['eps'], { eps: 1e-5 });
  const xv = asVariable(x, `${fn}: x`);
  if (xv.ndim < 2 || xv.dtype !== 'float32') throw new RangeError(`${fn}: x must be float32 with at least 2 dimensions (batch, channels, ...), got ${shapeString(xv.shape)} ${xv.dtype}`);
  const [N, C] = xv.shape;
  // Chainer reshapes x to (N * groups, -1), which numpy refuses for an empty batch.
  if (N === 0) throw new RangeError(`${fn}: x has an empty batch, shape ${shapeString(xv.shape)}`);
  if (!Number.isInteger(groups) || groups <= 0 || C % groups !== 0) {
    throw new RangeError(`${fn}: groups (${groups}) must be a positive integer dividing the ${C} channels of x ${shapeString(xv.shape)}`);
  }
  const g = asVariable(gamma, `${fn}: gamma`), b = asVariable(beta, `${fn}: beta`);
  checkVector(fn, 'gamma', g, C); checkVector(fn, 'beta', b, C);
  const xhat = standardizeRows(xv, N * groups, finiteNumber(fn, 'eps', o.eps), 'group');
  const chan = xv.shape.map((d, i) => (i === 1 ? d : 1));
  return add(mul(xhat, reshape(g, chan)), reshape(b, chan));
}

keepsNoGradients(RowStandardize, RowStandardizeGrad);

// The gradient of rows standardized by layer or group normalization, in the float32 steps
// of Chainer's code: one kernel where the backend has it, else those steps one array
// operation at a time (the same roundings, so the same bits).
import type { NDArray } from '../ndarray';
import { shapeString } from '../shape';
import { checkArray, checkFloat, sameBackend, wrap } from './common';
import { add, div, mul, sqrt, sub } from './elementwise';
import { reshape } from './layout';
import { sum } from './reduce';

/** Whose gradient steps: Chainer's group normalization (_XHatGrad) or LayerNormalization.backward. */
export type StandardizeSteps = 'group' | 'layer';

export interface RowStandardizeGrads {
  /** (rows, cols). */
  gx: NDArray;
  /** Σ gy x̂ per row. */
  ggamma: NDArray;
  /** Σ gy per row. */
  gbeta: NDArray;
}

/**
 * Gradients of standardized rows x (rows, cols) given gy: layer steps recompute the rows'
 * statistics from x; group steps read the forward pass's mean and invstd (rows,).
 */
export function rowStandardizeGrad(steps: StandardizeSteps, x: NDArray, gy: NDArray, mean: NDArray, invstd: NDArray, eps: number): RowStandardizeGrads {
  const op = 'rowStandardizeGrad';
  checkArray(op, 'x', x); checkArray(op, 'gy', gy); checkFloat(op, 'x', x); checkFloat(op, 'gy', gy);
  if (x.ndim !== 2 || gy.ndim !== 2 || x.shape[0] !== gy.shape[0] || x.shape[1] !== gy.shape[1]) {
    throw new RangeError(`${op}: x ${shapeString(x.shape)} and gy ${shapeString(gy.shape)} must be the same (rows, cols)`);
  }
  const [rows, cols] = x.shape;
  if (mean.size !== rows || invstd.size !== rows) {
    throw new RangeError(`${op}: mean ${shapeString(mean.shape)} and invstd ${shapeString(invstd.shape)} must hold one value per row of x ${shapeString(x.shape)}`);
  }
  const b = sameBackend(op, [x, gy, mean, invstd], ['x', 'gy', 'mean', 'invstd']);
  if (b.rowStandardizeGrad) {
    const r = b.rowStandardizeGrad(steps, x, gy, rows, cols, mean, invstd, eps);
    return { gx: wrap(r.gx, x.shape, 'float32', b), ggamma: wrap(r.ggamma, [rows], 'float32', b), gbeta: wrap(r.gbeta, [rows], 'float32', b) };
  }
  return steps === 'group' ? groupSteps(x, gy, mean, invstd, rows, cols) : layerSteps(x, gy, rows, cols, eps);
}

/** Chainer's group normalization (_XHatGrad): invstd ((g - mean(g)) - x̂ mean(g x̂)), a mean being a row sum / its length. */
function groupSteps(X: NDArray, G: NDArray, rowMean: NDArray, rowInvstd: NDArray, rows: number, cols: number): RowStandardizeGrads {
  const mean = reshape(rowMean, [rows, 1]), invstd = reshape(rowInvstd, [rows, 1]);
  const xhat = mul(sub(X, mean), invstd);
  const gSum = sum(G, 1, { keepdims: true }), gxSum = sum(mul(G, xhat), 1, { keepdims: true });
  const gx = mul(invstd, sub(sub(G, div(gSum, cols)), mul(xhat, div(gxSum, cols))));
  return { gx, ggamma: reshape(gxSum, [rows]), gbeta: reshape(gSum, [rows]) };
}

/** Chainer's LayerNormalization.backward, step by step, its statistics recomputed from x as there. */
function layerSteps(X: NDArray, G: NDArray, rows: number, cols: number, eps: number): RowStandardizeGrads {
  const rowMean = (v: NDArray) => div(sum(v, 1, { keepdims: true }), cols);
  const xmu = sub(X, rowMean(X));
  const variance = rowMean(mul(xmu, xmu));
  const varEps = add(variance, Math.fround(eps));
  const invstd = div(1, sqrt(varEps));
  const invN = Math.fround(1 / cols);
  const gInvstd = sum(mul(G, xmu), 1, { keepdims: true });
  const gStd = mul(gInvstd, div(-1, varEps));
  const gVar = mul(mul(gStd, 0.5), invstd);
  const gxmu2 = mul(mul(mul(gVar, invN), 2), xmu);
  const gx1 = add(mul(G, invstd), gxmu2);
  const gMu = mul(sum(gx1, 1, { keepdims: true }), -1);
  // ggamma and gbeta: the gradients of the unit scale and zero shift the node applies.
  return { gx: add(gx1, mul(gMu, invN)), ggamma: reshape(mul(gInvstd, invstd), [rows]), gbeta: sum(G, 1) };
}

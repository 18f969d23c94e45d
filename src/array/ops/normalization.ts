// Normalization and recurrent-cell operations: argument checks, then one kernel call.
import type { NormLayout } from '../../backends/backend';
import type { NDArray } from '../ndarray';
import { shapeString, sizeOf } from '../shape';
import { checkArray, checkFloat, sameBackend, wrap } from './common';
import { reshape, transpose } from './layout';

export type { NormLayout } from '../../backends/backend';

export interface BatchNormResult {
  y: NDArray;
  /** Per-channel statistics used (the batch's, or the given ones). */
  mean: NDArray;
  /** Biased variance. */
  var: NDArray;
  /** 1 / sqrt(var + eps). */
  invstd: NDArray;
}

function checkChannels(op: string, name: string, a: NDArray, C: number): void {
  checkFloat(op, name, a);
  if (a.size !== C) throw new RangeError(`${op}: ${name} has shape ${shapeString(a.shape)}, expected ${C} elements (one per channel)`);
}

function checkLayout(op: string, x: NDArray, { outer, C, inner }: NormLayout): void {
  if (outer * C * inner !== x.size) {
    throw new RangeError(`${op}: layout (${outer}, ${C}, ${inner}) does not cover x of shape ${shapeString(x.shape)}`);
  }
}

/**
 * Normalizes x read as (outer, C, inner) per channel: with `stats` it uses them, otherwise
 * the batch mean and biased variance over outer and inner.
 */
export function batchNormForward(x: NDArray, layout: NormLayout, gamma: NDArray, beta: NDArray, eps: number,
                                 stats: { mean: NDArray; var: NDArray } | null = null): BatchNormResult {
  const op = 'batchNormForward';
  checkArray(op, 'x', x); checkFloat(op, 'x', x);
  checkLayout(op, x, layout);
  checkChannels(op, 'gamma', gamma, layout.C); checkChannels(op, 'beta', beta, layout.C);
  const arrays = [x, gamma, beta];
  if (stats) {
    checkChannels(op, 'mean', stats.mean, layout.C); checkChannels(op, 'var', stats.var, layout.C);
    arrays.push(stats.mean, stats.var);
  }
  const b = sameBackend(op, arrays, ['x', 'gamma', 'beta', 'mean', 'var']);
  const r = b.batchNormForward(x, layout, gamma, beta, eps, stats);
  const channel = [layout.C];
  return {
    y: wrap(r.y, x.shape, 'float32', b),
    mean: stats ? stats.mean : wrap(r.mean, channel, 'float32', b),
    var: stats ? stats.var : wrap(r.var, channel, 'float32', b),
    invstd: wrap(r.invstd, channel, 'float32', b),
  };
}

/**
 * A running average `avg decay + weight batch` (batch read in avg's shape): a resident avg
 * (a link's persistent) is updated in place and returned; any other gives a new array.
 */
export function runningAverage(avg: NDArray, batch: NDArray, decay: number, weight: number): NDArray {
  const op = 'runningAverage';
  checkArray(op, 'avg', avg); checkArray(op, 'batch', batch);
  checkFloat(op, 'avg', avg); checkFloat(op, 'batch', batch);
  if (batch.size !== avg.size) throw new RangeError(`${op}: batch ${shapeString(batch.shape)} must have as many elements as avg ${shapeString(avg.shape)}`);
  const b = sameBackend(op, [avg, batch], ['avg', 'batch']);
  const storage = b.runningAverage(avg, batch, decay, weight);
  return storage === avg.storage ? avg : wrap(storage, avg.shape, 'float32', b);
}

/** Gradients of batchNormForward with batch statistics: gx, ggamma (per channel), gbeta. */
export function batchNormBackward(x: NDArray, gy: NDArray, layout: NormLayout, gamma: NDArray, mean: NDArray, invstd: NDArray):
  { gx: NDArray; ggamma: NDArray; gbeta: NDArray } {
  const op = 'batchNormBackward';
  checkLayout(op, x, layout);
  if (gy.size !== x.size) throw new RangeError(`${op}: gy ${shapeString(gy.shape)} does not match x ${shapeString(x.shape)}`);
  for (const [name, a] of [['gamma', gamma], ['mean', mean], ['invstd', invstd]] as const) checkChannels(op, name, a, layout.C);
  checkFloat(op, 'x', x); checkFloat(op, 'gy', gy);
  const b = sameBackend(op, [x, gy, gamma, mean, invstd], ['x', 'gy', 'gamma', 'mean', 'invstd']);
  const r = b.batchNormBackward(x, gy, layout, gamma, mean, invstd);
  const channel = [layout.C];
  return { gx: wrap(r.gx, x.shape, 'float32', b), ggamma: wrap(r.ggamma, channel, 'float32', b), gbeta: wrap(r.gbeta, channel, 'float32', b) };
}

function checkLstm(op: string, cPrev: NDArray, x: NDArray): number {
  checkArray(op, 'c', cPrev); checkArray(op, 'x', x);
  checkFloat(op, 'c', cPrev); checkFloat(op, 'x', x);
  if (cPrev.ndim < 2 || x.ndim !== cPrev.ndim) {
    throw new RangeError(`${op}: c ${shapeString(cPrev.shape)} and x ${shapeString(x.shape)} must have the same number of dimensions (at least 2)`);
  }
  const units = cPrev.size / (cPrev.shape[0] || 1);
  if (x.shape[1] !== 4 * cPrev.shape[1] || x.shape.slice(2).some((d, i) => d !== cPrev.shape[i + 2])) {
    throw new RangeError(`${op}: x.shape[1] (${x.shape[1]}) must be 4 * c.shape[1] (${4 * cPrev.shape[1]}) and the trailing axes must match: c ${shapeString(cPrev.shape)}, x ${shapeString(x.shape)}`);
  }
  if (x.shape[0] > cPrev.shape[0]) {
    throw new RangeError(`${op}: x has ${x.shape[0]} rows but c has only ${cPrev.shape[0]} (x may have fewer rows, not more)`);
  }
  return units;
}

/**
 * x (B, 4 U, ...) as Chainer reads it, (B, U, 4, ...), with the gate axis moved last so
 * that each unit's four gates are contiguous: (B, U * prod(...) * 4).
 */
function gatesLast(x: NDArray): NDArray {
  if (x.ndim === 2) return x;
  const [B, G, ...rest] = x.shape;
  const S = rest.reduce((p, d) => p * d, 1);
  return reshape(transpose(reshape(x, [B, G / 4, 4, S]), [0, 1, 3, 2]), [B, G * S]);
}

/** The inverse of gatesLast. */
function gatesBack(g: NDArray, shape: readonly number[]): NDArray {
  if (shape.length === 2) return g;
  const [B, G, ...rest] = shape;
  const S = rest.reduce((p, d) => p * d, 1);
  return reshape(transpose(reshape(g, [B, G / 4, S, 4]), [0, 1, 3, 2]), shape);
}

/**
 * The LSTM cell with Chainer's interleaved gates: x (B, 4 U, ...) is read as (B, U, 4, ...)
 * with a, i, f, o along the axis of 4. Returns c (cPrev's rows; rows past x's copy cPrev)
 * and h (x's rows).
 */
export function lstmForward(cPrev: NDArray, x: NDArray): { c: NDArray; h: NDArray } {
  const units = checkLstm('lstm', cPrev, x);
  const b = sameBackend('lstm', [cPrev, x], ['c', 'x']);
  const r = b.lstmForward(cPrev, gatesLast(x), cPrev.shape[0], x.shape[0], units);
  return { c: wrap(r.c, cPrev.shape, 'float32', b), h: wrap(r.h, [x.shape[0], ...cPrev.shape.slice(1)], 'float32', b) };
}

/** Gradients of lstmForward given gc (cPrev's shape) and gh (h's shape). */
export function lstmBackward(cPrev: NDArray, x: NDArray, c: NDArray, gc: NDArray, gh: NDArray): { gcPrev: NDArray; gx: NDArray } {
  const units = checkLstm('lstm', cPrev, x);
  const b = sameBackend('lstm', [cPrev, x, c, gc, gh], ['cPrev', 'x', 'c', 'gc', 'gh']);
  if (c.size !== cPrev.size || gc.size !== cPrev.size || gh.size !== x.shape[0] * units) {
    throw new RangeError(`lstm: c ${shapeString(c.shape)}, gc ${shapeString(gc.shape)} and gh ${shapeString(gh.shape)} do not match cPrev ${shapeString(cPrev.shape)} and x ${shapeString(x.shape)}`);
  }
  const r = b.lstmBackward(cPrev, gatesLast(x), c, gc, gh, cPrev.shape[0], x.shape[0], units);
  return { gcPrev: wrap(r.gcPrev, cPrev.shape, 'float32', b), gx: gatesBack(wrap(r.gx, [x.shape[0], sizeOf(x.shape.slice(1))], 'float32', b), x.shape) };
}

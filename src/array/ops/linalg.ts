// Matrix products through the backend's GEMM kernel.
import { NDArray } from '../ndarray';
import { broadcastShapes, shapeString } from '../shape';
import type { Backend } from '../../backends/backend';
import { type Into, checkArray, checkFloat, describe, destination, sameBackend, wrap } from './common';
import { broadcastTo, reshape } from './layout';
import { cast } from './elementwise';

export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
  /** Write the product into (or, accumulating, add it to) this resident array, which is returned. */
  into?: Into;
  /**
   * A float32 vector of the product's column count added to every row of a 2-D product
   * (not with `into`), in the same pass: the same values as ops.add(product, bias).
   */
  bias?: NDArray;
}

/** Matrices in a stack: the product of all axes but the last two. */
function batchOf(x: NDArray): number {
  let n = 1;
  for (let i = 0; i < x.ndim - 2; i++) n *= x.shape[i];
  return n;
}

/** A batched operand that broadcasts partially, expanded; a lone matrix is shared. */
function expand(x: NDArray, batch: number, batchShape: readonly number[]): NDArray {
  const n = batchOf(x);
  return n === 1 || n === batch ? x : broadcastTo(x, [...batchShape, ...x.shape.slice(-2)]);
}

function checkBias(a: NDArray, b: NDArray, bias: NDArray, N: number, into: boolean, backend: Backend): void {
  checkArray('matmul', 'bias', bias);
  if (a.ndim !== 2 || b.ndim !== 2) throw new RangeError(`matmul: a bias needs 2-D operands, got ${shapeString(a.shape)} and ${shapeString(b.shape)}`);
  if (into) throw new TypeError('matmul: a bias cannot be added into a destination (into)');
  if (bias.backend !== backend) throw new TypeError(`matmul: bias is on '${bias.backend.name}' but the operands are on '${backend.name}'`);
  if (bias.dtype !== 'float32' || bias.ndim !== 1 || bias.shape[0] !== N) {
    throw new RangeError(`matmul: bias (${describe(bias)}) must be float32 of shape (${N}), the product's columns`);
  }
}

/**
 * numpy.matmul with optional transposition of the last two axes of either operand:
 * 2-D x 2-D, and stacks of matrices with broadcasting over the leading axes.
 */
export function matmul(a: NDArray, b: NDArray, options: MatmulOptions = {}): NDArray {
  checkArray('matmul', 'a', a); checkArray('matmul', 'b', b);
  const backend = sameBackend('matmul', [a, b], ['a', 'b']);
  if (a.dtype === 'int32') a = cast(a, 'float32');
  if (b.dtype === 'int32') b = cast(b, 'float32');
  checkFloat('matmul', 'a', a); checkFloat('matmul', 'b', b);
  const transA = !!options.transA, transB = !!options.transB;
  if (a.ndim < 1 || b.ndim < 1) throw new RangeError(`matmul: operands must have at least one dimension, got ${shapeString(a.shape)} and ${shapeString(b.shape)}`);
  // Vectors become matrices and lose the added axis at the end, as in numpy.
  const aVec = a.ndim === 1, bVec = b.ndim === 1;
  const A = aVec ? reshape(a, [1, a.shape[0]]) : a;
  const B = bVec ? reshape(b, [b.shape[0], 1]) : b;
  const [ar, ac] = A.shape.slice(-2);
  const [br, bc] = B.shape.slice(-2);
  const M = transA ? ac : ar, K = transA ? ar : ac;
  const K2 = transB ? bc : br, N = transB ? br : bc;
  if (K !== K2) {
    throw new RangeError(`matmul: contracted dimensions differ: a${transA ? '^T' : ''} ${shapeString(a.shape)} has ${K} columns but b${transB ? '^T' : ''} ${shapeString(b.shape)} has ${K2} rows`);
  }
  const batchShape = broadcastShapes('matmul', A.shape.slice(0, -2), B.shape.slice(0, -2));
  let batch = 1;
  for (const d of batchShape) batch *= d;
  const Ax = expand(A, batch, batchShape), Bx = expand(B, batch, batchShape);
  let outShape = [...batchShape, M, N];
  if (aVec) outShape = [...batchShape, N];
  if (bVec) outShape = aVec ? [...batchShape] : [...batchShape, M];
  const into = destination('matmul', options.into, outShape, backend);
  const bias = options.bias;
  if (bias !== undefined) checkBias(a, b, bias, N, into !== undefined, backend);
  const storage = backend.gemm(Ax, Bx, M, N, K, { transA, transB, batch, batchA: batchOf(Ax), batchB: batchOf(Bx), into, bias });
  return into ? options.into!.target : wrap(storage, outShape, 'float32', backend);
}

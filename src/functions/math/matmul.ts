// Matrix products through GEMM; transposed operands never materialize.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { floatInput } from './input';
import { sumTo } from '../array/broadcast';
import { reshape } from '../array/reshape';
import { checkBoolean, readArguments } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

export interface MatmulOptions {
  transa?: boolean;
  transb?: boolean;
}

/** y = op(a) op(b) over the last two axes, broadcasting leading (batch) axes. */
export class MatMul extends FunctionNode {
  constructor(readonly transa = false, readonly transb = false) { super(); }

  forward([a, b]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    return [ops.matmul(a, b, { transA: this.transa, transB: this.transb })];
  }

  override backward(indexes: number[], [gy]: (Variable | null)[]): (Variable | null)[] {
    const [a, b] = this.getRetainedInputs();
    const ta = this.transa, tb = this.transb;
    // With A' = op(a), B' = op(b): dA' = gy B'^T and dB' = A'^T gy, each then un-transposed.
    const ga = indexes.includes(0)
      ? (ta ? mm(b, gy!, tb, true) : mm(gy!, b, false, !tb))
      : null;
    const gb = indexes.includes(1)
      ? (tb ? mm(gy!, a, true, ta) : mm(a, gy!, !ta, false))
      : null;
    return [ga && sumTo(ga, a.shape), gb && sumTo(gb, b.shape)];
  }
}

function mm(a: Variable, b: Variable, transa: boolean, transb: boolean): Variable {
  return new MatMul(transa, transb).apply([a, b])[0];
}

/**
 * numpy.matmul of Variables: 1-D operands are promoted to matrices and the added axis
 * removed from the result; leading axes broadcast.
 */
/** Chainer's transa and transb, positional after the operands or in an options object. */
function transposes(fn: string, args: readonly unknown[]): { transa: boolean; transb: boolean } {
  const o = readArguments(fn, args, ['transa', 'transb'], { transa: false, transb: false });
  return { transa: checkBoolean(fn, 'transa', o.transa), transb: checkBoolean(fn, 'transb', o.transb) };
}

export function matmul(a: VariableLike, b: VariableLike, transa?: boolean | MatmulOptions, transb?: boolean | MatmulOptions, opts?: MatmulOptions): Variable {
  const options = transposes('matmul', [transa, transb, opts]);
  // Chainer's MatMul and BatchMatMul take floats only (int32 operands are not cast).
  const va = floatInput('matmul', 'a', a), vb = floatInput('matmul', 'b', b);
  if (va.ndim === 0 || vb.ndim === 0) throw new RangeError(`matmul: operands must have at least one dimension, got ${va.ndim}-d and ${vb.ndim}-d`);
  const aVec = va.ndim === 1, bVec = vb.ndim === 1;
  const A = aVec ? reshape(va, [1, va.shape[0]]) : va;
  const B = bVec ? reshape(vb, [vb.shape[0], 1]) : vb;
  let y = new MatMul(!!options.transa && !aVec, !!options.transb && !bVec).apply([A, B])[0];
  if (aVec || bVec) {
    const batch = y.shape.slice(0, -2);
    const [M, N] = y.shape.slice(-2);
    y = reshape(y, [...batch, ...(aVec ? [] : [M]), ...(bVec ? [] : [N])]);
  }
  return y;
}

/** Chainer's BatchMatMul: a MatMul over 3-d operands. */
export class BatchMatMul extends MatMul {}

/**
 * Batched matrix products of (B, M, K) and (B, K, N) operands (Chainer's batch_matmul); a
 * 2-d operand (B, N) is read as B column vectors (B, N, 1), and a batch of one broadcasts.
 */
export function batchMatmul(a: VariableLike, b: VariableLike, transa?: boolean | MatmulOptions, transb?: boolean | MatmulOptions, opts?: MatmulOptions): Variable {
  const options = transposes('batchMatmul', [transa, transb, opts]);
  const va = floatInput('batchMatmul', 'a', a), vb = floatInput('batchMatmul', 'b', b);
  const as3 = (v: Variable, name: string) => {
    if (v.ndim === 2) return reshape(v, [...v.shape, 1]);
    if (v.ndim === 3) return v;
    throw new RangeError(`batchMatmul: ${name} must be 2-d or 3-d, got shape (${v.shape.join(', ')})`);
  };
  const A = as3(va, 'a'), B = as3(vb, 'b');
  // numpy.matmul, which Chainer's forward calls, broadcasts a batch of one.
  if (A.shape[0] !== B.shape[0] && A.shape[0] !== 1 && B.shape[0] !== 1) {
    throw new RangeError(`batchMatmul: batch sizes differ: a.shape[0] (${A.shape[0]}) and b.shape[0] (${B.shape[0]})`);
  }
  const ka = options.transa ? A.shape[1] : A.shape[2], kb = options.transb ? B.shape[2] : B.shape[1];
  if (ka !== kb) throw new RangeError(`batchMatmul: inner sizes differ: ${ka} (a) and ${kb} (b)`);
  return new BatchMatMul(!!options.transa, !!options.transb).apply([A, B])[0];
}

keepsNoGradients(MatMul, BatchMatMul);

// The LSTM cell of chainer.functions.lstm: the 4 * units axis of x is interleaved, read as
// (B, units, 4) with a (tanh), i, f, o (sigmoids) along the last axis.
import * as ops from '../../array/ops/index';
import type { NDArray } from '../../array/ndarray';
import { zeros } from '../../array/creation';
import { shapeString } from '../../array/shape';
import { FunctionNode } from '../../core/function-node';
import { Variable, type VariableLike, asVariable } from '../../core/variable';
import { slice } from '../../array/slicing';
import { add, mul, sub } from '../math/basic-math';
import { sigmoid, tanh } from '../activation/elementwise';
import { reshape } from '../array/reshape';
import { getItem } from '../array/get-item';
import { concat } from '../array/concat';
import { stack, separate } from '../array/stack';
import { keepsNoGradients } from '../../core/vouched';
import { surplusArguments } from '../../util/options';

type Grad = (Variable | null)[];

export class LSTM extends FunctionNode {
  forward([cPrev, x]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    this.retainOutputs([0]);
    const { c, h } = ops.lstmForward(cPrev, x);
    return [c, h];
  }

  override backward(_: number[], [gc, gh]: Grad): Grad {
    const [cPrev, x] = this.getRetainedInputs();
    const [c] = this.getRetainedOutputs();
    const hShape = [x.shape[0], ...cPrev.shape.slice(1)];
    return new LSTMGrad().apply([cPrev, x, c, gc ?? constantZeros(cPrev.shape, c), gh ?? constantZeros(hShape, c)]);
  }
}

/** The gradient of the cell as a node: inputs (cPrev, x, c, gc, gh), outputs (gcPrev, gx). */
export class LSTMGrad extends FunctionNode {
  forward([cPrev, x, c, gc, gh]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1, 2, 3, 4]);
    const { gcPrev, gx } = ops.lstmBackward(cPrev, x, c, gc, gh);
    return [gcPrev, gx];
  }

  /**
   * The gradient of the gradient, with differentiable functions (so it can be taken
   * again). On the rows x updates, with A = tanh(a), I = sig(i), F = sig(f), O = sig(o),
   * co = tanh(c) and T = gh O (1 - co^2) + gc, the forward computes
   * gcPrev = T F, ga = T I (1 - A^2), gi = T A I (1 - I), gf = T cPrev F (1 - F),
   * go = gh co O (1 - O); the rows past x only pass gc through to gcPrev.
   */
  override backward(_: number[], [ggcPrevAll, ggx]: Grad): Grad {
    const [cPrevAll, x, cAll, gcAll, gh] = this.getRetainedInputs();
    const rows = x.shape[0], total = cPrevAll.shape[0];
    const head = (v: Variable) => (rows < total ? getItem(v, [slice(0, rows)]) : v);
    const tail = (v: Variable) => getItem(v, [slice(rows, null)]);
    const cPrev = head(cPrevAll), gc = head(gcAll);
    const [a, i, f, o] = splitGates(x);
    const A = tanh(a), I = sigmoid(i), Fg = sigmoid(f), O = sigmoid(o), co = tanh(head(cAll));
    const dA = sub(1, mul(A, A)), dI = mul(I, sub(1, I)), dF = mul(Fg, sub(1, Fg)), dO = mul(O, sub(1, O));
    const dco = sub(1, mul(co, co));
    const T = add(mul(mul(gh, O), dco), gc);
    const ggcPrev = ggcPrevAll ? head(ggcPrevAll) : null;
    const [ggA, ggI, ggF, ggO] = ggx ? splitGates(ggx) : [null, null, null, null];

    // Everything downstream of T receives gT.
    const gT = sumOf(product(ggcPrev, Fg), product(ggA, I, dA), product(ggI, A, dI), product(ggF, cPrev, dF));
    const gCo = sumOf(product(gT, gh, O, co, -2), product(ggO, gh, dO));
    const gOValue = sumOf(product(gT, gh, dco), product(ggO, gh, co, sub(1, mul(O, 2))));
    const gAValue = sumOf(product(ggA, T, I, A, -2), product(ggI, T, dI));
    const gIValue = sumOf(product(ggA, T, dA), product(ggI, T, A, sub(1, mul(I, 2))));
    const gFValue = sumOf(product(ggcPrev, T), product(ggF, T, cPrev, sub(1, mul(Fg, 2))));
    const gates = [product(gAValue, dA), product(gIValue, dI), product(gFValue, dF), product(gOValue, dO)];

    // The rows x updated and the rows past it, joined back to `like`'s shape.
    const rowsOf = (updated: Variable | null, rest: Variable | null, like: Variable): Variable | null => {
      if (rows === total) return updated;
      if (!updated && !rest) return null;
      const inner = like.shape.slice(1);
      return concat([updated ?? constantZeros([rows, ...inner], like), rest ?? constantZeros([total - rows, ...inner], like)], 0);
    };
    return [
      rowsOf(product(ggF, T, dF), null, cPrevAll),
      gates.every((g) => g === null) ? null : joinGates(gates.map((g) => g ?? constantZeros(a.shape, a))),
      rowsOf(product(gCo, dco), null, cAll),
      rowsOf(gT, ggcPrevAll ? tail(ggcPrevAll) : null, gcAll),
      sumOf(product(gT, O, dco), product(ggO, co, dO)),
    ];
  }
}

/** The gates a, i, f, o of an interleaved (B, 4 units, ...) array, each (B, units, ...). */
function splitGates(x: Variable): Variable[] {
  const [B, fourU, ...rest] = x.shape;
  return separate(reshape(x, [B, fourU / 4, 4, ...rest]), 2);
}

/** The inverse of splitGates. */
function joinGates(gates: Variable[]): Variable {
  const [B, U, ...rest] = gates[0].shape;
  return reshape(stack(gates, 2), [B, 4 * U, ...rest]);
}

/** The product of the factors, or null when a gradient among them is missing. */
function product(...factors: (Variable | number | null)[]): Variable | null {
  if (factors.some((v) => v === null)) return null;
  return (factors as (Variable | number)[]).reduce((p, v) => mul(p as Variable, v)) as Variable;
}

/** The sum of the terms that are present, or null when none is. */
function sumOf(...terms: (Variable | null)[]): Variable | null {
  const present = terms.filter((t): t is Variable => t !== null);
  return present.length ? present.reduce((s, t) => add(s, t)) : null;
}

function constantZeros(shape: readonly number[], like: Variable): Variable {
  return new Variable(zeros(shape, { backend: like.device }), { requiresGrad: false });
}

/**
 * One LSTM step: c = tanh(a) sig(i) + cPrev sig(f), h = tanh(c) sig(o), with x
 * (B, 4 units, ...) interleaved per unit as (a, i, f, o). Returns [c, h]. When x has
 * fewer rows than cPrev, only those rows are updated: the rest of c is cPrev, and h has
 * x's rows.
 */
export function lstm(cPrev: VariableLike, x: VariableLike): [Variable, Variable] {
  if (arguments.length > 2) surplusArguments('lstm', arguments, 'cPrev, x');
  const c = asVariable(cPrev, 'lstm: cPrev'), xv = asVariable(x, 'lstm: x');
  if (xv.ndim >= 2 && xv.shape[1] % 4 !== 0) throw new RangeError(`lstm: x.shape[1] (${xv.shape[1]}) must be a multiple of 4, got x ${shapeString(xv.shape)}`);
  const [cn, h] = new LSTM().apply([c, xv]);
  return [cn, h];
}

keepsNoGradients(LSTM, LSTMGrad);

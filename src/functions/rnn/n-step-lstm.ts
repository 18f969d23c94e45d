// chainer.functions.n_step_lstm: a stack of uni-directional LSTM layers over a batch of
// variable-length sequences, given as time-major steps xs[t] (B_t, in) with B_t not
// increasing. Built from F.linear and F.lstm, with the rows of the shorter steps taken and
// put back by getItem and concat, so the whole graph stays differentiable. Each layer's
// weights are stacked once per call, and its input products run as one GEMM over all steps;
// only the recurrent product runs per step.
import { shapeString } from '../../array/shape';
import { slice } from '../../array/slicing';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { add } from '../math/basic-math';
import { reshape } from '../array/reshape';
import { getItem } from '../array/get-item';
import { concat } from '../array/concat';
import { splitAxis } from '../array/split-axis';
import { stack, separate } from '../array/stack';
import { linear } from '../connection/linear';
import { dropout } from '../noise/dropout';
import { lstm } from './lstm';
import { surplusArguments } from '../../util/options';
import { positiveInteger } from '../../array/arguments';

/** Chainer's gate stacking: rows u * 4 + g hold gate g (a, i, f, o) of unit u. */
function interleave(p: VariableLike[]): Variable {
  const [i, f, a, o] = p.map((v) => asVariable(v, 'nStepLstm: weight'));
  const s = stack([a, i, f, o], 1);
  return reshape(s, [s.shape[0] * 4, ...s.shape.slice(2)]);
}

/** The rows of y (the steps' rows stacked) cut back into one piece per step. */
function byStep(y: Variable, steps: readonly Variable[]): Variable[] {
  if (steps.length === 1) return [y];
  const ends: number[] = [];
  let end = 0;
  for (const x of steps.slice(0, -1)) ends.push(end += x.shape[0]);
  return splitAxis(y, ends, 0);
}

function checkList(fn: string, name: string, list: unknown, n: number): void {
  if (!Array.isArray(list) || list.length !== n) throw new RangeError(`${fn}: ${name} must be a list of ${n}, got ${Array.isArray(list) ? list.length : typeof list}`);
}

/**
 * Runs nLayers LSTM layers. hx, cx (nLayers, B, units) are the initial states; ws[l] and
 * bs[l] hold 8 weights and 8 biases in Chainer's order i, f, a, o: W0..W3 (units, in) on
 * the layer input, W4..W7 (units, units) on the hidden state; both bias sets are added.
 * xs[t] (B_t, in) with B_0 <= B and B_t not increasing; dropout applies to the input of
 * every layer but the first (xs itself is never dropped) while config.train is true. Returns [hy, cy, ys] with ys[t] (B_t, units).
 */
export function nStepLstm(nLayers: number, dropoutRatio: number, hx: VariableLike, cx: VariableLike,
                          ws: readonly (readonly VariableLike[])[], bs: readonly (readonly VariableLike[])[],
                          xs: readonly VariableLike[]): [Variable, Variable, Variable[]] {
  if (arguments.length > 7) surplusArguments('nStepLstm', arguments, 'nLayers, dropoutRatio, hx, cx, ws, bs, xs');
  const fn = 'nStepLstm';
  positiveInteger(fn, 'nLayers', nLayers);
  if (!(dropoutRatio >= 0 && dropoutRatio < 1)) throw new RangeError(`${fn}: dropoutRatio must be in [0, 1), got ${dropoutRatio}`);
  const h0 = asVariable(hx, `${fn}: hx`), c0 = asVariable(cx, `${fn}: cx`);
  if (h0.ndim !== 3 || h0.shape[0] !== nLayers || shapeString(h0.shape) !== shapeString(c0.shape)) {
    throw new RangeError(`${fn}: hx ${shapeString(h0.shape)} and cx ${shapeString(c0.shape)} must both be (nLayers = ${nLayers}, batch, units)`);
  }
  const [, B, U] = h0.shape;
  checkList(fn, 'ws', ws, nLayers); checkList(fn, 'bs', bs, nLayers);
  ws.forEach((w, l) => checkList(fn, `ws[${l}]`, w, 8));
  bs.forEach((b, l) => checkList(fn, `bs[${l}]`, b, 8));
  if (!Array.isArray(xs) || xs.length === 0) throw new RangeError(`${fn}: xs must be a non-empty list of (batch, in) steps`);
  let inputs = xs.map((x, t) => asVariable(x, `${fn}: xs[${t}]`));
  inputs.forEach((x, t) => {
    const limit = t === 0 ? B : inputs[t - 1].shape[0];
    if (x.ndim !== 2 || x.shape[0] > limit) {
      throw new RangeError(`${fn}: xs[${t}] ${shapeString(x.shape)} must be 2-D with at most ${limit} rows (${t === 0 ? 'the batch of hx' : 'the rows of xs[' + (t - 1) + ']'}); sort sequences by decreasing length`);
    }
  });
  const h0s = separate(h0, 0), c0s = separate(c0, 0);
  const hy: Variable[] = [], cy: Variable[] = [];
  for (let l = 0; l < nLayers; l++) {
    const w = ws[l].map((v, k) => asVariable(v, `${fn}: ws[${l}][${k}]`));
    const b = bs[l].map((v, k) => asVariable(v, `${fn}: bs[${l}][${k}]`));
    const inSize = inputs[0].shape[1];
    w.forEach((m, k) => {
      const want = [U, k < 4 ? inSize : U];
      if (m.ndim !== 2 || m.shape[0] !== want[0] || m.shape[1] !== want[1]) throw new RangeError(`${fn}: ws[${l}][${k}] has shape ${shapeString(m.shape)}, expected ${shapeString(want)}`);
    });
    b.forEach((v, k) => { if (v.ndim !== 1 || v.shape[0] !== U) throw new RangeError(`${fn}: bs[${l}][${k}] has shape ${shapeString(v.shape)}, expected (${U},)`); });
    const xw = interleave(w.slice(0, 4)), hw = interleave(w.slice(4));
    const xb = interleave(b.slice(0, 4)), hb = interleave(b.slice(4));
    let h = h0s[l], c = c0s[l];
    const outs: Variable[] = [];
    // The input side of every step does not depend on the recurrence: one product over the
    // rows of all steps (one weight gradient too), split back into steps.
    // As Chainer's n_step_rnn_impl (and cuDNN): dropout between layers, not on xs; at
    // ratio 0 too, which draws its masks in training as Chainer's does (the stream stays aligned).
    const dropped = inputs.map((x) => (l > 0 ? dropout(x, { ratio: dropoutRatio }) : x));
    const projected = byStep(linear(dropped.length > 1 ? concat(dropped, 0) : dropped[0], xw, xb), dropped);
    for (const [t, x] of dropped.entries()) {
      const rows = x.shape[0];
      const hTop = rows < B ? getItem(h, [slice(0, rows)]) : h;
      const gates = add(projected[t], linear(hTop, hw, hb));
      const [cNext, hNext] = lstm(c, gates); // rows past x keep their c
      c = cNext;
      outs.push(hNext);
      // Rows past x keep their h.
      h = rows < B ? concat([hNext, getItem(h, [slice(rows, null)])], 0) : hNext;
    }
    hy.push(h); cy.push(c);
    inputs = outs;
  }
  return [stack(hy, 0), stack(cy, 0), inputs];
}


// The LSTM cell of F.lstm. Its x interleaves the gates per unit, (B, 4 units) read as
// (B, units, 4) with a, i, f, o along the last axis, unlike ONNX's LSTM operator (gate blocks
// i, o, f, c): so the cell is written out elementwise.
//   c = tanh(a) sigmoid(i) + sigmoid(f) c_prev,  h = sigmoid(o) tanh(c)
import type { LSTM } from '../../functions/rnn/lstm';
import { type Converter, converter } from './converter';
import { reshapeTarget } from './array';

export const rnnConverters: Record<string, Converter> = {
  LSTM: converter<LSTM>((g, n, [cPrev, x], [c, h]) => {
    const [cv, xv] = n.inputs;
    const gatesShape = [xv.shape[0], xv.shape[1] / 4, 4, ...xv.shape.slice(2)];
    const gates = g.op('Reshape', [x, reshapeTarget(g, xv.shape, gatesShape, g.batchAxis(xv), 'F.lstm')]);
    const [a, i, f, o] = g.add('Split', [gates], { axis: 2 }, 4).map((s) => g.op('Squeeze', [s, g.int64s([2])]));
    // A batch smaller than the state's updates the leading rows; the others keep their c.
    const shrinks = xv.shape[0] !== cv.shape[0];
    const rows = shrinks ? g.op('Slice', [g.op('Shape', [x]), g.int64s([0]), g.int64s([1])]) : '';
    const cTop = shrinks ? g.op('Slice', [cPrev, g.int64s([0]), rows, g.int64s([0])]) : cPrev;
    const cell = g.op('Add', [g.op('Mul', [g.op('Tanh', [a]), g.op('Sigmoid', [i])]), g.op('Mul', [g.op('Sigmoid', [f]), cTop])], {}, shrinks ? undefined : c);
    if (shrinks) g.op('Concat', [cell, g.op('Slice', [cPrev, rows, g.int64s([Number.MAX_SAFE_INTEGER]), g.int64s([0])])], { axis: 0 }, c);
    g.op('Mul', [g.op('Sigmoid', [o]), g.op('Tanh', [cell])], {}, h);
  }),
};

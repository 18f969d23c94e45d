// The LSTM cell of F.lstm. Its x interleaves the gates per unit, (B, 4 units) read as
// (B, units, 4) with a, i, f, o along the last axis, unlike ONNX's LSTM operator (gate blocks
// i, o, f, c): so the cell is written out elementwise.
//   c = tanh(a) sigmoid(i) + sigmoid(f) c_prev,  h = sigmoid(o) tanh(c)
import { shapeString } from '../../array/shape';
import type { LSTM } from '../../functions/rnn/lstm';
import { type Converter, converter } from './converter';
import { reshapeTarget } from './array';

export const rnnConverters: Record<string, Converter> = {
  LSTM: converter<LSTM>((g, n, [cPrev, x], [c, h]) => {
    const [cv, xv] = n.inputs;
    if (cv.shape[0] !== xv.shape[0]) {
      throw new Error(`exportOnnx: F.lstm with a batch (${xv.shape[0]}) smaller than the state's (${cv.shape[0]}) has no ONNX form here: `
        + `export steps whose x and cPrev have the same batch (x ${shapeString(xv.shape)}, cPrev ${shapeString(cv.shape)})`);
    }
    const gatesShape = [xv.shape[0], xv.shape[1] / 4, 4, ...xv.shape.slice(2)];
    const gates = g.op('Reshape', [x, reshapeTarget(g, xv.shape, gatesShape)]);
    const [a, i, f, o] = g.add('Split', [gates], { axis: 2 }, 4).map((s) => g.op('Squeeze', [s, g.int64s([2])]));
    const cell = g.op('Add', [g.op('Mul', [g.op('Tanh', [a]), g.op('Sigmoid', [i])]), g.op('Mul', [g.op('Sigmoid', [f]), cPrev])], {}, c);
    g.op('Mul', [g.op('Sigmoid', [o]), g.op('Tanh', [cell])], {}, h);
  }),
};

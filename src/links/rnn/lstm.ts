// L.LSTM (stateful) and L.StatelessLSTM. The first step has no state: lateral is skipped
// and the cell starts at zeros. A batch smaller than the state updates only the leading
// rows; the rest of the state is carried over, as Chainer does for sequences of
// decreasing length.
import { zeros } from '../../array/creation';
import { shapeString } from '../../array/shape';
import { Variable, type VariableLike } from '../../core/variable';
import { concat, splitAxis } from '../../functions/array/index';
import { add } from '../../functions/math/basic-math';
import { lstm } from '../../functions/rnn/lstm';
import { LSTMBase } from './lstm-base';
import { surplusArguments } from '../../util/options';

export { LSTMBase, type LSTMOptions } from './lstm-base';

export class LSTM extends LSTMBase {
  /** Cell state, or null before the first step. */
  c: Variable | null = null;
  /** Output (hidden) state, or null before the first step. */
  h: Variable | null = null;

  /** Sets the state (c, h) as given. */
  setState(c: Variable, h: Variable): void {
    this.c = c;
    this.h = h;
  }

  /** Forgets the state: the next step starts from zeros. */
  resetState(): void {
    this.c = null;
    this.h = null;
  }

  /** One step: returns the new h (also kept with c as the state). */
  override forward(x: VariableLike): Variable {
    if (arguments.length > 1) surplusArguments('LSTM.forward', arguments, 'x');
    const xv = this.ensureInitialized(x);
    const batch = xv.shape[0];
    let lstmIn = this.upward.forward(xv);
    let hRest: Variable | null = null;
    if (this.h !== null) {
      const hSize = this.h.shape[0];
      if (batch === 0) hRest = this.h;
      else if (hSize < batch) {
        throw new RangeError(`LSTM: the batch size of x (${batch}) must not exceed the batch size of the state h (${hSize}); h has shape ${shapeString(this.h.shape)}`);
      } else if (hSize > batch) {
        const [hUpdate, rest] = splitAxis(this.h, [batch], 0);
        hRest = rest;
        lstmIn = add(lstmIn, this.lateral.forward(hUpdate));
      } else {
        lstmIn = add(lstmIn, this.lateral.forward(this.h));
      }
    }
    if (this.c === null) this.c = new Variable(zeros([batch, this.stateSize], { backend: xv.device }), { requiresGrad: false });
    const [c, y] = lstm(this.c, lstmIn);
    this.c = c;
    if (hRest === null) this.h = y;
    else if (y.shape[0] === 0) this.h = hRest;
    else this.h = concat([y, hRest], 0);
    return y;
  }
}

export class StatelessLSTM extends LSTMBase {
  /** One step from an explicit state (null for zeros); returns [c, h]. */
  override forward(c: VariableLike | null, h: VariableLike | null, x: VariableLike): [Variable, Variable] {
    if (arguments.length > 3) surplusArguments('StatelessLSTM.forward', arguments, 'c, h, x');
    const xv = this.ensureInitialized(x);
    let lstmIn = this.upward.forward(xv);
    if (h !== null) lstmIn = add(lstmIn, this.lateral.forward(h));
    const cPrev = c ?? zeros([xv.shape[0], this.stateSize], { backend: xv.device });
    return lstm(cPrev, lstmIn);
  }
}

// What L.LSTM and L.StatelessLSTM share: children `upward` (Linear in -> 4 units) and
// `lateral` (Linear units -> 4 units, no bias), the 4 * units axis interleaved per unit
// as (a, i, f, o) like F.lstm. Each gate block of the weights is initialized on its own
// (units rows at a time), and the forget-gate entries of upward.b start at 1.
import { sizeOf } from '../../array/shape';
import { fromTyped } from '../../array/creation';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { getInitializer, type InitializerLike } from '../../initializers/get-initializer';
import { LeCunNormal } from '../../initializers/normal';
import { Chain } from '../link';
import { Linear, checkSize } from '../connection/linear';
import { readLinkArguments } from '../arguments';

export interface LSTMOptions {
  /** Initializer of each gate block of lateral.W (LeCunNormal). */
  lateralInit?: InitializerLike;
  /** Initializer of each gate block of upward.W (LeCunNormal). */
  upwardInit?: InitializerLike;
  /** Initial bias of the a, i and o gates (0). */
  biasInit?: InitializerLike;
  /** Initial bias of the forget gate (1). */
  forgetBiasInit?: InitializerLike;
}

export class LSTMBase extends Chain {
  upward: Linear;
  lateral: Linear;
  readonly stateSize: number;
  readonly #options: LSTMOptions;

  /**
   * Chainer's (inSize, outSize, lateralInit, upwardInit, biasInit, forgetBiasInit), or
   * options last; (null, outSize) and (outSize) infer the input size.
   */
  constructor(inSize: number | null, outSize?: number | LSTMOptions, ...rest: (InitializerLike | LSTMOptions)[]) {
    super();
    const name = this.constructor.name;
    const options = readLinkArguments(name, [inSize, outSize, ...rest], ['inSize', 'outSize', 'lateralInit', 'upwardInit', 'biasInit', 'forgetBiasInit'], {
      inSize: null as number | null, outSize: undefined as unknown as number,
      lateralInit: null as InitializerLike, upwardInit: null as InitializerLike, biasInit: 0 as InitializerLike, forgetBiasInit: 1 as InitializerLike,
    }, 1);
    inSize = options.inSize;
    outSize = options.outSize;
    checkSize(name, 'outSize', outSize);
    if (inSize !== null) checkSize(name, 'inSize', inSize);
    this.stateSize = outSize;
    this.#options = options;
    // Created with constant zeros; the gate-wise initialization below replaces them.
    this.upward = new Linear(inSize, 4 * outSize, { initialW: 0 });
    this.lateral = new Linear(outSize, 4 * outSize, { initialW: 0, nobias: true });
    if (inSize !== null) this.initializeParams();
  }

  protected initializeParams(): void {
    const u = this.stateSize;
    const o = this.#options;
    const lateralInit = getInitializer(o.lateralInit, () => new LeCunNormal());
    const upwardInit = getInitializer(o.upwardInit, () => new LeCunNormal());
    const biasInit = getInitializer(o.biasInit ?? 0, () => new LeCunNormal());
    const forgetInit = getInitializer(o.forgetBiasInit ?? 1, () => new LeCunNormal());
    // Gate block by gate block, lateral's then upward's, as Chainer draws them: the same
    // seed gives the same weights.
    const inSize = this.upward.W.shape[1]!;
    const lateral = new Float32Array(4 * u * u), upward = new Float32Array(4 * u * inSize);
    for (let g = 0; g < 4; g++) {
      lateral.set(lateralInit.generate([u, u], { backend: this.lateral.W.device }).dataSync(), g * u * u);
      upward.set(upwardInit.generate([u, inSize], { backend: this.upward.W.device }).dataSync(), g * u * inSize);
    }
    this.lateral.W.array = fromTyped(lateral, [4 * u, u], { backend: this.lateral.W.device });
    this.upward.W.array = fromTyped(upward, [4 * u, inSize], { backend: this.upward.W.device });
    // upward.b read as (units, 4): gate g of unit k sits at 4 k + g.
    const gates = [biasInit, biasInit, forgetInit, biasInit].map((init) => init.generate([1, u], { backend: this.device }).dataSync());
    const b = new Float32Array(4 * u);
    for (let k = 0; k < u; k++) for (let g = 0; g < 4; g++) b[4 * k + g] = gates[g][k];
    this.upward.b!.array = fromTyped(b, [4 * u], { backend: this.upward.b!.device });
  }

  /** Initializes the input side from the first input when the input size was not given. */
  protected ensureInitialized(x: VariableLike): Variable {
    const xv = asVariable(x, `${this.constructor.name}: x`);
    if (!this.upward.W.isInitialized) {
      const inSize = sizeOf(xv.shape.slice(1));
      this.upward.inSize = inSize;
      this.upward.W.initialize([4 * this.stateSize, inSize]);
      this.initializeParams();
    }
    return xv;
  }
}

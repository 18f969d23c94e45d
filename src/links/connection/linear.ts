// L.Linear: y = x W^T + b with W (out, in) LeCunNormal and b zeros. Linear(null, out) or
// Linear(out) leaves W uninitialized until the first call shows the input size.
import { sizeOf } from '../../array/shape';
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { linear } from '../../functions/connection/linear';
import { Zero } from '../../initializers/constant';
import { getInitializer, type InitializerLike } from '../../initializers/get-initializer';
import { LeCunNormal } from '../../initializers/normal';
import { Link } from '../link';
import { Parameter } from '../parameter';
import { readLinkArguments } from '../arguments';
import { type ArgumentsOf, checkBoolean, readArguments, showValue } from '../../util/options';

export interface LinearOptions {
  /** No bias term. */
  nobias?: boolean;
  /** Initializer of W (LeCunNormal by default); a number or an array is a constant. */
  initialW?: InitializerLike;
  /** Initializer of b (zeros by default). */
  initialBias?: InitializerLike;
}

export class Linear extends Link {
  W: Parameter;
  b: Parameter | null;
  /** Input size; null until the first call when it was not given. */
  inSize: number | null;
  readonly outSize: number;

  /**
   * Chainer's Linear(inSize, outSize, nobias, initialW, initialBias), positionally or with
   * a trailing options object; Linear(null, out), Linear(out) and Linear(out, null) infer
   * the input size.
   */
  constructor(inSize: number | null, outSize?: number | null | LinearOptions, ...rest: (boolean | InitializerLike | LinearOptions)[]) {
    super();
    const options = readLinkArguments('Linear', [inSize, outSize, ...rest], ['inSize', 'outSize', 'nobias', 'initialW', 'initialBias'],
      { inSize: null as number | null, outSize: undefined as unknown as number, nobias: false, initialW: null as InitializerLike, initialBias: null as InitializerLike }, 1);
    checkSize('Linear', 'outSize', options.outSize);
    if (options.inSize !== null) checkSize('Linear', 'inSize', options.inSize);
    inSize = options.inSize;
    outSize = options.outSize;
    this.inSize = inSize;
    this.outSize = outSize;
    this.W = new Parameter(getInitializer(options.initialW, () => new LeCunNormal()));
    // W draws before b, as Chainer's (random initializers of both take numbers in turn).
    if (inSize !== null) this.W.initialize([outSize, inSize]);
    this.b = checkBoolean('Linear', 'nobias', options.nobias) ? null : new Parameter(getInitializer(options.initialBias, () => new Zero()), outSize);
  }

  protected override printableSpecs(): [string, unknown][] {
    return [['inSize', this.inSize], ['outSize', this.outSize], ['nobias', this.b === null]];
  }

  /** y = x W^T + b; x is flattened to (batch, -1) after its first nBatchAxes axes. */
  override forward(x: VariableLike, ...args: ArgumentsOf<{ nBatchAxes?: number }>): Variable {
    const o = readArguments('Linear.forward', args, ['nBatchAxes'], { nBatchAxes: 1 });
    if (!this.W.isInitialized) {
      const xv = asVariable(x, 'Linear: x');
      this.inSize = sizeOf(xv.shape.slice(o.nBatchAxes));
      this.W.initialize([this.outSize, this.inSize]);
    }
    return linear(x, this.W, this.b, o);
  }
}

export function checkSize(link: string, what: string, n: unknown): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) throw new RangeError(`${link}: ${what} must be a positive integer, got ${showValue(n)}`);
}

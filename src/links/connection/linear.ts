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

  /** Linear(in, out, options), Linear(null, out, options), or Linear(out, options). */
  constructor(inSize: number | null, outSize?: number | LinearOptions, options: LinearOptions = {}) {
    super();
    if (outSize === undefined || typeof outSize === 'object') {
      options = outSize ?? options;
      outSize = inSize!;
      inSize = null;
    }
    checkSize('Linear', 'outSize', outSize);
    if (inSize !== null) checkSize('Linear', 'inSize', inSize);
    this.inSize = inSize;
    this.outSize = outSize;
    this.W = new Parameter(getInitializer(options.initialW, () => new LeCunNormal()));
    this.b = options.nobias ? null : new Parameter(getInitializer(options.initialBias, () => new Zero()), outSize);
    if (inSize !== null) this.W.initialize([outSize, inSize]);
  }

  protected override printableSpecs(): [string, unknown][] {
    return [['inSize', this.inSize], ['outSize', this.outSize], ['nobias', this.b === null]];
  }

  /** y = x W^T + b; x is flattened to (batch, -1) after its first nBatchAxes axes. */
  override forward(x: VariableLike, options: { nBatchAxes?: number } = {}): Variable {
    if (!this.W.isInitialized) {
      const xv = asVariable(x, 'Linear: x');
      this.inSize = sizeOf(xv.shape.slice(options.nBatchAxes ?? 1));
      this.W.initialize([this.outSize, this.inSize]);
    }
    return linear(x, this.W, this.b, options);
  }
}

export function checkSize(link: string, what: string, n: unknown): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) throw new RangeError(`${link}: ${what} must be a positive integer, got ${String(n)}`);
}

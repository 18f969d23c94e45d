// L.PReLU: one learned slope W (shape () by default, or e.g. (C,) broadcast from axis 1),
// starting at 0.25.
import type { Variable, VariableLike } from '../../core/variable';
import { prelu } from '../../functions/activation/index';
import { getInitializer, type InitializerLike } from '../../initializers/get-initializer';
import { Link } from '../link';
import { Parameter } from '../parameter';
import { readLinkArguments } from '../arguments';
import { showValue, surplusArguments } from '../../util/options';

export interface PReLUOptions {
  /** Initial slope (0.25). */
  init?: InitializerLike;
}

export class PReLU extends Link {
  W: Parameter;

  /** Chainer's PReLU(shape=(), init=0.25), or options last. */
  constructor(shape: readonly number[] | number | PReLUOptions = [], ...rest: (InitializerLike | PReLUOptions)[]) {
    super();
    const options = readLinkArguments('PReLU', [shape, ...rest], ['shape', 'init'], { shape: [] as readonly number[] | number, init: 0.25 as InitializerLike });
    shape = options.shape;
    if (!(typeof shape === 'number' ? [shape] : Array.isArray(shape) ? shape : [NaN]).every((d) => Number.isInteger(d) && d > 0)) {
      throw new RangeError(`PReLU: shape must be a positive integer or a list of them, got ${showValue(shape)}`);
    }
    this.W = new Parameter(getInitializer(options.init, () => { throw new Error('unreachable'); }), typeof shape === 'number' ? [shape] : shape);
  }

  protected override printableSpecs(): [string, unknown][] {
    return [['shape', this.W.shape]];
  }

  override forward(x: VariableLike): Variable {
    if (arguments.length > 1) surplusArguments('PReLU.forward', arguments, 'x');
    return prelu(x, this.W);
  }
}

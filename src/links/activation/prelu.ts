// L.PReLU: one learned slope W (shape () by default, or e.g. (C,) broadcast from axis 1),
// starting at 0.25.
import type { Variable, VariableLike } from '../../core/variable';
import { prelu } from '../../functions/activation/index';
import { getInitializer, type InitializerLike } from '../../initializers/get-initializer';
import { Link } from '../link';
import { Parameter } from '../parameter';

export interface PReLUOptions {
  /** Initial slope (0.25). */
  init?: InitializerLike;
}

export class PReLU extends Link {
  W: Parameter;

  constructor(shape: readonly number[] | number = [], options: PReLUOptions = {}) {
    super();
    this.W = new Parameter(getInitializer(options.init ?? 0.25, () => { throw new Error('unreachable'); }), typeof shape === 'number' ? [shape] : shape);
  }

  protected override printableSpecs(): [string, unknown][] {
    return [['shape', this.W.shape]];
  }

  override forward(x: VariableLike): Variable {
    return prelu(x, this.W);
  }
}

// L.LayerNormalization: gamma (1) and beta (0) over the features of each row; eps 1e-6
// (the link's default in Chainer, smaller than the function's 1e-5). A null size is
// inferred from the first input.
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { layerNormalization } from '../../functions/normalization/layer-normalization';
import { Constant } from '../../initializers/constant';
import { getInitializer, type InitializerLike } from '../../initializers/get-initializer';
import { checkSize } from '../connection/linear';
import { Link } from '../link';
import { Parameter } from '../parameter';
import { readLinkArguments } from '../arguments';
import { finiteNumber } from '../../functions/math/input';
import { surplusArguments } from '../../util/options';

export interface LayerNormalizationOptions {
  eps?: number;
  initialGamma?: InitializerLike;
  initialBeta?: InitializerLike;
}

export class LayerNormalization extends Link {
  gamma: Parameter;
  beta: Parameter;
  eps: number;

  /** Chainer's (size, eps, initialGamma, initialBeta), or options last. */
  constructor(size: number | null | LayerNormalizationOptions = null, ...rest: (number | InitializerLike | LayerNormalizationOptions)[]) {
    super();
    const options = readLinkArguments('LayerNormalization', [size, ...rest], ['size', 'eps', 'initialGamma', 'initialBeta'],
      { size: null as number | null, eps: 1e-6, initialGamma: null as InitializerLike, initialBeta: null as InitializerLike });
    size = options.size;
    this.eps = finiteNumber('LayerNormalization', 'eps', options.eps);
    this.gamma = new Parameter(getInitializer(options.initialGamma, () => new Constant(1)));
    this.beta = new Parameter(getInitializer(options.initialBeta, () => new Constant(0)));
    if (size !== null) {
      checkSize('LayerNormalization', 'size', size);
      this.gamma.initialize([size]);
      this.beta.initialize([size]);
    }
  }

  protected override printableSpecs(): [string, unknown][] {
    return [['size', this.gamma.isInitialized ? this.gamma.shape[0] : null], ['eps', this.eps]];
  }

  override forward(x: VariableLike): Variable {
    if (arguments.length > 1) surplusArguments('LayerNormalization.forward', arguments, 'x');
    if (!this.gamma.isInitialized) {
      const xv = asVariable(x, 'LayerNormalization: x');
      // Chainer's size_of_shape(x.shape[1:]): defined for an empty batch too.
      const size = xv.shape.slice(1).reduce((a, b) => a * b, 1);
      this.gamma.initialize([size]);
      this.beta.initialize([size]);
    }
    return layerNormalization(x, this.gamma, this.beta, { eps: this.eps });
  }
}

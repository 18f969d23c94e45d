// L.EmbedID: W (vocabulary, dim) drawn from Normal(1.0); forward(x) looks up the rows of
// the int32 ids x; ignoreLabel rows give zeros.
import type { Variable, VariableLike } from '../../core/variable';
import { embedId } from '../../functions/connection/index';
import { getInitializer, type InitializerLike } from '../../initializers/get-initializer';
import { Normal } from '../../initializers/normal';
import { Link } from '../link';
import { Parameter } from '../parameter';
import { checkSize } from './linear';
import { readLinkArguments } from '../arguments';
import { showValue, surplusArguments } from '../../util/options';

export interface EmbedIDOptions {
  inSize?: number;
  outSize?: number;
  initialW?: InitializerLike;
  ignoreLabel?: number | null;
}

export class EmbedID extends Link {
  W: Parameter;
  ignoreLabel: number | null;

  /** Chainer's EmbedID(inSize, outSize, initialW, ignoreLabel), or options last. */
  constructor(inSize: number | EmbedIDOptions, outSize?: number | EmbedIDOptions, ...rest: (InitializerLike | number | EmbedIDOptions)[]) {
    super();
    const options = readLinkArguments('EmbedID', [inSize, outSize, ...rest], ['inSize', 'outSize', 'initialW', 'ignoreLabel'],
      { inSize: undefined as unknown as number, outSize: undefined as unknown as number, initialW: null as InitializerLike, ignoreLabel: null as number | null });
    inSize = options.inSize;
    outSize = options.outSize;
    checkSize('EmbedID', 'inSize', inSize);
    checkSize('EmbedID', 'outSize', outSize);
    this.ignoreLabel = options.ignoreLabel;
    if (this.ignoreLabel !== null && !Number.isInteger(this.ignoreLabel)) throw new TypeError(`EmbedID: ignoreLabel must be an integer or null, got ${showValue(this.ignoreLabel)}`);
    this.W = new Parameter(getInitializer(options.initialW, () => new Normal(1.0)), [inSize, outSize]);
  }

  protected override printableSpecs(): [string, unknown][] {
    return [['inSize', this.W.shape[0]], ['outSize', this.W.shape[1]], ['ignoreLabel', this.ignoreLabel]];
  }

  override forward(x: VariableLike): Variable {
    if (arguments.length > 1) surplusArguments('EmbedID.forward', arguments, 'x');
    return embedId(x, this.W, { ignoreLabel: this.ignoreLabel });
  }
}

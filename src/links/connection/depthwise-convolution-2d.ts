// L.DepthwiseConvolution2D: W (multiplier, in, kh, kw) LeCunNormal, b (multiplier * in)
// zeros; output channel c * multiplier + m. A null inChannels is inferred from the first
// call (W and b are created then).
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { depthwiseConvolution2d } from '../../functions/connection/index';
import { Zero } from '../../initializers/constant';
import { getInitializer, type InitializerLike } from '../../initializers/get-initializer';
import { LeCunNormal } from '../../initializers/normal';
import { Link } from '../link';
import { Parameter } from '../parameter';
import { type Pair, pair } from './convolution-2d';
import { checkSize } from './linear';
import { readLinkArguments } from '../arguments';
import { checkBoolean, surplusArguments } from '../../util/options';

export interface DepthwiseConvolution2DOptions {
  inChannels?: number | null;
  channelMultiplier?: number;
  ksize?: Pair;
  stride?: Pair;
  pad?: Pair;
  nobias?: boolean;
  initialW?: InitializerLike;
  initialBias?: InitializerLike;
}

export class DepthwiseConvolution2D extends Link {
  W: Parameter;
  b: Parameter | null;
  inChannels: number | null;
  readonly channelMultiplier: number;
  readonly ksize: [number, number];
  readonly stride: Pair;
  readonly pad: Pair;

  /** Chainer's (inChannels, channelMultiplier, ksize, stride, pad, nobias, initialW, initialBias), or options last. */
  /** Chainer's (inChannels, channelMultiplier, ksize, stride, pad, nobias, initialW, initialBias), or options last. */
  constructor(inChannels: number | null | DepthwiseConvolution2DOptions, channelMultiplier?: number | DepthwiseConvolution2DOptions, ksize?: Pair | DepthwiseConvolution2DOptions,
              ...rest: (Pair | boolean | InitializerLike | DepthwiseConvolution2DOptions)[]) {
    super();
    const options = readLinkArguments('DepthwiseConvolution2D', [inChannels, channelMultiplier, ksize, ...rest],
      ['inChannels', 'channelMultiplier', 'ksize', 'stride', 'pad', 'nobias', 'initialW', 'initialBias'],
      { inChannels: null as number | null, channelMultiplier: undefined as unknown as number, ksize: undefined as unknown as Pair,
        stride: 1 as Pair, pad: 0 as Pair, nobias: false, initialW: null as InitializerLike, initialBias: null as InitializerLike });
    inChannels = options.inChannels;
    channelMultiplier = options.channelMultiplier;
    ksize = options.ksize;
    checkSize('DepthwiseConvolution2D', 'channelMultiplier', channelMultiplier);
    this.inChannels = inChannels;
    this.channelMultiplier = channelMultiplier;
    if (ksize === undefined) throw new TypeError('DepthwiseConvolution2D: ksize is required (an integer or a pair of them)');
    this.ksize = pair('DepthwiseConvolution2D', 'ksize', ksize);
    this.stride = options.stride;
    this.pad = options.pad;
    this.W = new Parameter(getInitializer(options.initialW, () => new LeCunNormal()));
    this.b = checkBoolean('DepthwiseConvolution2D', 'nobias', options.nobias) ? null : new Parameter(getInitializer(options.initialBias, () => new Zero()));
    if (inChannels !== null) this.initializeParams(inChannels);
  }

  private initializeParams(inChannels: number): void {
    checkSize('DepthwiseConvolution2D', 'inChannels', inChannels);
    this.inChannels = inChannels;
    this.W.initialize([this.channelMultiplier, inChannels, ...this.ksize]);
    this.b?.initialize([this.channelMultiplier * inChannels]);
  }

  protected override printableSpecs(): [string, unknown][] {
    return [['inChannels', this.inChannels], ['channelMultiplier', this.channelMultiplier], ['ksize', this.ksize], ['stride', this.stride], ['pad', this.pad], ['nobias', this.b === null]];
  }

  override forward(x: VariableLike): Variable {
    if (arguments.length > 1) surplusArguments('DepthwiseConvolution2D.forward', arguments, 'x');
    if (!this.W.isInitialized) this.initializeParams(asVariable(x, 'DepthwiseConvolution2D: x').shape[1]);
    return depthwiseConvolution2d(x, this.W, this.b, { stride: this.stride, pad: this.pad });
  }
}

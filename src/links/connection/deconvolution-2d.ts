// L.Deconvolution2D: W (in, out / groups, kh, kw) LeCunNormal, b (out) zeros; the input
// channels may be inferred from the first call, as Convolution2D.
import type { Variable, VariableLike } from '../../core/variable';
import { deconvolution2d } from '../../functions/connection/index';
import { type Convolution2DOptions, ConvolutionLink, type Pair, convolutionArguments } from './convolution-2d';
import type { InitializerLike } from '../../initializers/get-initializer';
import type { Outsize } from '../../functions/connection/conv-geometry';
import { surplusArguments } from '../../util/options';

export interface Deconvolution2DOptions extends Convolution2DOptions {
  /** Output (height, width); by default (or where null) s (H - 1) + dk - 2p. */
  outsize?: Outsize;
}

export class Deconvolution2D extends ConvolutionLink {
  readonly outsize: Outsize;

  constructor(inChannels: number | null, outChannels: number | Deconvolution2DOptions, ...rest: (Pair | boolean | InitializerLike | Deconvolution2DOptions)[]) {
    const a = convolutionArguments('Deconvolution2D', [inChannels, outChannels, ...rest], true);
    super('Deconvolution2D', a);
    this.outsize = a.outsize;
  }

  protected weightShape(inChannels: number): number[] {
    return [inChannels, this.outChannels / this.groups, ...this.ksize];
  }

  protected override printableSpecs(): [string, unknown][] {
    return [['inChannels', this.inChannels], ['outChannels', this.outChannels], ['ksize', this.ksize], ['stride', this.stride], ['pad', this.pad], ['nobias', this.b === null], ['outsize', this.outsize], ['dilate', this.dilate], ['groups', this.groups]];
  }

  override forward(x: VariableLike): Variable {
    if (arguments.length > 1) surplusArguments('Deconvolution2D.forward', arguments, 'x');
    this.prepare(x);
    return deconvolution2d(x, this.W, this.b, { stride: this.stride, pad: this.pad, dilate: this.dilate, groups: this.groups, outsize: this.outsize });
  }
}

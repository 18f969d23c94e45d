// L.Deconvolution2D: W (in, out / groups, kh, kw) LeCunNormal, b (out) zeros; the input
// channels may be inferred from the first call, as Convolution2D.
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { deconvolution2d } from '../../functions/connection/index';
import { Zero } from '../../initializers/constant';
import { getInitializer, type InitializerLike } from '../../initializers/get-initializer';
import { LeCunNormal } from '../../initializers/normal';
import { Link } from '../link';
import { Parameter } from '../parameter';
import { type Pair, pair, shiftChannels } from './convolution-2d';
import { checkSize } from './linear';

export interface Deconvolution2DOptions {
  stride?: Pair;
  pad?: Pair;
  dilate?: Pair;
  groups?: number;
  /** Output (height, width); by default s (H - 1) + dk - 2p. */
  outsize?: readonly [number, number] | null;
  nobias?: boolean;
  initialW?: InitializerLike;
  initialBias?: InitializerLike;
}

export class Deconvolution2D extends Link {
  W: Parameter;
  b: Parameter | null;
  inChannels: number | null;
  readonly outChannels: number;
  readonly ksize: [number, number];
  readonly stride: Pair;
  readonly pad: Pair;
  readonly dilate: Pair;
  readonly groups: number;
  readonly outsize: readonly [number, number] | null;

  constructor(inChannels: number | null, outChannels: number, ksize?: Pair | Deconvolution2DOptions, options: Deconvolution2DOptions = {}) {
    super();
    const a = shiftChannels(inChannels, outChannels, ksize, options);
    const o = a.options;
    this.inChannels = a.inChannels;
    this.outChannels = a.outChannels;
    checkSize('Deconvolution2D', 'outChannels', this.outChannels);
    this.ksize = pair('Deconvolution2D', 'ksize', a.ksize);
    this.stride = o.stride ?? 1;
    this.pad = o.pad ?? 0;
    this.dilate = o.dilate ?? 1;
    this.groups = o.groups ?? 1;
    this.outsize = o.outsize ?? null;
    checkSize('Deconvolution2D', 'groups', this.groups);
    if (this.outChannels % this.groups !== 0) throw new RangeError(`Deconvolution2D: outChannels (${this.outChannels}) must be divisible by groups (${this.groups})`);
    this.W = new Parameter(getInitializer(o.initialW, () => new LeCunNormal()));
    this.b = o.nobias ? null : new Parameter(getInitializer(o.initialBias, () => new Zero()), this.outChannels);
    if (this.inChannels !== null) this.initializeW(this.inChannels);
  }

  private initializeW(inChannels: number): void {
    checkSize('Deconvolution2D', 'inChannels', inChannels);
    if (inChannels % this.groups !== 0) throw new RangeError(`Deconvolution2D: inChannels (${inChannels}) must be divisible by groups (${this.groups})`);
    this.inChannels = inChannels;
    this.W.initialize([inChannels, this.outChannels / this.groups, ...this.ksize]);
  }

  protected override printableSpecs(): [string, unknown][] {
    return [['inChannels', this.inChannels], ['outChannels', this.outChannels], ['ksize', this.ksize], ['stride', this.stride], ['pad', this.pad], ['nobias', this.b === null], ['outsize', this.outsize], ['dilate', this.dilate], ['groups', this.groups]];
  }

  override forward(x: VariableLike): Variable {
    if (!this.W.isInitialized) this.initializeW(asVariable(x, 'Deconvolution2D: x').shape[1]);
    return deconvolution2d(x, this.W, this.b, { stride: this.stride, pad: this.pad, dilate: this.dilate, groups: this.groups, outsize: this.outsize });
  }
}

// L.Convolution2D: W (out, in / groups, kh, kw) LeCunNormal (fanIn = in / groups * kh * kw),
// b (out) zeros. Convolution2D(null, out, k) or Convolution2D(out, k) infers the input
// channels from the first call.
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { convolution2d } from '../../functions/connection/index';
import { Zero } from '../../initializers/constant';
import { getInitializer, type InitializerLike } from '../../initializers/get-initializer';
import { LeCunNormal } from '../../initializers/normal';
import { Link } from '../link';
import { Parameter } from '../parameter';
import { checkSize } from './linear';

export type Pair = number | readonly [number, number];

export interface Convolution2DOptions {
  stride?: Pair;
  pad?: Pair;
  dilate?: Pair;
  groups?: number;
  nobias?: boolean;
  initialW?: InitializerLike;
  initialBias?: InitializerLike;
}

export function pair(link: string, what: string, v: Pair): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if (!p.every((n) => Number.isInteger(n) && n > 0)) throw new RangeError(`${link}: ${what} must be a positive integer or a pair of them, got ${String(v)}`);
  return p;
}

/**
 * Chainer's argument shift: (in, out, ksize, options), or (out, ksize, options) with the
 * input channels inferred.
 */
export function shiftChannels<O>(inChannels: number | null, outChannels: number, ksize: Pair | O | undefined,
                                 options: O): { inChannels: number | null; outChannels: number; ksize: Pair; options: O } {
  if (ksize === undefined || (typeof ksize === 'object' && !Array.isArray(ksize))) {
    return { inChannels: null, outChannels: inChannels!, ksize: outChannels, options: (ksize as O | undefined) ?? options };
  }
  return { inChannels, outChannels, ksize: ksize as Pair, options };
}

/**
 * What Convolution2D and Deconvolution2D share: the options, the bias, and a W whose shape
 * is fixed once the input channels are known (at construction or on the first call).
 */
export abstract class ConvolutionLink extends Link {
  W: Parameter;
  b: Parameter | null;
  inChannels: number | null;
  readonly outChannels: number;
  readonly ksize: [number, number];
  readonly stride: Pair;
  readonly pad: Pair;
  readonly dilate: Pair;
  readonly groups: number;

  protected constructor(private readonly linkName: string, a: ReturnType<typeof shiftChannels<Convolution2DOptions>>) {
    super();
    const o = a.options;
    this.inChannels = a.inChannels;
    this.outChannels = a.outChannels;
    checkSize(linkName, 'outChannels', this.outChannels);
    this.ksize = pair(linkName, 'ksize', a.ksize);
    this.stride = o.stride ?? 1;
    this.pad = o.pad ?? 0;
    this.dilate = o.dilate ?? 1;
    this.groups = o.groups ?? 1;
    checkSize(linkName, 'groups', this.groups);
    if (this.outChannels % this.groups !== 0) throw new RangeError(`${linkName}: outChannels (${this.outChannels}) must be divisible by groups (${this.groups})`);
    this.W = new Parameter(getInitializer(o.initialW, () => new LeCunNormal()));
    this.b = o.nobias ? null : new Parameter(getInitializer(o.initialBias, () => new Zero()), this.outChannels);
    if (this.inChannels !== null) this.initializeW(this.inChannels);
  }

  /** The shape of W for this many input channels. */
  protected abstract weightShape(inChannels: number): number[];

  /** Creates W unless it exists, taking the input channels from x. */
  protected prepare(x: VariableLike): void {
    if (!this.W.isInitialized) this.initializeW(asVariable(x, `${this.linkName}: x`).shape[1]);
  }

  private initializeW(inChannels: number): void {
    checkSize(this.linkName, 'inChannels', inChannels);
    if (inChannels % this.groups !== 0) throw new RangeError(`${this.linkName}: inChannels (${inChannels}) must be divisible by groups (${this.groups})`);
    this.inChannels = inChannels;
    this.W.initialize(this.weightShape(inChannels));
  }
}

export class Convolution2D extends ConvolutionLink {
  constructor(inChannels: number | null, outChannels: number, ksize?: Pair | Convolution2DOptions, options: Convolution2DOptions = {}) {
    super('Convolution2D', shiftChannels(inChannels, outChannels, ksize, options));
  }

  protected weightShape(inChannels: number): number[] {
    return [this.outChannels, inChannels / this.groups, ...this.ksize];
  }

  protected override printableSpecs(): [string, unknown][] {
    return [['inChannels', this.inChannels], ['outChannels', this.outChannels], ['ksize', this.ksize], ['stride', this.stride], ['pad', this.pad], ['nobias', this.b === null], ['dilate', this.dilate], ['groups', this.groups]];
  }

  override forward(x: VariableLike): Variable {
    this.prepare(x);
    return convolution2d(x, this.W, this.b, { stride: this.stride, pad: this.pad, dilate: this.dilate, groups: this.groups });
  }
}

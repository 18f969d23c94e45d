// L.Convolution2D: W (out, in / groups, kh, kw) LeCunNormal (fanIn = in / groups * kh * kw),
// b (out) zeros. Convolution2D(null, out, k) or Convolution2D(out, k) infers the input
// channels from the first call.
import { type Variable, type VariableLike, asVariable } from '../../core/variable';
import { convolution2d } from '../../functions/connection/index';
import type { Outsize } from '../../functions/connection/conv-geometry';
import { Zero } from '../../initializers/constant';
import { getInitializer, type InitializerLike } from '../../initializers/get-initializer';
import { LeCunNormal } from '../../initializers/normal';
import { Link } from '../link';
import { Parameter } from '../parameter';
import { checkSize } from './linear';
import { readLinkArguments } from '../arguments';
import { checkBoolean, showValue, surplusArguments } from '../../util/options';

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
  const p = typeof v === 'number' ? [v, v] : Array.isArray(v) && v.length === 2 ? [v[0], v[1]] : [];
  if (p.length !== 2 || !p.every((n) => Number.isInteger(n) && n > 0)) throw new RangeError(`${link}: ${what} must be a positive integer or a pair of them, got ${showValue(v)}`);
  return p as [number, number];
}

/** Every argument of Convolution2D and Deconvolution2D, with Chainer's defaults. */
const CONVOLUTION_DEFAULTS = {
  inChannels: null as number | null, outChannels: undefined as unknown as number, ksize: undefined as unknown as Pair,
  stride: 1 as Pair, pad: 0 as Pair, nobias: false, outsize: null as Outsize,
  initialW: null as InitializerLike, initialBias: null as InitializerLike, dilate: 1 as Pair, groups: 1,
};
export type ConvolutionArguments = typeof CONVOLUTION_DEFAULTS;
type ConvolutionArgument = Pair | boolean | InitializerLike | readonly [number, number] | null | Convolution2DOptions;

/**
 * Chainer's positional order (in, out, ksize, stride, pad, nobias, [outsize,] initialW,
 * initialBias), then an options object; (out, ksize, ...) infers the input channels.
 */
export function convolutionArguments(link: string, args: readonly unknown[], withOutsize: boolean): ConvolutionArguments {
  const names = ['inChannels', 'outChannels', 'ksize', 'stride', 'pad', 'nobias', ...(withOutsize ? ['outsize'] as const : []), 'initialW', 'initialBias'] as const;
  const { outsize: _, ...defaults } = CONVOLUTION_DEFAULTS;
  return readLinkArguments(link, args, names, withOutsize ? CONVOLUTION_DEFAULTS : defaults as ConvolutionArguments, 2);
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

  protected constructor(private readonly linkName: string, o: ConvolutionArguments) {
    super();
    this.inChannels = o.inChannels;
    this.outChannels = o.outChannels;
    checkSize(linkName, 'outChannels', this.outChannels);
    if (o.ksize === undefined) throw new TypeError(`${linkName}: ksize is required (an integer or a pair of them)`);
    this.ksize = pair(linkName, 'ksize', o.ksize);
    this.stride = o.stride;
    this.pad = o.pad;
    this.dilate = o.dilate;
    this.groups = o.groups;
    checkSize(linkName, 'groups', this.groups);
    if (this.outChannels % this.groups !== 0) throw new RangeError(`${linkName}: outChannels (${this.outChannels}) must be divisible by groups (${this.groups})`);
    this.W = new Parameter(getInitializer(o.initialW, () => new LeCunNormal()));
    // W draws before b, as Chainer's (random initializers of both take numbers in turn).
    if (this.inChannels !== null) this.initializeW(this.inChannels);
    this.b = checkBoolean(linkName, 'nobias', o.nobias) ? null : new Parameter(getInitializer(o.initialBias, () => new Zero()), this.outChannels);
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
  constructor(inChannels: number | null, outChannels: number | Convolution2DOptions, ...rest: ConvolutionArgument[]) {
    super('Convolution2D', convolutionArguments('Convolution2D', [inChannels, outChannels, ...rest], false));
  }

  protected weightShape(inChannels: number): number[] {
    return [this.outChannels, inChannels / this.groups, ...this.ksize];
  }

  protected override printableSpecs(): [string, unknown][] {
    return [['inChannels', this.inChannels], ['outChannels', this.outChannels], ['ksize', this.ksize], ['stride', this.stride], ['pad', this.pad], ['nobias', this.b === null], ['dilate', this.dilate], ['groups', this.groups]];
  }

  override forward(x: VariableLike): Variable {
    if (arguments.length > 1) surplusArguments('Convolution2D.forward', arguments, 'x');
    this.prepare(x);
    return convolution2d(x, this.W, this.b, { stride: this.stride, pad: this.pad, dilate: this.dilate, groups: this.groups });
  }
}

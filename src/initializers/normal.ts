// Gaussian initializers. The fan-scaled ones follow Chainer: LeCunNormal std
// scale * sqrt(1 / fan), GlorotNormal scale * sqrt(2 / (fanIn + fanOut)), HeNormal
// scale * sqrt(2 / fan).
import { shapeString, sizeOf } from '../array/shape';
import { Drawing, Initializer, type InitializerOptions, getFans, leadingScale } from './initializer';
import { isOptionsObject } from '../util/options';

export type FanOption = 'fan_in' | 'fan_out' | 'fanIn' | 'fanOut';

export interface ScaleOptions extends InitializerOptions {
  /** The scale, when not given positionally. */
  scale?: number;
}

export interface FanInitializerOptions extends ScaleOptions {
  /** Which fan scales the deviation (Chainer's fan_option); 'fan_in' by default. */
  fanOption?: FanOption;
}

/** Samples of N(0, scale^2); Chainer's default scale 0.05. */
export class Normal extends Drawing {
  static override readonly optionKeys: readonly string[] = [...Initializer.optionKeys, 'scale'];
  /** The scale when none is given: 0.05 here, 1 for the fan-scaled ones. */
  static readonly defaultScale: number = 0.05;
  readonly scale: number;

  constructor(scale?: number | ScaleOptions, options?: ScaleOptions) {
    const [s, rest] = leadingScale<InitializerOptions>(new.target.name, scale, options, new.target.optionKeys, new.target.defaultScale);
    super(rest);
    this.scale = s;
  }

  protected draw(shape: readonly number[]): () => Float64Array {
    const std = this.std(shape), g = this.rng, n = sizeOf(shape);
    // numpy's normal raises 'scale < 0' here (a NaN passes, as there)
    if (std < 0) throw new RangeError(`${this.constructor.name}: the standard deviation must not be negative, got ${std} (scale ${this.scale})`);
    return () => {
      const out = new Float64Array(n);
      g.fillNormal(out, std);
      return out;
    };
  }

  /** The standard deviation for an array of this shape. */
  std(_shape: readonly number[]): number {
    return this.scale;
  }
}

/** fanOption, from the options wherever they were given (positionally or after the scale). */
export function fanOptionOf(scale: unknown, options: FanInitializerOptions | undefined): FanOption {
  return ((isOptionsObject(scale) ? scale : options) as FanInitializerOptions | undefined)?.fanOption ?? 'fan_in';
}

export function pickFan(shape: readonly number[], option: FanOption | undefined, who: string): number {
  const { fanIn, fanOut } = getFans(shape, who);
  switch (option ?? 'fan_in') {
    case 'fan_in': case 'fanIn': return fanIn;
    case 'fan_out': case 'fanOut': return fanOut;
    default: throw new RangeError(`${who}: fanOption must be 'fan_in' or 'fan_out', got ${String(option)} (shape ${shapeString(shape)})`);
  }
}

export class LeCunNormal extends Normal {
  static override readonly optionKeys: readonly string[] = [...Normal.optionKeys, 'fanOption'];
  static override readonly defaultScale: number = 1;
  readonly fanOption: FanOption;
  constructor(scale?: number | FanInitializerOptions, options?: FanInitializerOptions) {
    super(scale, options);
    this.fanOption = fanOptionOf(scale, options);
  }
  override std(shape: readonly number[]): number {
    return this.scale * Math.sqrt(1 / pickFan(shape, this.fanOption, 'LeCunNormal'));
  }
}

export class GlorotNormal extends Normal {
  static override readonly defaultScale: number = 1;
  override std(shape: readonly number[]): number {
    const { fanIn, fanOut } = getFans(shape, 'GlorotNormal');
    return this.scale * Math.sqrt(2 / (fanIn + fanOut));
  }
}

export class HeNormal extends Normal {
  static override readonly optionKeys: readonly string[] = [...Normal.optionKeys, 'fanOption'];
  static override readonly defaultScale: number = 1;
  readonly fanOption: FanOption;
  constructor(scale?: number | FanInitializerOptions, options?: FanInitializerOptions) {
    super(scale, options);
    this.fanOption = fanOptionOf(scale, options);
  }
  override std(shape: readonly number[]): number {
    return this.scale * Math.sqrt(2 / pickFan(shape, this.fanOption, 'HeNormal'));
  }
}

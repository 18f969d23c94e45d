// Gaussian initializers. The fan-scaled ones follow Chainer: LeCunNormal std
// scale * sqrt(1 / fan), GlorotNormal scale * sqrt(2 / (fanIn + fanOut)), HeNormal
// scale * sqrt(2 / fan).
import { shapeString, sizeOf } from '../array/shape';
import { Drawing, Initializer, type InitializerOptions, getFans, readScale } from './initializer';
import { showValue } from '../util/options';

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
  readonly scale: number;
  /** The fan LeCunNormal and HeNormal scale by (their option, which Normal refuses). */
  protected readonly fanOption: FanOption;

  constructor(scale?: number | ScaleOptions, options?: ScaleOptions) {
    // Chainer's default scale: 0.05 here, 1 for the fan-scaled ones
    const [s, rest] = readScale<FanInitializerOptions>(new.target.name, new.target.optionKeys, scale, options, new.target === Normal ? 0.05 : 1);
    super(rest);
    this.scale = s;
    this.fanOption = rest.fanOption ?? 'fan_in';
  }

  protected draw(shape: readonly number[]): () => Float64Array {
    const std = this.std(shape), g = this.rng, n = sizeOf(shape);
    // numpy's normal refuses it ('scale < 0'); a NaN passes, as there
    if (std < 0) throw new RangeError(`${this.constructor.name}: the deviation must not be negative, got ${std} (scale ${this.scale})`);
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

export function pickFan(shape: readonly number[], option: FanOption | undefined, who: string): number {
  const { fanIn, fanOut } = getFans(shape, who);
  switch (option ?? 'fan_in') {
    case 'fan_in': case 'fanIn': return fanIn;
    case 'fan_out': case 'fanOut': return fanOut;
    default: throw new RangeError(`${who}: fanOption must be 'fan_in' or 'fan_out', got ${showValue(option)} (shape ${shapeString(shape)})`);
  }
}

/**
 * LeCunNormal and HeNormal, whose deviation one fan scales (fanOption). Only they carry
 * the option, so that a bundle without HeNormal leaves its class out.
 */
export abstract class FanNormal extends Normal {
  static override readonly optionKeys: readonly string[] = [...Initializer.optionKeys, 'fanOption'];
  declare readonly fanOption: FanOption;
  constructor(scale?: number | FanInitializerOptions, options?: FanInitializerOptions) { super(scale, options); }
}

export class LeCunNormal extends FanNormal {
  override std(shape: readonly number[]): number {
    return this.scale * Math.sqrt(1 / pickFan(shape, this.fanOption, 'LeCunNormal'));
  }
}

export class GlorotNormal extends Normal {
  override std(shape: readonly number[]): number {
    const { fanIn, fanOut } = getFans(shape, 'GlorotNormal');
    return this.scale * Math.sqrt(2 / (fanIn + fanOut));
  }
}

export class HeNormal extends FanNormal {
  override std(shape: readonly number[]): number {
    return this.scale * Math.sqrt(2 / pickFan(shape, this.fanOption, 'HeNormal'));
  }
}

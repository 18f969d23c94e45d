// Gaussian initializers. The fan-scaled ones follow Chainer: LeCunNormal std
// scale * sqrt(1 / fan), GlorotNormal scale * sqrt(2 / (fanIn + fanOut)), HeNormal
// scale * sqrt(2 / fan).
import { shapeString, sizeOf } from '../array/shape';
import { Drawing, Initializer, type InitializerOptions, getFans } from './initializer';

export type FanOption = 'fan_in' | 'fan_out' | 'fanIn' | 'fanOut';

export interface FanInitializerOptions extends InitializerOptions {
  /** Which fan scales the deviation (Chainer's fan_option); 'fan_in' by default. */
  fanOption?: FanOption;
}

/** Samples of N(0, scale^2); Chainer's default scale 0.05. */
export class Normal extends Drawing {
  constructor(readonly scale = 0.05, options: InitializerOptions = {}) { super(options); }

  protected draw(shape: readonly number[]): () => Float64Array {
    const std = this.std(shape), g = this.rng, n = sizeOf(shape);
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
    default: throw new RangeError(`${who}: fanOption must be 'fan_in' or 'fan_out', got ${String(option)} (shape ${shapeString(shape)})`);
  }
}

export class LeCunNormal extends Normal {
  static override readonly optionKeys: readonly string[] = [...Initializer.optionKeys, 'fanOption'];
  readonly fanOption: FanOption;
  constructor(scale = 1, options: FanInitializerOptions = {}) {
    super(scale, options);
    this.fanOption = options.fanOption ?? 'fan_in';
  }
  override std(shape: readonly number[]): number {
    return this.scale * Math.sqrt(1 / pickFan(shape, this.fanOption, 'LeCunNormal'));
  }
}

export class GlorotNormal extends Normal {
  constructor(scale = 1, options: InitializerOptions = {}) { super(scale, options); }
  override std(shape: readonly number[]): number {
    const { fanIn, fanOut } = getFans(shape, 'GlorotNormal');
    return this.scale * Math.sqrt(2 / (fanIn + fanOut));
  }
}

export class HeNormal extends Normal {
  static override readonly optionKeys: readonly string[] = [...Initializer.optionKeys, 'fanOption'];
  readonly fanOption: FanOption;
  constructor(scale = 1, options: FanInitializerOptions = {}) {
    super(scale, options);
    this.fanOption = options.fanOption ?? 'fan_in';
  }
  override std(shape: readonly number[]): number {
    return this.scale * Math.sqrt(2 / pickFan(shape, this.fanOption, 'HeNormal'));
  }
}

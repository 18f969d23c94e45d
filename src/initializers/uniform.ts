// Uniform initializers on [-s, s): Uniform s = scale (0.05 by default), LeCunUniform
// s = scale * sqrt(3 / fanIn), GlorotUniform s = scale * sqrt(6 / (fanIn + fanOut)),
// HeUniform s = scale * sqrt(6 / fanIn), as Chainer.
import { sizeOf } from '../array/shape';
import { Drawing, Initializer, getFans, readScale } from './initializer';
import { type FanInitializerOptions, type FanOption, type ScaleOptions, pickFan } from './normal';

export class Uniform extends Drawing {
  readonly scale: number;
  /** The fan LeCunUniform and HeUniform scale by (their option, which Uniform refuses). */
  protected readonly fanOption: FanOption;

  constructor(scale?: number | ScaleOptions, options?: ScaleOptions) {
    // Chainer's default scale: 0.05 here, 1 for the fan-scaled ones
    const [s, rest] = readScale<FanInitializerOptions>(new.target.name, new.target.optionKeys, scale, options, new.target === Uniform ? 0.05 : 1);
    super(rest);
    this.scale = s;
    this.fanOption = rest.fanOption ?? 'fan_in';
  }

  protected draw(shape: readonly number[]): () => Float64Array {
    const s = this.bound(shape), g = this.rng, n = sizeOf(shape);
    // numpy's uniform(-s, s) raises OverflowError for an unbounded interval
    if (!Number.isFinite(s)) throw new RangeError(`${this.constructor.name}: the interval must be finite, got scale ${this.scale}`);
    return () => {
      const out = new Float64Array(n);
      g.fillRandom(out);
      for (let i = 0; i < n; i++) out[i] = -s + 2 * s * out[i];
      return out;
    };
  }

  /** Half-width of the interval for an array of this shape. */
  bound(_shape: readonly number[]): number {
    return this.scale;
  }
}

/** LeCunUniform and HeUniform, whose bound one fan scales (fanOption). */
export abstract class FanUniform extends Uniform {
  static override readonly optionKeys: readonly string[] = [...Initializer.optionKeys, 'fanOption'];
  declare readonly fanOption: FanOption;
  constructor(scale?: number | FanInitializerOptions, options?: FanInitializerOptions) { super(scale, options); }
}

export class LeCunUniform extends FanUniform {
  override bound(shape: readonly number[]): number {
    return this.scale * Math.sqrt(3 / pickFan(shape, this.fanOption, 'LeCunUniform'));
  }
}

export class GlorotUniform extends Uniform {
  override bound(shape: readonly number[]): number {
    const { fanIn, fanOut } = getFans(shape, 'GlorotUniform');
    return this.scale * Math.sqrt(6 / (fanIn + fanOut));
  }
}

export class HeUniform extends FanUniform {
  override bound(shape: readonly number[]): number {
    return this.scale * Math.sqrt(6 / pickFan(shape, this.fanOption, 'HeUniform'));
  }
}

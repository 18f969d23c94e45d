// Uniform initializers on [-s, s): Uniform s = scale (0.05 by default), LeCunUniform
// s = scale * sqrt(3 / fanIn), GlorotUniform s = scale * sqrt(6 / (fanIn + fanOut)),
// HeUniform s = scale * sqrt(6 / fanIn), as Chainer.
import { sizeOf } from '../array/shape';
import { Drawing, Initializer, type InitializerOptions, getFans, leadingScale } from './initializer';
import { type FanInitializerOptions, type FanOption, type ScaleOptions, fanOptionOf, pickFan } from './normal';

export class Uniform extends Drawing {
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
    const s = this.bound(shape), g = this.rng, n = sizeOf(shape);
    // numpy's uniform(-s, s) raises OverflowError for an unbounded interval
    if (!Number.isFinite(s)) throw new RangeError(`${this.constructor.name}: the interval [-s, s) must be finite, got s = ${s} (scale ${this.scale})`);
    return () => {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = -s + 2 * s * g.random();
      return out;
    };
  }

  /** Half-width of the interval for an array of this shape. */
  bound(_shape: readonly number[]): number {
    return this.scale;
  }
}

export class LeCunUniform extends Uniform {
  static override readonly optionKeys: readonly string[] = [...Uniform.optionKeys, 'fanOption'];
  static override readonly defaultScale: number = 1;
  readonly fanOption: FanOption;
  constructor(scale?: number | FanInitializerOptions, options?: FanInitializerOptions) {
    super(scale, options);
    this.fanOption = fanOptionOf(scale, options);
  }
  override bound(shape: readonly number[]): number {
    return this.scale * Math.sqrt(3 / pickFan(shape, this.fanOption, 'LeCunUniform'));
  }
}

export class GlorotUniform extends Uniform {
  static override readonly defaultScale: number = 1;
  override bound(shape: readonly number[]): number {
    const { fanIn, fanOut } = getFans(shape, 'GlorotUniform');
    return this.scale * Math.sqrt(6 / (fanIn + fanOut));
  }
}

export class HeUniform extends Uniform {
  static override readonly optionKeys: readonly string[] = [...Uniform.optionKeys, 'fanOption'];
  static override readonly defaultScale: number = 1;
  readonly fanOption: FanOption;
  constructor(scale?: number | FanInitializerOptions, options?: FanInitializerOptions) {
    super(scale, options);
    this.fanOption = fanOptionOf(scale, options);
  }
  override bound(shape: readonly number[]): number {
    return this.scale * Math.sqrt(6 / pickFan(shape, this.fanOption, 'HeUniform'));
  }
}

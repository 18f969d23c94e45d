// Uniform initializers on [-s, s): Uniform s = scale (0.05 by default), LeCunUniform
// s = scale * sqrt(3 / fanIn), GlorotUniform s = scale * sqrt(6 / (fanIn + fanOut)),
// HeUniform s = scale * sqrt(6 / fanIn), as Chainer.
import { sizeOf } from '../array/shape';
import { Drawing, Initializer, type InitializerOptions, getFans } from './initializer';
import { type FanInitializerOptions, type FanOption, pickFan } from './normal';

export class Uniform extends Drawing {
  constructor(readonly scale = 0.05, options: InitializerOptions = {}) { super(options); }

  protected draw(shape: readonly number[]): () => Float64Array {
    const s = this.bound(shape), g = this.rng, n = sizeOf(shape);
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
  static override readonly optionKeys: readonly string[] = [...Initializer.optionKeys, 'fanOption'];
  readonly fanOption: FanOption;
  constructor(scale = 1, options: FanInitializerOptions = {}) {
    super(scale, options);
    this.fanOption = options.fanOption ?? 'fan_in';
  }
  override bound(shape: readonly number[]): number {
    return this.scale * Math.sqrt(3 / pickFan(shape, this.fanOption, 'LeCunUniform'));
  }
}

export class GlorotUniform extends Uniform {
  constructor(scale = 1, options: InitializerOptions = {}) { super(scale, options); }
  override bound(shape: readonly number[]): number {
    const { fanIn, fanOut } = getFans(shape, 'GlorotUniform');
    return this.scale * Math.sqrt(6 / (fanIn + fanOut));
  }
}

export class HeUniform extends Uniform {
  static override readonly optionKeys: readonly string[] = [...Initializer.optionKeys, 'fanOption'];
  readonly fanOption: FanOption;
  constructor(scale = 1, options: FanInitializerOptions = {}) {
    super(scale, options);
    this.fanOption = options.fanOption ?? 'fan_in';
  }
  override bound(shape: readonly number[]): number {
    return this.scale * Math.sqrt(6 / pickFan(shape, this.fanOption, 'HeUniform'));
  }
}

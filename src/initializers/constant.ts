// Deterministic initializers: a constant (number or array broadcast to the shape), zeros,
// ones, NaN and the identity.
import { NDArray } from '../array/ndarray';
import { broadcastStrides, shapeString, sizeOf, stridesOf } from '../array/shape';
import { readArguments, showValue } from '../util/options';
import { Initializer, type InitializerOptions, readScale } from './initializer';

export interface ConstantOptions extends InitializerOptions {
  /** The value, when not given positionally (Chainer's fill_value). */
  fillValue?: number | NDArray;
}

export class Constant extends Initializer {
  readonly fillValue: number | NDArray;

  constructor(fillValue: number | NDArray | ConstantOptions, options?: InitializerOptions) {
    const { fillValue: v, ...rest } = readArguments<ConstantOptions>('Constant', [fillValue, options], ['fillValue'], [...Initializer.optionKeys, 'fillValue'] as (keyof ConstantOptions)[]);
    if (typeof v != 'number' && !(v instanceof NDArray)) throw new TypeError(`Constant: fillValue must be a number or an NDArray, got ${showValue(v)}`);
    // float32 unless given, whatever the array's dtype, as Chainer's Constant (dtype None).
    super({ ...rest, dtype: rest.dtype ?? 'float32' });
    this.fillValue = v;
  }

  protected values(shape: readonly number[]): ArrayLike<number> {
    const n = sizeOf(shape);
    if (typeof this.fillValue === 'number') return new Float64Array(n).fill(this.fillValue);
    // An array broadcasts to the shape, as numpy.broadcast_to.
    const src = this.fillValue.dataSync();
    const strides = broadcastStrides('Constant', this.fillValue.shape, shape);
    const outStrides = stridesOf(shape);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let rest = i, off = 0;
      for (let d = 0; d < shape.length; d++) {
        const k = Math.floor(rest / outStrides[d]);
        rest -= k * outStrides[d];
        off += k * strides[d];
      }
      out[i] = src[off];
    }
    return out;
  }
}

export class Zero extends Constant {
  constructor(options: InitializerOptions = {}) { super(0, options); }
}

export class One extends Constant {
  constructor(options: InitializerOptions = {}) { super(1, options); }
}

export class NaN extends Constant {
  constructor(options: InitializerOptions = {}) { super(Number.NaN, options); }
}

/** scale times the identity matrix; the shape must be square. */
export class Identity extends Initializer {
  readonly scale: number;

  constructor(scale?: number | InitializerOptions & { scale?: number }, options?: InitializerOptions & { scale?: number }) {
    const [s, rest] = readScale<InitializerOptions>('Identity', Initializer.optionKeys, scale, options, 1);
    super(rest);
    this.scale = s;
  }

  protected values(shape: readonly number[]): ArrayLike<number> {
    if (shape.length !== 2 || shape[0] !== shape[1]) throw new RangeError(`Identity: shape must be square and 2-D, got ${shapeString(shape)}`);
    const n = shape[0];
    const out = new Float64Array(n * n);
    for (let i = 0; i < n; i++) out[i * n + i] = this.scale;
    return out;
  }
}

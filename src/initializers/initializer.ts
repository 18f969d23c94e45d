// Initializers make the first value of a parameter from its shape, as Chainer's
// chainer.initializers. Arrays are immutable here, so an initializer returns a new array
// (Chainer's fill it in place) drawn from the seeded default generator.
import { backendFor } from '../array/creation';
import { type DType, checkDType } from '../array/dtype';
import { NDArray } from '../array/ndarray';
import { Generator, defaultGenerator } from '../array/random';
import { checkShape, shapeString, sizeOf } from '../array/shape';
import type { BackendName } from '../backends/backend';
import { readOptions } from '../util/options';

export interface InitializerOptions {
  /** dtype of the generated arrays (float32 unless stated). */
  dtype?: DType;
  /** Random source, as Chainer's rng; the seeded default generator otherwise. */
  rng?: Generator;
  /** @deprecated the former name of `rng` */
  generator?: Generator;
}

export interface GenerateOptions {
  /** Backend of the new array; the current backend otherwise. */
  backend?: BackendName;
}

export abstract class Initializer {
  readonly dtype: DType;
  protected readonly generator: Generator | null;

  /** The keys of this initializer's options object; subclasses with more extend it. */
  static readonly optionKeys: readonly string[] = ['dtype', 'rng', 'generator'];

  constructor(options: InitializerOptions = {}) {
    options = readOptions(new.target.name, options, (new.target as unknown as typeof Initializer).optionKeys as (keyof InitializerOptions)[]);
    this.dtype = checkDType(this.constructor.name, options.dtype ?? 'float32', 'options.dtype');
    if (options.rng && options.generator && options.rng !== options.generator) {
      throw new TypeError(`${this.constructor.name}: rng and generator name the same option; give one`);
    }
    this.generator = options.rng ?? options.generator ?? null;
    if (this.generator !== null && !(this.generator instanceof Generator)) {
      throw new TypeError(`${this.constructor.name}: rng must be a random.Generator, got ${String(this.generator)}`);
    }
  }

  /** The values for an array of this shape, in row-major order (float64 on the host). */
  protected abstract values(shape: readonly number[]): ArrayLike<number>;

  /** A new array of the given shape holding the initial values. */
  generate(shape: readonly number[] | number, options: GenerateOptions = {}): NDArray {
    const s = checkShape(this.constructor.name, typeof shape === 'number' ? [shape] : shape);
    options = readOptions(`${this.constructor.name}.generate`, options, ['backend']);
    const values = this.values(s);
    const data = this.dtype === 'int32' ? Int32Array.from(values, (v) => Math.trunc(v)) : Float32Array.from(values);
    const b = backendFor({ backend: options.backend });
    return new NDArray(b.upload(data), s, this.dtype, b);
  }

  protected get rng(): Generator {
    return this.generator ?? defaultGenerator;
  }
}

/** Chainer's fans: fanIn = shape[1] * prod(shape[2:]), fanOut = shape[0] * prod(shape[2:]). */
export function getFans(shape: readonly number[], who = 'getFans'): { fanIn: number; fanOut: number } {
  if (shape.length < 2) throw new RangeError(`${who}: shape must have at least 2 dimensions to compute fans, got ${shapeString(shape)}`);
  const receptive = sizeOf(shape.slice(2));
  return { fanIn: shape[1] * receptive, fanOut: shape[0] * receptive };
}

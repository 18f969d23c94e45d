// Initializers make the first value of a parameter from its shape, as Chainer's
// chainer.initializers. Arrays are immutable here, so an initializer returns a new array
// (Chainer's fill it in place) drawn from the seeded default generator.
import { backendFor } from '../array/creation';
import { type DType, checkDType } from '../array/dtype';
import { NDArray } from '../array/ndarray';
import { Generator, defaultGenerator } from '../array/random';
import { checkShape, shapeString, sizeOf } from '../array/shape';
import type { BackendName } from '../backends/backend';
import { readArguments, readOptions, showValue } from '../util/options';

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
      throw new TypeError(`${this.constructor.name}: rng must be a random.Generator, got ${showValue(this.generator)}`);
    }
  }

  /** The values for an array of this shape, in row-major order (float64 on the host). */
  protected abstract values(shape: readonly number[]): ArrayLike<number>;

  /**
   * values() split so that the draws can wait: the checks and what depends only on the
   * shape done now, the draws from `rng` in the returned function. Null (the default, and
   * for a subclass with its own values()) draws at once.
   */
  protected drawLater(_shape: readonly number[]): (() => ArrayLike<number>) | null {
    return null;
  }

  /** A new array of the given shape holding the initial values. */
  generate(shape: readonly number[] | number, options: GenerateOptions = {}): NDArray {
    const s = checkShape(this.constructor.name, typeof shape === 'number' ? [shape] : shape);
    options = readOptions(`${this.constructor.name}.generate`, options, ['backend']);
    const b = backendFor({ backend: options.backend });
    return new NDArray(b.upload(this.typed(this.values(s))), s, this.dtype, b);
  }

  /**
   * generate()'s array, pending (NDArray.isPending) where the draws can wait (drawLater):
   * its elements are made on first use, in the generator's turn (Generator.defer), so they
   * equal those generate() would give now, whatever is drawn or used in between. A
   * Parameter's initial values are made so: a file loaded into it replaces them unmade.
   */
  generateLater(shape: readonly number[] | number, options: GenerateOptions = {}): NDArray {
    const s = checkShape(this.constructor.name, typeof shape === 'number' ? [shape] : shape);
    options = readOptions(`${this.constructor.name}.generateLater`, options, ['backend']);
    const draw = this.drawLater(s);
    if (draw === null) return this.generate(s, options);
    const b = backendFor({ backend: options.backend });
    const values = this.rng.defer(draw);
    return new NDArray(() => b.upload(this.typed(values())), s, this.dtype, b);
  }

  /** Values as elements of this initializer's dtype. */
  private typed(values: ArrayLike<number>): Float32Array | Int32Array {
    return this.dtype === 'int32' ? Int32Array.from(values, toInt32) : Float32Array.from(values);
  }

  protected get rng(): Generator {
    return this.generator ?? defaultGenerator;
  }
}

/**
 * An initializer that draws from `rng` only: values() is the draw that `draw` prepares, so
 * generateLater() can make it later. A subclass with its own values() draws at once.
 */
export abstract class Drawing extends Initializer {
  /** The draw of values() for this shape, with the checks and the shape's arithmetic done now. */
  protected abstract draw(shape: readonly number[]): () => Float64Array;

  protected values(shape: readonly number[]): ArrayLike<number> {
    return this.draw(shape)();
  }

  protected override drawLater(shape: readonly number[]): (() => ArrayLike<number>) | null {
    return this.values === Drawing.prototype.values ? this.draw(shape) : null;
  }
}

/**
 * The scale Chainer's initializers take first, Normal(scale=0.05, ...), given positionally
 * or in the options object like any keyword argument here: new Normal(0.02) and
 * new Normal({scale: 0.02}) are one initializer. A number, as Chainer's float (`fallback`
 * when absent); returned with the other options, which may hold `keys`.
 */
export function readScale<O extends object>(who: string, keys: readonly string[], scale: unknown, options: unknown, fallback: number): [number, O] {
  const { scale: s = fallback, ...rest } = readArguments<Record<string, unknown>>(who, [scale, options], ['scale'], [...keys, 'scale']);
  if (typeof s != 'number') throw new TypeError(`${who}: scale must be a number, got ${showValue(s)}`);
  return [s, rest as O];
}

/** Chainer's fans: fanIn = shape[1] * prod(shape[2:]), fanOut = shape[0] * prod(shape[2:]). */
export function getFans(shape: readonly number[], who = 'getFans'): { fanIn: number; fanOut: number } {
  if (shape.length < 2) throw new RangeError(`${who}: shape must have at least 2 dimensions to compute fans, got ${shapeString(shape)}`);
  const receptive = sizeOf(shape.slice(2));
  return { fanIn: shape[1] * receptive, fanOut: shape[0] * receptive };
}

/**
 * numpy's float to int32 cast on the machines Chainer runs on: truncation toward zero, and
 * -2**31 for NaN, infinities and values out of range (x86's "integer indefinite"), so an
 * int32 parameter of Chainer's default NaN initializer holds -2147483648, not 0.
 */
export function toInt32(v: number): number {
  return v >= -2147483648 && v < 2147483648 ? Math.trunc(v) : -2147483648;
}

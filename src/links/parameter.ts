// Parameter: a Variable that a link owns and an optimizer updates. Its data may come
// later: `new Parameter(initializer)` without a shape stays uninitialized until
// `initialize(shape)` (Linear(null, 100) does that on its first call).
//
// A parameter owns its data and gradient (see array/owned.ts): both stay resident on their
// backend, the optimizer updates them in place, and backward() adds gradients into the
// resident gradient in place. Setting `array` or `grad` stores a copy and frees the array it
// replaces; cleargrad() frees the gradient. An array taken from a parameter therefore changes
// with in-place updates (as numpy's does under Chainer), and using one the parameter has
// since freed is an error.
import { fullLike, zerosLike } from '../array/creation';
import { OwnedArrays } from '../array/owned';
import { shapesEqual } from '../array/shape';
import * as ops from '../array/ops/index';
import { NDArray } from '../array/ndarray';
import { shapeString } from '../array/shape';
import { currentBackend } from '../backends/index';
import type { BackendName } from '../backends/backend';
import { type GradSink, Variable, gradOption } from '../core/variable';
import { NaN as NaNInitializer } from '../initializers/constant';
import { getInitializer, type InitializerLike } from '../initializers/get-initializer';
import { type Initializer, toInt32 } from '../initializers/initializer';
import type { Hyperparameters, UpdateRule } from '../optimizers/update-rule';
import { installDispose } from '../util/disposable';
import { keepsNoGradients } from '../core/vouched';
import { recordsGraph } from '../core/backward';
import { readOptions, surplusArguments, showValue } from '../util/options';

export interface ParameterOptions {
  name?: string | null;
}

export class Parameter extends Variable {
  /** Makes the data on initialize(); an array given to the constructor becomes a Constant. */
  initializer: Initializer;
  /** Set by an optimizer's setup(); updates this parameter from its gradient. */
  updateRule: UpdateRule<Hyperparameters> | null = null;
  #device: BackendName;
  /**
   * The gradient initialize() gives, as Chainer's _grad_initializer: NaN, so that a backward
   * without cleargrads() first shows up, unless cleargrad() or zerograd() was called before
   * the data existed (then none, or zeros).
   */
  #gradOnInit: 'nan' | 'none' | 'zero' = 'nan';
  readonly #owned = new OwnedArrays(this);

  constructor(initializer: InitializerLike = null, shape: readonly number[] | number | null = null, options: ParameterOptions | string | null = {}) {
    // Chainer's third argument is the name; an options object {name} says the same.
    const name = typeof options === 'string' || options === null ? options
      : readOptions('Parameter', options, { name: null as string | null }).name;
    super(null, { name });
    this.initializer = getInitializer(initializer, () => new NaNInitializer());
    this.#device = initializer instanceof NDArray ? initializer.device : currentBackend().name;
    // An array with a shape is Chainer's Constant(array) broadcast to the shape (and NaN grad).
    if (initializer instanceof NDArray && shape === null) this.array = initializer;
    else if (shape !== null) this.initialize(shape);
  }

  override get array(): NDArray {
    return super.array;
  }

  /** Stores a resident copy of `a` and frees the data it replaces. */
  override set array(a: NDArray) {
    if (!(a instanceof NDArray)) throw new TypeError(`Parameter${this.name ? ` '${this.name}'` : ''}.array: must be an NDArray`);
    const old = this.hasData ? super.array : null;
    if (old === a) return;
    super.array = this.#owned.holds(a) ? a : this.#owned.adopt(a);
    this.#owned.release(old);
  }

  protected override takeGradVar(g: Variable | null): Variable | null {
    const old = this.gradVar;
    if (g === old) return g;
    // A gradient with a graph behind it (double backprop) stays as it is.
    const next = g && g.creator === null && !this.#owned.holds(g.array)
      ? new Variable(this.#owned.adopt(g.array), gradOption(false))
      : g;
    if (old && old.array !== next?.array) this.#owned.release(old.array);
    return next;
  }

  /**
   * The resident gradient backward may write into. When there is none yet, a new one (set as
   * the gradient at once, so a second use of this parameter in the same graph adds to it)
   * that the first writer overwrites. A gradient already held is written into only by a
   * function that adds its whole gradient in one rounding (`addsWhole`): Chainer adds a
   * function's gradient to it (g0 + (x1 w1 + x2 w2)), where accumulating the products into
   * it one by one rounds differently ((g0 + x1 w1) + x2 w2); accumulateGrad adds the rest.
   */
  override gradSink(addsWhole = false): GradSink | null {
    if (!this.hasData) return null;
    const cur = this.gradVar;
    if (cur === null) {
      const target = this.#owned.reserve(this.array);
      this.gradVar = new Variable(target, gradOption(false));
      return { target, fresh: true };
    }
    return addsWhole && this.#addsInPlace(cur, this.array) ? { target: cur.array, fresh: false } : null;
  }

  /** Adds a gradient from backward() into the resident gradient, in place when it can. */
  override accumulateGrad(g: Variable): void {
    const cur = this.gradVar;
    if (cur && g.creator === null && this.#addsInPlace(cur, g.array)) {
      ops.addInPlace(cur.array, g.array);
      return;
    }
    super.accumulateGrad(g);
  }

  /** Whether `cur`, the gradient held, takes an array like `x` added where it lies. */
  #addsInPlace(cur: Variable, x: NDArray): boolean {
    return cur.creator === null && this.#owned.holds(cur.array) && x.backend === cur.array.backend &&
      x.dtype === cur.dtype && shapesEqual(x.shape, cur.shape);
  }

  /** Frees the data and gradient now (the parameter becomes uninitialized). */
  dispose(): void {
    this.gradVar = null;
    this.updateRule?.dispose();
    this.#owned.releaseAll();
    this.clearData();
  }


  /** True once the parameter has data (Chainer's `array is not None`). */
  get isInitialized(): boolean {
    return this.hasData;
  }

  /**
   * Creates the data from the initializer, and the gradient: NaN (see #gradOnInit), or none
   * or zeros after an early cleargrad() or zerograd().
   * Random values are made on first use (Initializer.generateLater): the same numbers as
   * drawn now, never drawn if the data is replaced first (a loaded file).
   */
  initialize(shape: readonly number[] | number): void {
    if (arguments.length > 1) surplusArguments('Parameter.initialize', arguments, 'shape');
    const data = this.initializer.generateLater(shape, { backend: this.#device });
    this.array = data;
    this.gradVar = null;
    // kusari/infer computes no gradient: it keeps no NaN array per parameter either.
    if (this.#gradOnInit !== 'none' && recordsGraph) this.grad = this.#gradOnInit === 'zero' ? zerosLike(data) : fullLike(data, data.dtype === 'int32' ? toInt32(NaN) : NaN);
  }

  /** Sets the gradient to zeros (Chainer's zerograd). */
  override zerograd(): void {
    if (arguments.length) surplusArguments('Parameter.zerograd', arguments, '');
    if (this.hasData) this.grad = zerosLike(this.array);
    else this.#gradOnInit = 'zero';
  }

  override cleargrad(): void {
    if (arguments.length) surplusArguments('Parameter.cleargrad', arguments, '');
    super.cleargrad();
    if (!this.hasData) this.#gradOnInit = 'none';
  }

  /** Where the data lives (or will live, for an uninitialized parameter). */
  override get device(): BackendName {
    return this.hasData ? this.array.device : this.#device;
  }

  /** Moves data and gradient to a backend (Chainer's to_device). */
  override toDevice(device: BackendName): this {
    if (arguments.length > 1) surplusArguments('Parameter.toDevice', arguments, 'device');
    this.#device = device;
    if (!this.hasData) return this;
    const grad = this.grad;
    this.array = this.array.toDevice(device);
    if (grad) this.grad = grad.toDevice(device);
    return this;
  }

  /**
   * Copies the data of another variable (Chainer's copydata): initializes this one if needed,
   * or an uninitialized source parameter with this one's shape; the source broadcasts to this
   * shape as numpy.copyto does.
   */
  copydata(source: Variable | NDArray): void {
    if (arguments.length > 1) surplusArguments('Parameter.copydata', arguments, 'source');
    if (!(source instanceof Variable) && !(source instanceof NDArray)) throw new TypeError(`Parameter.copydata: source must be a Variable or an NDArray, got ${showValue(source)}`);
    if (source instanceof Parameter && !source.hasData) {
      if (!this.hasData) return;
      source.initialize(this.shape);
    }
    let data = source instanceof NDArray ? source : source.array;
    if (!this.hasData) this.initialize(data.shape);
    const of = this.name ? ` of '${this.name}'` : '';
    if (!shapesEqual(data.shape, this.shape)) {
      const target = this.shape;
      const lead = target.length - data.shape.length;
      if (lead < 0 || data.shape.some((d, i) => d !== 1 && d !== target[i + lead])) {
        throw new RangeError(`Parameter.copydata: source shape ${shapeString(data.shape)} does not broadcast to ${shapeString(target)}${of}`);
      }
      data = ops.copy(ops.broadcastTo(data, target));
    }
    // The parameter keeps its dtype, as numpy.copyto's same-kind casting in Chainer's
    // copydata: integers become floats, floats never become integers.
    if (data.dtype !== this.dtype) {
      if (data.dtype !== 'int32') throw new TypeError(`Parameter.copydata: cannot copy ${data.dtype} into ${this.dtype}`);
      data = ops.cast(data, this.dtype);
    }
    this.array = data.device === this.device ? data : data.toDevice(this.device);
  }

  /** Runs the update rule, if an optimizer has set one. */
  update(): void {
    this.updateRule?.update(this);
  }
}

installDispose(Parameter);
keepsNoGradients(Parameter);

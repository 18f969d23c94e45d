// Parameter: a Variable that a link owns and an optimizer updates. Its data may come
// later: `new Parameter(initializer)` without a shape stays uninitialized until
// `initialize(shape)` (Linear(null, 100) does that on its first call).
import { zerosLike } from '../array/creation';
import { NDArray } from '../array/ndarray';
import { shapeString } from '../array/shape';
import { currentBackend } from '../backends/index';
import type { BackendName } from '../backends/backend';
import { Variable } from '../core/variable';
import { NaN as NaNInitializer } from '../initializers/constant';
import { getInitializer, type InitializerLike } from '../initializers/get-initializer';
import type { Initializer } from '../initializers/initializer';
import type { UpdateRule } from '../optimizers/update-rule';

export interface ParameterOptions {
  name?: string | null;
}

export class Parameter extends Variable {
  /** Makes the data on initialize(); an array given to the constructor becomes a Constant. */
  initializer: Initializer;
  /** Set by an optimizer's setup(); updates this parameter from its gradient. */
  updateRule: UpdateRule | null = null;
  #device: BackendName;
  /** zerograd() before initialization asks for a zero gradient once data exists. */
  #zeroGradOnInit = false;

  constructor(initializer: InitializerLike = null, shape: readonly number[] | number | null = null, options: ParameterOptions = {}) {
    super(initializer instanceof NDArray ? initializer : null, { name: options.name ?? null });
    this.initializer = getInitializer(initializer, () => new NaNInitializer());
    this.#device = initializer instanceof NDArray ? initializer.device : currentBackend().name;
    if (!(initializer instanceof NDArray) && shape !== null) this.initialize(shape);
  }

  /** True once the parameter has data (Chainer's `array is not None`). */
  get isInitialized(): boolean {
    return this.hasData;
  }

  /** Creates the data from the initializer (and a zero gradient after an early zerograd()). */
  initialize(shape: readonly number[] | number): void {
    const data = this.initializer.generate(shape, { backend: this.#device });
    this.array = data;
    this.gradVar = null;
    if (this.#zeroGradOnInit) {
      this.grad = zerosLike(data);
      this.#zeroGradOnInit = false;
    }
  }

  /** Sets the gradient to zeros (Chainer's zerograd). */
  zerograd(): void {
    if (this.hasData) this.grad = zerosLike(this.array);
    else this.#zeroGradOnInit = true;
  }

  override cleargrad(): void {
    super.cleargrad();
    this.#zeroGradOnInit = false;
  }

  /** Where the data lives (or will live, for an uninitialized parameter). */
  override get device(): BackendName {
    return this.hasData ? this.array.device : this.#device;
  }

  /** Moves data and gradient to a backend (Chainer's to_device). */
  override toDevice(device: BackendName): this {
    this.#device = device;
    return super.toDevice(device);
  }

  /** Copies the data of another variable (Chainer's copydata); initializes this one if needed. */
  copydata(source: Variable | NDArray): void {
    const data = source instanceof NDArray ? source : source.array;
    if (!this.hasData) this.initialize(data.shape);
    if (data.shape.length !== this.shape.length || data.shape.some((d, i) => d !== this.shape[i])) {
      throw new RangeError(`Parameter.copydata: source shape ${shapeString(data.shape)} does not match ${shapeString(this.shape)}${this.name ? ` of '${this.name}'` : ''}`);
    }
    this.array = data.device === this.device ? data : data.toDevice(this.device);
  }

  /** Runs the update rule, if an optimizer has set one. */
  update(): void {
    this.updateRule?.update(this);
  }
}

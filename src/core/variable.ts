// Variable: an array that remembers the function that made it, so backward() can follow
// whatever code ran. Arithmetic methods broadcast like numpy and record graph nodes with
// Chainer's names (Add, AddConstant, PowVarConst, ...).
import { NDArray } from '../array/ndarray';
import type { DType } from '../array/dtype';
import type { BackendName } from '../backends/backend';
import { shapeString } from '../array/shape';
import { formatArray } from '../array/format';
import { onesLike, zerosLike } from '../array/creation';
import type { FunctionNode } from './function-node';
import { runBackward } from './backward';
import { inspectAsString } from '../io/inspect';
import { type ArgumentsOf, readArguments, readOptions, surplusArguments } from '../util/options';
import { keepsNoGradients } from './vouched';

export type VariableLike = Variable | NDArray;
export type Operand = Variable | NDArray | number;

/** Differentiable operators, installed by the functions library to avoid an import cycle. */
export interface VariableOperators {
  add(a: Variable, b: Operand): Variable;
  sub(a: Variable, b: Operand): Variable;
  rsub(a: Variable, b: Operand): Variable;
  mul(a: Variable, b: Operand): Variable;
  div(a: Variable, b: Operand): Variable;
  rdiv(a: Variable, b: Operand): Variable;
  pow(a: Variable, b: Operand): Variable;
  rpow(a: Variable, b: Operand): Variable;
  neg(a: Variable): Variable;
  abs(a: Variable): Variable;
  matmul(a: Variable, b: VariableLike): Variable;
  reshape(a: Variable, shape: readonly number[]): Variable;
  transpose(a: Variable, axes?: readonly number[] | null): Variable;
  getItem(a: Variable, slices: unknown): Variable;
  sum(a: Variable, axis?: number | readonly number[] | null, keepdims?: boolean): Variable;
}

let operators: VariableOperators | null = null;

export function installOperators(ops: VariableOperators): void {
  operators = ops;
}

function ops(): VariableOperators {
  if (!operators) throw new Error("Variable: arithmetic and indexing methods are not installed: kusari/infer leaves them out unless installVariableOperators() is called once (or use F's functions)");
  return operators;
}

/** A resident gradient to write into during backward (see FunctionNode.gradSink). */
export interface GradSink {
  target: NDArray;
  /** The target holds nothing yet: overwrite it instead of adding. */
  fresh: boolean;
}

export interface VariableOptions {
  name?: string | null;
  requiresGrad?: boolean;
  grad?: NDArray | null;
}

export interface BackwardOptions {
  /** Keep the gradients of intermediate variables too. */
  retainGrad?: boolean;
  /** Record the graph of the backward computation, for gradients of gradients. */
  enableDoubleBackprop?: boolean;
}

// The options of the variables kusari makes itself, by the thousand (a function's outputs,
// constants, gradients): known to be valid, the constructor does not read them again.
const WITH_GRAD: VariableOptions = Object.freeze({ requiresGrad: true });
const WITHOUT_GRAD: VariableOptions = Object.freeze({ requiresGrad: false });

/** Options { requiresGrad } that the Variable constructor takes without reading them. */
export function gradOption(requiresGrad: boolean): VariableOptions {
  return requiresGrad ? WITH_GRAD : WITHOUT_GRAD;
}

export class Variable {
  private _array: NDArray | null;
  #gradVar: Variable | null = null;
  /** The function that produced this variable, or null for a leaf. */
  creator: FunctionNode | null = null;
  name: string | null;
  requiresGrad: boolean;
  /** Generation in the graph: 0 for leaves, one more than the creator's rank otherwise. */
  rank = 0;

  constructor(array: NDArray | null = null, options: VariableOptions = {}) {
    if (options !== WITH_GRAD && options !== WITHOUT_GRAD) options = readOptions('Variable', options, ['name', 'requiresGrad', 'grad']);
    if (array !== null && !(array instanceof NDArray)) {
      throw new TypeError(`Variable: data must be an NDArray or null, got ${typeof array === 'object' ? (array as object).constructor?.name : typeof array} (wrap numbers with array())`);
    }
    this._array = array;
    this.name = options.name ?? null;
    this.requiresGrad = options.requiresGrad ?? true;
    if (options.grad) this.grad = options.grad;
  }

  get array(): NDArray {
    if (this._array === null) throw new Error(`Variable${this.name ? ` '${this.name}'` : ''}: has no data yet`);
    return this._array;
  }

  set array(a: NDArray) {
    if (!(a instanceof NDArray)) throw new TypeError('Variable.array: must be an NDArray');
    this._array = a;
  }

  /** Gradient as a Variable (Chainer's grad_var). */
  get gradVar(): Variable | null {
    return this.#gradVar;
  }

  set gradVar(g: Variable | null) {
    if (g !== null) {
      if (!(g instanceof Variable)) throw new TypeError('Variable.gradVar: must be a Variable or null');
      this.#checkGrad('gradVar', g.array);
    }
    this.#gradVar = this.takeGradVar(g);
  }

  /** Chainer's _check_grad_type: a gradient has the data's shape and dtype. */
  #checkGrad(what: string, g: NDArray): void {
    const a = this._array;
    if (a === null) return;
    if (g.dtype !== a.dtype) throw new TypeError(`Variable.${what}: gradient dtype ${g.dtype} does not match data dtype ${a.dtype}`);
    if (g.shape.length !== a.shape.length || g.shape.some((d, i) => d !== a.shape[i])) {
      throw new RangeError(`Variable.${what}: gradient shape ${shapeString(g.shape)} does not match data shape ${shapeString(a.shape)}`);
    }
  }

  /** How a new gradient is stored: as it is here; a Parameter keeps a resident copy. */
  protected takeGradVar(g: Variable | null): Variable | null {
    return g;
  }

  /** A resident gradient backward may write into directly; only a Parameter has one. */
  gradSink(_addsWhole = false): GradSink | null {
    return null;
  }

  /** Adds a gradient that backward() computed for this leaf. */
  accumulateGrad(g: Variable): void {
    this.gradVar = this.#gradVar ? this.#gradVar.add(g) : g;
  }

  /** Forgets the data (an owner that freed it). */
  protected clearData(): void {
    this._array = null;
  }

  /** True when the data is set (an uninitialized Parameter has none). */
  get hasData(): boolean {
    return this._array !== null;
  }

  /** Alias of array, as in Chainer. */
  get data(): NDArray { return this.array; }
  set data(a: NDArray) { this.array = a; }

  get grad(): NDArray | null {
    return this.gradVar ? this.gradVar.array : null;
  }

  set grad(g: NDArray | null) {
    if (g === null) { this.gradVar = null; return; }
    if (!(g instanceof NDArray)) throw new TypeError('Variable.grad: must be an NDArray or null');
    this.#checkGrad('grad', g);
    this.gradVar = new Variable(g, WITHOUT_GRAD);
  }

  get shape(): readonly number[] { return this.array.shape; }
  get ndim(): number { return this.array.ndim; }
  get size(): number { return this.array.size; }
  get dtype(): DType { return this.array.dtype; }
  get device() { return this.array.device; }
  /** Number of rows, as len() in Python (which a 0-d variable has not). */
  get length(): number {
    if (this.array.ndim === 0) throw new TypeError('Variable.length: a 0-d variable has no length (len() of unsized object)');
    return this.array.shape[0];
  }

  get label(): string {
    if (this._array === null) return 'None';
    return `${shapeString(this._array.shape)}, ${this._array.dtype}`;
  }

  /** Computes gradients of this variable with respect to every leaf that requires one. */
  backward(...args: ArgumentsOf<BackwardOptions>): void {
    // Chainer's backward(retain_grad, enable_double_backprop), positionally or as options.
    const options = readArguments<BackwardOptions>('Variable.backward', args, ['retainGrad', 'enableDoubleBackprop'], ['retainGrad', 'enableDoubleBackprop']);
    if (this.gradVar === null) {
      if (this.size !== 1) {
        throw new RangeError(`Variable.backward: set grad before calling backward on a variable of shape ${shapeString(this.shape)} (only size-1 outputs get ones by default)`);
      }
      this.gradVar = new Variable(onesLike(this.array), WITHOUT_GRAD);
    }
    // A leaf keeps its gradient; any other output hands it to the walk and, as in Chainer,
    // is left without one (unless retainGrad puts it back).
    const seed = this.gradVar;
    if (this.creator !== null) this.gradVar = null;
    runBackward([this], [seed], { ...options, accumulateLeaves: true });
  }

  cleargrad(): void {
    if (arguments.length) surplusArguments('Variable.cleargrad', arguments, '');
    this.gradVar = null;
  }

  /** Sets the gradient to zeros of the data's shape (Chainer's deprecated zerograd). */
  zerograd(): void {
    if (arguments.length) surplusArguments('Variable.zerograd', arguments, '');
    this.grad = zerosLike(this.array);
  }

  /** Moves the data and the gradient to a backend in place (Chainer's to_device). */
  toDevice(device: BackendName): this {
    if (arguments.length > 1) surplusArguments('Variable.toDevice', arguments, 'device');
    if (this._array === null) return this;
    const grad = this.grad;
    this._array = this._array.toDevice(device);
    if (grad) this.grad = grad.toDevice(device);
    return this;
  }

  /**
   * Keeps the data and the gradient beyond the step generations (NDArray.persist): e.g.
   * a state kept for more than one step. Returns this.
   */
  persist(): this {
    if (arguments.length) surplusArguments('Variable.persist', arguments, '');
    this._array?.persist();
    this.#gradVar?._array?.persist();
    return this;
  }

  /** Cuts the graph behind this variable: it becomes a leaf (Chainer's unchain). */
  unchain(): void {
    if (arguments.length) surplusArguments('Variable.unchain', arguments, '');
    this.creator = null;
  }

  /** Cuts every edge of the graph behind this variable, so it can be collected. */
  unchainBackward(): void {
    if (arguments.length) surplusArguments('Variable.unchainBackward', arguments, '');
    const seen = new Set<FunctionNode>();
    const stack: FunctionNode[] = this.creator ? [this.creator] : [];
    this.creator = null;
    while (stack.length) {
      const f = stack.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      for (const x of f.inputs) if (x.creator && !seen.has(x.creator)) stack.push(x.creator);
      for (const x of f.inputs) x.creator = null;
      f.unchain();
    }
  }

  item(): number {
    if (arguments.length) surplusArguments('Variable.item', arguments, '');
    return this.array.item();
  }

  // Operators. Numbers and NDArrays are constants; Variables are differentiated. A surplus
  // argument throws: JavaScript would drop it, where Chainer's operators raise.
  add(other: Operand): Variable {
    if (arguments.length > 1) surplusArguments('Variable.add', arguments, 'other');
    return ops().add(this, other);
  }
  sub(other: Operand): Variable {
    if (arguments.length > 1) surplusArguments('Variable.sub', arguments, 'other');
    return ops().sub(this, other);
  }
  /** other - this */
  rsub(other: Operand): Variable {
    if (arguments.length > 1) surplusArguments('Variable.rsub', arguments, 'other');
    return ops().rsub(this, other);
  }
  mul(other: Operand): Variable {
    if (arguments.length > 1) surplusArguments('Variable.mul', arguments, 'other');
    return ops().mul(this, other);
  }
  div(other: Operand): Variable {
    if (arguments.length > 1) surplusArguments('Variable.div', arguments, 'other');
    return ops().div(this, other);
  }
  /** other / this */
  rdiv(other: Operand): Variable {
    if (arguments.length > 1) surplusArguments('Variable.rdiv', arguments, 'other');
    return ops().rdiv(this, other);
  }
  pow(other: Operand): Variable {
    if (arguments.length > 1) surplusArguments('Variable.pow', arguments, 'other');
    return ops().pow(this, other);
  }
  /** other ** this */
  rpow(other: Operand): Variable {
    if (arguments.length > 1) surplusArguments('Variable.rpow', arguments, 'other');
    return ops().rpow(this, other);
  }
  neg(): Variable {
    if (arguments.length) surplusArguments('Variable.neg', arguments, '');
    return ops().neg(this);
  }
  abs(): Variable {
    if (arguments.length) surplusArguments('Variable.abs', arguments, '');
    return ops().abs(this);
  }
  matmul(other: VariableLike): Variable {
    if (arguments.length > 1) surplusArguments('Variable.matmul', arguments, 'other');
    return ops().matmul(this, other);
  }
  sum(axis?: number | readonly number[] | null, keepdims = false): Variable {
    if (arguments.length > 2) surplusArguments('Variable.sum', arguments, 'axis, keepdims');
    return ops().sum(this, axis, keepdims);
  }

  /** reshape(2, 3) or reshape([2, 3]); one dimension may be -1. */
  reshape(...shape: (number | readonly number[])[]): Variable {
    const s = shape.length === 1 && Array.isArray(shape[0]) ? shape[0] as number[] : shape as number[];
    return ops().reshape(this, s);
  }

  /** transpose() or transpose(null) reverses the axes; transpose(1, 0, 2) or transpose([1, 0, 2]) permutes them. */
  transpose(...axes: (number | readonly number[] | null)[]): Variable {
    // A single null is Chainer's transpose(None).
    const one = axes.length === 1 && (Array.isArray(axes[0]) || axes[0] === null);
    const a = axes.length === 0 ? null : one ? axes[0] as number[] | null : axes as number[];
    return ops().transpose(this, a);
  }

  get T(): Variable {
    return this.transpose();
  }

  /** x.getItem(...) is F.getItem(x, ...): slices, integers, integer arrays and newaxis. */
  getItem(slices: unknown): Variable {
    if (arguments.length > 1) surplusArguments('Variable.getItem', arguments, 'slices');
    return ops().getItem(this, slices);
  }

  toString(): string {
    if (this._array === null) return `variable(None${this.name ? `, name=${this.name}` : ''})`;
    const a = this._array;
    const prefix = `variable${this.name ? ` ${this.name}` : ''}(`;
    if (a.isDisposed) return `${prefix}<disposed>, shape=${shapeString(a.shape)}, dtype=${a.dtype})`;
    // Chainer's variable_repr: numpy's array2string after the prefix, no dtype
    return `${prefix}${formatArray(a.dataSync(), a.shape, a.dtype, prefix.length)})`;
  }
}
inspectAsString(Variable);
keepsNoGradients(Variable);

/** Wraps NDArrays as constant variables; rejects anything else with a message naming `what`. */
export function asVariable(x: unknown, what: string): Variable {
  if (x instanceof Variable) return x;
  if (x instanceof NDArray) return new Variable(x, WITHOUT_GRAD);
  const kind = x === null ? 'null' : Array.isArray(x) ? 'a plain array' : typeof x === 'object' ? (x as object).constructor?.name : typeof x;
  throw new TypeError(`${what} must be a Variable or an NDArray, got ${kind}`);
}

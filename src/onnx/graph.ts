// The ONNX graph under construction: nodes in execution order, initializers, and the names
// given to the Variables of the traced graph. Converters add nodes through it and never
// see the protobuf encoding.
import type { NDArray } from '../array/ndarray';
import type { Variable } from '../core/variable';
import { Parameter } from '../links/parameter';
import type { AttributeValue, NodeMessage, TensorElementType, TensorMessage } from './onnx-proto';

/** Names of a model's parameters and persistent arrays by their paths, 'l1/W', 'bn/avg_mean'. */
export interface ModelPaths {
  params: ReadonlyMap<Variable, string>;
  arrays: ReadonlyMap<NDArray, string>;
}

export class OnnxGraph {
  readonly nodes: NodeMessage[] = [];
  readonly initializers: TensorMessage[] = [];
  readonly #names = new Map<Variable, string>();
  /** The value holding each constant array, so that an array read twice is stored once. */
  readonly #constants = new Map<NDArray, string>();
  readonly #used = new Set<string>();
  readonly #opCounts = new Map<string, number>();
  /** The batch axis of each value of the traced graph (batch-axis.ts); null where there is none. */
  readonly #batchAxes = new Map<Variable, number | null>();
  readonly #otherBatchAxes = new Map<Variable, readonly number[]>();
  /** The constants expanded to the batch at run time: their axis 0 is the batch. */
  readonly #batchConstants = new Set<string>();

  /**
   * @param batchSize the example inputs' axis 0, the axis exported as dynamic
   * @param dynamicBatch whether axis 0 is exported as dynamic at all
   * @param batchShapeOf the name of a value whose axis 0 is the batch, for building shapes
   * @param paths the names that parameters and persistent arrays take
   */
  constructor(readonly batchSize: number, readonly dynamicBatch: boolean, readonly batchShapeOf: string, private readonly paths: ModelPaths) {
    for (const name of [...paths.params.values(), ...paths.arrays.values()]) this.#used.add(name);
  }

  /** A name not used yet, from a hint ('relu' -> 'relu', 'relu_1', ...). */
  freshName(hint: string): string {
    let name = hint, k = 0;
    while (this.#used.has(name)) name = `${hint}_${++k}`;
    this.#used.add(name);
    return name;
  }

  /** Gives v a fixed name (an input, an output or a parameter). */
  setName(v: Variable, name: string): void {
    this.#names.set(v, name);
    this.#used.add(name);
  }

  batchAxis(v: Variable): number | null {
    return this.#batchAxes.get(v) ?? null;
  }

  setBatchAxis(v: Variable, axis: number | null): void {
    this.#batchAxes.set(v, axis);
  }

  /** v's axes other than batchAxis(v) that are as long as the batch too (the columns of x y^T). */
  otherBatchAxes(v: Variable): readonly number[] {
    return this.#otherBatchAxes.get(v) ?? [];
  }

  setOtherBatchAxes(v: Variable, axes: readonly number[]): void {
    if (axes.length) this.#otherBatchAxes.set(v, axes);
  }

  /** The name of a value of the graph that holds exactly the array `a` (a model input passed on as v.array), if any. */
  nameOfArray(a: NDArray): string | null {
    const held = this.#holding(a);
    return held ? this.#names.get(held)! : null;
  }

  /** The named Variable whose array is `a`, if any. */
  #holding(a: NDArray): Variable | undefined {
    for (const v of this.#names.keys()) if (v.array === a) return v;
    return undefined;
  }

  hasName(v: Variable): boolean {
    return this.#names.has(v);
  }

  /**
   * v's value name. A Variable met for the first time without a creator in the graph is the
   * value of the graph whose array it holds (a model input passed on as x.array), or else a
   * constant: a parameter or persistent array under its path, anything else a fresh name.
   */
  nameOf(v: Variable): string {
    let name = this.#names.get(v) ?? this.#constants.get(v.array);
    if (name === undefined) {
      const held = this.#holding(v.array);
      if (held) {
        this.#batchAxes.set(v, this.batchAxis(held));
        this.setOtherBatchAxes(v, this.otherBatchAxes(held));
        this.#names.set(v, name = this.#names.get(held)!);
        return name;
      }
    }
    if (name === undefined) {
      const a = v.array;
      const path = this.paths.params.get(v) ?? this.paths.arrays.get(a);
      if (path !== undefined) name = this.initializer(path, a.dtype, a.shape, a.dataSync(), true);
      else if (v instanceof Parameter) name = this.initializer(v.name ?? 'param', a.dtype, a.shape, a.dataSync());
      else name = this.constant(a);
      this.#constants.set(a, name);
    }
    if (this.#batchConstants.has(name)) this.#batchAxes.set(v, 0);
    this.#names.set(v, name);
    return name;
  }

  /** The name for a function node's output, fresh unless it was fixed beforehand. */
  outputName(v: Variable, hint: string): string {
    let name = this.#names.get(v);
    if (name === undefined) this.#names.set(v, name = this.freshName(hint));
    return name;
  }

  /**
   * Adds a node; returns its output names, fresh ones unless given. `outputs` may be a count.
   */
  add(opType: string, inputs: readonly string[], attributes: Record<string, AttributeValue> = {}, outputs: readonly string[] | number = 1): string[] {
    const k = this.#opCounts.get(opType) ?? 0;
    this.#opCounts.set(opType, k + 1);
    const name = `${opType}_${k}`;
    const outs = typeof outputs === 'number'
      ? Array.from({ length: outputs }, (_, i) => this.freshName(outputs === 1 ? `${name}_out` : `${name}_out${i}`))
      : outputs;
    this.nodes.push({ opType, name, inputs, outputs: outs, attributes });
    return [...outs];
  }

  /** add() of a node with one output, returning that output's name. */
  op(opType: string, inputs: readonly string[], attributes: Record<string, AttributeValue> = {}, output?: string): string {
    return this.add(opType, inputs, attributes, output === undefined ? 1 : [output])[0];
  }

  /** An initializer holding the values; returns its name (a fresh one from the hint unless exactName). */
  initializer(hint: string, type: TensorElementType, dims: readonly number[], values: ArrayLike<number>, exactName = false): string {
    const name = exactName ? hint : this.freshName(hint);
    this.initializers.push({ name, type, dims, values });
    return name;
  }

  /**
   * A constant array. One as long as the batch (2 or more) with equal rows, like the zero
   * initial state of a recurrent link, is one row expanded to the batch at run time.
   */
  constant(a: NDArray, type: TensorElementType = a.dtype): string {
    const data = a.dataSync();
    const batchRows = this.dynamicBatch && this.batchSize > 1 && a.ndim >= 2 && a.shape[0] === this.batchSize && rowsEqual(data, a.size / a.shape[0]);
    if (!batchRows) return this.initializer('const', type, a.shape, data);
    const row = this.initializer('const', type, [1, ...a.shape.slice(1)], data.subarray(0, a.size / a.shape[0]));
    const expanded = this.op('Expand', [row, this.batchShape(a.shape.slice(1))]);
    this.#batchConstants.add(expanded);
    return expanded;
  }

  /** A 1-D int64 constant (the shapes, axes and indices that ONNX operators take as inputs). */
  int64s(values: readonly number[], hint = 'const'): string {
    return this.initializer(hint, 'int64', [values.length], values);
  }

  /** A 0-d constant of the type (a scalar operand of an arithmetic node). */
  scalar(value: number, type: TensorElementType, hint = 'const'): string {
    return this.initializer(hint, type, [], [value]);
  }

  /**
   * The shape [batch, ...rest] as an int64 value: computed from the batch input when the
   * batch axis is dynamic, constant otherwise.
   */
  batchShape(rest: readonly number[]): string {
    if (!this.dynamicBatch) return this.int64s([this.batchSize, ...rest], 'shape');
    const batch = this.op('Slice', [this.op('Shape', [this.batchShapeOf]), this.int64s([0]), this.int64s([1])]);
    return rest.length ? this.op('Concat', [batch, this.int64s(rest)], { axis: 0 }) : batch;
  }
}

/** Whether every row (of `row` values) equals the first. */
function rowsEqual(data: ArrayLike<number>, row: number): boolean {
  for (let i = row; i < data.length; i++) if (!Object.is(data[i], data[i % row])) return false;
  return true;
}

// FunctionNode: one differentiable operation in the graph. forward() computes on
// NDArrays; backward() is written with differentiable functions on Variables, so the
// gradient computation can itself be differentiated (double backprop).
import type { NDArray } from '../array/ndarray';
import { config } from './config';
import { gradSinksOpen, recordsGraph } from './backward';
import { type GradSink, Variable, asVariable, gradOption, type VariableLike } from './variable';

let nextId = 0;

export abstract class FunctionNode {
  /** Inputs as seen by the graph (set when the call is recorded). */
  inputs: Variable[] = [];
  /** Outputs as seen by the graph (set when the call is recorded). */
  outputs: Variable[] = [];
  /** Generation: the largest rank among the inputs. */
  rank = 0;
  /** Creation order, for stable ordering of graph dumps. */
  readonly id = nextId++;
  private retainedInputs: number[] | null = null;
  private retainedOutputs: number[] | null = null;

  /** Name in graph dumps and error messages: Chainer's class name. */
  get label(): string {
    return this.constructor.name;
  }

  /** Computes outputs from input arrays. */
  abstract forward(inputs: NDArray[]): NDArray[];

  /**
   * Gradients of the inputs listed in `indexes`, given the gradients of the outputs (null
   * for outputs that received none). Returns one entry per index, or one per input.
   */
  backward(_indexes: number[], _gradOutputs: (Variable | null)[]): (Variable | null)[] {
    throw new Error(`${this.label}: backward is not implemented`);
  }

  /**
   * Where backward may write the gradient of input i in place of returning it: the resident
   * gradient of a leaf parameter, during backward() without double backprop. `fresh` means
   * the target holds nothing yet and must be overwritten, not added to. A function that
   * writes there returns null for that input. Null when the gradient must be returned.
   * `addsWhole`: the function adds its whole gradient to the target in one rounding
   * (g + gW, as Chainer adds it), so a gradient already held may be the target too.
   */
  protected gradSink(i: number, addsWhole = false): GradSink | null {
    if (!gradSinksOpen()) return null;
    const x = this.inputs[i];
    return x && x.creator === null && x.requiresGrad ? x.gradSink(addsWhole) : null;
  }

  /** Keeps these inputs for backward (all when no indexes are given). */
  retainInputs(indexes: number[]): void {
    this.retainedInputs = indexes;
  }

  /** Keeps these outputs for backward. */
  retainOutputs(indexes: number[]): void {
    this.retainedOutputs = indexes;
  }

  getRetainedInputs(): Variable[] {
    if (this.retainedInputs === null) throw new Error(`${this.label}: backward needs retainInputs() in forward`);
    return this.retainedInputs.map((i) => this.inputs[i]);
  }

  getRetainedOutputs(): Variable[] {
    if (this.retainedOutputs === null) throw new Error(`${this.label}: backward needs retainOutputs() in forward`);
    // The output variables as they are now: as in Chainer, data assigned to one after the
    // forward (y.array = ...) is what backward sees, as for the retained inputs.
    return this.retainedOutputs.map((i) => this.outputs[i]);
  }

  /** Runs the function and records it in the graph when backprop is enabled. */
  apply(inputs: readonly VariableLike[]): Variable[] {
    const xs = inputs.map((x, i) => (x instanceof Variable ? x : asVariable(x, `${this.label}: input ${i}`)));
    const ys = this.forward(xs.map((x) => x.array));
    // As Chainer, the graph is recorded even when no input needs a gradient (y.creator is
    // set); the outputs need one when some input does.
    const record = recordsGraph && config.enableBackprop;
    const outputs = ys.map((y) => new Variable(y, gradOption(record && xs.some((x) => x.requiresGrad))));
    if (record) {
      this.inputs = xs;
      this.rank = xs.reduce((r, x) => Math.max(r, x.rank), 0);
      for (const y of outputs) {
        y.creator = this;
        y.rank = this.rank + 1;
      }
      this.outputs = outputs;
    }
    return outputs;
  }

  /** Forgets inputs and outputs so that the graph behind this node can be collected. */
  unchain(): void {
    for (const y of this.outputs) if (y.creator === this) y.creator = null;
    this.inputs = [];
    this.outputs = [];
  }

  toString(): string {
    return `<${this.label}>`;
  }
}

// The graph walk behind Variable.backward() and grad(): functions are processed from the
// highest rank down, so every consumer of a variable has contributed to its gradient
// before the gradient flows further back (any DAG: shared subexpressions, several
// outputs, a variable used twice).
import { shapeString } from '../array/shape';
import type { Storage } from '../backends/backend';
import { type TemporaryLedger, withLedger } from '../backends/temporaries';
import { usingConfig } from './config';
import type { FunctionNode } from './function-node';
import type { Variable } from './variable';
import { vouchedFor } from './vouched';

export interface RunBackwardOptions {
  retainGrad?: boolean;
  enableDoubleBackprop?: boolean;
  /**
   * Add leaf gradients into leaf.grad (Variable.backward) instead of returning them: the
   * map returned is then empty.
   */
  accumulateLeaves?: boolean;
  /** Variables whose gradients must be kept and returned (grad()). */
  targets?: readonly Variable[];
  /**
   * Gradients the walk starts from besides the outputs' (grad()'s gradInputs), set after
   * them: contributions are added to them as they arrive.
   */
  initialGrads?: ReadonlyMap<Variable, Variable>;
  /**
   * The variables whose gradients a node computes (grad(): those on a path from the targets
   * to the outputs, Chainer's grad_required); by default every input that requires one.
   */
  gradRequired?: ReadonlySet<Variable>;
}

/**
 * True while backward() runs without double backprop: a function may then write the
 * gradient of a leaf parameter straight into the parameter's resident gradient
 * (FunctionNode.gradSink) instead of returning it.
 */
let sinksOpen = false;

/** Whether FunctionNode.apply records the graph (kusari/infer's forward-only.ts says never). */
export const recordsGraph = true;

export function gradSinksOpen(): boolean {
  return sinksOpen;
}

/**
 * The nodes to run, highest rank first and, among equal ranks, in the order they were
 * reached (Chainer's heap of (-rank, count, func)): the order in which a variable's
 * gradient contributions are summed, which rounds differently in float32.
 */
class NodeHeap {
  private items: FunctionNode[] = [];
  /** When each node was pushed. */
  private readonly seq = new Map<FunctionNode, number>();

  push(f: FunctionNode): void {
    if (this.seq.has(f)) return;
    this.seq.set(f, this.seq.size);
    const a = this.items;
    a.push(f);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(a[i], a[p])) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }

  private before(a: FunctionNode, b: FunctionNode): boolean {
    return a.rank > b.rank || (a.rank === b.rank && this.seq.get(a)! < this.seq.get(b)!);
  }

  pop(): FunctionNode | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < a.length && this.before(a[l], a[m])) m = l;
        if (r < a.length && this.before(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}

function checkGradShape(f: FunctionNode, i: number, x: Variable, gx: Variable): void {
  const a = x.shape, g = gx.shape;
  if (a.length !== g.length || a.some((d, k) => d !== g[k])) {
    throw new RangeError(`${f.label}.backward: gradient of input ${i} has shape ${shapeString(g)} but the input has shape ${shapeString(a)}`);
  }
  if (gx.dtype !== x.dtype && x.dtype === 'float32') {
    throw new TypeError(`${f.label}.backward: gradient of input ${i} is ${gx.dtype} but the input is ${x.dtype}`);
  }
}

/** The storages of the gradients a walk still holds. */
function storagesOf(grads: Iterable<Variable>): Set<Storage> {
  const live = new Set<Storage>();
  for (const g of grads) live.add(g.array.storage);
  return live;
}

/**
 * Propagates gradOutputs back from outputs. Returns the gradients of the targets (or of
 * the leaves when no targets are given and accumulateLeaves is not set).
 *
 * In a plain backward() (leaves accumulated, no double backprop, no retainGrad) the
 * gradients that flow between nodes are seen by nobody else: the temporaries made during
 * the walk are recycled as soon as no gradient in flight holds them (backends/temporaries.ts),
 * after each node whose class is vouched for (core/vouched.ts). A node or leaf that is not
 * vouched for may keep what it saw, so everything noted up to then is given up.
 */
export function runBackward(outputs: readonly Variable[], gradOutputs: readonly (Variable | null)[],
                            options: RunBackwardOptions): Map<Variable, Variable> {
  const recycles = !!options.accumulateLeaves && !options.enableDoubleBackprop && !options.retainGrad && !options.targets;
  return recycles ? withLedger((ledger) => walk(outputs, gradOutputs, options, ledger)) : walk(outputs, gradOutputs, options, null);
}

function walk(outputs: readonly Variable[], gradOutputs: readonly (Variable | null)[],
              options: RunBackwardOptions, ledger: TemporaryLedger | null): Map<Variable, Variable> {
  const grads = new Map<Variable, Variable>();
  const keep = new Set<Variable>(options.targets ?? []);
  const heap = new NodeHeap();
  outputs.forEach((y, i) => {
    const g = gradOutputs[i];
    if (!g) return;
    const prev = grads.get(y);
    grads.set(y, prev ? prev.add(g) : g);
    if (y.creator) heap.push(y.creator);
  });
  for (const [x, g] of options.initialGrads ?? []) grads.set(x, g);
  const leaves = new Set<Variable>();
  const previousSinks = sinksOpen;
  sinksOpen = !!options.accumulateLeaves && !options.enableDoubleBackprop;
  try {
    usingConfig('enableBackprop', !!options.enableDoubleBackprop, () => propagate(heap, grads, keep, leaves, options, ledger));
  } finally {
    sinksOpen = previousSinks;
  }
  if (options.accumulateLeaves) {
    usingConfig('enableBackprop', !!options.enableDoubleBackprop, () => {
      for (const x of leaves) {
        const g = grads.get(x);
        if (g) x.accumulateGrad(g);
      }
    });
    if (ledger) {
      // What a leaf keeps as its gradient stays; the rest was consumed.
      if ([...leaves].every(vouchedFor)) ledger.handBack(storagesOf(leafGrads(leaves)));
      else ledger.abandon();
      grads.clear();
    }
  }
  return grads;
}

/** The gradients the leaves reached hold (accumulated as they arrive). */
function leafGrads(leaves: ReadonlySet<Variable>): Variable[] {
  const out: Variable[] = [];
  for (const x of leaves) if (x.gradVar !== null) out.push(x.gradVar);
  return out;
}

/**
 * The gradient of output y of f when f runs, as Chainer's GradTable gives it: none for an
 * output cut from f (unchain), which keeps its gradient as a leaf; in Variable.backward an
 * output no gradient reached gives the gradient it holds, and gives it up
 * (accumulate_grad_inputs), so y2.grad = g2; y1.backward() carries g2 back too.
 */
function takeOutputGrad(y: Variable, grads: Map<Variable, Variable>, keep: ReadonlySet<Variable>, loadHeld: boolean): Variable | null {
  if (y.creator === null) return null;
  let g = grads.get(y) ?? null;
  if (!keep.has(y)) grads.delete(y);
  if (g === null && loadHeld && y.gradVar !== null) {
    g = y.gradVar;
    y.gradVar = null;
  }
  return g;
}

/** Runs the backward of every node in the heap, highest rank first, collecting the leaves reached. */
function propagate(heap: NodeHeap, grads: Map<Variable, Variable>, keep: ReadonlySet<Variable>, leaves: Set<Variable>,
                   options: RunBackwardOptions, ledger: TemporaryLedger | null): void {
  for (let f = heap.pop(); f; f = heap.pop()) {
    // Intermediate gradients are freed as soon as they are consumed.
    const gys = f.outputs.map((y) => takeOutputGrad(y, grads, keep, !!options.accumulateLeaves));
    // As Chainer: with retainGrad every output of a node reached gets what it received (none included).
    if (options.retainGrad) f.outputs.forEach((y, i) => { if (y.creator !== null) y.gradVar = gys[i]; });
    if (gys.every((g) => g === null)) continue;
    const indexes: number[] = [];
    const required = options.gradRequired;
    f.inputs.forEach((x, i) => { if (required ? required.has(x) : x.requiresGrad) indexes.push(i); });
    if (indexes.length === 0) continue;
    const result = f.backward(indexes, gys);
    const byIndex = result.length === indexes.length ? indexes : null;
    if (!byIndex && result.length !== f.inputs.length) {
      throw new Error(`${f.label}.backward: returned ${result.length} gradients for ${f.inputs.length} inputs (${indexes.length} requested)`);
    }
    let unvouchedLeaf = false;
    result.forEach((gx, k) => {
      const i = byIndex ? byIndex[k] : k;
      if (!gx || !indexes.includes(i)) return;
      const x = f.inputs[i];
      checkGradShape(f, i, x, gx);
      if (x.creator === null && options.accumulateLeaves && !grads.has(x) && x.gradVar !== null) {
        // As Chainer: a leaf's gradient is the one it held plus each contribution in the
        // order they arrive ((g0 + g1) + g2, not g0 + (g1 + g2)). One that held none sums
        // its contributions here and takes them at the end (nothing shares them then).
        x.accumulateGrad(gx);
        leaves.add(x);
        if (!vouchedFor(x)) unvouchedLeaf = true;
        return;
      }
      const prev = grads.get(x);
      grads.set(x, prev ? prev.add(gx) : gx);
      if (x.creator) heap.push(x.creator);
      else leaves.add(x);
    });
    if (!ledger) continue;
    if (vouchedFor(f) && !unvouchedLeaf) ledger.handBack(storagesOf([...grads.values(), ...leafGrads(leaves)]));
    else ledger.abandon();
  }
}

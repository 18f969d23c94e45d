// Stands in for core/backward.ts in kusari/infer (scripts/build.mjs swaps it in): functions
// run forward and record no graph, so nothing is kept for a backward pass.
import type { Variable } from '../core/variable';

/** Whether FunctionNode.apply records the graph: never here. */
export const recordsGraph = false;

export function gradSinksOpen(): boolean {
  return false;
}

export function runBackward(_outputs: readonly Variable[]): never {
  throw new Error('Variable.backward: kusari/infer computes forward only; import kusari for gradients and training');
}

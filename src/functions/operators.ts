// The differentiable operators behind Variable's methods (add, mul, matmul, getItem, ...).
// kusari's entry installs them on import; kusari/infer leaves them out of bundles that do
// not call installVariableOperators().
import { installOperators } from '../core/variable';
import { add, sub, mul, div, pow, neg, absolute } from './math/basic-math';
import { matmul } from './math/matmul';
import { sum } from './math/sum';
import { reshape } from './array/reshape';
import { transpose } from './array/transpose';
import { getItem } from './array/get-item';
import type { Index } from '../array/slicing';

/** Gives Variable its arithmetic, reshaping and indexing methods. */
export function installVariableOperators(): void {
  installOperators({
    add, sub, mul, div, pow, neg, matmul, reshape, transpose, sum,
    abs: absolute,
    rsub: (a, b) => sub(b, a),
    rdiv: (a, b) => div(b, a),
    rpow: (a, b) => pow(b, a),
    getItem: (a, slices) => getItem(a, slices as Index),
  });
}

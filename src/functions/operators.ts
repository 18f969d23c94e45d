// Installs the differentiable operators behind Variable's methods.
import { installOperators } from '../core/variable';
import { add, sub, mul, div, pow, neg, absolute } from './math/basic-math';
import { matmul } from './math/matmul';
import { sum } from './math/sum';
import { reshape } from './array/reshape';
import { transpose } from './array/transpose';

installOperators({
  add, sub, mul, div, pow, neg, matmul, reshape, transpose, sum,
  abs: absolute,
  rsub: (a, b) => sub(b, a),
  rdiv: (a, b) => div(b, a),
  rpow: (a, b) => pow(b, a),
  getItem: () => { throw new Error('getItem: not available yet'); },
});

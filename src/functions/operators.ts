// Installs the differentiable operators behind Variable's methods.
import { installOperators } from '../core/variable';
import { add, sub, mul, div, pow, neg, absolute } from './math/basic-math';
import { matmul } from './math/matmul';
import { sum } from './math/sum';
import { reshape } from './array/reshape';
import { transpose } from './array/transpose';
import { getItem } from './array/get-item';
import type { Index } from '../array/slicing';

installOperators({
  add, sub, mul, div, pow, neg, matmul, reshape, transpose, sum,
  abs: absolute,
  rsub: (a, b) => sub(b, a),
  rdiv: (a, b) => div(b, a),
  rpow: (a, b) => pow(b, a),
  getItem: (a, slices) => getItem(a, slices as Index),
});

import { F } from '../../../src/index';
import { describeBackends } from '../../util';
import { erfRef } from '../reference';
import { type UnaryCase, checkUnary } from '../unary-cases';

const CASES: UnaryCase[] = [
  { name: 'exp', fn: F.exp, ref: Math.exp, lo: -3, hi: 3 },
  { name: 'log', fn: F.log, ref: Math.log, lo: 0.3, hi: 4 },
  { name: 'log2', fn: F.log2, ref: Math.log2, lo: 0.3, hi: 4 },
  { name: 'log10', fn: F.log10, ref: Math.log10, lo: 0.3, hi: 4 },
  { name: 'expm1', fn: F.expm1, ref: Math.expm1, lo: -2, hi: 2 },
  { name: 'log1p', fn: F.log1p, ref: Math.log1p, lo: -0.5, hi: 3 },
  { name: 'sqrt', fn: F.sqrt, ref: Math.sqrt, lo: 0.3, hi: 4 },
  { name: 'rsqrt', fn: F.rsqrt, ref: (x) => 1 / Math.sqrt(x), lo: 0.3, hi: 4 },
  { name: 'square', fn: F.square, ref: (x) => x * x, lo: -3, hi: 3 },
  { name: 'absolute', fn: F.absolute, ref: Math.abs, lo: -3, hi: 3, kinks: [0] },
  { name: 'sin', fn: F.sin, ref: Math.sin, lo: -4, hi: 4 },
  { name: 'cos', fn: F.cos, ref: Math.cos, lo: -4, hi: 4 },
  { name: 'tan', fn: F.tan, ref: Math.tan, lo: -1.2, hi: 1.2, rtol: 2e-5 },
  { name: 'arcsin', fn: F.arcsin, ref: Math.asin, lo: -0.8, hi: 0.8 },
  { name: 'arccos', fn: F.arccos, ref: Math.acos, lo: -0.8, hi: 0.8 },
  { name: 'arctan', fn: F.arctan, ref: Math.atan, lo: -3, hi: 3 },
  { name: 'sinh', fn: F.sinh, ref: Math.sinh, lo: -3, hi: 3 },
  { name: 'cosh', fn: F.cosh, ref: Math.cosh, lo: -3, hi: 3 },
  { name: 'erf', fn: F.erf, ref: erfRef, lo: -2.5, hi: 2.5, atol: 3e-7 },
];

describeBackends('F unary math', (test) => {
  for (const c of CASES) {
    test(`${c.name}: values, gradient, double backprop, dtype error`, () => checkUnary(c));
  }
});

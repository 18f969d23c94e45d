// Table-driven tests of elementwise functions: values against a float64 reference,
// numerical gradients, and second-order gradients.
import { NDArray, Variable, array, gradientCheck } from '../../src/index';
import { assertClose, assertThrows, randomValues } from '../util';
import { awayFrom } from './reference';

export interface UnaryCase {
  name: string;
  fn: (x: Variable) => Variable;
  ref: (x: number) => number;
  /** Input range. */
  lo: number;
  hi: number;
  /** Points where the function is not differentiable. */
  kinks?: number[];
  atol?: number;
  rtol?: number;
  /** Tolerances of the gradient checks. */
  gradAtol?: number;
  gradRtol?: number;
  skipDouble?: boolean;
}

export function input(c: UnaryCase, shape: number[], seed: number): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  return array(awayFrom(randomValues(n, seed, c.lo, c.hi), c.kinks ?? []), { shape });
}

export function checkUnary(c: UnaryCase): void {
  const x = input(c, [3, 7], 11);
  const xs = Array.from(x.dataSync());
  assertClose(c.fn(new Variable(x)), Float64Array.from(xs, c.ref), { atol: c.atol ?? 1e-6, rtol: c.rtol ?? 1e-5 });
  const tol = { atol: c.gradAtol ?? 1e-3, rtol: c.gradRtol ?? 1e-2 };
  gradientCheck.checkBackward(c.fn, [input(c, [2, 5], 12)], null, tol);
  if (!c.skipDouble) {
    gradientCheck.checkDoubleBackward(c.fn, [input(c, [2, 5], 13)], array(randomValues(10, 14), { shape: [2, 5] }),
      array(randomValues(10, 15), { shape: [2, 5] }), tol);
  }
  assertThrows(() => c.fn(new Variable(array([1, 2], { dtype: 'int32' }))), c.name, 'x', 'float32');
}

// Elementwise operations with numpy broadcasting and dtype promotion.
import { Unary, Binary } from '../../../assembly/opcodes';
import { type DType, checkDType, resultDType } from '../dtype';
import { NDArray } from '../ndarray';
import { broadcastShapes, broadcastStrides, collapseAxes, shapeString, shapesEqual } from '../shape';
import { full } from '../creation';
import { type ArrayLike, checkArray, sameBackend, wrap } from './common';
import { broadcastTo } from './layout';
import { asMask } from '../masks';

// ------------------------------------------------------------------ unary

/** Operations that keep int32 as int32; everything else computes in float32. */
const INTEGRAL = new Set<Unary>([Unary.Neg, Unary.Abs, Unary.Square, Unary.Sign, Unary.Relu, Unary.Floor, Unary.Ceil, Unary.Round]);

function unary(op: Unary, name: string, x: NDArray): NDArray {
  checkArray(name, 'x', x);
  if (x.dtype === 'int32' && !INTEGRAL.has(op)) x = cast(x, 'float32');
  return wrap(x.backend.unary(op, x), x.shape, x.dtype, x.backend);
}

export const neg = (x: NDArray) => unary(Unary.Neg, 'neg', x);
export const abs = (x: NDArray) => unary(Unary.Abs, 'abs', x);
export const exp = (x: NDArray) => unary(Unary.Exp, 'exp', x);
export const log = (x: NDArray) => unary(Unary.Log, 'log', x);
export const sqrt = (x: NDArray) => unary(Unary.Sqrt, 'sqrt', x);
export const rsqrt = (x: NDArray) => unary(Unary.Rsqrt, 'rsqrt', x);
export const square = (x: NDArray) => unary(Unary.Square, 'square', x);
export const sin = (x: NDArray) => unary(Unary.Sin, 'sin', x);
export const cos = (x: NDArray) => unary(Unary.Cos, 'cos', x);
export const tan = (x: NDArray) => unary(Unary.Tan, 'tan', x);
export const tanh = (x: NDArray) => unary(Unary.Tanh, 'tanh', x);
export const sigmoid = (x: NDArray) => unary(Unary.Sigmoid, 'sigmoid', x);
export const relu = (x: NDArray) => unary(Unary.Relu, 'relu', x);
export const sign = (x: NDArray) => unary(Unary.Sign, 'sign', x);
export const floor = (x: NDArray) => unary(Unary.Floor, 'floor', x);
export const ceil = (x: NDArray) => unary(Unary.Ceil, 'ceil', x);
export const round = (x: NDArray) => unary(Unary.Round, 'round', x);
export const expm1 = (x: NDArray) => unary(Unary.Expm1, 'expm1', x);
export const log1p = (x: NDArray) => unary(Unary.Log1p, 'log1p', x);
export const log2 = (x: NDArray) => unary(Unary.Log2, 'log2', x);
export const log10 = (x: NDArray) => unary(Unary.Log10, 'log10', x);
export const arcsin = (x: NDArray) => unary(Unary.Arcsin, 'arcsin', x);
export const arccos = (x: NDArray) => unary(Unary.Arccos, 'arccos', x);
export const arctan = (x: NDArray) => unary(Unary.Arctan, 'arctan', x);
export const sinh = (x: NDArray) => unary(Unary.Sinh, 'sinh', x);
export const cosh = (x: NDArray) => unary(Unary.Cosh, 'cosh', x);
export const erf = (x: NDArray) => unary(Unary.Erf, 'erf', x);
export const reciprocal = (x: NDArray) => unary(Unary.Reciprocal, 'reciprocal', x);
export const softplus = (x: NDArray) => unary(Unary.Softplus, 'softplus', x);

// ------------------------------------------------------------------ binary

const COMPARISON = new Set<Binary>([Binary.Equal, Binary.NotEqual, Binary.Less, Binary.LessEqual, Binary.Greater, Binary.GreaterEqual]);
/** Operations whose int32 result would not be integral: computed in float32, as numpy's true division. */
const FLOAT_ONLY = new Set<Binary>([Binary.Div, Binary.Pow, Binary.Arctan2]);

/** A number operand becomes a 0-d array on the other operand's backend. */
function scalarLike(v: number, other: NDArray): NDArray {
  const dtype: DType = other.dtype === 'int32' && Number.isInteger(v) ? 'int32' : 'float32';
  return full([], v, { dtype, backend: other.device });
}

function binary(op: Binary, name: string, a: ArrayLike, b: ArrayLike): NDArray {
  if (typeof a === 'number' && typeof b === 'number') throw new TypeError(`${name}: at least one operand must be an NDArray`);
  if (typeof a === 'number') a = scalarLike(a, b as NDArray);
  if (typeof b === 'number') b = scalarLike(b, a);
  checkArray(name, 'a', a); checkArray(name, 'b', b);
  const backend = sameBackend(name, [a, b], ['a', 'b']);
  const outShape = broadcastShapes(name, a.shape, b.shape);
  let dtype = resultDType(a.dtype, b.dtype);
  if (dtype === 'int32' && FLOAT_ONLY.has(op)) dtype = 'float32';
  if (a.dtype !== dtype) a = cast(a, dtype);
  if (b.dtype !== dtype) b = cast(b, dtype);
  const outDType: DType = COMPARISON.has(op) ? 'int32' : dtype;
  const { shape, strides } = collapseAxes(outShape, [broadcastStrides(name, a.shape, outShape), broadcastStrides(name, b.shape, outShape)]);
  const out = wrap(backend.binary(op, a, strides[0], b, strides[1], shape, outDType), outShape, outDType, backend);
  return COMPARISON.has(op) ? asMask(out) : out;
}

export const add = (a: ArrayLike, b: ArrayLike) => binary(Binary.Add, 'add', a, b);
export const sub = (a: ArrayLike, b: ArrayLike) => binary(Binary.Sub, 'sub', a, b);
export const mul = (a: ArrayLike, b: ArrayLike) => binary(Binary.Mul, 'mul', a, b);
export const div = (a: ArrayLike, b: ArrayLike) => binary(Binary.Div, 'div', a, b);
export const pow = (a: ArrayLike, b: ArrayLike) => binary(Binary.Pow, 'pow', a, b);
export const maximum = (a: ArrayLike, b: ArrayLike) => binary(Binary.Maximum, 'maximum', a, b);
export const minimum = (a: ArrayLike, b: ArrayLike) => binary(Binary.Minimum, 'minimum', a, b);
export const equal = (a: ArrayLike, b: ArrayLike) => binary(Binary.Equal, 'equal', a, b);
export const notEqual = (a: ArrayLike, b: ArrayLike) => binary(Binary.NotEqual, 'notEqual', a, b);
export const less = (a: ArrayLike, b: ArrayLike) => binary(Binary.Less, 'less', a, b);
export const lessEqual = (a: ArrayLike, b: ArrayLike) => binary(Binary.LessEqual, 'lessEqual', a, b);
export const greater = (a: ArrayLike, b: ArrayLike) => binary(Binary.Greater, 'greater', a, b);
export const greaterEqual = (a: ArrayLike, b: ArrayLike) => binary(Binary.GreaterEqual, 'greaterEqual', a, b);
export const arctan2 = (a: ArrayLike, b: ArrayLike) => binary(Binary.Arctan2, 'arctan2', a, b);
export const fmod = (a: ArrayLike, b: ArrayLike) => binary(Binary.Fmod, 'fmod', a, b);
export const floorDiv = (a: ArrayLike, b: ArrayLike) => binary(Binary.FloorDiv, 'floorDiv', a, b);

/** Float-only operations: int32 operands are computed in float32. */
function floatBinary(op: Binary, name: string, a: NDArray, b: NDArray): NDArray {
  checkArray(name, 'gy', a); checkArray(name, 'y', b);
  return binary(op, name, a.dtype === 'int32' ? cast(a, 'float32') : a, b.dtype === 'int32' ? cast(b, 'float32') : b);
}

// Gradients of activations from their output y and the upstream gradient gy, one pass each.
/** gy (1 - y^2): the gradient of tanh. */
export const tanhGrad = (y: NDArray, gy: NDArray) => floatBinary(Binary.TanhGrad, 'tanhGrad', gy, y);
/** gy y (1 - y): the gradient of sigmoid. */
export const sigmoidGrad = (y: NDArray, gy: NDArray) => floatBinary(Binary.SigmoidGrad, 'sigmoidGrad', gy, y);
/** gy [y > 0]: the gradient of relu. */
export const reluGrad = (y: NDArray, gy: NDArray) => floatBinary(Binary.ReluGrad, 'reluGrad', gy, y);

/** cond ? a : b elementwise, all three broadcast together; cond is an int32 mask. */
export function where(cond: NDArray, a: ArrayLike, b: ArrayLike): NDArray {
  checkArray('where', 'condition', cond);
  if (typeof a === 'number') a = scalarLike(a, typeof b === 'number' ? cond : b);
  if (typeof b === 'number') b = scalarLike(b, a);
  checkArray('where', 'x', a); checkArray('where', 'y', b);
  if (cond.dtype !== 'int32') throw new TypeError(`where: condition must be an int32 mask, got ${cond.dtype} ${shapeString(cond.shape)}`);
  const backend = sameBackend('where', [cond, a, b], ['condition', 'x', 'y']);
  const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, a.shape), b.shape);
  const dtype = resultDType(a.dtype, b.dtype);
  const [c, x, y] = [cond, cast(a, dtype), cast(b, dtype)].map((t) => (shapesEqual(t.shape, shape) ? t : broadcastTo(t, shape)));
  return wrap(backend.where(c, x, y), shape, dtype, backend);
}

/** A copy converted to dtype; float -> int truncates toward zero. */
export function cast(x: NDArray, dtype: DType): NDArray {
  checkArray('cast', 'x', x);
  checkDType('cast', dtype);
  if (x.dtype === dtype) return x;
  return wrap(x.backend.cast(x, dtype), x.shape, dtype, x.backend);
}

/** Clamps to [lo, hi]. */
export function clip(x: NDArray, lo: number, hi: number): NDArray {
  return minimum(maximum(x, lo), hi);
}

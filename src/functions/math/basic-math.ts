// Arithmetic of Variables, with Chainer's node names. Binary nodes broadcast like numpy
// and sum their gradients back to each input's shape; numbers and NDArrays are
// constants (AddConstant, MulConstant, PowVarConst, ...).
import * as ops from '../../array/ops/index';
import { NDArray } from '../../array/ndarray';
import { FunctionNode } from '../../core/function-node';
import { Variable, type Operand, type VariableLike, asVariable } from '../../core/variable';
import { floatInput } from './input';
import { sumTo } from '../array/broadcast';
import { keepsNoGradients } from '../../core/vouched';
import { surplusArguments } from '../../util/options';

type Grad = (Variable | null)[];
type Constant = number | NDArray;

function isConstant(x: Operand): x is Constant {
  return typeof x === 'number' || x instanceof NDArray;
}

function checkOperand(op: string, x: unknown): Operand {
  if (typeof x === 'number' || x instanceof NDArray || x instanceof Variable) return x;
  throw new TypeError(`${op}: operand must be a Variable, an NDArray or a number, got ${x === null ? 'null' : typeof x}`);
}

// Chainer's dtype rules (functions/math/basic_math.py): a constant takes the variable's dtype
// (numpy's x.dtype.type(value), value.astype(x.dtype)), so int32 x + 1.5 adds 1; two
// variables must share a dtype; Mul, Div, the powers and c / x need floats.

/** c converted to x's dtype: an int32 variable truncates a number toward zero. */
function constantFor(op: string, x: Variable, c: Constant): Constant {
  if (typeof c === 'number') {
    if (x.dtype === 'float32') return c;
    if (!Number.isFinite(c)) throw new TypeError(`${op}: the constant ${c} cannot be converted to the ${x.dtype} of the variable`);
    return Math.trunc(c);
  }
  return c.dtype === x.dtype ? c : ops.cast(c, x.dtype);
}

function sameDtype(op: string, a: Variable | Constant, b: Variable | Constant): void {
  const da = typeof a === 'number' ? null : a.dtype, db = typeof b === 'number' ? null : b.dtype;
  if (da !== null && db !== null && da !== db) throw new TypeError(`${op}: lhs and rhs must have the same dtype, got ${da} and ${db}`);
}

function floats(op: string, ...xs: (Variable | Constant)[]): void {
  for (const x of xs) {
    if (typeof x !== 'number' && x.dtype !== 'float32') throw new TypeError(`${op}: operands must be float32, got ${x.dtype}`);
  }
}

/** Multiplies a Variable by a constant (a number or an array broadcast against it). */
function scale(g: Variable, c: Constant): Variable {
  return new MulConstant(c).apply([g])[0];
}

export class Add extends FunctionNode {
  forward([a, b]: NDArray[]): NDArray[] { return [ops.add(a, b)]; }
  override backward(_: number[], [gy]: Grad): Grad {
    return [sumTo(gy!, this.inputs[0].shape), sumTo(gy!, this.inputs[1].shape)];
  }
}

/** Chainer's MultiAdd, F.add of one or of three and more operands: ((x0 + x1) + x2) + ... */
export class MultiAdd extends FunctionNode {
  forward(xs: NDArray[]): NDArray[] {
    // One input comes back as it is (Chainer returns xs); the sum broadcasts like Add.
    return [xs.slice(1).reduce((y, x) => ops.add(y, x), xs[0])];
  }
  override backward(_: number[], [gy]: Grad): Grad {
    return this.inputs.map((x) => sumTo(gy!, x.shape));
  }
}

export class AddConstant extends FunctionNode {
  constructor(readonly value: Constant) { super(); }
  forward([x]: NDArray[]): NDArray[] { return [ops.add(x, this.value)]; }
  override backward(_: number[], [gy]: Grad): Grad { return [sumTo(gy!, this.inputs[0].shape)]; }
}

export class Sub extends FunctionNode {
  forward([a, b]: NDArray[]): NDArray[] { return [ops.sub(a, b)]; }
  override backward(_: number[], [gy]: Grad): Grad {
    return [sumTo(gy!, this.inputs[0].shape), sumTo(neg(gy!), this.inputs[1].shape)];
  }
}

export class SubFromConstant extends FunctionNode {
  constructor(readonly value: Constant) { super(); }
  forward([x]: NDArray[]): NDArray[] { return [ops.sub(this.value, x)]; }
  override backward(_: number[], [gy]: Grad): Grad { return [sumTo(neg(gy!), this.inputs[0].shape)]; }
}

export class Mul extends FunctionNode {
  forward([a, b]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    return [ops.mul(a, b)];
  }
  override backward(indexes: number[], [gy]: Grad): Grad {
    const [a, b] = this.getRetainedInputs();
    return [
      indexes.includes(0) ? sumTo(mul(gy!, b), a.shape) : null,
      indexes.includes(1) ? sumTo(mul(gy!, a), b.shape) : null,
    ];
  }
}

export class MulConstant extends FunctionNode {
  constructor(readonly value: Constant) { super(); }
  forward([x]: NDArray[]): NDArray[] { return [ops.mul(x, this.value)]; }
  override backward(_: number[], [gy]: Grad): Grad { return [sumTo(scale(gy!, this.value), this.inputs[0].shape)]; }
}

export class Div extends FunctionNode {
  forward([a, b]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    return [ops.div(a, b)];
  }
  override backward(indexes: number[], [gy]: Grad): Grad {
    const [a, b] = this.getRetainedInputs();
    const [ga, gb] = new DivGrad().apply([a, b, gy!]);
    return [indexes.includes(0) ? ga : null, indexes.includes(1) ? gb : null];
  }
}

/**
 * Chainer's DivGrad: from (a, b, gy), gy / b and -(gy / b) a / b in its order (a / b first
 * overflows where it does not), each summed to its input's shape; its own gradients are
 * Chainer's formulas, not those of the quotients (which give inf / inf = NaN where they
 * give +-inf).
 */
export class DivGrad extends FunctionNode {
  forward([a, b, gy]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1, 2]);
    const ga = ops.div(gy, b);
    return [ops.sumTo(ga, a.shape), ops.sumTo(ops.div(ops.mul(ops.neg(ga), a), b), b.shape)];
  }
  override backward(indexes: number[], [gga, ggb]: Grad): Grad {
    const [a, b, gy] = this.getRetainedInputs();
    const b2 = mul(b, b);
    // a: -ggb gy / b^2; b: -gga gy / b^2 + ggb 2 gy a / (b^2 b); gy: gga / b - ggb a / b^2
    const ofB = [gga && div(mul(neg(gga), gy), b2), ggb && div(mul(mul(scale(ggb, 2), gy), a), mul(b2, b))];
    const ofGy = [gga && div(gga, b), ggb && div(mul(ggb, a), b2)];
    return [
      indexes.includes(0) && ggb ? sumTo(div(mul(neg(ggb), gy), b2), a.shape) : null,
      indexes.includes(1) && (gga || ggb) ? sumTo(ofB[0] && ofB[1] ? add(ofB[0], ofB[1]) : (ofB[0] ?? ofB[1])!, b.shape) : null,
      indexes.includes(2) && (gga || ggb) ? (ofGy[0] && ofGy[1] ? sub(ofGy[0], ofGy[1]) : ofGy[0] ?? neg(ofGy[1]!)) : null,
    ];
  }
}

export class DivFromConstant extends FunctionNode {
  constructor(readonly value: Constant) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    this.retainInputs([0]);
    return [ops.div(this.value, x)];
  }
  override backward(_: number[], [gy]: Grad): Grad {
    const [x] = this.getRetainedInputs();
    return [sumTo(new DivFromConstantGrad(this.value).apply([x, gy!])[0], x.shape)];
  }
}

/**
 * Chainer's DivFromConstantGrad: gx = (-c gy) / x^2 from (x, gy), whose own gradients are
 * Chainer's formulas, ggx 2 c gy / x^3 and ggx (-c) / x^2 (differentiating the quotient
 * instead gives inf / inf = NaN at x = 0 where these give +-inf).
 */
export class DivFromConstantGrad extends FunctionNode {
  constructor(readonly value: Constant) { super(); }
  forward([x, gy]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    return [ops.div(ops.mul(gy, negate(this.value)), ops.square(x))];
  }
  override backward(indexes: number[], [ggx]: Grad): Grad {
    const [x, gy] = this.getRetainedInputs();
    return [
      indexes.includes(0) ? div(mul(scale(scale(ggx!, 2), this.value), gy), pow(x, 3)) : null,
      indexes.includes(1) ? div(scale(ggx!, negate(this.value)), square(x)) : null,
    ];
  }
}

export class PowVarVar extends FunctionNode {
  forward([a, b]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    this.retainOutputs([0]);
    return [ops.pow(a, b)];
  }
  override backward(_: number[], [gy]: Grad): Grad {
    const [a, b] = this.getRetainedInputs();
    return new PowVarVarGrad(this.getRetainedOutputs()[0].array).apply([a, b, gy!]);
  }
}

/**
 * Chainer's PowVarVarGrad: (b a^(b - 1)) gy and (log(a) y) gy from (a, b, gy), summed to each
 * input's shape, with Chainer's second derivatives in terms of a^b, a^(b - 1), a^(b - 2)
 * (differentiating the first-order products instead gives NaN where those give +-inf).
 */
export class PowVarVarGrad extends FunctionNode {
  constructor(readonly y: NDArray) { super(); }
  forward([a, b, gy]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1, 2]);
    return [
      ops.sumTo(ops.mul(ops.mul(b, ops.pow(a, ops.sub(b, 1))), gy), a.shape),
      ops.sumTo(ops.mul(ops.mul(ops.log(a), this.y), gy), b.shape),
    ];
  }
  override backward(indexes: number[], [gga, ggb]: Grad): Grad {
    const [a, b, gy] = this.getRetainedInputs();
    const logA = logOf(a);
    const p = pow(a, b), p1 = pow(a, sub(b, 1)), p2 = pow(a, sub(b, 2));
    const dLog = add(mul(logA, b), 1);  // log(a) b + 1
    const plus = (u: Variable | null, v: Variable | null) => (u && v ? add(u, v) : u ?? v);
    const ofA = plus(gga && mul(mul(mul(gga, b), sub(b, 1)), p2), ggb && mul(mul(ggb, p1), dLog));
    const ofB = plus(gga && mul(mul(gga, p1), dLog), ggb && mul(mul(mul(ggb, logA), logA), p));
    return [
      indexes.includes(0) && ofA ? sumTo(mul(ofA, gy), a.shape) : null,
      indexes.includes(1) && ofB ? sumTo(mul(ofB, gy), b.shape) : null,
      indexes.includes(2) ? plus(gga && mul(mul(gga, b), p1), ggb && mul(mul(ggb, logA), p)) : null,
    ];
  }
}

export class PowVarConst extends FunctionNode {
  constructor(readonly value: Constant) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    this.retainInputs([0]);
    return [ops.pow(x, this.value)];
  }
  override backward(_: number[], [gy]: Grad): Grad {
    const [x] = this.getRetainedInputs();
    const c = this.value;
    const dx = typeof c === 'number' ? (c === 2 ? x : pow(x, c - 1)) : pow(x, ops.sub(c, 1));
    // Chainer's order: (c x^(c - 1)) gy
    return [sumTo(mul(scale(dx, c), gy!), x.shape)];
  }
}

export class PowConstVar extends FunctionNode {
  constructor(readonly value: Constant) { super(); }
  forward([x]: NDArray[]): NDArray[] {
    this.retainOutputs([0]);
    return [ops.pow(this.value, x)];
  }
  override backward(_: number[], [gy]: Grad): Grad {
    const [y] = this.getRetainedOutputs();
    // Chainer takes math.log of a number base, which raises below 0 and at 0 (math domain error).
    if (typeof this.value === 'number' && this.value <= 0) {
      throw new RangeError(`rpow: the gradient of c ** x needs log(c), undefined for the base c = ${this.value}`);
    }
    const logc = typeof this.value === 'number' ? Math.log(this.value) : ops.log(this.value);
    // Chainer's order: (log(c) y) gy
    return [sumTo(mul(scale(y, logc), gy!), this.inputs[0].shape)];
  }
}

export class Neg extends FunctionNode {
  forward([x]: NDArray[]): NDArray[] { return [ops.neg(x)]; }
  override backward(_: number[], [gy]: Grad): Grad { return [neg(gy!)]; }
}

export class Absolute extends FunctionNode {
  forward([x]: NDArray[]): NDArray[] {
    this.retainInputs([0]);
    return [ops.abs(x)];
  }
  override backward(_: number[], [gy]: Grad): Grad {
    const [x] = this.getRetainedInputs();
    return [scale(gy!, ops.sign(x.array))];
  }
}

class Square extends FunctionNode {
  forward([x]: NDArray[]): NDArray[] {
    this.retainInputs([0]);
    return [ops.square(x)];
  }
  override backward(_: number[], [gy]: Grad): Grad {
    const [x] = this.getRetainedInputs();
    return [mul(scale(gy!, 2), x)];
  }
}

class Log extends FunctionNode {
  forward([x]: NDArray[]): NDArray[] {
    this.retainInputs([0]);
    return [ops.log(x)];
  }
  override backward(_: number[], [gy]: Grad): Grad {
    return [div(gy!, this.getRetainedInputs()[0])];
  }
}

function negate(c: Constant): Constant {
  return typeof c === 'number' ? -c : ops.neg(c);
}

function square(x: Variable): Variable { return new Square().apply([x])[0]; }
function logOf(x: Variable): Variable { return new Log().apply([x])[0]; }

// ------------------------------------------------------------------ entry points

/**
 * a + b; with one operand or more than two, Chainer's F.add(*xs): a MultiAdd of variables
 * and arrays of one dtype (numbers are refused there, as in Chainer).
 */
export function add(a: Operand, b: Operand): Variable;
export function add(...xs: VariableLike[]): Variable;
export function add(...xs: Operand[]): Variable {
  if (xs.length !== 2) return multiAdd(xs);
  const [a, b] = xs;
  checkOperand('add', a); checkOperand('add', b);
  if (isConstant(b)) return isConstant(a) ? asVariable(ops.add(a, b), 'add') : new AddConstant(constantFor('add', a, b)).apply([a])[0];
  if (isConstant(a)) return new AddConstant(constantFor('add', b, a)).apply([b])[0];
  sameDtype('add', a, b);
  return new Add().apply([a, b])[0];
}

function multiAdd(xs: Operand[]): Variable {
  if (xs.length === 0) throw new TypeError('add: at least one operand is required');
  const vs = xs.map((x, i) => {
    if (typeof x === 'number') throw new TypeError(`add: xs[${i}] must be a Variable or an NDArray when adding ${xs.length} operands, got a number`);
    return asVariable(x, `add: xs[${i}]`);
  });
  vs.forEach((v, i) => {
    if (v.dtype !== vs[0].dtype) throw new TypeError(`add: xs[${i}] must have the dtype of xs[0] (${vs[0].dtype}), got ${v.dtype}`);
  });
  return new MultiAdd().apply(vs)[0];
}

export function sub(a: Operand, b: Operand): Variable {
  checkOperand('sub', a); checkOperand('sub', b);
  if (isConstant(b)) return isConstant(a) ? asVariable(ops.sub(a, b), 'sub') : new AddConstant(constantFor('sub', a, negate(b))).apply([a])[0];
  if (isConstant(a)) return new SubFromConstant(constantFor('sub', b, a)).apply([b])[0];
  sameDtype('sub', a, b);
  return new Sub().apply([a, b])[0];
}

export function mul(a: Operand, b: Operand): Variable {
  checkOperand('mul', a); checkOperand('mul', b);
  if (isConstant(b)) return isConstant(a) ? asVariable(ops.mul(a, b), 'mul') : new MulConstant(mulConstant(a, b)).apply([a])[0];
  if (isConstant(a)) return new MulConstant(mulConstant(b, a)).apply([b])[0];
  sameDtype('mul', a, b); floats('mul', a, b);
  return new Mul().apply([a, b])[0];
}

/** A number multiplies any variable (MulConstant); an array is an operand of Mul, which needs floats. */
function mulConstant(x: Variable, c: Constant): Constant {
  if (typeof c !== 'number') floats('mul', x);
  return constantFor('mul', x, c);
}

export function div(a: Operand, b: Operand): Variable {
  checkOperand('div', a); checkOperand('div', b);
  if (isConstant(b)) {
    if (isConstant(a)) return asVariable(ops.div(a, b), 'div');
    // x / c is x * (1 / c), so an int32 x divided by 2 is multiplied by 0 as in Chainer.
    if (typeof b === 'number') {
      // Chainer's 1. / rhs raises ZeroDivisionError there, for 0 and -0 alike.
      if (b === 0) throw new RangeError('div: division of a variable by the number 0 (Chainer multiplies by 1 / 0, which raises)');
      return new MulConstant(constantFor('div', a, 1 / b)).apply([a])[0];
    }
    // Chainer wraps an array in a Variable for Div: x / b, which rounds apart from x (1 / b).
    floats('div', a);
    return new Div().apply([a, asVariable(constantFor('div', a, b), 'div')])[0];
  }
  floats('div', b);
  if (typeof a === 'number') return new DivFromConstant(constantFor('div', b, a)).apply([b])[0];
  // An array over a variable is Div in Chainer too, with Div's gradient.
  if (isConstant(a)) return new Div().apply([asVariable(constantFor('div', b, a), 'div'), b])[0];
  sameDtype('div', a, b); floats('div', a);
  return new Div().apply([a, b])[0];
}

export function pow(a: Operand, b: Operand): Variable {
  checkOperand('pow', a); checkOperand('pow', b);
  if (isConstant(b)) {
    if (isConstant(a)) return asVariable(ops.pow(a, b), 'pow');
    floats('pow', a);
    return new PowVarConst(constantFor('pow', a, b)).apply([a])[0];
  }
  floats('pow', b);
  if (isConstant(a)) return new PowConstVar(constantFor('pow', b, a)).apply([b])[0];
  sameDtype('pow', a, b); floats('pow', a);
  return new PowVarVar().apply([a, b])[0];
}

export function neg(x: Variable): Variable {
  return new Neg().apply([x])[0];
}

export function absolute(x: VariableLike): Variable {
  if (arguments.length > 1) surplusArguments('absolute', arguments, 'x');
  return new Absolute().apply([floatInput('absolute', 'x', x)])[0];
}

keepsNoGradients(Add, MultiAdd, AddConstant, Sub, SubFromConstant, Mul, MulConstant, Div, DivGrad, DivFromConstant, DivFromConstantGrad,
  PowVarVar, PowVarVarGrad, PowVarConst, PowConstVar, Neg, Absolute, Square, Log);

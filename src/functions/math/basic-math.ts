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

type Grad = (Variable | null)[];
type Constant = number | NDArray;

function isConstant(x: Operand): x is Constant {
  return typeof x === 'number' || x instanceof NDArray;
}

function checkOperand(op: string, x: unknown): Operand {
  if (typeof x === 'number' || x instanceof NDArray || x instanceof Variable) return x;
  throw new TypeError(`${op}: operand must be a Variable, an NDArray or a number, got ${x === null ? 'null' : typeof x}`);
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
    const ga = div(gy!, b);
    return [
      indexes.includes(0) ? sumTo(ga, a.shape) : null,
      indexes.includes(1) ? sumTo(neg(mul(ga, div(a, b))), b.shape) : null,
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
    // d(c / x) = -c / x^2
    return [sumTo(scale(div(gy!, square(x)), negate(this.value)), x.shape)];
  }
}

export class PowVarVar extends FunctionNode {
  forward([a, b]: NDArray[]): NDArray[] {
    this.retainInputs([0, 1]);
    return [ops.pow(a, b)];
  }
  override backward(indexes: number[], [gy]: Grad): Grad {
    const [a, b] = this.getRetainedInputs();
    return [
      indexes.includes(0) ? sumTo(mul(mul(gy!, b), pow(a, sub(b, 1))), a.shape) : null,
      indexes.includes(1) ? sumTo(mul(mul(gy!, pow(a, b)), logOf(a)), b.shape) : null,
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
    return [sumTo(scale(mul(gy!, dx), c), x.shape)];
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
    const logc = typeof this.value === 'number' ? Math.log(this.value) : ops.log(this.value);
    return [sumTo(scale(mul(gy!, y), logc), this.inputs[0].shape)];
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

export function add(a: Operand, b: Operand): Variable {
  checkOperand('add', a); checkOperand('add', b);
  if (isConstant(b)) return isConstant(a) ? asVariable(ops.add(a, b), 'add') : new AddConstant(b).apply([a])[0];
  if (isConstant(a)) return new AddConstant(a).apply([b])[0];
  return new Add().apply([a, b])[0];
}

export function sub(a: Operand, b: Operand): Variable {
  checkOperand('sub', a); checkOperand('sub', b);
  if (isConstant(b)) return isConstant(a) ? asVariable(ops.sub(a, b), 'sub') : new AddConstant(negate(b)).apply([a])[0];
  if (isConstant(a)) return new SubFromConstant(a).apply([b])[0];
  return new Sub().apply([a, b])[0];
}

export function mul(a: Operand, b: Operand): Variable {
  checkOperand('mul', a); checkOperand('mul', b);
  if (isConstant(b)) return isConstant(a) ? asVariable(ops.mul(a, b), 'mul') : new MulConstant(b).apply([a])[0];
  if (isConstant(a)) return new MulConstant(a).apply([b])[0];
  return new Mul().apply([a, b])[0];
}

export function div(a: Operand, b: Operand): Variable {
  checkOperand('div', a); checkOperand('div', b);
  if (isConstant(b)) {
    if (isConstant(a)) return asVariable(ops.div(a, b), 'div');
    return new MulConstant(typeof b === 'number' ? 1 / b : ops.div(1, b)).apply([a])[0];
  }
  if (isConstant(a)) return new DivFromConstant(a).apply([b])[0];
  return new Div().apply([a, b])[0];
}

export function pow(a: Operand, b: Operand): Variable {
  checkOperand('pow', a); checkOperand('pow', b);
  if (isConstant(b)) return isConstant(a) ? asVariable(ops.pow(a, b), 'pow') : new PowVarConst(b).apply([a])[0];
  if (isConstant(a)) return new PowConstVar(a).apply([b])[0];
  return new PowVarVar().apply([a, b])[0];
}

export function neg(x: Variable): Variable {
  return new Neg().apply([x])[0];
}

export function absolute(x: VariableLike): Variable {
  return new Absolute().apply([floatInput('absolute', 'x', x)])[0];
}

keepsNoGradients(Add, AddConstant, Sub, SubFromConstant, Mul, MulConstant, Div, DivFromConstant,
  PowVarVar, PowVarConst, PowConstVar, Neg, Absolute, Square, Log);

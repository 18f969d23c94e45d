export { add, sub, mul, div, pow, neg, absolute, Add, AddConstant, Sub, SubFromConstant, Mul, MulConstant, Div, DivFromConstant, PowVarVar, PowVarConst, PowConstVar, Neg, Absolute } from './basic-math';
export { matmul, MatMul } from './matmul';
export { sum, Sum } from './sum';

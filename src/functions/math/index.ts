export { add, sub, mul, div, pow, neg, absolute, Add, AddConstant, Sub, SubFromConstant, Mul, MulConstant, Div, DivFromConstant, PowVarVar, PowVarConst, PowConstVar, Neg, Absolute } from './basic-math';
export { matmul, MatMul } from './matmul';
export { sum, Sum } from './sum';
export { exp, log, log2, log10, expm1, log1p, Exp, Log, Log2, Log10, Expm1, Log1p } from './exponential';
export { logsumexp, LogSumExp } from './logsumexp';

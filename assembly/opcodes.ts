// Operation codes shared by the AssemblyScript kernels and the TypeScript backend.
// This file is plain TypeScript that both compilers accept: keep it free of wasm types.

export const enum Unary {
  Neg = 0, Abs = 1, Exp = 2, Log = 3, Sqrt = 4, Rsqrt = 5, Square = 6, Sin = 7, Cos = 8,
  Tanh = 9, Sigmoid = 10, Relu = 11, Sign = 12, Floor = 13, Ceil = 14, Expm1 = 15, Log1p = 16,
  Log2 = 17, Log10 = 18, Tan = 19, Arcsin = 20, Arccos = 21, Arctan = 22, Sinh = 23, Cosh = 24,
  Erf = 25, Reciprocal = 26, Softplus = 27, Round = 28,
}

export const enum Binary {
  Add = 0, Sub = 1, Mul = 2, Div = 3, Pow = 4, Maximum = 5, Minimum = 6,
  Equal = 7, NotEqual = 8, Less = 9, LessEqual = 10, Greater = 11, GreaterEqual = 12,
  Arctan2 = 13, Fmod = 14, FloorDiv = 15,
  // Activation gradients from the output y (operand b) and the upstream gradient (a).
  TanhGrad = 16, SigmoidGrad = 17, ReluGrad = 18,
}

export const enum Reduce {
  Sum = 0, Max = 1, Min = 2, ArgMax = 3, ArgMin = 4, Prod = 5,
}

/** What softmax_f32 computes along its axis. */
export const enum SoftmaxKind {
  Softmax = 0, LogSoftmax = 1, LogSumExp = 2,
}

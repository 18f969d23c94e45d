// Every NDArray operation, for code above the backend (functions, optimizers, users).
export * from './elementwise';
export * from './layout';
export * from './reduce';
export * from './linalg';
export * from './softmax';
export * from './scan';
export * from './conv';
export * from './pooling';
export * from './embed';
export { checkArray, checkFloat, checkInt, sameBackend, describe, type ArrayLike, type Into } from './common';
export * from './normalization';
export * from './loss';
export { optimizerUpdate, type OptimizerStep } from './optimizer';
export * from './indexing';
export * from './join';
export * from './pad';
export * from './rearrange';
export { addInPlace, scaleInPlace, sumSquares } from './in-place';

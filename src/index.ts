/**
 * kusari: Chainer's define-by-run deep learning for TypeScript.
 * @module kusari
 * @primaryExport
 */
// (@primaryExport: the API reference documents F, L and the other namespaces here, and
// kusari/infer's names of the same functions and links refer to these pages.)
import * as F from './functions/index';
import * as backendApi from './backends/index';
import * as random from './array/random';
import * as ops from './array/ops/index';
import * as gradientCheck from './testing/gradient-check';
import * as L from './links/index';
import * as initializers from './initializers/index';
import * as optimizers from './optimizers/index';
import * as serializers from './serializers/index';
import * as training from './training/index';
import * as datasets from './datasets/index';
import * as iterators from './iterators/index';
import * as computationalGraph from './computational-graph/index';
// The two things importing kusari does beyond defining its exports: WebGL registers as a
// backend (the one module package.json's "sideEffects" names) and Variable gets its
// operators. Other module-level statements (inspect hooks, Symbol.dispose) patch only the
// classes of their own module, so a bundler may drop any module whose exports go unused.
import './backends/webgl/register';
import { installVariableOperators } from './functions/operators';
import { pinExportedFunctionNames } from './util/function-names';
import * as kusari from './index';

export { NDArray, type NestedArray } from './array/ndarray';
import * as creation from './array/creation';
import { endStep } from './core/step';
import type { NDArray as Made } from './array/ndarray';

/**
 * The creation functions as users call them: what they make is the user's and outlives the
 * step generations (a fixed batch made before a loop); the library's own calls, inside
 * kernels and functions, make temporaries.
 */
function persisted<A extends unknown[]>(make: (...args: A) => Made): (...args: A) => Made {
  const made = (...args: A) => make(...args).persist();
  return Object.defineProperty(made, 'name', { value: make.name });
}
export const array: typeof creation.array = persisted(creation.array);
export const zeros: typeof creation.zeros = persisted(creation.zeros);
export const ones: typeof creation.ones = persisted(creation.ones);
export const full: typeof creation.full = persisted(creation.full);
export const arange: typeof creation.arange = persisted(creation.arange);
export const eye: typeof creation.eye = persisted(creation.eye);
export const zerosLike: typeof creation.zerosLike = persisted(creation.zerosLike);
export const onesLike: typeof creation.onesLike = persisted(creation.onesLike);
export const fullLike: typeof creation.fullLike = persisted(creation.fullLike);
export const fromTyped: typeof creation.fromTyped = persisted(creation.fromTyped);
export type { DType, NumericTypedArray, TypedArray } from './array/dtype';
export { slice, Slice, newaxis, ellipsis, type Index, type IndexItem } from './array/slicing';
export { Variable, type VariableLike, type BackwardOptions } from './core/variable';
export { FunctionNode } from './core/function-node';
export { grad } from './core/grad';
export { Parameter, Link, Chain, ChainList, Sequential } from './links/index';
export { config, usingConfig, noBackpropMode, forceBackpropMode } from './core/config';
export { concatExamples, HostArray } from './datasets/index';
export { exportOnnx, ONNX_OPSET, type ExportOnnxOptions, type OnnxExportable } from './onnx/index';
export { Reporter, report, reportScope, getCurrentReporter, Summary, DictSummary } from './training/reporter';
export { F, L, random, ops, gradientCheck, initializers, optimizers, serializers, training, datasets, iterators, computationalGraph };

installVariableOperators();

export const backend = {
  use: backendApi.use,
  current: backendApi.current,
  memory: backendApi.memory,
  available: backendApi.available,
  register: backendApi.registerBackend,
  get: backendApi.getBackend,
  threads: backendApi.threads,
  setThreads: backendApi.setThreads,
  /**
   * Ends a step of a loop that has no optimizer (inference): temporaries of the step before
   * are released (src/core/step.ts). An optimizer's update() and the Evaluator's batches end
   * steps themselves.
   */
  endStep,
  on: backendApi.on,
  off: backendApi.off,
  checkpointPeriod: backendApi.checkpointPeriod,
};
export type { Backend, BackendName, MemoryInfo } from './backends/index';
export { ContextLostError, type ContextLostEvent, type CheckpointPeriod } from './backends/index';

// The exported functions get their names from their export keys (src/util/function-names.ts).
pinExportedFunctionNames(kusari);

// kusari: Chainer's define-by-run deep learning for TypeScript.
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

export { NDArray, type NestedArray } from './array/ndarray';
export { array, zeros, ones, full, arange, eye, zerosLike, onesLike, fullLike, fromTyped } from './array/creation';
export type { DType, TypedArray } from './array/dtype';
export { slice, Slice, newaxis, ellipsis, type Index, type IndexItem } from './array/slicing';
export { Variable, type VariableLike, type BackwardOptions } from './core/variable';
export { FunctionNode } from './core/function-node';
export { grad } from './core/grad';
export { Parameter, Link, Chain, ChainList, Sequential } from './links/index';
export { config, usingConfig, noBackpropMode, forceBackpropMode } from './core/config';
export { concatExamples, HostArray } from './datasets/index';
export { Reporter, report, reportScope, getCurrentReporter, Summary, DictSummary } from './training/reporter';
export { F, L, random, ops, gradientCheck, initializers, optimizers, serializers, training, datasets, iterators, computationalGraph };

export const backend = {
  use: backendApi.use,
  current: backendApi.current,
  memory: backendApi.memory,
  available: backendApi.available,
  register: backendApi.registerBackend,
  get: backendApi.getBackend,
  threads: backendApi.threads,
  setThreads: backendApi.setThreads,
  on: backendApi.on,
  off: backendApi.off,
  checkpointPeriod: backendApi.checkpointPeriod,
};
export type { Backend, BackendName, MemoryInfo } from './backends/index';
export { ContextLostError, type ContextLostEvent, type CheckpointPeriod } from './backends/index';

/**
 * kusari/infer: run trained models. Arrays, the forward computation of every function and
 * link, loading npz files; no graph recording, gradients, optimizers or training, and the
 * wasm backend only.
 *
 * Every function and link is also exported by its own name (`linear`, `Linear`, ...): a
 * bundler keeps only the names a script imports, where `F` and `L` keep all of them.
 * @module kusari/infer
 */
// Built by scripts/build.mjs with core/backward.ts swapped for infer/forward-only.ts and the
// backward methods left out.
import * as F from './functions/index';
import * as L from './links/index';
import * as serializers from './infer/serializers';
import * as random from './array/random';
import * as backendApi from './backends/index';

export { NDArray, type NestedArray } from './array/ndarray';
export { array, zeros, ones, full, arange, eye, zerosLike, onesLike, fullLike, fromTyped } from './array/creation';
export type { DType, TypedArray } from './array/dtype';
export { slice, Slice, newaxis, ellipsis, type Index, type IndexItem } from './array/slicing';
export { Variable, type VariableLike } from './core/variable';
export { FunctionNode } from './core/function-node';
export { config, usingConfig, noBackpropMode } from './core/config';
export * from './functions/index';
export * from './links/index';
// Names that F and L share mean the link here (F.BatchNormalization etc. stay under F).
export {
  BatchNormalization, DepthwiseConvolution2D, LSTM, type BatchNormalizationOptions, type Convolution2DOptions,
  type Deconvolution2DOptions, type DepthwiseConvolution2DOptions, type LinearOptions,
} from './links/index';
export { loadNpz, readNpz, type LoadNpzOptions } from './infer/serializers';
// Variable's methods (x.add(y), x.getItem(...)) once this is called; F's functions always work.
export { installVariableOperators } from './functions/operators';
export { F, L, serializers, random };

export const backend = {
  use: backendApi.use,
  current: backendApi.current,
  memory: backendApi.memory,
  available: backendApi.available,
  threads: backendApi.threads,
  setThreads: backendApi.setThreads,
};
export type { Backend, BackendName, MemoryInfo } from './backends/index';

// The contract between NDArray operations and the places where numbers live. Everything
// above this file speaks only of NDArrays and these methods; only a backend knows wasm
// pointers or GL textures. Reading data back is the one explicit synchronization point.
import type { DType, TypedArray } from '../array/dtype';
import { shapeString } from '../array/shape';
import type { Unary, Binary, Reduce } from '../../assembly/opcodes';
import type { ColumnLayout, ConvGeometry } from './geometry';

export type { ColumnLayout, ConvGeometry } from './geometry';

export type BackendName = 'wasm' | 'webgl';

/** Backend-owned storage of one array's elements; opaque above the backend. */
export type Storage = object;

/** A strided view of an existing array's storage: offset and strides in elements. */
export interface View {
  storage: Storage;
  dtype: DType;
  offset: number;
  shape: readonly number[];
  strides: readonly number[];
}

/**
 * What a backend holds. Resident arrays are the ones an owner keeps where the kernels run
 * (parameters, their gradients, optimizer state): they are counted exactly, freed when their
 * owner releases them. Temporaries (activations, kernel results) are JavaScript-owned on the
 * wasm backend and are not counted here: the collector frees them.
 */
export interface MemoryInfo {
  /** Resident arrays alive on this backend. */
  arrays: number;
  /** Bytes held by those arrays. */
  bytes: number;
  /** Bytes freed by resident arrays and kept for reuse. */
  pooledBytes: number;
  /** For wasm: the size of linear memory. */
  wasmBytes?: number;
  /** For wasm: bytes of recycled temporaries kept for the next results of their length. */
  recycledBytes?: number;
  /** For wasm: bytes of resident weights kept packed for the products that read them (not in arrays or bytes). */
  packedWeightBytes?: number;
  /**
   * For webgl: textures alive that no owner keeps: the temporaries of the last two steps
   * (src/core/step.ts), and arrays made by the user or persisted (until dispose() or the
   * collector). A loop of any length keeps this count flat.
   */
  temporaries?: number;
  /** For webgl: the bytes of those textures. */
  temporaryBytes?: number;
}

/**
 * The error of a kernel (`label`) given an operand whose storage was freed: by its owner
 * (the default), or, for a temporary, by the step generations (`step` says when it was
 * made or last used; see src/core/step.ts).
 */
export function usedAfterFree(label: string, x: { shape: readonly number[]; dtype: DType }, step?: { made: number; freed: number }): Error {
  const what = `${label}: an operand (${shapeString(x.shape)} ${x.dtype}) was used after its storage was freed `;
  if (step) {
    return new Error(what + `(a temporary of step ${step.made}, released at the end of step ${step.freed}: ` +
      'kernel results live until the end of the step after the one that made or last used them; ' +
      'call persist() on the array or variable to keep it longer, or read it before)');
  }
  return new Error(what + '(its owner released it: a Parameter whose data or gradient was replaced or cleared, or a disposed array)');
}

/** Operand of a kernel call: storage plus its logical shape and dtype. */
export interface Operand {
  storage: Storage;
  shape: readonly number[];
  dtype: DType;
}

/** An array read as (outer, C, inner): per-channel statistics run over outer and inner. */
export interface NormLayout {
  outer: number;
  C: number;
  inner: number;
}

/**
 * Where a kernel may write its result instead of new storage: a resident array of the
 * result's shape, overwritten or, with `accumulate`, added into (a parameter's gradient).
 */
export interface Destination {
  target: Operand;
  accumulate: boolean;
}

export interface GemmOptions {
  transA: boolean;
  transB: boolean;
  /** Batch counts; a batch of 1 with a 2-D operand broadcasts over the other's batch. */
  batch: number;
  batchA: number;
  batchB: number;
  /** Write into this resident array (then returned) instead of new storage. */
  into?: Destination;
  /** A float32 vector of N added to every row of C (batch 1, no `into`), rounded as a separate add. */
  bias?: Operand;
}

/**
 * Host copies of several arrays as they were when the copy began, finished later without
 * blocking (a checkpoint's download).
 */
export interface PendingCopy {
  /**
   * The copies once the device has made them, else null; throws ContextLostError if the
   * storage vanished meanwhile. `wait` takes them even before the device has said so, which
   * may wait for it (a synchronous loop: WebGL fences only signal between tasks).
   */
  poll(wait?: boolean): TypedArray[] | null;
  /** Gives the copy up. */
  cancel(): void;
}

export interface Backend {
  readonly name: BackendName;
  /** webgl: bytes of textures it may hold (Infinity by default); a kernel beyond it throws. */
  memoryBudget?: number;
  /**
   * wasm: bytes of linear memory that copies of weights packed for the GEMM kernel may hold
   * together (256 MiB by default; 0 keeps none).
   */
  packedWeightBudget?: number;
  /**
   * True where a synchronous read waits for the device to finish its queued work (webgl):
   * values read at intervals (reported losses) are better summed there and read once.
   */
  readonly readsStall?: boolean;
  /**
   * For a backend whose storage can vanish (WebGL: the browser may drop the context). `lost`
   * turns true when it has; `onLoss` is the registry's handler, run once at that moment,
   * returning the backend that takes over; `copyToHost` starts a checkpoint's copy.
   */
  readonly lost?: boolean;
  onLoss?(handler: () => BackendName): void;
  copyToHost?(arrays: readonly Operand[]): PendingCopy;
  /**
   * Whether gemm adds an (M, N) product over K to an accumulating destination in one
   * rounding, C + (A B) with A B summed first, as a separate product and add would give.
   */
  gemmAddsWhole(M: number, N: number, K: number): boolean;
  /** Takes ownership of `data` (the caller must not touch it afterwards). */
  upload(data: TypedArray): Storage;
  /** A read-only view of the elements; may be the storage itself. */
  readSync(storage: Storage, dtype: DType, size: number): TypedArray;
  read(storage: Storage, dtype: DType, size: number): Promise<TypedArray>;
  memory(): MemoryInfo;
  /**
   * A resident copy of x: storage that stays where the kernels run until release(). Owners
   * (a Parameter, an update rule) keep their long-lived arrays this way.
   */
  keep(x: Operand): Storage;
  /** New resident storage of `size` elements whose contents are unspecified (to be overwritten). */
  reserve(size: number, dtype: DType): Storage;
  isResident(storage: Storage): boolean;
  /**
   * Frees storage now: a resident block returns to the backend, and every later use of an
   * array on it throws. Temporaries the collector owns are left to it.
   */
  release(storage: Storage): void;
  /**
   * Takes back a temporary this backend made that nothing can reach any more (the backward
   * walk proved it: backends/temporaries.ts), to reuse its memory for a later result. A
   * backend without this leaves such temporaries to the collector.
   */
  recycle?(storage: Storage): void;
  // Step generations (src/core/step.ts): a backend whose temporaries the collector cannot
  // free in time (GPU textures) releases them by steps; the others ignore these calls.
  /** The end of a step: temporaries made or last used two steps ago are released. */
  endStep(): void;
  /**
   * Opens a loop nested in the current step (an evaluation): its steps release only its own
   * temporaries, and closing it releases the rest of them.
   */
  openSteps(): void;
  closeSteps(): void;
  /** Takes storage out of the step generations: freed by release() or the collector only. */
  persist(storage: Storage): void;
  /** target += x in place, for a resident target of x's shape and dtype (gradient accumulation). */
  accumulate(target: Operand, x: Operand): void;
  /**
   * target *= factor in place, for a resident float32 target (gradient clipping): a number
   * (rounded to float32) or a one-element float32 array on this backend, read where it lives.
   */
  scale(target: Operand, factor: number | Operand): void;
  /** Σ x² over a float32 array as one float32 element (a squared norm), with no temporary of x's size. */
  sumSquares(x: Operand): Storage;

  fill(size: number, dtype: DType, value: number): Storage;
  unary(op: Unary, x: Operand): Storage;
  /** Both operands are read through broadcast strides of `outShape`. */
  binary(op: Binary, a: Operand, aStrides: readonly number[], b: Operand, bStrides: readonly number[],
         outShape: readonly number[], outDType: DType): Storage;
  /** cond, a and b already have the output's shape. */
  where(cond: Operand, a: Operand, b: Operand): Storage;
  cast(x: Operand, dtype: DType): Storage;
  /** Materializes a strided view as a new contiguous array. */
  gather(view: View): Storage;
  /** Reduces the middle axis of x read as (outer, r, inner). */
  reduce(op: Reduce, x: Operand, outer: number, r: number, inner: number): Storage;
  /** C[b] = op(A[b]) op(B[b]) for row-major matrices (M, K) x (K, N). */
  gemm(a: Operand, b: Operand, M: number, N: number, K: number, options: GemmOptions): Storage;

  // ------------------------------------------------------------ array kernels
  // (getItem gathers, scatter-add, concat, pad, cumsum ...)
  /**
   * Rows of x read as (outer, n, inner) picked by `indices` (int32, already checked to lie
   * in [0, n)): the result is (outer, m, inner) with m = indices.length.
   */
  take(x: Operand, indices: Operand, outer: number, n: number, inner: number): Storage;
  /**
   * A copy of base (outer, n, inner) with values (outer, m, inner) added to the rows named
   * by `indices` (checked to lie in [0, n)); repeated indices accumulate.
   */
  scatterAdd(base: Operand, indices: Operand, values: Operand, outer: number, n: number, inner: number): Storage;
  /**
   * A new array of `size` elements of `dtype` filled with `fill`, then each piece's
   * contiguous values written through its view (offset and strides into the new array).
   * The views of one call must not overlap.
   */
  assemble(size: number, dtype: DType, fill: number,
           pieces: readonly { values: Operand; offset: number; shape: readonly number[]; strides: readonly number[] }[]): Storage;



  // ------------------------------------------------------------ activation and math kernels
  // (softmax, logSoftmax, logsumexp ...)
  /** softmax, or logSoftmax when `log`, along the middle axis of x read as (outer, n, inner). */
  softmax(x: Operand, outer: number, n: number, inner: number, log: boolean): Storage;
  /** log sum exp over the middle axis of (outer, n, inner); outer * inner elements. */
  logsumexp(x: Operand, outer: number, n: number, inner: number): Storage;
  /** Gradient of softmax (or logSoftmax when `log`) from its output y and output gradient gy. */
  softmaxGrad(y: Operand, gy: Operand, outer: number, n: number, inner: number, log: boolean): Storage;
  /**
   * Cumulative sum or product along the middle axis of (outer, n, inner), from the end when
   * `reverse`; `exclusive` gives each position the fold of the elements before it.
   */
  scan(op: 'sum' | 'prod', x: Operand, outer: number, n: number, inner: number, reverse: boolean, exclusive: boolean): Storage;
  /** out[k] = z[k-1] (0 first) with z[k] = a[k] z[k-1] + b[k] along the middle axis of (outer, n, inner). */
  recurrence(a: Operand, b: Operand, outer: number, n: number, inner: number, reverse: boolean): Storage;



  // ------------------------------------------------------------ connection and pooling kernels
  // (im2col, col2im, pooling, embedding gather/scatter ...)
  /**
   * Column buffer of x (N, C, H, W): element (n, k, p) with k = (c, ky, kx), p = (oy, ox)
   * goes to n * layout.batch + k * layout.tap + p; zero where the tap is off the image.
   */
  im2col(x: Operand, g: ConvGeometry, layout: ColumnLayout): Storage;
  /**
   * y (N, O, oh, ow) = the convolution of x (N, C, H, W) with W (O, C/groups, kh, kw), plus
   * b (O) when given: im2col and GEMM image by image, the column buffer never leaving
   * the backend.
   */
  conv2d(x: Operand, W: Operand, b: Operand | null, g: ConvGeometry, groups: number): Storage;
  /**
   * gW (O, C/groups, kh, kw), the weight gradient of that convolution given gy
   * (N, O, oh, ow): products accumulated image by image. With `into`, written into (or
   * added to) that resident array instead.
   */
  conv2dGradW(x: Operand, gy: Operand, g: ConvGeometry, groups: number, into?: Destination): Storage;
  /** The adjoint of im2col: an (N, C, H, W) array summing every tap of col. */
  col2im(col: Operand, g: ConvGeometry, layout: ColumnLayout): Storage;
  /**
   * Window sums over the N*C planes (zero padding) divided by divisor, shape (N, C, oh, ow):
   * the taps in row-major order, or with rowSums each window row first, then the rows.
   */
  sumPool2d(x: Operand, g: ConvGeometry, divisor: number, rowSums?: boolean): Storage;
  /** Window maxima (padding is -inf) and the int32 position iy*W+ix of each first maximum. */
  maxPool2d(x: Operand, g: ConvGeometry): { y: Storage; indexes: Storage };
  /** (N, C, H, W) zeros with gy added at the saved positions. */
  maxPool2dGrad(gy: Operand, indexes: Operand, g: ConvGeometry): Storage;
  /** (N, C, oh, ow) values of x (N, C, H, W) at the saved positions. */
  maxPool2dGather(x: Operand, indexes: Operand, g: ConvGeometry): Storage;
  /** Rows of table (vocab, dim) at int32 ids (all inside the table or equal to ignore): (ids.size, dim). */
  embedGather(table: Operand, ids: Operand, ignore: number | null): Storage;
  /**
   * (vocab, dim) zeros with each row of grad (ids.size, dim) added at its id; ignored ids add
   * nothing. With `into`, the rows go into that resident (vocab, dim) array instead.
   */
  embedScatterAdd(grad: Operand, ids: Operand, vocab: number, ignore: number | null, into?: Destination): Storage;



  // ------------------------------------------------------------ normalization, loss and rnn kernels
  // (batch-normalization statistics, lstm cell, cross entropy ...)
  /**
   * Batch normalization of x read as (outer, C, inner), statistics per channel c over the
   * other two: y = gamma (x - mean) / sqrt(var + eps) + beta. Computes the batch mean and
   * biased variance unless `stats` gives them. Returns y, the statistics used, and
   * invstd (all per channel except y): 1 / sqrt(var + eps) for batch statistics, and
   * sqrt(1 / (var + eps)) for given ones, in float32 steps as Chainer's
   * BatchNormalization and FixedBatchNormalization compute them.
   */
  batchNormForward(x: Operand, layout: NormLayout, gamma: Operand, beta: Operand, eps: number,
                   stats: { mean: Operand; var: Operand } | null): { y: Storage; mean: Storage; var: Storage; invstd: Storage };
  /**
   * A running average avg = avg decay + weight batch (each product rounded to float32, as
   * numpy's `avg *= decay; avg += weight * batch`). A resident avg is updated in place and
   * returned as it is; any other comes back as new storage.
   */
  runningAverage(avg: Operand, batch: Operand, decay: number, weight: number): Storage;
  /** Gradients of batchNormForward with batch statistics (gx, ggamma, gbeta). */
  batchNormBackward(x: Operand, gy: Operand, layout: NormLayout, gamma: Operand, mean: Operand, invstd: Operand):
    { gx: Storage; ggamma: Storage; gbeta: Storage };
  /**
   * Optional: the gradient of rows standardized by layer ('layer') or group ('group')
   * normalization, x and gy (rows, cols), in the float32 steps of Chainer's code for each
   * (ops.rowStandardizeGrad takes them one array operation at a time where a backend lacks
   * this). Layer steps recompute the statistics from x; group steps read the forward's mean
   * and invstd (rows). ggamma = Σ gy x̂ and gbeta = Σ gy per row.
   */
  rowStandardizeGrad?(steps: 'group' | 'layer', x: Operand, gy: Operand, rows: number, cols: number, mean: Operand, invstd: Operand,
                      eps: number): { gx: Storage; ggamma: Storage; gbeta: Storage };
  /**
   * LSTM cell: x (rowsX, 4 units) interleaved (a, i, f, o) per unit, cPrev (rowsC, units),
   * rowsX <= rowsC. c has rowsC rows (the rows past rowsX copy cPrev), h has rowsX.
   */
  lstmForward(cPrev: Operand, x: Operand, rowsC: number, rowsX: number, units: number): { c: Storage; h: Storage };
  /** Gradients of the LSTM cell given gc (rowsC, units) and gh (rowsX, units). */
  lstmBackward(cPrev: Operand, x: Operand, c: Operand, gc: Operand, gh: Operand, rowsC: number, rowsX: number, units: number):
    { gcPrev: Storage; gx: Storage };
  /**
   * Softmax cross entropy of x read as (N, C, S) (layout outer = N, inner = S) against int32
   * labels t (N * S elements, already checked to lie in [0, C) or equal ignoreLabel): per
   * (n, s) the term -log softmax(x)[t] times classWeight[t] (0 where t is ignoreLabel), the
   * log-sum-exp over C (kept for the gradient), and `loss`, one element: coeff times the sum
   * of the terms.
   */
  softmaxCrossEntropy(x: Operand, t: Operand, layout: NormLayout, classWeight: Operand | null, ignoreLabel: number,
                      coeff: number): { terms: Storage; lse: Storage; loss: Storage };
  /**
   * Its gradient with respect to x: (softmax(x) - onehot(t)) classWeight[t] g, where g is
   * gy (N * S elements, or one element for every (n, s)) times coeff.
   */
  softmaxCrossEntropyGrad(x: Operand, t: Operand, lse: Operand, layout: NormLayout, classWeight: Operand | null,
                          ignoreLabel: number, gy: Operand, coeff: number): Storage;



  // ------------------------------------------------------------ optimizer kernels
  // (fused update rules)
  /**
   * One step of a fused update rule on one parameter (see OPTIMIZER_KERNELS for the state
   * and scalars of each kernel). Resident parameter and state arrays are updated in place and
   * returned as they are; the others come back as new storage.
   */
  optimizerUpdate(kernel: import('./optimizer-kernels').OptimizerKernel, param: Operand, grad: Operand,
                  state: readonly Operand[], scalars: readonly number[]): { param: Storage; state: Storage[] };



}

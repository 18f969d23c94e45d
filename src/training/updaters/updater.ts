// The updater protocol (chainer.training.Updater) and the shapes of the optimizers and
// links an updater drives. Optimizers and links are described by what is used of them,
// so any object with these members works.
import type { Serializer } from '../../serializers/serializer';
import type { DatasetIterator } from '../../iterators/iterator';
import type { Trainer } from '../trainer';
import type { NDArray } from '../../array/ndarray';
import type { BackendName } from '../../backends/backend';

/**
 * A function of one converted batch: the converter's arrays spread as arguments ((x, t)
 * for (image, label) examples and concatExamples), returning R (the loss for an updater).
 */
export type BatchFunction<R> = (...inArrays: NDArray[]) => R;

/** What the trainer and the extensions use of a model. */
export interface TargetLink {
  serialize(serializer: Serializer): void;
  /** `[path, link]` of every link below (Chainer's namedlinks(skipself=True) with `true`). */
  namedlinks?(skipself?: boolean): Iterable<readonly [string, object]>;
  forward?(...args: unknown[]): unknown;
  params?(includeUninit?: boolean): Iterable<{ hasData?: boolean; array: unknown; grad: unknown }>;
  /** Moves the parameters to a backend (StandardUpdater's device). */
  toDevice?(device: BackendName): unknown;
}

/** What an updater uses of an optimizer. */
export interface UpdaterOptimizer {
  target: TargetLink | null;
  update(lossFunc?: ((...args: never[]) => unknown) | TargetLink | null, ...args: unknown[]): void;
  newEpoch?(options?: { auto?: boolean }): void;
  useAutoNewEpoch?: boolean;
  serialize(serializer: Serializer): void;
}

export interface Updater {
  /** Number of updates so far. */
  iteration: number;
  readonly epoch: number;
  readonly epochDetail: number;
  readonly previousEpochDetail: number | null;
  readonly isNewEpoch: boolean;
  update(): void;
  connectTrainer(trainer: Trainer): void;
  finalize(): void;
  getOptimizer(name: string): UpdaterOptimizer;
  getAllOptimizers(): Record<string, UpdaterOptimizer>;
  getIterator(name: string): DatasetIterator;
  serialize(serializer: Serializer): void;
}

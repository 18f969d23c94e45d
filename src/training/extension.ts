// Trainer extensions, as chainer.training.Extension: something called after updates when
// its trigger fires, in the order of priorities (writers, then editors, then readers).
import type { Serializer } from '../serializers/serializer';
import type { TriggerSpec } from './trigger';
import type { Trainer } from './trainer';
import { readOptions } from '../util/options';

/** Extensions that add values to the observation (Evaluator, observeLr). */
export const PRIORITY_WRITER = 300;
/** Extensions that edit values already reported. */
export const PRIORITY_EDITOR = 200;
/** Extensions that only read the observation (LogReport, PrintReport, ...), the default. */
export const PRIORITY_READER = 100;

/** What the trainer reads from an extension besides calling it. */
export interface ExtensionProperties {
  /** Name given by Trainer.extend (the default name, suffixed `_1`, `_2` if taken). */
  name?: string | null;
  defaultName?: string;
  trigger?: TriggerSpec;
  priority?: number;
  /** Also call the extension once before the first update. */
  callBeforeTraining?: boolean;
  initialize?: ((trainer: Trainer) => void) | null;
  finalize?: (() => void) | null;
  onError?: ((trainer: Trainer, error: unknown) => void) | null;
  serialize?: (serializer: Serializer) => void;
}

/** An extension written as a function of the trainer (Chainer's make_extension). */
export type ExtensionFunction = ((trainer: Trainer) => void) & ExtensionProperties;

/**
 * Base class of extensions. Subclasses implement `call(trainer)` (Chainer's __call__)
 * and may override the hooks.
 */
export abstract class Extension implements ExtensionProperties {
  trigger: TriggerSpec = [1, 'iteration'];
  priority = PRIORITY_READER;
  name: string | null = null;
  callBeforeTraining = false;

  /** The name used when none is given: the class name. */
  get defaultName(): string {
    return this.constructor.name;
  }

  abstract call(trainer: Trainer): void;

  /** Called once when the training loop starts (also after resuming). */
  initialize(_trainer: Trainer): void {}

  /** Called once when the training loop ends, also after an error. */
  finalize(): void {}

  /** Called when the training loop raised an error, before finalize. */
  onError(_trainer: Trainer, _error: unknown): void {}

  serialize(_serializer: Serializer): void {}
}

export type ExtensionLike = Extension | ExtensionFunction;

export interface MakeExtensionOptions {
  trigger?: TriggerSpec;
  defaultName?: string;
  priority?: number;
  finalizer?: () => void;
  initializer?: (trainer: Trainer) => void;
  onError?: (trainer: Trainer, error: unknown) => void;
}

/** Turns a function of the trainer into an extension with these properties (chainer make_extension). */
export function makeExtension(options: MakeExtensionOptions, fn: (trainer: Trainer) => void): ExtensionFunction {
  options = readOptions('makeExtension', options, ['trigger', 'defaultName', 'priority', 'finalizer', 'initializer', 'onError']);
  const ext = fn as ExtensionFunction;
  ext.trigger = options.trigger ?? [1, 'iteration'];
  ext.defaultName = options.defaultName ?? (fn.name || undefined);
  ext.priority = options.priority ?? PRIORITY_READER;
  ext.finalize = options.finalizer ?? null;
  ext.initialize = options.initializer ?? null;
  ext.onError = options.onError ?? null;
  return ext;
}

// Triggers decide when extensions run and when training stops (chainer.training.trigger).
// `[1, 'epoch']` or `[100, 'iteration']` means an IntervalTrigger; a function of the
// trainer returning a boolean is a trigger too.
import type { Serializer } from '../serializers/serializer';
import type { Trainer } from './trainer';
import { IntervalTrigger, type IntervalUnit } from './triggers/interval-trigger';
import { isOptionsObject, readOptions } from '../util/options';

export interface Trigger {
  /** Whether to fire at this point of training (Chainer's __call__). */
  call(trainer: Trainer): boolean;
  serialize?(serializer: Serializer): void;
  /** Set by triggers that will not fire any more (the trainer then skips initializers). */
  readonly finished?: boolean;
  /** `[length, unit]` of the whole training, for a stop trigger (the progress bar reads it). */
  getTrainingLength?(): [number, IntervalUnit];
}

export type TriggerFunction = (trainer: Trainer) => boolean;

export type TriggerSpec = Trigger | TriggerFunction | readonly [number, IntervalUnit] | null | undefined;

/** A trigger that never fires (a missing stop trigger: train until stopped). */
const neverFire: Trigger = { call: () => false };

/** Normalizes a trigger specification into a Trigger object. */
export function getTrigger(spec: TriggerSpec): Trigger {
  if (spec === null || spec === undefined) return neverFire;
  if (typeof spec === 'function') {
    const fn = spec;
    return { call: (trainer) => !!fn(trainer) };
  }
  if (Array.isArray(spec)) {
    if (spec.length !== 2) throw new TypeError(`getTrigger: a trigger given as an array must be [period, unit], got ${JSON.stringify(spec)}`);
    return new IntervalTrigger(spec[0], spec[1]);
  }
  if (typeof (spec as Trigger).call === 'function') return spec as Trigger;
  throw new TypeError(`getTrigger: expected [period, 'epoch' | 'iteration'], a trigger object or a function, got ${typeof spec}`);
}

/**
 * A trailing trigger argument, given as Chainer's keyword `trigger` translates: the spec
 * itself or {trigger: spec} (an object with a call method is a trigger, not options).
 */
export function readTriggerArgument(fn: string, arg: TriggerSpec | { trigger?: TriggerSpec }, fallback: TriggerSpec): Trigger {
  if (isOptionsObject(arg) && typeof (arg as { call?: unknown }).call !== 'function') return getTrigger(readOptions(fn, arg, { trigger: fallback }).trigger);
  return getTrigger(arg as TriggerSpec);
}

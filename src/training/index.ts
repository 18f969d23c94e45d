// chainer.training: the trainer, its updaters, triggers and extensions, and the reporter.
import * as extensions from './extensions/index';
import * as triggers from './triggers/index';
import * as updaters from './updaters/index';

export { Trainer, type TrainerOptions, type ExtendOptions, type RunOptions } from './trainer';
export { Extension, makeExtension, PRIORITY_WRITER, PRIORITY_EDITOR, PRIORITY_READER,
  type ExtensionLike, type ExtensionFunction, type ExtensionProperties, type MakeExtensionOptions } from './extension';
export { getTrigger, type Trigger, type TriggerFunction, type TriggerSpec } from './trigger';
export { IntervalTrigger, ManualScheduleTrigger, MinValueTrigger, MaxValueTrigger } from './triggers/index';
export { StandardUpdater, type Updater } from './updaters/index';
export { Reporter, report, reportScope, getCurrentReporter, Summary, DictSummary, type Observation, type WeightedValue } from './reporter';
export { extensions, triggers, updaters };

// Extensions that put a value into the observation once per epoch, for LogReport and
// PrintReport to show (chainer observe_value, observe_lr).
import { makeExtension, PRIORITY_WRITER, type ExtensionFunction } from '../extension';
import type { Trainer } from '../trainer';
import { type ArgumentsOf, readArguments, showValue } from '../../util/options';

/** Writes `targetFunc(trainer)` into the observation under `observationKey`. */
export function observeValue(observationKey: string, targetFunc: (trainer: Trainer) => unknown): ExtensionFunction {
  // Chainer names it after its inner function, '_observe_value' (observe_lr too): the
  // name under which a snapshot keeps its trigger (extension_triggers/_observe_value/...).
  return makeExtension({ trigger: [1, 'epoch'], priority: PRIORITY_WRITER, defaultName: '_observe_value' }, function observeValue(trainer: Trainer) {
    trainer.observation[observationKey] = targetFunc(trainer);
  });
}

export interface ObserveLrOptions {
  /** The optimizer whose lr is observed (default 'main'). */
  optimizerName?: string;
  /** The observation key (default 'lr'). */
  observationKey?: string;
}

/** Observes the learning rate of an optimizer as 'lr'. */
export function observeLr(...args: ArgumentsOf<ObserveLrOptions>): ExtensionFunction {
  const options = readArguments<ObserveLrOptions>('observeLr', args, ['optimizerName', 'observationKey'], ['optimizerName', 'observationKey']);
  const optimizerName = options.optimizerName ?? 'main';
  const key = options.observationKey ?? 'lr';
  const ext = observeValue(key, (trainer) => {
    const optimizer = trainer.updater.getOptimizer(optimizerName);
    const lr = (optimizer as unknown as { lr?: unknown }).lr;
    // as Chainer's observe_lr reads optimizer.lr (AdaDelta, for one, has none)
    if (typeof lr !== 'number') throw new Error(`observeLr: optimizer '${optimizerName}' (${optimizer.constructor.name}) has no numeric lr, got ${showValue(lr)}; observeValue reads any other value`);
    return lr;
  });
  return ext;
}

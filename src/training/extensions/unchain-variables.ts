// unchainVariables: after every other extension of an iteration in which reported values
// kept their graphs (config.keepGraphOnReport, e.g. while DumpGraph waits), unchains the
// graphs of the observed variables so that they can be released
// (chainer.training.extensions.unchain_variables).
import { config } from '../../core/config';
import { Variable } from '../../core/variable';
import { Extension } from '../extension';
import type { Trainer } from '../trainer';

class UnchainVariables extends Extension {
  override priority = 0;
  private previousFlag: boolean | null = null;

  constructor() {
    super();
    // Fires when the flag was on at the previous check (Chainer's trigger method).
    this.trigger = () => {
      const flag = this.previousFlag;
      this.previousFlag = !!config.keepGraphOnReport;
      return !!flag;
    };
  }

  override get defaultName(): string {
    return 'unchain_variables';
  }

  override initialize(_trainer: Trainer): void {
    this.previousFlag = !!config.keepGraphOnReport;
  }

  call(trainer: Trainer): void {
    for (const v of Object.values(trainer.observation)) if (v instanceof Variable) v.unchainBackward();
  }
}

/** Chainer's unchain_variables extension. */
export function unchainVariables(): Extension {
  return new UnchainVariables();
}

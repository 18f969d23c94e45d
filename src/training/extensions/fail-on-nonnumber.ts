// FailOnNonNumber: stops training as soon as a parameter holds NaN or infinity
// (chainer.training.extensions.FailOnNonNumber). Chainer 7 looks at the parameters only;
// checkGrad also looks at their gradients (off by default, so that a frozen parameter's
// non-finite gradient does not stop a run Chainer lets go on).
import { NDArray } from '../../array/ndarray';
import { Extension } from '../extension';
import type { Trainer } from '../trainer';
import { type ArgumentsOf, readArguments } from '../../util/options';

function allFinite(x: unknown): boolean {
  if (!(x instanceof NDArray)) return true;
  const data = x.dataSync();
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return false;
  return true;
}

export class FailOnNonNumber extends Extension {
  private readonly options: { checkGrad?: boolean };
  constructor(...args: ArgumentsOf<{ checkGrad?: boolean }>) {
    super();
    this.options = readArguments<{ checkGrad?: boolean }>('FailOnNonNumber', args, ['checkGrad'], ['checkGrad']);
  }

  call(trainer: Trainer): void {
    const checkGrad = this.options.checkGrad ?? false;
    for (const [name, optimizer] of Object.entries(trainer.updater.getAllOptimizers())) {
      const target = optimizer.target;
      if (!target || typeof target.params !== 'function') continue;
      for (const param of target.params()) {
        if (param.hasData === false) continue;
        if (!allFinite(param.array)) {
          throw new Error(`Kill the process since parameters in optimizer '${name}' diverge. R.I.P.`);
        }
        if (checkGrad && !allFinite(param.grad)) {
          throw new Error(`Kill the process since grads in optimizer '${name}' diverge. R.I.P.`);
        }
      }
    }
  }
}

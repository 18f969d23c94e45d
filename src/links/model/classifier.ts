// L.Classifier: wraps a predictor; forward(...args, t) computes y = predictor(...args),
// loss = lossfun(y, t) and accuracy = accfun(y, t), keeps all three and reports
// 'loss' and 'accuracy' to the current reporter (seen by a Trainer as 'main/loss').
import type { Variable, VariableLike } from '../../core/variable';
import { softmaxCrossEntropy } from '../../functions/loss/index';
import { accuracy as accuracyFn } from '../../functions/evaluation/index';
import { report } from '../../training/reporter';
import { Chain, Link } from '../link';

export type LossFunction = (y: Variable, t: VariableLike) => Variable;

export interface ClassifierOptions {
  /** softmaxCrossEntropy by default. */
  lossfun?: LossFunction;
  /** accuracy by default. */
  accfun?: LossFunction;
  /** Position of the label among the arguments of forward (the last by default). */
  labelKey?: number;
}

export class Classifier extends Chain {
  predictor: Link;
  lossfun: LossFunction;
  accfun: LossFunction;
  labelKey: number;
  /** Whether forward computes and reports the accuracy. */
  computeAccuracy = true;
  y: Variable | null = null;
  loss: Variable | null = null;
  accuracy: Variable | null = null;

  constructor(predictor: Link, options: ClassifierOptions = {}) {
    super();
    if (!(predictor instanceof Link)) throw new TypeError('Classifier: predictor must be a Link');
    this.predictor = predictor;
    this.lossfun = options.lossfun ?? ((y, t) => softmaxCrossEntropy(y, t));
    this.accfun = options.accfun ?? ((y, t) => accuracyFn(y, t));
    this.labelKey = options.labelKey ?? -1;
    if (!Number.isInteger(this.labelKey)) throw new TypeError(`Classifier: labelKey must be an integer, got ${String(options.labelKey)}`);
  }

  /** Returns the loss; the label is the argument at labelKey (the last by default). */
  override forward(...args: unknown[]): Variable {
    const k = this.labelKey;
    if (!(k >= -args.length && k < args.length)) {
      throw new RangeError(`Classifier: labelKey ${k} is out of range for ${args.length} arguments`);
    }
    const at = k < 0 ? args.length + k : k;
    const t = args[at] as VariableLike;
    const inputs = args.filter((_, i) => i !== at);
    this.y = null;
    this.loss = null;
    this.accuracy = null;
    this.y = this.predictor.forward(...inputs) as Variable;
    this.loss = this.lossfun(this.y, t);
    report({ loss: this.loss }, this);
    if (this.computeAccuracy) {
      this.accuracy = this.accfun(this.y, t);
      report({ accuracy: this.accuracy }, this);
    }
    return this.loss;
  }
}

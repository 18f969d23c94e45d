// L.Classifier: wraps a predictor; forward(...args, t) computes y = predictor(...args),
// loss = lossfun(y, t) and accuracy = accfun(y, t), keeps all three and reports
// 'loss' and 'accuracy' to the current reporter (seen by a Trainer as 'main/loss').
import { Variable, type VariableLike } from '../../core/variable';
import { softmaxCrossEntropy } from '../../functions/loss/index';
import { accuracy as accuracyFn } from '../../functions/evaluation/index';
import { report } from '../../training/reporter';
import { Chain, Link } from '../link';
import { readLinkArguments } from '../arguments';
import { isOptionsObject, showValue } from '../../util/options';

export type LossFunction = (y: Variable, t: VariableLike) => Variable;

export interface ClassifierOptions {
  /** softmaxCrossEntropy by default. */
  lossfun?: LossFunction;
  /** accuracy by default. */
  accfun?: LossFunction;
  /**
   * Where forward finds the label: a position among its arguments (the last by default), or
   * a name in the trailing object of keyword arguments (a batch of dictionary examples).
   */
  labelKey?: number | string;
}

export class Classifier extends Chain {
  predictor: Link;
  lossfun: LossFunction;
  accfun: LossFunction;
  labelKey: number | string;
  /** Whether forward computes and reports the accuracy. */
  computeAccuracy = true;
  y: Variable | null = null;
  loss: Variable | null = null;
  accuracy: Variable | null = null;

  /** Chainer's Classifier(predictor, lossfun, accfun, labelKey), or options last. */
  constructor(predictor: Link, ...rest: (LossFunction | number | string | ClassifierOptions)[]) {
    super();
    if (!(predictor instanceof Link)) throw new TypeError(`Classifier: predictor must be a Link, got ${showValue(predictor)}`);
    const options = readLinkArguments('Classifier', rest, ['lossfun', 'accfun', 'labelKey'], {
      lossfun: ((y, t) => softmaxCrossEntropy(y, t)) as LossFunction, accfun: ((y, t) => accuracyFn(y, t)) as LossFunction, labelKey: -1 as number | string,
    });
    for (const key of ['lossfun', 'accfun'] as const) {
      if (typeof options[key] !== 'function') throw new TypeError(`Classifier: ${key} must be a function (y, t) => Variable, got ${showValue(options[key])}`);
    }
    this.predictor = predictor;
    this.lossfun = options.lossfun;
    this.accfun = options.accfun;
    this.labelKey = options.labelKey;
    if (!Number.isInteger(this.labelKey) && typeof this.labelKey !== 'string') {
      throw new TypeError(`Classifier: labelKey must be an integer or a string, got ${showValue(options.labelKey)}`);
    }
  }

  /**
   * Returns the loss; the label is the argument at labelKey (the last by default), or for a
   * string labelKey that entry of the trailing keyword object, whose other entries go on to
   * the predictor as its keyword object (Chainer's predictor(*args, **kwargs)).
   */
  override forward(...args: unknown[]): Variable {
    const k = this.labelKey;
    if (typeof k === 'string') {
      const last = args[args.length - 1];
      const kwargs = isOptionsObject(last) ? last : {};
      if (!(k in kwargs)) {
        throw new Error(`Classifier: label key '${k}' is not found among the keyword arguments (the trailing object${isOptionsObject(last) ? ` of ${Object.keys(kwargs).join(', ') || 'no keys'}` : ', none given'})`);
      }
      const { [k]: t, ...others } = kwargs;
      const positional = isOptionsObject(last) ? args.slice(0, -1) : args;
      return this.compute(Object.keys(others).length > 0 ? [...positional, others] : positional, t as VariableLike);
    }
    // The predictor needs at least one input besides the label (Chainer's args[:-1]).
    if (args.length < 2) {
      throw new TypeError(`Classifier: forward needs the predictor's inputs and the label t, got ${args.length} argument${args.length === 1 ? '' : 's'}`);
    }
    if (!(k >= -args.length && k < args.length)) {
      throw new RangeError(`Classifier: labelKey ${k} is out of range for ${args.length} arguments`);
    }
    const at = k < 0 ? args.length + k : k;
    return this.compute(args.filter((_, i) => i !== at), args[at] as VariableLike);
  }

  private compute(inputs: unknown[], t: VariableLike): Variable {
    this.y = null;
    this.loss = null;
    this.accuracy = null;
    const y = this.predictor.forward(...inputs);
    if (!(y instanceof Variable)) throw new TypeError(`Classifier: the predictor must return a Variable, got ${showValue(y)}`);
    this.y = y;
    this.loss = this.lossfun(this.y, t);
    report({ loss: this.loss }, this);
    if (this.computeAccuracy) {
      this.accuracy = this.accfun(this.y, t);
      report({ accuracy: this.accuracy }, this);
    }
    return this.loss;
  }
}

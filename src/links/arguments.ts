// Link constructor arguments as Chainer takes them: sizes and hyper-parameters
// positionally in Chainer's order, keyword arguments in a trailing options object.
import { isOptionsObject, readArguments } from '../util/options';

/**
 * Reads a link constructor's `args` over `defaults`. With `inferred`, a call that gives
 * exactly that many positionals left out the leading input size, which the link infers on
 * its first call: Chainer's Linear(out) and Convolution2D(out, ksize).
 */
export function readLinkArguments<D extends object>(link: string, args: readonly unknown[], names: readonly (keyof D & string)[], defaults: D,
                                                    inferred?: number): D {
  if (inferred !== undefined) {
    let n = args.length;
    while (n > 0 && args[n - 1] === undefined) n--;
    const options = n > 0 && isOptionsObject(args[n - 1]) ? args[--n] as Record<string, unknown> : {};
    if (n === inferred && options[names[inferred]] === undefined) args = [null, ...args];
  }
  return readArguments(link, args, names, defaults);
}

// Link constructor arguments as Chainer takes them: sizes and hyper-parameters
// positionally in Chainer's order, keyword arguments in a trailing options object.
import { isOptionsObject, readArguments } from '../util/options';

/**
 * Reads a link constructor's `args` over `defaults`. With `inferred`, a call that gives
 * exactly that many positionals, or null in that place, left out the leading input size,
 * which the link infers on its first call: Chainer's Linear(out), Linear(out, None),
 * Convolution2D(out, ksize) and Convolution2D(out, ksize, None, stride).
 */
export function readLinkArguments<D extends object>(link: string, args: readonly unknown[], names: readonly (keyof D & string)[], defaults: D,
                                                    inferred?: number): D {
  if (inferred !== undefined) {
    let n = args.length;
    while (n > 0 && args[n - 1] === undefined) n--;
    const options = n > 0 && isOptionsObject(args[n - 1]) ? args[--n] as Record<string, unknown> : {};
    // Chainer's shorthand, (out, ...) for (null, out, ...): the argument at `inferred` missing, or None
    if (options[names[inferred]] === undefined) {
      if (n === inferred) args = [null, ...args];
      else if (n > inferred && args[inferred] === null) args = [null, ...args.slice(0, inferred), ...args.slice(inferred + 1)];
    }
  }
  return readArguments(link, args, names, defaults);
}

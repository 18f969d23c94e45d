// Argument reading shared by the whole public API. Chainer's keyword arguments become one
// trailing options object; a misspelt key must fail loudly rather than fall back to a
// default, and a number where Chainer takes a positional hyper-parameter keeps Chainer's
// meaning instead of being ignored.

export type Options = Record<string, unknown>;

/** The arguments after the required ones of an entry point taking Chainer's positionals or options `O`. */
export type ArgumentsOf<O> = (O[keyof O] | O | undefined)[];

/** A plain `{...}` object: not an array, a typed array, an NDArray or a Variable. */
export function isOptionsObject(v: unknown): v is Options {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A value as an error message shows it: strings quoted, arrays listed, objects by class. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) {
    const shown = value.slice(0, 8).map(showValue);
    return `[${shown.join(', ')}${value.length > 8 ? ', ...' : ''}]`;
  }
  if (value === null || typeof value !== 'object' && typeof value !== 'function') return String(value);
  if (typeof value === 'function') return `a function${value.name ? ` ${value.name}` : ''}`;
  const name = (value as object).constructor?.name;
  if (name === undefined || name === 'Object') return `an object {${Object.keys(value as object).join(', ')}}`;
  return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
}

const keyList = (o: Options): string => Object.keys(o).join(', ');

/**
 * The options object of `fn` with `defaults` filled in, or (given a list of the accepted
 * keys) the object itself once checked. Undefined entries take their default; a key not
 * accepted, or a non-object, throws a TypeError naming `fn`, the key and the accepted keys.
 */
export function readOptions<T extends object>(fn: string, given: T | undefined, accepted: readonly (keyof T & string)[]): T;
export function readOptions<D extends object>(fn: string, given: unknown, defaults: D): D;
export function readOptions(fn: string, given: unknown, defaults: object): object {
  let known: Options;
  if (Array.isArray(defaults)) {
    known = {};
    for (const key of defaults as string[]) known[key] = undefined;
  } else {
    known = { ...defaults as Options };
  }
  if (given === undefined) return known;
  // Every layer's forward reads its options: the accepted keys are listed only for an error.
  if (!isOptionsObject(given)) {
    throw new TypeError(`${fn}: options must be an object${Object.keys(known).length ? ` (keys: ${keyList(known)})` : ''}, got ${showValue(given)}`);
  }
  for (const key of Object.keys(given)) {
    if (!Object.prototype.hasOwnProperty.call(known, key)) {
      throw new TypeError(`${fn}: unknown option '${key}' (accepted: ${keyList(known) || 'none'})`);
    }
    const value = (given as Options)[key];
    if (value !== undefined) known[key] = value;
  }
  return known;
}

/**
 * Chainer's positional hyper-parameters after the inputs, in Chainer's order (`names`),
 * optionally followed by one options object holding any of `defaults`' keys:
 * `dropout(x, 0.9)` and `dropout(x, {ratio: 0.9})` read the same. A parameter given both
 * ways, a surplus argument, or an options object that is not last throws. As readOptions,
 * `defaults` may be the list of accepted keys instead.
 */
export function readArguments<T extends object>(fn: string, args: readonly unknown[], names: readonly (keyof T & string)[], accepted: readonly (keyof T & string)[]): T;
export function readArguments<D extends object>(fn: string, args: readonly unknown[], names: readonly (keyof D & string)[], defaults: D): D;
export function readArguments(fn: string, args: readonly unknown[], names: readonly string[], defaults: object): object {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  const options = n > 0 && isOptionsObject(args[n - 1]) ? args[--n] as Options : undefined;
  if (n > names.length) {
    // The first surplus value, past an options object it may follow ({finetune: true}, 5).
    let i = names.length;
    while (i < n - 1 && isOptionsObject(args[i])) i++;
    const takes = names.length ? `${names.join(', ')} and an options object` : 'only an options object';
    throw new TypeError(`${fn}: unexpected argument ${showValue(args[i])} (after its inputs ${fn} takes ${takes})`);
  }
  const out = readOptions(fn, options, defaults as Options) as Options;
  for (let i = 0; i < n; i++) {
    const name = names[i], value = args[i];
    if (value === undefined) continue;
    if (isOptionsObject(value)) throw new TypeError(`${fn}: the options object must be the last argument (found where ${name} belongs)`);
    if (options?.[name] !== undefined) throw new TypeError(`${fn}: ${name} is given both positionally and in the options`);
    out[name] = value;
  }
  return out;
}

/** A boolean option or argument; truthy stand-ins such as 1 or 'yes' are refused. */
export function checkBoolean(fn: string, name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new TypeError(`${fn}: ${name} must be a boolean, got ${showValue(v)}`);
  return v;
}

/**
 * For an entry point with Chainer's fixed parameters, named in `params` ('x, shape'), and no
 * options: throws a TypeError for the first argument after them that is not undefined, which
 * JavaScript would drop (Chainer raises on it). Call it only when `arguments.length` exceeds
 * their number, so that a correct call costs one comparison.
 */
export function surplusArguments(fn: string, args: ArrayLike<unknown>, params: string): void {
  for (let i = params ? params.split(', ').length : 0; i < args.length; i++) {
    const v = args[i];
    if (v === undefined) continue;
    const options = isOptionsObject(v);
    throw new TypeError(`${fn}: unexpected argument ${options ? `{${keyList(v)}}` : showValue(v)} (${fn} takes ${params || 'no arguments'}${options && params ? ', no options' : ''})`);
  }
}

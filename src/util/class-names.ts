// The library's classes keep their names in the published bundles, whatever a minifier
// renames them to: printed links (`Linear(...)`), FunctionNode labels and messages
// (`Adam.setup: ...`) show them. scripts/build.mjs (classNamePins) calls pinClassName after
// each class of the sources that the library's exports do not name (pinExportedClassNames
// names those); a plain call costs less at import than a static block per class.

/** Names `cls` as its source does. */
export function pinClassName(cls: abstract new (...args: never[]) => unknown, name: string): void {
  Object.defineProperty(cls, 'name', { value: name, configurable: true });
}

/**
 * Names each class and function that `exports` (the library's module namespace, then the
 * namespaces it exports: F, L, training.extensions...) holds under one key after that key,
 * which is its name in the sources (scripts/build.mjs checks it for classes). A class exported under two
 * different keys (F.SquaredError, F.SquaredDifference) keeps the name it has. The published
 * bundle names the classes the library exports this way, from the export keys it holds
 * anyway, rather than by a call with the name after each class.
 */
export function pinExportedClassNames(exports: object): void {
  const keys = new Map<abstract new (...args: never[]) => unknown, Set<string>>();
  const seen = new Set<object>();
  const walk = (namespace: object): void => {
    seen.add(namespace);
    for (const [key, value] of Object.entries(namespace)) {
      if (typeof value === 'function') keys.set(value as never, (keys.get(value as never) ?? new Set()).add(key));
      else if (value !== null && typeof value === 'object' && !seen.has(value) && [null, Object.prototype].includes(Object.getPrototypeOf(value))) walk(value);
    }
  };
  walk(exports);
  // Functions too (F.relu prints as <function relu> in a Sequential, not as the minifier's
  // relu2). Under several keys (aliases) the one the bundler's name extends is the source's.
  for (const [fn, names] of keys) {
    const name = names.size === 1 ? [...names][0] : [...names].find((k) => new RegExp(`^${k}\\d*$`).test(fn.name));
    if (name !== undefined && fn.name !== name) pinClassName(fn, name);
  }
}

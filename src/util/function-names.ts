// The library's classes and exported functions keep their names in the published bundles,
// whatever a minifier renames them to: printed links (`Linear(...)`), FunctionNode labels
// and messages (`Adam.setup: ...`) show them. The classes name themselves: scripts/build.mjs
// (withClassNamePins) gives each a `static get name()`, since a class whose name is defined
// after it is built is constructed on a slow path. Functions are named here at import.

/** Names the function `fn` as its source does. */
function pinFunctionName(fn: (...args: never[]) => unknown, name: string): void {
  Object.defineProperty(fn, 'name', { value: name, configurable: true });
}

/**
 * Names each function that `exports` (the library's module namespace, then the namespaces
 * it exports: F, L, training.extensions...) holds after its key, which is its name in the
 * sources: F.relu prints as <function relu> in a Sequential, not as a bundler's relu2.
 * Under several keys (aliases) the one the bundler's name extends is the source's. Classes
 * are left as they are: they name themselves, and defining a class's name would slow it.
 */
export function pinExportedFunctionNames(exports: object): void {
  const keys = new Map<(...args: never[]) => unknown, Set<string>>();
  const seen = new Set<object>();
  const walk = (namespace: object): void => {
    seen.add(namespace);
    for (const [key, value] of Object.entries(namespace)) {
      if (typeof value === 'function') keys.set(value as never, (keys.get(value as never) ?? new Set()).add(key));
      else if (value !== null && typeof value === 'object' && !seen.has(value) && [null, Object.prototype].includes(Object.getPrototypeOf(value))) walk(value);
    }
  };
  walk(exports);
  for (const [fn, names] of keys) {
    if (isClass(fn)) continue;
    const name = names.size === 1 ? [...names][0] : [...names].find((k) => new RegExp(`^${k}\\d*$`).test(fn.name));
    if (name !== undefined && fn.name !== name) pinFunctionName(fn, name);
  }
}

/** Whether fn is a class: its prototype is not writable (a function's is). */
function isClass(fn: (...args: never[]) => unknown): boolean {
  return Object.getOwnPropertyDescriptor(fn, 'prototype')?.writable === false;
}

// The library's classes keep their names in the published bundles, whatever a minifier
// renames them to: printed links (`Linear(...)`), FunctionNode labels and messages
// (`Adam.setup: ...`) show them. scripts/build.mjs (classNamePins) calls this after each
// class of the sources; a plain call costs less at import than a static block per class.

/** Names `cls` as its source does. */
export function pinClassName(cls: abstract new (...args: never[]) => unknown, name: string): void {
  Object.defineProperty(cls, 'name', { value: name, configurable: true });
}

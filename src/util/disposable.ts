// `using x = ...` support without requiring users' TypeScript to know Symbol.dispose: the
// method is installed at run time where the runtime has the symbol, so the published
// declarations compile under any `lib` setting.

/** Makes `Symbol.dispose` call the class's dispose() where the runtime defines the symbol. */
export function installDispose(cls: { prototype: { dispose(): void } }): void {
  const symbol = (Symbol as { dispose?: symbol }).dispose;
  if (symbol) Object.defineProperty(cls.prototype, symbol, { value: cls.prototype.dispose, writable: true, configurable: true });
}

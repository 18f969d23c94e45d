// How consoles print objects: Node's util.inspect (console.log) and Deno's console look for
// a method under a well-known symbol. Browsers' consoles have no such hook.

/** Node's util.inspect.custom; Deno 2 honours it as well. */
const NODE_INSPECT = Symbol.for('nodejs.util.inspect.custom');
/** Deno's own hook (Deno.customInspect in Deno 1), still read by Deno 2's console. */
const DENO_INSPECT = Symbol.for('Deno.customInspect');

/** Makes console.log and util.inspect / Deno.inspect print target (or what inherits from it) as text(it). */
export function inspectAs<T extends object>(target: T, text: (self: T) => string): void {
  for (const symbol of [NODE_INSPECT, DENO_INSPECT]) {
    Object.defineProperty(target, symbol, {
      value(this: T): string { return text(this); },
      writable: true,
      configurable: true,
    });
  }
}

/** Makes consoles print instances of cls as their toString(). */
export function inspectAsString(cls: { prototype: { toString(): string } }): void {
  inspectAs(cls.prototype, (self) => self.toString());
}

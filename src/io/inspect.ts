// How consoles print objects: Node's util.inspect (console.log) and Deno's console look for
// a method under a well-known symbol. Browsers' consoles have no such hook.

/** Node's util.inspect.custom; Deno 2 honours it as well. */
const NODE_INSPECT = Symbol.for('nodejs.util.inspect.custom');
/** Deno's own hook (Deno.customInspect in Deno 1), still read by Deno 2's console. */
const DENO_INSPECT = Symbol.for('Deno.customInspect');

/** Makes console.log and util.inspect / Deno.inspect print instances as their toString(). */
export function inspectAsString(cls: { prototype: { toString(): string } }): void {
  for (const symbol of [NODE_INSPECT, DENO_INSPECT]) {
    Object.defineProperty(cls.prototype, symbol, {
      value(this: { toString(): string }): string { return this.toString(); },
      writable: true,
      configurable: true,
    });
  }
}

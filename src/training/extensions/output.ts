// Where text reports go: a function, an object with write() (a stream), or by default
// stdout in Node and Deno and the console in browsers.
import * as io from '../../io/index';

export type TextOut = ((text: string) => void) | { write(text: string): unknown };

export interface Writer {
  write(text: string): void;
  /** Whether the output is an interactive terminal (cursor movement and redraws). */
  readonly terminal: boolean;
}

export function writerFor(out: TextOut | undefined, terminal?: boolean): Writer {
  if (out === undefined) return { write: (t) => io.writeOut(t), terminal: terminal ?? io.isTerminal() };
  if (typeof out === 'function') return { write: out, terminal: terminal ?? false };
  if (out && typeof out.write === 'function') {
    const isTTY = (out as { isTTY?: boolean }).isTTY;
    return { write: (t) => { out.write(t); }, terminal: terminal ?? !!isTTY };
  }
  throw new TypeError('out must be a function of the text or an object with write(text)');
}

/** Formats `{name}` fields of a file name from values (Python's str.format(**values)). */
export function formatFields(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{([^{}]*)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/**
 * Python's `template.format(obj)` with attribute fields: '{.updater.iteration}' reads
 * obj.updater.iteration (snake_case names fall back to camelCase).
 */
export function formatAttributes(template: string, obj: unknown): string {
  return template.replace(/\{0?((?:\.[A-Za-z_][A-Za-z0-9_]*)+)\}/g, (_whole, path: string) => {
    let v: unknown = obj;
    for (const part of path.slice(1).split('.')) {
      const o = v as Record<string, unknown>;
      const camel = part.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
      if (o !== null && o !== undefined && part in Object(o)) v = o[part];
      else if (o !== null && o !== undefined && camel in Object(o)) v = o[camel];
      else throw new Error(`format: '${template}' refers to '${path}', which does not exist`);
    }
    return String(v);
  });
}

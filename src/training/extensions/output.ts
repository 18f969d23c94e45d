// Where text reports go: a function, an object with write() (a stream), or by default
// stdout in Node and Deno and the console in browsers.
import * as io from '../../io/index';
import { formatSpec } from '../util/python';
import { showValue } from '../../util/options';

/** A function of the text, or a stream: `isTTY` (as Node's streams have) marks a terminal. */
export type TextOut = ((text: string) => void) | { write(text: string): unknown; readonly isTTY?: boolean };

export interface Writer {
  write(text: string): void;
  /** Whether the output is an interactive terminal (cursor movement and redraws). */
  readonly terminal: boolean;
  /** Whether the text goes to a browser's console, which shows escape codes as text. */
  readonly console?: boolean;
}

export function writerFor(op: string, out: TextOut | undefined, terminal?: boolean): Writer {
  if (out === undefined) return { write: (t) => io.writeOut(t), terminal: terminal ?? io.isTerminal(), console: !io.hasStdout() };
  if (typeof out === 'function') return { write: out, terminal: terminal ?? false };
  if (out && typeof out.write === 'function') {
    return { write: (t) => { out.write(t); }, terminal: terminal ?? !!out.isTTY };
  }
  throw new TypeError(`${op}: out must be a function of the text or an object with write(text), got ${showValue(out)}`);
}

/**
 * Python's str.format on a template whose fields `resolve` looks up (with the field text
 * before any ':'), then formats with the spec after it; '{{' and '}}' are braces.
 */
function pythonFormat(template: string, resolve: (field: string) => { value: unknown; isInt?: boolean }): string {
  return template.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (whole, field: string | undefined) => {
    if (field === undefined) return whole[0];
    const colon = field.indexOf(':');
    const { value, isInt } = resolve(colon < 0 ? field : field.slice(0, colon));
    return formatSpec(value, colon < 0 ? '' : field.slice(colon + 1), isInt);
  });
}

/**
 * Formats `{name}` / `{name:spec}` fields of a file name from a log entry (Python's
 * str.format(**entry)): epoch and iteration are ints, other numbers floats ('2.0').
 */
export function formatFields(template: string, values: Record<string, unknown>): string {
  return pythonFormat(template, (key) => {
    if (!(key in values)) throw new Error(`format: '${template}' refers to '${key}', which the entry does not have (${Object.keys(values).join(', ')})`);
    return { value: values[key], isInt: key === 'epoch' || key === 'iteration' };
  });
}

/**
 * Python's `template.format(obj)` with attribute fields: '{.updater.iteration}' (or
 * '{0.updater.iteration:08d}') reads obj.updater.iteration (snake_case names fall back to
 * camelCase); integral numbers print as ints.
 */
export function formatAttributes(template: string, obj: unknown): string {
  // Python numbers '{.a}' fields automatically (0, 1, ...) and refuses mixing them with
  // '{0.a}': with the trainer as the only argument, a second automatic field is an error.
  let automatic = 0, manual = false;
  return pythonFormat(template, (field) => {
    const match = /^(\d*)((?:\.[A-Za-z_][A-Za-z0-9_]*)+)$/.exec(field);
    if (match === null) throw new Error(`format: '${template}' has the field '{${field}}'; only attributes of the trainer ('{.updater.iteration}') can be formatted`);
    const [, index, path] = match;
    if (index === '' ? manual : automatic > 0) {
      throw new Error(`format: '${template}' mixes automatic field numbering ('{.a}') with manual ('{0.a}'), which Python refuses; write every field as '{0.a}'`);
    }
    if (index === '') automatic++;
    else manual = true;
    const position = index === '' ? automatic - 1 : Number(index);
    if (position !== 0) {
      throw new RangeError(`format: '${template}' refers to argument ${position}, but the trainer is the only one (Python numbers each '{.a}' field on: write '{0.updater.iteration}_{0.updater.epoch}' to use it twice)`);
    }
    let v: unknown = obj;
    for (const part of path.slice(1).split('.')) {
      const o = v as Record<string, unknown>;
      const camel = part.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
      if (o !== null && o !== undefined && part in Object(o)) v = o[part];
      else if (o !== null && o !== undefined && camel in Object(o)) v = o[camel];
      else throw new Error(`format: '${template}' refers to '${path}', which does not exist`);
    }
    return { value: v };
  });
}

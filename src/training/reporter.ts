// Reporter: where models and extensions put the values they observe, as chainer.reporter.
// A reporter holds an observation dictionary; `report(values, observer)` stores each value
// under `<observer name>/<key>`. The trainer registers its models as observers ('main' for
// the model of the main optimizer, 'main/predictor' for its child links, ...), so
// `report({loss}, this)` inside L.Classifier becomes `main/loss`.
import { NDArray } from '../array/ndarray';
import * as ops from '../array/ops/index';
import { Variable } from '../core/variable';
import { config } from '../core/config';
import { shapeString } from '../array/shape';
import type { Serializer } from '../serializers/serializer';
import { parsePythonJson, pythonJson } from './util/python';

/** A reported value with the weight it gets in a mean, like Chainer's `(value, weight)` tuple. */
export type WeightedValue = readonly [value: unknown, weight: unknown];

export type Observation = Record<string, unknown>;

const reporters: Reporter[] = [];

/**
 * A reported Variable is copied without its graph, so that the observation does not keep
 * the whole computational graph alive, unless `config.keepGraphOnReport` asks for it
 * (the DumpGraph extension does, for one iteration).
 */
function copyVariable(value: unknown): unknown {
  if (value instanceof Variable && value.hasData) {
    return new Variable(value.array, { name: value.name, requiresGrad: false });
  }
  return value;
}

export class Reporter {
  /** The current observation dictionary. */
  observation: Observation = {};
  private readonly observerNames = new Map<object, string>();

  /** Makes this the current reporter (Chainer's `with reporter:`); undo with exit(). */
  enter(): void {
    reporters.push(this);
  }

  exit(): void {
    const i = reporters.lastIndexOf(this);
    if (i < 0) throw new Error('Reporter.exit: this reporter is not active');
    reporters.splice(i, 1);
  }

  /** Runs fn with this reporter current, then restores the previous one. */
  use<T>(fn: () => T): T {
    this.enter();
    try {
      return fn();
    } finally {
      this.exit();
    }
  }

  /**
   * Runs fn with this reporter current and `observation` as its dictionary, so that every
   * report made during fn lands in `observation` (Chainer's `reporter.scope`).
   */
  scope<T>(observation: Observation, fn: () => T): T {
    const old = this.observation;
    this.observation = observation;
    this.enter();
    try {
      return fn();
    } finally {
      this.exit();
      this.observation = old;
    }
  }

  /** Registers an observer: its reports get keys `<name>/<key>`. */
  addObserver(name: string, observer: object): void {
    this.observerNames.set(observer, name);
  }

  /** Registers observers named `prefix + name`, e.g. from `link.namedlinks({skipself: true})`. */
  addObservers(prefix: string, observers: Iterable<readonly [string, object]>): void {
    for (const [name, observer] of observers) this.observerNames.set(observer, prefix + name);
  }

  /** The name an observer was registered with, or undefined. */
  observerName(observer: object): string | undefined {
    return this.observerNames.get(observer);
  }

  /**
   * Stores values in the current observation. With an observer, each key is prefixed by
   * the observer's registered name; an unregistered observer is an error.
   */
  report(values: Observation, observer?: object | null): void {
    const keep = !!config.keepGraphOnReport;
    let prefix = '';
    if (observer !== undefined && observer !== null) {
      const name = this.observerNames.get(observer);
      if (name === undefined) {
        const kind = (observer as { constructor?: { name?: string } }).constructor?.name ?? typeof observer;
        throw new Error(`Reporter.report: the observer (${kind}) is not registered to the reporter`);
      }
      prefix = `${name}/`;
    }
    for (const key of Object.keys(values)) {
      const v = values[key];
      this.observation[prefix + key] = keep ? v : copyVariable(v);
    }
  }
}

/** The innermost active reporter (chainer.get_current_reporter). */
export function getCurrentReporter(): Reporter {
  const r = reporters[reporters.length - 1];
  if (!r) throw new Error('getCurrentReporter: no reporter is active');
  return r;
}

/**
 * Reports values to the current reporter; does nothing when none is active, so models can
 * report unconditionally (chainer.report).
 */
export function report(values: Observation, observer?: object | null): void {
  const r = reporters[reporters.length - 1];
  if (r) r.report(values, observer);
}

/** Runs fn with reports of the current reporter going to `observation` (chainer.report_scope). */
export function reportScope<T>(observation: Observation, fn: () => T): T {
  return getCurrentReporter().scope(observation, fn);
}

/**
 * The number a reported value stands for when it is summarized, or null when it is not a
 * scalar (Chainer's summaries only take 0-dimensional values and skip the others).
 */
export function scalarOf(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Variable) value = value.hasData ? value.array : null;
  if (value instanceof NDArray) return value.ndim === 0 ? value.item() : null;
  return null;
}

/** True for what scalarOf turns into a number, without reading an array's value. */
function isScalar(value: unknown): boolean {
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return true;
  if (value instanceof Variable) value = value.hasData ? value.array : null;
  return value instanceof NDArray && value.ndim === 0;
}

/** The 0-d array of a value on a backend where reading stalls (webgl), else null. */
function deviceScalar(value: unknown): NDArray | null {
  if (value instanceof Variable) value = value.hasData ? value.array : null;
  return value instanceof NDArray && value.ndim === 0 && value.dtype === 'float32' && value.backend.readsStall ? value : null;
}

/**
 * Running mean and variance of scalars, weighted (chainer.reporter.Summary). Values on a
 * backend where reading stalls (webgl) are summed there and read once when a mean is asked
 * for, so that reporting a loss every iteration adds no readback to the step.
 */
export class Summary {
  private x = 0;
  private x2 = 0;
  private n = 0;
  /** Sums of w v and w v^2 on the device, not yet read (persisted: this summary frees them). */
  private device: { x: NDArray; x2: NDArray } | null = null;

  add(value: unknown, weight: unknown = 1): void {
    if (!isScalar(value)) throw new TypeError(`Summary.add: value must be a scalar (a number or a 0-dimensional array), got ${describe(value)}`);
    const w = scalarOf(weight);
    if (w === null) throw new TypeError(`Summary.add: weight must be a scalar, got ${describe(weight)}`);
    const onDevice = deviceScalar(value);
    if (onDevice) this.addOnDevice(onDevice, w);
    else {
      const v = scalarOf(value)!;
      this.x += w * v;
      this.x2 += w * v * v;
    }
    this.n += w;
  }

  private addOnDevice(v: NDArray, w: number): void {
    const wv = w === 1 ? v : ops.mul(v, w), wv2 = ops.mul(wv, v);
    if (this.device && this.device.x.backend !== v.backend) this.readDevice();
    const old = this.device;
    this.device = old ? { x: ops.add(old.x, wv), x2: ops.add(old.x2, wv2) } : { x: wv, x2: wv2 };
    this.device.x.persist();
    this.device.x2.persist();
    old?.x.dispose();
    old?.x2.dispose();
  }

  /** Adds the device sums into the host ones: the one read of the summary. */
  private readDevice(): void {
    const d = this.device;
    if (!d) return;
    this.device = null;
    this.x += d.x.item();
    this.x2 += d.x2.item();
    d.x.dispose();
    d.x2.dispose();
  }

  /** The weighted mean (NaN before anything was added, where Chainer divides by zero). */
  computeMean(): number {
    this.readDevice();
    return this.x / this.n;
  }

  /** Mean and standard deviation. */
  makeStatistics(): { mean: number; std: number } {
    this.readDevice();
    const mean = this.x / this.n;
    const variance = this.x2 / this.n - mean * mean;
    return { mean, std: Math.sqrt(variance) };
  }

  copy(): Summary {
    this.readDevice();
    const c = new Summary();
    c.x = this.x; c.x2 = this.x2; c.n = this.n;
    return c;
  }

  serialize(s: Serializer): void {
    this.readDevice();
    // Chainer stops at the first statistic a file lacks (it warns that they were not saved)
    if (s.isLoading && s.strict && !s.has('_x')) return;
    this.x = s.value('_x', this.x, 'float');
    if (s.isLoading && s.strict && !s.has('_x2')) return;
    this.x2 = s.value('_x2', this.x2, 'float');
    if (s.isLoading && s.strict && !s.has('_n')) return;
    this.n = s.value('_n', this.n, Number.isInteger(this.n) ? 'int' : 'float');
  }
}

/**
 * Summaries of a dictionary of reported values, one per key (chainer.DictSummary). Only
 * scalars are summarized; a `[value, weight]` pair weights its value.
 */
export class DictSummary {
  private summaries = new Map<string, Summary>();

  add(d: Observation): void {
    for (const key of Object.keys(d)) {
      let v = d[key];
      let w: unknown = 1;
      if (Array.isArray(v) && v.length === 2) {
        [v, w] = v as unknown as WeightedValue;
        if (!isScalar(w)) throw new TypeError(`DictSummary.add: the weight given to '${key}' is not a scalar (${describe(w)})`);
      }
      if (!isScalar(v)) continue;
      let s = this.summaries.get(key);
      if (!s) this.summaries.set(key, s = new Summary());
      s.add(v, w);
    }
  }

  computeMean(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, s] of this.summaries) out[k] = s.computeMean();
    return out;
  }

  /** `{key: mean, 'key.std': std}` for every key. */
  makeStatistics(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, s] of this.summaries) {
      const { mean, std } = s.makeStatistics();
      out[k] = mean;
      out[`${k}.std`] = std;
    }
    return out;
  }

  /**
   * Keys as Chainer writes them: `_names` (a JSON list) and `_summaries/<index>/...`.
   * Loading builds the new summaries aside and swaps them in at the end, so a walk that
   * hands back the current values (a dry run) leaves the summary as it was.
   */
  serialize(s: Serializer): void {
    const current = [...this.summaries.keys()];
    if (s.isLoading && s.strict && !s.has('_names')) {
      // a file without the names (Chainer warns that they were not saved): no statistics
      this.summaries = new Map();
      return;
    }
    const namesText = s.value('_names', pythonJson(current, null));
    if (!s.isLoading) {
      current.forEach((name, i) => this.summaries.get(name)!.serialize(s.child('_summaries').child(String(i))));
      return;
    }
    const names = parsePythonJson(namesText);
    if (!Array.isArray(names)) throw new Error('DictSummary.serialize: _names must be a JSON list of keys');
    const next = new Map<string, Summary>();
    names.forEach((name, i) => {
      const summary = this.summaries.get(String(name))?.copy() ?? new Summary();
      summary.serialize(s.child('_summaries').child(String(i)));
      next.set(String(name), summary);
    });
    this.summaries = next;
  }
}

function describe(value: unknown): string {
  if (value instanceof Variable && value.hasData) value = value.array;
  if (value instanceof NDArray) return `an array of shape ${shapeString(value.shape)}`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a plain array';
  return typeof value === 'object' ? (value as object).constructor?.name ?? 'an object' : typeof value;
}

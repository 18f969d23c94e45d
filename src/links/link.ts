// Link and Chain: the building blocks of models, as Chainer's. A link owns parameters; a
// chain also owns child links. Both are found from the object's own properties, so
// ordinary class fields register them:
//
//   class MLP extends Chain {
//     l1 = new L.Linear(784, 100);
//     l2 = new L.Linear(100, 10);
//     forward(x: Variable) { return this.l2.forward(F.tanh(this.l1.forward(x))); }
//   }
//
// Traversal follows Chainer: a link's own parameters sorted by name, then its children
// sorted by name, with paths like '/l1/W'.
//
// A link owns its persistent arrays (batch normalization's running averages) as a
// parameter owns its data (see array/owned.ts): assigning one keeps a resident copy and
// frees the array it replaces, kernels may update them in place, and dispose() frees them.
import { checkShape } from '../array/shape';
import { OwnedArrays } from '../array/owned';
import { NDArray } from '../array/ndarray';
import * as ops from '../array/ops/index';
import { currentBackend } from '../backends/index';
import type { BackendName } from '../backends/backend';
import type { DType } from '../array/dtype';
import { NaN as NaNInitializer } from '../initializers/constant';
import type { InitializerLike } from '../initializers/get-initializer';
import type { ScalarKind, Serializable, Serializer, SerialValue } from '../serializers/serializer';
import { Parameter } from './parameter';
import { installDispose } from '../util/disposable';
import { inspectAsString } from '../io/inspect';
import { type ArgumentsOf, checkBoolean, readArguments, surplusArguments, showValue } from '../util/options';

export interface AddParamOptions {
  dtype?: DType;
  /** Initial values; uninitialized values are NaN, as in Chainer. */
  initializer?: InitializerLike;
}

type Props = Record<string, unknown>;

/**
 * The names of obj's own properties holding an instance of `kind` (other than `except`),
 * sorted: the traversal order. A loop, not filter and sort, as it runs several times a step.
 */
function namesHolding(obj: Props, kind: abstract new (...args: never[]) => unknown, except?: unknown): string[] {
  const names: string[] = [];
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (v instanceof kind && v !== except) names.push(k);
  }
  if (names.length > 1) names.sort();
  return names;
}

function own(obj: object, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, name);
}

/**
 * Chainer's link methods have fixed parameters: an argument after `params` throws, naming
 * the link's class and the method, as does a flag (the last of `params`) not a boolean.
 */
export function checkArguments(link: Link, method: string, args: IArguments, params: string, flag?: boolean): void {
  const fn = `${link.constructor.name}.${method}`, names = params.split(', '), i = names.length - 1;
  if (flag && args[i] !== undefined) checkBoolean(fn, names[i], args[i]);
  surplusArguments(fn, args, params);
}

export class Link implements Serializable {
  /** The name under which a parent chain registered this link (null at the top). */
  name: string | null = null;
  /** Persistent values (not parameters) saved by serialize, with their scalar kinds. */
  #persistent = new Map<string, ScalarKind | undefined>();
  #device: BackendName = currentBackend().name;
  /** The persistent arrays, kept resident. */
  readonly #owned = new OwnedArrays(this);

  /**
   * The user-defined computation (Chainer's __call__ / forward). Subclasses declare their
   * own arguments and result (a Variable for every built-in link); here both are unknown.
   */
  forward(..._args: unknown[]): unknown {
    throw new Error(`${this.constructor.name}: forward is not implemented`);
  }

  /** Where the parameters live. */
  get device(): BackendName {
    return this.#device;
  }

  /** This link's own parameters as [name, parameter], sorted by name. */
  protected ownParams(): [string, Parameter][] {
    const props = this as unknown as Props;
    return namesHolding(props, Parameter).map((k) => {
      const p = props[k] as Parameter;
      // A registered parameter takes its attribute name, as in Chainer.
      p.name ??= k;
      return [k, p];
    });
  }

  /** Direct children as [name, link] in traversal order (none for a plain Link). */
  namedchildren(): [string, Link][] {
    return [];
  }

  /** Direct children in traversal order. */
  children(): Link[] {
    if (arguments.length) checkArguments(this, 'children', arguments, '');
    return this.namedchildren().map(([, l]) => l);
  }

  /** Every parameter of the hierarchy: own ones sorted by name, then each child's. */
  params(includeUninit = true): Parameter[] {
    if (arguments.length > 1 || typeof includeUninit !== 'boolean') checkArguments(this, 'params', arguments, 'includeUninit', true);
    // The order of namedparams without its paths: an optimizer asks for the parameters
    // several times a step, and building the path strings was most of the cost.
    const out: Parameter[] = [];
    this.collectParams(includeUninit, out);
    return out;
  }

  private collectParams(includeUninit: boolean, out: Parameter[]): void {
    for (const [, p] of this.ownParams()) if (includeUninit || p.hasData) out.push(p);
    for (const [, child] of this.namedchildren()) child.collectParams(includeUninit, out);
  }

  /** Parameters with their paths, like ['/l1/W', W]. */
  namedparams(includeUninit = true): [string, Parameter][] {
    if (arguments.length > 1 || typeof includeUninit !== 'boolean') checkArguments(this, 'namedparams', arguments, 'includeUninit', true);
    const out: [string, Parameter][] = [];
    for (const [name, p] of this.ownParams()) {
      if (includeUninit || p.hasData) out.push([`/${name}`, p]);
    }
    for (const [name, child] of this.namedchildren()) {
      for (const [path, p] of child.namedparams(includeUninit)) out.push([`/${name}${path}`, p]);
    }
    return out;
  }

  /** This link (unless skipself) and every descendant, depth first. */
  links(skipself = false): Link[] {
    if (arguments.length > 1 || typeof skipself !== 'boolean') checkArguments(this, 'links', arguments, 'skipself', true);
    return this.namedlinks(skipself).map(([, l]) => l);
  }

  /** Links with their paths: ['/', this], ['/l1', l1], ... */
  namedlinks(skipself = false): [string, Link][] {
    if (arguments.length > 1 || typeof skipself !== 'boolean') checkArguments(this, 'namedlinks', arguments, 'skipself', true);
    const out: [string, Link][] = skipself ? [] : [['/', this]];
    for (const [name, child] of this.namedchildren()) {
      out.push([`/${name}`, child]);
      for (const [path, l] of child.namedlinks(true)) out.push([`/${name}${path}`, l]);
    }
    return out;
  }

  /** Registers a new parameter as a property (Chainer's add_param(name, shape, dtype, initializer)). */
  addParam(name: string, shape: readonly number[] | number | null = null, ...args: ArgumentsOf<AddParamOptions>): Parameter {
    const options = readArguments<AddParamOptions>('addParam', args, ['dtype', 'initializer'], ['dtype', 'initializer']);
    this.checkNewAttribute('addParam', 'parameter', name);
    if (shape !== null) checkShape(`${this.constructor.name}.addParam`, typeof shape === 'number' ? [shape] : shape);
    const init = options.initializer ?? new NaNInitializer({ dtype: options.dtype ?? 'float32' });
    const p = new Parameter(init, shape, { name });
    (this as unknown as Props)[name] = p;
    return p;
  }

  /** Registers a new persistent value (saved and loaded, never optimized). */
  addPersistent(name: string, value: SerialValue, kind?: ScalarKind): void {
    if (arguments.length > 3) checkArguments(this, 'addPersistent', arguments, 'name, value, kind');
    this.checkNewAttribute('addPersistent', 'persistent value', name);
    (this as unknown as Props)[name] = value;
    this.#persistent.set(name, kind);
    this.ownPersistent(name);
  }

  /** Registers an existing property as persistent. */
  registerPersistent(name: string, kind?: ScalarKind): void {
    if (arguments.length > 2) checkArguments(this, 'registerPersistent', arguments, 'name, kind');
    if (!own(this, name)) throw new Error(`${this.constructor.name}.registerPersistent: cannot register the non-existent attribute ${showValue(name)} as a persistent value`);
    this.#persistent.set(name, kind);
    this.ownPersistent(name);
  }

  /**
   * Turns the property into one whose arrays this link owns: an NDArray assigned to it is
   * kept as a resident copy (unless it is already this link's) and the one it replaces is
   * freed. Other values (numbers, null) are stored as they are.
   */
  private ownPersistent(name: string): void {
    const props = this as unknown as Props;
    const current = props[name];
    let value: unknown = undefined;
    Object.defineProperty(this, name, {
      enumerable: true,
      configurable: true,
      get: () => value,
      set: (next: unknown) => {
        const old = value;
        value = next instanceof NDArray && !this.#owned.holds(next) ? this.#owned.adopt(next) : next;
        if (old !== value && old instanceof NDArray) this.#owned.release(old);
      },
    });
    props[name] = current;
  }

  /** Names of the persistent values. */
  persistentNames(): string[] {
    return [...this.#persistent.keys()].sort();
  }

  protected checkNewAttribute(method: string, what: string, name: string): void {
    if (typeof name !== 'string' || name === '') throw new TypeError(`${this.constructor.name}.${method}: name must be a non-empty string`);
    if (name.includes('/')) throw new RangeError(`${this.constructor.name}.${method}: name '${name}' must not contain '/'`);
    if (own(this, name)) throw new Error(`${this.constructor.name}.${method}: cannot register a new ${what} '${name}': attribute exists`);
  }

  /** Sets every gradient to null. */
  /**
   * Frees every parameter's data, gradient and optimizer state now, instead of when the
   * link is collected; the link cannot be used afterwards.
   */
  dispose(): void {
    for (const p of this.params()) p.dispose();
    for (const l of this.links()) l.#owned.releaseAll();
  }


  cleargrads(): void {
    if (arguments.length) checkArguments(this, 'cleargrads', arguments, '');
    for (const p of this.params()) p.cleargrad();
  }

  /** Sets every gradient to zeros. */
  zerograds(): void {
    if (arguments.length) checkArguments(this, 'zerograds', arguments, '');
    for (const p of this.params()) p.zerograd();
  }

  /** Copies parameter data (and persistent values) from a link of the same structure. */
  copyparams(link: Link, copyPersistent = true): void {
    if (arguments.length > 2 || typeof copyPersistent !== 'boolean') checkArguments(this, 'copyparams', arguments, 'link, copyPersistent', true);
    if (!(link instanceof Link)) throw new TypeError(`${this.constructor.name}.copyparams: link must be a Link, got ${showValue(link)}`);
    const src = link as unknown as Props, dst = this as unknown as Props;
    for (const [name, p] of this.ownParams()) {
      const s = src[name];
      if (!(s instanceof Parameter)) throw new Error(`${this.constructor.name}.copyparams: source has no parameter '${name}'`);
      p.copydata(s);
    }
    if (copyPersistent) {
      for (const name of this.#persistent.keys()) {
        const s = src[name];
        dst[name] = s instanceof NDArray ? s.toDevice(this.#device) : s;
      }
    }
    const sourceChildren = new Map(link.namedchildren());
    for (const [name, child] of this.namedchildren()) {
      const s = sourceChildren.get(name);
      if (!s) throw new Error(`${this.constructor.name}.copyparams: source has no child link '${name}'`);
      child.copyparams(s, copyPersistent);
    }
  }

  /** Adds the gradients of a link of the same structure into this one's (Chainer's addgrads). */
  addgrads(link: Link): void {
    if (arguments.length > 1) checkArguments(this, 'addgrads', arguments, 'link');
    if (!(link instanceof Link)) throw new TypeError(`${this.constructor.name}.addgrads: link must be a Link, got ${showValue(link)}`);
    const source = new Map(link.namedparams());
    for (const [path, p] of this.namedparams()) {
      const s = source.get(path);
      if (!s) throw new Error(`${this.constructor.name}.addgrads: source has no parameter '${path}'`);
      const g = s.grad;
      if (g === null) continue;
      const mine = g.device === p.device ? g : g.toDevice(p.device);
      p.grad = p.grad === null ? mine : ops.add(p.grad, mine);
    }
  }

  /** Moves parameters and persistent arrays of the hierarchy to a backend. */
  toDevice(device: BackendName): this {
    if (arguments.length > 1) checkArguments(this, 'toDevice', arguments, 'device');
    for (const l of this.links()) l.moveOwn(device);
    return this;
  }

  private moveOwn(device: BackendName): void {
    this.#device = device;
    for (const [, p] of this.ownParams()) p.toDevice(device);
    const props = this as unknown as Props;
    for (const name of this.#persistent.keys()) {
      const v = props[name];
      if (v instanceof NDArray) props[name] = v.toDevice(device);
    }
  }

  /** Number of elements over the initialized parameters. */
  countParams(): number {
    if (arguments.length) checkArguments(this, 'countParams', arguments, '');
    return this.params(false).reduce((n, p) => n + p.size, 0);
  }

  /** Turns the update rules of every parameter on again. */
  enableUpdate(): void {
    if (arguments.length) checkArguments(this, 'enableUpdate', arguments, '');
    for (const p of this.params()) if (p.updateRule) p.updateRule.enabled = true;
  }

  /** Freezes the hierarchy: optimizers leave its parameters alone. */
  disableUpdate(): void {
    if (arguments.length) checkArguments(this, 'disableUpdate', arguments, '');
    for (const p of this.params()) if (p.updateRule) p.updateRule.enabled = false;
  }

  /** True when some parameter would be updated. */
  get updateEnabled(): boolean {
    return this.params().some((p) => p.updateRule?.enabled);
  }

  /** Settings shown by toString (Chainer's printable_specs). */
  protected printableSpecs(): [string, unknown][] {
    return [];
  }

  /** The structure, as Chainer prints a link: `MLP(\n  (l1): Linear(inSize=784, outSize=100, nobias=false),\n ...)`. */
  toString(): string {
    const specs = this.printableSpecs().map(([k, v]) => `${k}=${formatSpec(v)}`).join(', ');
    const entries = this.printableChildren();
    if (entries.length === 0) return `${this.constructor.name}(${specs})`;
    const body = entries.map(([n, c]) => `  (${n}): ${String(c).replace(/\n/g, '\n  ')},`).join('\n');
    return `${this.constructor.name}(\n${body}\n)`;
  }

  /** What toString lists inside the parentheses: the children by default. */
  protected printableChildren(): [string, unknown][] {
    return this.namedchildren();
  }

  /**
   * Saves or loads parameters and persistent values by name, then each child under its
   * name. Loading into an uninitialized parameter initializes it with the stored shape.
   */
  serialize(serializer: Serializer): void {
    if (typeof (serializer as Partial<Serializer> | null)?.value !== 'function') {
      throw new TypeError(`${this.constructor.name}.serialize: serializer must be a Serializer (as serializers.saveNpz and loadNpz pass), got ${showValue(serializer)}`);
    }
    for (const [name, p] of this.ownParams()) {
      const stored = serializer.value(name, p.hasData ? p.array : null);
      if (serializer.isLoading && stored instanceof NDArray) {
        if (!p.hasData) p.initialize(stored.shape);
        p.copydata(stored);
      }
    }
    const props = this as unknown as Props;
    for (const [name, kind] of this.#persistent) {
      const stored = serializer.value(name, props[name] as SerialValue, kind);
      if (serializer.isLoading) props[name] = stored instanceof NDArray ? stored.toDevice(this.#device) : stored;
    }
    for (const [name, child] of this.namedchildren()) child.serialize(serializer.child(name));
  }
}
inspectAsString(Link);

/**
 * A link made of child links. Children are the properties holding links (class fields
 * or addLink), visited in name order.
 */
export class Chain extends Link {
  /** Optional initial children, as Chainer's Chain(**links). */
  constructor(links: Record<string, Link> | null = {}) {
    super();
    if (links !== null && (typeof links !== 'object' || Array.isArray(links) || links instanceof Link)) {
      throw new TypeError(`${this.constructor.name}: children must be given as an object of links ({l1: new L.Linear(...)}), got ${formatSpec(links)}`);
    }
    for (const [name, link] of Object.entries(links ?? {})) this.addLink(name, link);
  }

  override namedchildren(): [string, Link][] {
    const props = this as unknown as Props;
    return namesHolding(props, Link, this).map((k) => {
      const child = props[k] as Link;
      child.name = k;
      return [k, child];
    });
  }

  /** Registers a child link as a property (Chainer's add_link). */
  addLink(name: string, link: Link): Link {
    if (arguments.length > 2) checkArguments(this, 'addLink', arguments, 'name, link');
    if (!(link instanceof Link)) throw new TypeError(`${this.constructor.name}.addLink: ${showValue(name)} must be a Link`);
    this.checkNewAttribute('addLink', 'link', name);
    (this as unknown as Props)[name] = link;
    link.name = name;
    return link;
  }
}

function formatSpec(v: unknown): string {
  if (Array.isArray(v)) return `(${v.join(', ')})`;
  if (typeof v === 'function') return v.name || 'function';
  return String(v);
}

installDispose(Link);

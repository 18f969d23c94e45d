// Sequential: layers applied one after another. Links become children named by their
// position among the links ('0', '1', ...); plain functions (F.relu, ...) are applied
// but hold no parameters.
import { ChainList } from './chain-list';
import { Link } from './link';
import type { Variable, VariableLike } from '../core/variable';

/**
 * A function layer (F.relu, (x) => F.dropout(x, 0.5), ...): it receives the previous layer's
 * outputs (the first layer, forward's arguments); any result goes to the next layer.
 */
export type LayerFunction = (x: Variable, ...rest: never[]) => unknown;
export type Layer = Link | LayerFunction;

/**
 * `Output` is what the last layer returns: a Variable unless given, e.g.
 * `new Sequential<[Variable, Variable]>(...)` for a last layer returning two.
 */
export class Sequential<Output = Variable> extends ChainList<Link> {
  #layers: Layer[] = [];

  constructor(...layers: Layer[]) {
    super();
    for (const l of layers) this.append(l);
  }

  protected override linkList(): readonly Link[] {
    return this.#layers.filter((l): l is Link => l instanceof Link);
  }

  /** Every layer, links and functions, in order. */
  get layers(): readonly Layer[] {
    return this.#layers;
  }

  override get length(): number {
    return this.#layers.length;
  }

  override addLink(link: Link): this {
    return this.append(link);
  }

  override append(layer: Layer): this {
    this.#layers.push(checkLayer(layer));
    return this;
  }

  /** Inserts a layer before position i. */
  insert(i: number, layer: Layer): this {
    this.#layers.splice(i, 0, checkLayer(layer));
    return this;
  }

  /** Removes and returns the layer at position i (the last by default). */
  pop(i = -1): Layer {
    const k = i < 0 ? this.#layers.length + i : i;
    if (k < 0 || k >= this.#layers.length) throw new RangeError(`Sequential.pop: index ${i} is out of range for ${this.#layers.length} layers`);
    return this.#layers.splice(k, 1)[0];
  }

  protected override printableChildren(): [string, unknown][] {
    return this.#layers.map((l, i) => [String(i), l instanceof Link ? l : `<function ${l.name || 'anonymous'}>`]);
  }

  override forward(...x: VariableLike[]): Output {
    // An array result is spread into the next layer's arguments, as Chainer does with tuples.
    let out: unknown = x;
    for (const layer of this.#layers) {
      const args = Array.isArray(out) ? out : [out];
      out = layer instanceof Link ? layer.forward(...args) : (layer as (...a: unknown[]) => unknown)(...args);
    }
    return out as Output;
  }
}

function checkLayer(layer: Layer): Layer {
  if (!(layer instanceof Link) && typeof layer !== 'function') {
    throw new TypeError(`Sequential: a layer must be a Link or a function, got ${layer === null ? 'null' : typeof layer}`);
  }
  return layer;
}

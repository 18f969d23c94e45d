// Sequential: layers applied one after another. Links become children named '0', '1', ...;
// plain functions (F.relu, ...) are applied but hold no parameters.
//
// The children are NOT the links in layer order: Chainer 7's insert() places a new link
// after the FIRST link before it (its search for the previous link never stops early,
// chainer issue #6053), so appending links L0..L3 gives children [L0, L3, L2, L1] and the
// npz key '1/W' holds L3's weight. The order is kept exactly, so files load both ways.
import { ChainList } from './chain-list';
import { Link, checkArguments } from './link';
import type { Variable, VariableLike } from '../core/variable';
import { showValue } from '../util/options';

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
export class Sequential<Output = Variable> extends ChainList<Link, Layer> {
  #layers: Layer[] = [];
  /** The child links in Chainer's order (see above). */
  #children: Link[] = [];

  constructor(...layers: Layer[]) {
    super();
    for (const l of layers) this.append(l);
  }

  protected override linkList(): readonly Link[] {
    return this.#children;
  }

  /** at(), length and iteration give every layer, links and functions, in order (Chainer's seq[i]). */
  protected override items(): readonly Layer[] {
    return this.#layers;
  }

  protected override itemNoun(): string {
    return 'layers';
  }

  /** Every layer, links and functions, in order. */
  get layers(): readonly Layer[] {
    return this.#layers;
  }

  override addLink(link: Link): this {
    if (arguments.length > 1) checkArguments(this, 'addLink', arguments, 'link');
    return this.append(link);
  }

  override append(layer: Layer): this {
    if (arguments.length > 1) checkArguments(this, 'append', arguments, 'layer');
    return this.insert(this.#layers.length, layer);
  }

  /** Inserts a layer before position i (negative i counts from the end). */
  insert(i: number, layer: Layer): this {
    if (arguments.length > 2) checkArguments(this, 'insert', arguments, 'i, layer');
    checkLayer(layer);
    const n = this.#layers.length;
    if (!Number.isInteger(i) || i < -n || i > n) throw new RangeError(`Sequential.insert: index ${showValue(i)} is out of range for ${n} layers`);
    if (i < 0) i += n;
    this.#layers.splice(i, 0, layer);
    if (layer instanceof Link) {
      // Chainer's placement: after the first link among the layers before i (a layer
      // index used as a position among the children; past the end appends).
      let at = 0;
      for (let j = i - 1; j >= 0; j--) if (this.#layers[j] instanceof Link) at = j;
      if (i === 0) this.#children.unshift(layer);
      else this.#children.splice(at + 1, 0, layer);
    }
    return this;
  }

  /** Removes and returns the layer at position i (the last by default). */
  pop(i = -1): Layer {
    if (arguments.length > 1) checkArguments(this, 'pop', arguments, 'i');
    const k = i < 0 ? this.#layers.length + i : i;
    if (!Number.isInteger(k) || k < 0 || k >= this.#layers.length) throw new RangeError(`Sequential.pop: index ${showValue(i)} is out of range for ${this.#layers.length} layers`);
    const [layer] = this.#layers.splice(k, 1);
    if (layer instanceof Link) {
      const c = this.#children.indexOf(layer);
      if (c >= 0) this.#children.splice(c, 1);
    }
    return layer;
  }

  /** Removes the first occurrence of a layer. */
  remove(layer: Layer): this {
    if (arguments.length > 1) checkArguments(this, 'remove', arguments, 'layer');
    const i = this.#layers.indexOf(layer);
    if (i < 0) throw new RangeError('Sequential.remove: the layer is not in this Sequential');
    this.pop(i);
    return this;
  }

  protected override printableChildren(): [string, unknown][] {
    return this.#layers.map((l, i) => [String(i), l instanceof Link ? l : `<function ${l.name || 'anonymous'}>`]);
  }

  override forward(...x: VariableLike[]): Output {
    if (this.#layers.length === 0) throw new Error('Sequential: forward needs at least one layer');
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

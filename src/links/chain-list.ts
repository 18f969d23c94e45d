// ChainList: a link holding an ordered list of child links named '0', '1', ...
import { Link, checkArguments } from './link';
import { showValue } from '../util/options';

// `Item` is what indexing and iteration give: the links here, every layer in Sequential.
export class ChainList<T extends Link = Link, Item = T> extends Link {
  #links: T[] = [];

  constructor(...links: T[]) {
    super();
    for (const l of links) this.addLink(l);
  }

  /** The child links in order. */
  protected linkList(): readonly T[] {
    return this.#links;
  }

  /** What at(), length and iteration visit: the children, in order. */
  protected items(): readonly Item[] {
    return this.linkList() as readonly unknown[] as readonly Item[];
  }

  /** What the items are called in messages. */
  protected itemNoun(): string {
    return 'links';
  }

  override namedchildren(): [string, Link][] {
    return this.linkList().map((l, i) => {
      l.name = String(i);
      return [String(i), l];
    });
  }

  /** Appends a child link (Chainer's add_link). */
  addLink(link: T): this {
    if (arguments.length > 1) checkArguments(this, 'addLink', arguments, 'link');
    if (!(link instanceof Link)) throw new TypeError(`${this.constructor.name}.addLink: expected a Link, got ${typeof link}`);
    link.name = String(this.#links.length);
    this.#links.push(link);
    return this;
  }

  /** Same as addLink. */
  append(link: T): this {
    if (arguments.length > 1) checkArguments(this, 'append', arguments, 'link');
    return this.addLink(link);
  }

  /** The i-th item (Chainer's self[i]); negative i counts from the end. */
  at(i: number): Item {
    const list = this.items();
    const k = i < 0 ? list.length + i : i;
    if (!Number.isInteger(k) || k < 0 || k >= list.length) throw new RangeError(`${this.constructor.name}.at: index ${showValue(i)} is out of range for ${list.length} ${this.itemNoun()}`);
    return list[k];
  }

  get length(): number {
    return this.items().length;
  }

  [Symbol.iterator](): Iterator<Item> {
    return this.items()[Symbol.iterator]();
  }
}

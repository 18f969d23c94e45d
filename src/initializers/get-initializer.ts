// How links turn their initialW / initialBias arguments into initializers.
import { NDArray } from '../array/ndarray';
import { Constant } from './constant';
import { Initializer } from './initializer';

/** What a link accepts as an initializer: an Initializer, a constant number or array, or null for the default. */
export type InitializerLike = Initializer | number | NDArray | null | undefined;

/**
 * Chainer's _get_initializer: null gives `fallback` (LeCunNormal for weights), a number
 * or an array gives Constant.
 */
export function getInitializer(init: InitializerLike, fallback: () => Initializer): Initializer {
  if (init === null || init === undefined) return fallback();
  if (init instanceof Initializer) return init;
  if (typeof init === 'number' || init instanceof NDArray) return new Constant(init);
  const what = typeof init === 'object' ? (init as object).constructor?.name ?? 'object' : typeof init;
  throw new TypeError(`initializer: expected an Initializer, a number or an NDArray, got ${what}`);
}

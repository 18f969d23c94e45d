// dropout (Chainer's Dropout): the mask holds the scale itself, 0 or 1 / (1 - ratio), so
// training outputs keep the expected value and test mode is the identity.
import { fromTyped } from '../../array/creation';
import * as ops from '../../array/ops/index';
import { NDArray } from '../../array/ndarray';
import { Generator, defaultGenerator } from '../../array/random';
import { shapeString, shapesEqual } from '../../array/shape';
import { config } from '../../core/config';
import { FunctionNode } from '../../core/function-node';
import type { Variable, VariableLike } from '../../core/variable';
import { mul } from '../math/basic-math';
import { floatInput } from '../math/input';
import { checkBoolean, readArguments, showValue } from '../../util/options';
import { keepsNoGradients } from '../../core/vouched';

export class Dropout extends FunctionNode {
  constructor(readonly dropoutRatio: number, public mask: NDArray | null = null, readonly rng: Generator = defaultGenerator) { super(); }

  forward([x]: NDArray[]): NDArray[] {
    if (!this.mask) {
      const scale = 1 / (1 - this.dropoutRatio);
      const m = new Float32Array(x.size);
      // Each element is kept when a uniform draw from the generator is >= ratio; the draws
      // come a block at a time, which stays in the cache.
      const draws = new Float64Array(Math.min(m.length, 4096));
      for (let i0 = 0; i0 < m.length; i0 += draws.length) {
        const n = Math.min(draws.length, m.length - i0);
        this.rng.fillRandom(draws, 0, n);
        for (let i = 0; i < n; i++) m[i0 + i] = draws[i] >= this.dropoutRatio ? scale : 0;
      }
      this.mask = fromTyped(m, x.shape, { backend: x.device });
    }
    return [ops.mul(x, this.mask)];
  }

  override backward(_: number[], [gy]: (Variable | null)[]): (Variable | null)[] {
    return [mul(gy!, this.mask!)];
  }
}

export interface DropoutOptions {
  /** Probability of dropping an element; 0.5 as in Chainer. */
  ratio?: number;
  /** A mask to reuse (values 0 or 1 / (1 - ratio)), e.g. from a previous call's returnMask. */
  mask?: NDArray | null;
  /**
   * The generator the mask is drawn from (default: the library's, seeded by random.seed).
   * A model with its own draws the same masks whatever else runs in the process.
   */
  rng?: Generator | null;
}

/**
 * Drops elements with probability `ratio` and scales the rest by 1 / (1 - ratio) while
 * config.train is true; returns x unchanged otherwise. Masks come from `rng`, or from
 * random.seed's generator, so runs are reproducible.
 */
export function dropout(x: VariableLike, ratio?: number | DropoutOptions & { returnMask?: false }, options?: DropoutOptions & { returnMask?: false }): Variable;
export function dropout(x: VariableLike, options: DropoutOptions & { returnMask: true }): [Variable, NDArray | null];
export function dropout(x: VariableLike, ratio: number | undefined, options: DropoutOptions & { returnMask: true }): [Variable, NDArray | null];
export function dropout(x: VariableLike, ratioArg?: number | DropoutOptions & { returnMask?: boolean }, opts?: DropoutOptions & { returnMask?: boolean }): Variable | [Variable, NDArray | null] {
  const v = floatInput('dropout', 'x', x);
  // Chainer's dropout(x, ratio=.5, **kwargs): the ratio positionally or in the options.
  const options = readArguments('dropout', [ratioArg, opts], ['ratio'], { ratio: 0.5, mask: null as NDArray | null, returnMask: false, rng: null as Generator | null });
  const ratio = options.ratio;
  if (typeof ratio !== 'number' || Number.isNaN(ratio)) throw new TypeError(`dropout: ratio must be a number, got ${showValue(ratio)}`);
  checkBoolean('dropout', 'returnMask', options.returnMask);
  const mask = options.mask;
  if (mask !== null) {
    if (!(mask instanceof NDArray)) throw new TypeError('dropout: mask must be an NDArray');
    if (!shapesEqual(mask.shape, v.shape)) throw new RangeError(`dropout: mask ${shapeString(mask.shape)} must have the shape of x ${shapeString(v.shape)}`);
  }
  const rng = options.rng ?? defaultGenerator;
  if (!(rng instanceof Generator)) throw new TypeError(`dropout: rng must be a random.Generator, got ${showValue(rng)}`);
  if (!config.train) return options.returnMask ? [v, null] : v;
  // Checked in training only: Chainer's Dropout checks it when built, which test mode skips.
  if (!(ratio >= 0 && ratio < 1)) throw new RangeError(`dropout: ratio must be in [0, 1), got ${showValue(ratio)}`);
  const node = new Dropout(ratio, mask, rng);
  const y = node.apply([v])[0];
  return options.returnMask ? [y, node.mask] : y;
}

keepsNoGradients(Dropout);

// Gated recurrent units, as Chainer's: children W_r U_r W_z U_z W U (Linear in -> out for
// the W's, out -> out for the U's).
//   r = sig(W_r x + U_r h),  z = sig(W_z x + U_z h),  hbar = tanh(W x + U (r * h))
//   h' = z * hbar + (1 - z) * h       (F.linearInterpolate(z, hbar, h))
// L.GRU is stateful (Chainer v2+); its first step, with no state, is h = sig(W_z x) * tanh(W x).
import { NDArray } from '../../array/ndarray';
import { Variable, type VariableLike } from '../../core/variable';
import { sigmoid, tanh } from '../../functions/activation/elementwise';
import { linearInterpolate } from '../../functions/math/index';
import { add, mul } from '../../functions/math/basic-math';
import type { InitializerLike } from '../../initializers/get-initializer';
import { Linear, checkSize } from '../connection/linear';
import { Chain } from '../link';
import { readLinkArguments } from '../arguments';
import { surplusArguments } from '../../util/options';

export interface GRUOptions {
  inSize?: number | null;
  outSize?: number;
  /** Initializer of W_r, W_z and W. */
  init?: InitializerLike;
  /** Initializer of U_r, U_z and U. */
  innerInit?: InitializerLike;
  /** Initializer of every bias (0). */
  biasInit?: InitializerLike;
}

export class GRUBase extends Chain {
  W_r: Linear;
  U_r: Linear;
  W_z: Linear;
  U_z: Linear;
  W: Linear;
  U: Linear;
  readonly stateSize: number;

  /** Chainer's (inSize, outSize, init, innerInit, biasInit), or options last. */
  constructor(inSize: number | null | GRUOptions, outSize?: number | GRUOptions, ...rest: (InitializerLike | GRUOptions)[]) {
    super();
    const name = this.constructor.name;
    const options = readLinkArguments(name, [inSize, outSize, ...rest], ['inSize', 'outSize', 'init', 'innerInit', 'biasInit'], {
      inSize: null as number | null, outSize: undefined as unknown as number, init: null as InitializerLike, innerInit: null as InitializerLike, biasInit: 0 as InitializerLike,
    });
    inSize = options.inSize;
    outSize = options.outSize;
    if (inSize !== null) checkSize(name, 'inSize', inSize);
    checkSize(name, 'outSize', outSize);
    const input = () => new Linear(inSize, outSize, { initialW: options.init, initialBias: options.biasInit });
    const inner = () => new Linear(outSize, outSize, { initialW: options.innerInit, initialBias: options.biasInit });
    this.W_r = input();
    this.U_r = inner();
    this.W_z = input();
    this.U_z = inner();
    this.W = input();
    this.U = inner();
    this.stateSize = outSize;
  }
}

/** GRU step from an explicit state: forward(h, x) returns the new h. */
export class StatelessGRU extends GRUBase {
  override forward(h: VariableLike, x: VariableLike): Variable {
    if (arguments.length > 2) surplusArguments('StatelessGRU.forward', arguments, 'h, x');
    const r = sigmoid(add(this.W_r.forward(x), this.U_r.forward(h)));
    const z = sigmoid(add(this.W_z.forward(x), this.U_z.forward(h)));
    const hBar = tanh(add(this.W.forward(x), this.U.forward(mul(r, h))));
    return linearInterpolate(z, hBar, h);
  }
}

/** GRU keeping its state h between calls: forward(x) returns the new h. */
export class StatefulGRU extends GRUBase {
  h: Variable | null = null;

  setState(h: Variable): void {
    this.h = h;
  }

  resetState(): void {
    this.h = null;
  }

  override forward(x: VariableLike): Variable {
    if (arguments.length > 1) surplusArguments('StatefulGRU.forward', arguments, 'x');
    let z = this.W_z.forward(x);
    let hBar = this.W.forward(x);
    const h = this.h;
    if (h !== null) {
      const r = sigmoid(add(this.W_r.forward(x), this.U_r.forward(h)));
      z = add(z, this.U_z.forward(h));
      hBar = add(hBar, this.U.forward(mul(r, h)));
    }
    z = sigmoid(z);
    hBar = tanh(hBar);
    const hNew = h !== null ? linearInterpolate(z, hBar, h) : mul(z, hBar);
    this.h = hNew;
    return hNew;
  }
}

/** L.GRU: the stateful GRU (forward(x)); use StatelessGRU for forward(h, x). */
export class GRU extends StatefulGRU {
  override forward(x: VariableLike): Variable {
    if (x === undefined) throw new TypeError('GRU.forward: missing argument x');
    if (arguments.length > 1) {
      // Chainer's L.GRU was stateless before v2: forward(h, x) is pointed to StatelessGRU.
      if (arguments.length === 2 && (arguments[1] instanceof Variable || arguments[1] instanceof NDArray)) {
        throw new TypeError('GRU.forward: takes x alone (L.GRU is stateful since Chainer v2; use L.StatelessGRU for forward(h, x))');
      }
      surplusArguments('GRU.forward', arguments, 'x');
    }
    return super.forward(x);
  }
}

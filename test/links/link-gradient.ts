// Gradient checks for links: the gradients backward() leaves in a link's parameters (and
// in its inputs) against central differences of sum(y * gy), evaluated in float64 on the
// host. Parameters are perturbed in place through their data arrays.
import { Link, NDArray, Variable, array, gradientCheck, noBackpropMode } from '../../src/index';
import { randomValues } from '../util';

export interface LinkCheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Elements checked per array (sampled beyond this). */
  maxElements?: number;
}

function projection(y: Variable, gy: Float32Array): number {
  const d = y.array.dataSync();
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i] * gy[i];
  return s;
}

/**
 * Checks d sum(forward(...) * gy) / d param for every initialized parameter of `link`,
 * and / d input through gradientCheck.checkBackward. `forward` must be deterministic.
 */
export function checkLinkBackward(link: Link, forward: (...xs: Variable[]) => Variable, inputs: NDArray[], options: LinkCheckOptions = {}): void {
  const { eps = 1e-3, atol = 1e-3, rtol = 1e-2, maxElements = 40 } = options;
  const y0 = forward(...inputs.map((x) => new Variable(x)));
  const gy = randomValues(y0.size, 17, -1, 1);
  link.cleargrads();
  const y = forward(...inputs.map((x) => new Variable(x)));
  y.grad = array(gy, { shape: y.shape });
  y.backward();
  for (const [path, p] of link.namedparams(false)) {
    const analytic = p.grad ? Float64Array.from(p.grad.dataSync()) : new Float64Array(p.size);
    const base = Float32Array.from(p.array.dataSync());
    const step = Math.max(1, Math.floor(p.size / maxElements));
    for (let j = 0; j < p.size; j += step) {
      const at = (delta: number) => {
        const d = Float32Array.from(base);
        d[j] = base[j] + delta;
        p.array = array(d, { shape: p.shape });
        const v = noBackpropMode(() => projection(forward(...inputs.map((x) => new Variable(x))), gy));
        return { v, x: d[j] };
      };
      const plus = at(eps), minus = at(-eps);
      p.array = array(base, { shape: p.shape });
      const numeric = (plus.v - minus.v) / (plus.x - minus.x);
      const diff = Math.abs(numeric - analytic[j]);
      if (!(diff <= atol + rtol * Math.abs(numeric))) {
        throw new Error(`checkLinkBackward: ${path} element ${j}: backward gives ${analytic[j]}, central difference ${numeric}`);
      }
    }
  }
  if (inputs.some((x) => x.dtype === 'float32')) {
    gradientCheck.checkBackward((...xs) => forward(...xs), inputs, array(gy, { shape: y.shape }), { eps, atol, rtol });
  }
}

// Chainer's bilinear sampling filters (from the Berkeley FCN code): an array of shape
// (inC, outC, k, k, ...) is zero but for the channel pairs (c, c) (or (c, 0) when outC is
// 1), which hold the linear filter prod_d (1 - |i_d - center| / factor), factor =
// floor((k + 1) / 2), center = factor - 1 for odd k and factor - 0.5 for even k. For
// downsampling the filter is divided by its sum.
import { shapeString, sizeOf } from '../array/shape';
import { Initializer, type InitializerOptions } from './initializer';

export interface SamplingFilterOptions extends InitializerOptions {
  /** The only method Chainer has: 'linear'. */
  interpolation?: 'linear';
}

abstract class SamplingFilter extends Initializer {
  static override readonly optionKeys: readonly string[] = [...Initializer.optionKeys, 'interpolation'];
  protected abstract readonly upsampling: boolean;

  constructor(options: SamplingFilterOptions = {}) {
    super(options);
    if ((options.interpolation ?? 'linear') !== 'linear') throw new RangeError(`${this.constructor.name}: unsupported interpolation method ${String(options.interpolation)} (only 'linear')`);
  }

  protected values(shape: readonly number[]): ArrayLike<number> {
    const who = this.constructor.name;
    if (shape.length < 3) throw new RangeError(`${who}: the array must be (inC, outC, k, ...), got shape ${shapeString(shape)}`);
    const [inC, outC] = shape;
    if (inC !== outC && outC !== 1) throw new RangeError(`${who}: the channels must be equal or outC 1, got shape ${shapeString(shape)}`);
    const spatial = shape.slice(2), k = spatial[0];
    if (spatial.some((s) => s !== k)) throw new RangeError(`${who}: ksize must be all same, got shape ${shapeString(shape)}`);
    const factor = Math.floor((k + 1) / 2);
    const center = k % 2 === 1 ? factor - 1 : factor - 0.5;
    const n = sizeOf(spatial);
    const filter = new Float64Array(n).fill(1);
    for (let i = 0; i < n; i++) {
      for (let d = spatial.length - 1, rest = i; d >= 0; d--, rest = Math.floor(rest / k)) filter[i] *= 1 - Math.abs((rest % k) - center) / factor;
    }
    if (!this.upsampling) {
      const sum = filter.reduce((s, v) => s + v, 0);
      for (let i = 0; i < n; i++) filter[i] /= sum;
    }
    const out = new Float64Array(sizeOf(shape));
    for (let c = 0; c < inC; c++) out.set(filter, ((c * outC) + (outC === 1 ? 0 : c)) * n);
    return out;
  }
}

/** Bilinear upsampling weights for a deconvolution with stride floor((k + 1) / 2). */
export class UpsamplingDeconvFilter extends SamplingFilter {
  protected readonly upsampling = true;
}

/** Bilinear downsampling weights (summing to 1) for a convolution with stride floor((k + 1) / 2). */
export class DownsamplingConvFilter extends SamplingFilter {
  protected readonly upsampling = false;
}

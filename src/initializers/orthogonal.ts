// Orthogonal initialization (Saxe et al.), as Chainer: a Gaussian matrix of shape
// (shape[0], prod(shape[1:])) is orthonormalized (QR with a non-negative diagonal of R,
// so the result is unique), then multiplied by scale (1.1 by default). Rows are
// orthonormal when shape[0] <= prod(shape[1:]), columns otherwise.
import { shapeString, sizeOf } from '../array/shape';
import { Initializer, type InitializerOptions, readScale } from './initializer';
import { showValue } from '../util/options';

export type OrthogonalMode = 'auto' | 'projection' | 'embedding' | 'basis';

export interface OrthogonalOptions extends InitializerOptions {
  /** The scale (1.1 by default), when not given positionally. */
  scale?: number;
  /**
   * Check on the shape: 'projection' needs shape[0] <= prod(shape[1:]), 'embedding'
   * shape[0] >= prod(shape[1:]), 'basis' both; 'auto' (default) accepts any.
   */
  mode?: OrthogonalMode;
}

export class Orthogonal extends Initializer {
  static override readonly optionKeys: readonly string[] = [...Initializer.optionKeys, 'mode'];
  readonly mode: OrthogonalMode;
  readonly scale: number;

  constructor(scale?: number | OrthogonalOptions, options?: OrthogonalOptions) {
    const [s, rest] = readScale<OrthogonalOptions>('Orthogonal', Orthogonal.optionKeys, scale, options, 1.1);
    super(rest);
    this.scale = s;
    this.mode = rest.mode ?? 'auto';
    if (!['auto', 'projection', 'embedding', 'basis'].includes(this.mode)) {
      throw new RangeError(`Orthogonal: mode must be 'auto', 'projection', 'embedding' or 'basis', got ${showValue(this.mode)}`);
    }
  }

  protected values(shape: readonly number[]): ArrayLike<number> {
    const g = this.rng;
    if (shape.length === 0) return [this.scale * (2 * g.randint(2) - 1)];
    if (sizeOf(shape) === 0) throw new RangeError(`Orthogonal: the array to initialize must be non-empty, got shape ${shapeString(shape)}`);
    const outDim = shape[0], inDim = sizeOf(shape.slice(1));
    const needsWide = this.mode === 'projection' || this.mode === 'basis';
    const needsTall = this.mode === 'embedding' || this.mode === 'basis';
    if ((needsWide && outDim > inDim) || (needsTall && outDim < inDim)) {
      throw new RangeError(`Orthogonal: cannot make an orthogonal ${this.mode} of shape ${shapeString(shape)}, read as ${inDim}-dim input and ${outDim}-dim output`);
    }
    // Orthonormalize the columns of a tall matrix (rows >= cols); a wide one is transposed.
    const transpose = inDim > outDim;
    const rows = transpose ? inDim : outDim, cols = transpose ? outDim : inDim;
    const a = new Float64Array(outDim * inDim);
    g.fillNormal(a);
    // q is column-major: column j at q[j * rows ...].
    const q = new Float64Array(rows * cols);
    for (let i = 0; i < outDim; i++) {
      for (let j = 0; j < inDim; j++) {
        const v = a[i * inDim + j];
        if (transpose) q[i * rows + j] = v; else q[j * rows + i] = v;
      }
    }
    gramSchmidt(q, rows, cols);
    const out = new Float64Array(outDim * inDim);
    for (let i = 0; i < outDim; i++) {
      for (let j = 0; j < inDim; j++) {
        out[i * inDim + j] = this.scale * (transpose ? q[i * rows + j] : q[j * rows + i]);
      }
    }
    return out;
  }
}

/**
 * Orthonormalizes the columns in place by modified Gram-Schmidt, run twice for full
 * orthogonality in float64. Dividing by the positive norms gives R a positive
 * diagonal, which is the unique QR that Chainer's sign fix produces.
 */
function gramSchmidt(q: Float64Array, rows: number, cols: number): void {
  for (let j = 0; j < cols; j++) {
    const cj = j * rows;
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        const ck = k * rows;
        let dot = 0;
        for (let i = 0; i < rows; i++) dot += q[ck + i] * q[cj + i];
        for (let i = 0; i < rows; i++) q[cj + i] -= dot * q[ck + i];
      }
    }
    let norm = 0;
    for (let i = 0; i < rows; i++) norm += q[cj + i] * q[cj + i];
    norm = Math.sqrt(norm);
    for (let i = 0; i < rows; i++) q[cj + i] /= norm;
  }
}

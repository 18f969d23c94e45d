// Batch normalization with fixed statistics (test mode): ONNX's BatchNormalization in
// inference mode, y = gamma (x - mean) / sqrt(var + eps) + beta over channel axis 1.
import type { FixedBatchNormalization } from '../../functions/normalization/batch-normalization';
import { shapeString } from '../../array/shape';
import { type Converter, converter } from './converter';

export const normalizationConverters: Record<string, Converter> = {
  FixedBatchNormalization: converter<FixedBatchNormalization>((g, n, x, [y]) => {
    const [xv, gamma] = n.inputs;
    const overChannels = xv.ndim >= 2 && gamma.ndim === 1 && gamma.shape[0] === xv.shape[1] && n.layout.outer === xv.shape[0];
    if (!overChannels) {
      throw new Error(`exportOnnx: no ONNX form for F.fixedBatchNormalization over other axes than 1 (x ${shapeString(xv.shape)}, gamma ${shapeString(gamma.shape)})`);
    }
    g.op('BatchNormalization', x, { epsilon: { float: n.eps } }, y);
  }),
};

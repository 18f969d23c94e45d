// examples/imagenet's building blocks in one small model, shared by the tests that train it
// and that export it: LRN, coverAll max pooling, an inception concat, grouped, dilated and
// depthwise convolutions in a residual, padded average pooling, ELU, dropout.
import { Chain, F, L, type Variable, type VariableLike, type initializers } from '../../src/index';

export class ImageNetBlocks extends Chain {
  conv1 = new L.Convolution2D(3, 8, 3, { stride: 2, pad: 1 });
  inc1x1 = new L.Convolution2D(8, 4, 1);
  inc3x3 = new L.Convolution2D(8, 4, 3, { pad: 1, nobias: true });
  incpool = new L.Convolution2D(8, 4, 1);
  res_a = new L.Convolution2D(12, 12, 3, { pad: 1, groups: 3 });
  res_bn = new L.BatchNormalization(12);
  res_b = new L.Convolution2D(12, 12, 3, { pad: 2, dilate: 2 });
  dw = new L.DepthwiseConvolution2D(12, 2, 3, { pad: 1 });
  fc: L.Linear;

  /** Its layers draw their initial values in this order, fc's W with `fcInitialW` when given. */
  constructor(fcInitialW?: initializers.Initializer) {
    super();
    this.fc = new L.Linear(24, 5, fcInitialW ? { initialW: fcInitialW } : {});
  }

  /** The class scores (logits) of 3x16x16 images. */
  override forward(x: VariableLike): Variable {
    let h = F.localResponseNormalization(F.relu(this.conv1.forward(x)));
    h = F.maxPooling2d(h, 3, { stride: 2 }); // coverAll: 8x8 -> 4x4
    h = F.concat([this.inc1x1.forward(h), F.relu(this.inc3x3.forward(h)), this.incpool.forward(F.maxPooling2d(h, 3, { stride: 1, pad: 1 }))], 1);
    h = h.add(this.res_b.forward(F.relu(this.res_bn.forward(this.res_a.forward(h)))));
    h = F.elu(F.averagePooling2d(this.dw.forward(h), 3, { stride: 1, pad: 1 }));
    return this.fc.forward(F.dropout(F.averagePooling2d(h, 4), 0.25));
  }
}

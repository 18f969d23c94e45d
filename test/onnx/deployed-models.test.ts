// Models as users train and deploy them (those of Chainer's examples): exported once, run by
// onnxruntime at the example's batch and another, and compared with kusari's forward in test
// mode within 1e-5. Batch normalization holds running averages away from 0 and 1.
import { Chain, F, L, Link, Variable, initializers, newaxis, random, slice, zeros } from '../../src/index';
import { describeBackends } from '../util';
import { assertExportMatches } from './check';
import { ImageNetBlocks as ImageNetLogits } from '../training/imagenet-blocks';

const u = (shape: readonly number[], lo = -1, hi = 1) => random.uniform(shape, lo, hi);

/** Running averages as after training, so that test mode differs from training mode. */
function trained<T extends Link>(model: T): T {
  for (const link of model.links()) {
    if (!(link instanceof L.BatchNormalization)) continue;
    link.avg_mean = u(link.avg_mean!.shape, -0.5, 0.5);
    link.avg_var = u(link.avg_var!.shape, 0.5, 2);
  }
  return model;
}

/** examples/dcgan's generator: Linear, BatchNormalization, Deconvolution2D up to 8x8, sigmoid. */
class Generator extends Chain {
  l0 = new L.Linear(4, 16, { initialW: new initializers.Normal(0.02) });
  dc1 = new L.Deconvolution2D(16, 8, 4, 2, 1);
  dc2 = new L.Deconvolution2D(8, 4, 4, 2, 1);
  dc3 = new L.Deconvolution2D(4, 3, 3, 1, 1);
  bn0 = new L.BatchNormalization(16);
  bn1 = new L.BatchNormalization(8);
  bn2 = new L.BatchNormalization(4);
  override forward(z: Variable): Variable {
    let h = F.reshape(F.relu(this.bn0.forward(this.l0.forward(z))), [z.shape[0], 16, 1, 1]);
    h = F.relu(this.bn1.forward(this.dc1.forward(h)));
    h = F.relu(this.bn2.forward(this.dc2.forward(h)));
    return F.sigmoid(this.dc3.forward(h));
  }
}

/** examples/imagenet's building blocks (imagenet-blocks.ts), deployed with softmax probabilities. */
class ImageNetBlocks extends ImageNetLogits {
  override forward(x: Variable): Variable {
    return F.softmax(super.forward(x));
  }
}

/** examples/text_classification's CNN encoder: padded word ids (-1 ignored), convolutions over time, max over time. */
class TextCNN extends Chain {
  embed = new L.EmbedID(12, 6, { ignoreLabel: -1 });
  cnn_w3 = new L.Convolution2D(6, 2, [3, 1], { pad: [2, 0], nobias: true });
  cnn_w4 = new L.Convolution2D(6, 2, [4, 1], { pad: [3, 0], nobias: true });
  out = new L.Linear(4, 3);
  override forward(words: Variable): Variable {
    const e = F.getItem(F.transpose(F.dropout(this.embed.forward(words), 0.1), [0, 2, 1]), [slice(null), slice(null), slice(null), newaxis]);
    const h = F.concat([this.cnn_w3, this.cnn_w4].map((c) => F.max(c.forward(e), 2)), 1);
    return F.logSoftmax(this.out.forward(F.dropout(F.relu(F.reshape(h, [h.shape[0], -1])), 0.1)));
  }
}

/** A ResNet-style block with a BatchNormalization MLP head, then a 2-layer nStepLstm over its rows as steps. */
class ResNetLSTM extends Chain {
  c1 = new L.Convolution2D(3, 3, 3, { pad: 1 });
  b1 = new L.BatchNormalization(3);
  c2 = new L.Convolution2D(3, 3, 3, { pad: 1 });
  b2 = new L.BatchNormalization(3);
  fc = new L.Linear(48, 8);
  bn = new L.BatchNormalization(8);
  ws = [0, 1].map(() => Array.from({ length: 8 }, () => u([4, 4], -0.5, 0.5)));
  bs = [0, 1].map(() => Array.from({ length: 8 }, () => u([4], -0.5, 0.5)));
  override forward(x: Variable): Variable[] {
    const h = F.relu(F.add(x, this.b2.forward(this.c2.forward(F.relu(this.b1.forward(this.c1.forward(x)))))));
    const feature = F.dropout(F.relu(this.bn.forward(this.fc.forward(F.flatten(h).reshape(h.shape[0], 48)))));
    const h0 = zeros([2, x.shape[0], 4]);
    const [hy, cy, ys] = F.nStepLstm(2, 0.5, h0, h0, this.ws, this.bs, F.splitAxis(feature, 2, 1));
    return [hy, cy, F.stack(ys, 1)];
  }
}

describeBackends('exportOnnx: deployed models', (test) => {
  test('DCGAN generator, ImageNet blocks, text CNN and a ResNet block with an LSTM, at two batch sizes', async () => {
    random.seed(3);
    const z = (n: number) => [u([n, 4])];
    await assertExportMatches(trained(new Generator()), z(1), { runs: [z(1), z(3)] });
    const images = (n: number) => [u([n, 3, 16, 16])];
    await assertExportMatches(trained(new ImageNetBlocks()), images(2), { runs: [images(2), images(1)] });
    const words = (n: number) => [random.randint(-1, 12, [n, 5])];
    await assertExportMatches(new TextCNN(), words(1), { runs: [words(1), words(4)] });
    const maps = (n: number) => [u([n, 3, 4, 4])];
    await assertExportMatches(trained(new ResNetLSTM()), maps(2), { runs: [maps(2), maps(5)] });
  });
});

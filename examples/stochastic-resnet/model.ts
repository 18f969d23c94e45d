// A residual network with stochastic depth (Huang et al., 2016): in training every block is
// skipped at random with its own survival probability, so each iteration runs a different
// graph; at test time every block runs, its residual scaled by the survival probability.
// This is define-by-run at work: the branch is an ordinary `if` on a random number.
import { Chain, ChainList, F, L, NDArray, Variable, config, random } from 'kusari';

/** conv-BN-ReLU-conv-BN: the residual branch of one block. */
export class ResidualBranch extends Chain {
  conv1: L.Convolution2D; bn1: L.BatchNormalization;
  conv2: L.Convolution2D; bn2: L.BatchNormalization;
  constructor(channels: number) {
    super();
    this.conv1 = new L.Convolution2D(channels, channels, 3, { pad: 1, nobias: true });
    this.bn1 = new L.BatchNormalization(channels);
    this.conv2 = new L.Convolution2D(channels, channels, 3, { pad: 1, nobias: true });
    this.bn2 = new L.BatchNormalization(channels);
  }
  override forward(x: Variable): Variable {
    return this.bn2.forward(this.conv2.forward(F.relu(this.bn1.forward(this.conv1.forward(x)))));
  }
}

export class StochasticResNet extends Chain {
  stem: L.Convolution2D; bn: L.BatchNormalization;
  blocks: ChainList;
  fc: L.Linear;
  /** Survival probability of each block: linear decay from 1 to `lastSurvival`. */
  readonly survival: number[];
  /** Which blocks ran in the last training forward pass (for inspection and tests). */
  lastActive: boolean[] = [];

  constructor(nBlocks = 3, channels = 8, lastSurvival = 0.5) {
    super();
    // A stride-2 stem brings 28x28 MNIST to 14x14 before the residual stack.
    this.stem = new L.Convolution2D(1, channels, 3, { stride: 2, pad: 1, nobias: true });
    this.bn = new L.BatchNormalization(channels);
    this.blocks = new ChainList(...Array.from({ length: nBlocks }, () => new ResidualBranch(channels)));
    this.fc = new L.Linear(null, 10);
    this.survival = Array.from({ length: nBlocks }, (_, l) => 1 - ((l + 1) / nBlocks) * (1 - lastSurvival));
  }

  override forward(x: Variable | NDArray): Variable {
    const n = x.shape[0];
    const input = x.ndim === 2 ? F.reshape(x, [n, 1, 28, 28]) : x;
    let h = F.relu(this.bn.forward(this.stem.forward(input)));
    this.lastActive = [];
    [...this.blocks.children()].forEach((block, l) => {
      const p = this.survival[l];
      if (config.train) {
        const alive = random.defaultGenerator.random() < p;
        this.lastActive.push(alive);
        if (alive) h = F.relu(h.add((block as ResidualBranch).forward(h)));
      } else {
        h = F.relu(h.add((block as ResidualBranch).forward(h).mul(p)));
      }
    });
    // Pool 14x14 down to 7x7 and classify the features.
    return this.fc.forward(F.averagePooling2d(h, 2));
  }
}

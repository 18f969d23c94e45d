// The MNIST example's networks, shared by the Node script (train_mnist.ts) and the page
// (examples/web/).
import { Chain, F, L, NDArray, Variable } from 'kusari';

/** The article's two-layer perceptron: 784-100-10 with tanh. */
export class MLP extends Chain {
  l1: L.Linear;
  l2: L.Linear;
  constructor(nUnits = 100, nOut = 10) {
    super();
    this.l1 = new L.Linear(784, nUnits);
    this.l2 = new L.Linear(nUnits, nOut);
  }
  override forward(x: Variable | NDArray): Variable {
    return this.l2.forward(F.tanh(this.l1.forward(x)));
  }
}

/** Chainer's example network: 784-1000-1000-10 with ReLU, input size inferred. */
export class LargeMLP extends Chain {
  l1: L.Linear;
  l2: L.Linear;
  l3: L.Linear;
  constructor(nUnits = 1000, nOut = 10) {
    super();
    this.l1 = new L.Linear(null, nUnits);
    this.l2 = new L.Linear(null, nUnits);
    this.l3 = new L.Linear(null, nOut);
  }
  override forward(x: Variable | NDArray): Variable {
    const h1 = F.relu(this.l1.forward(x));
    const h2 = F.relu(this.l2.forward(h1));
    return this.l3.forward(h2);
  }
}

// Small versions of Chainer's example models, trained for a few seeded updates and compared
// with Chainer 7.8.1 (numpy 1.24) running the same script after numpy.random.seed(n): the
// initial weights, dropout masks, noise and shuffles are the same numbers, so the losses and
// parameters follow Chainer update by update. They agree to float32 rounding, not to the bit:
// numpy's float32 exp and tanh are off by up to 2 ulp on the machine that made these numbers
// (which ulp depends on its SIMD), and sums that cancel (gradients of weights in front of a
// batch normalization) turn such ulps into relative differences of 1e-5 in single entries.
// So the parameters are compared relative to the largest entry of each.
import { F, L, Chain, ChainList, Link, Variable, HostArray, array, zeros, random, noBackpropMode, slice, newaxis, concatExamples, initializers, optimizers, serializers, training, iterators, datasets, type NDArray, type Parameter } from '../../src/index';
import { assert, assertClose, describeBackends } from '../util';
import { ImageNetBlocks } from './imagenet-blocks';
import chainerSnapshot from '../fixtures/chainer/cifar_vgg_snapshot_iter_4.npz' with { type: 'bytes' };

/** Chainer's values of a parameter: its first entries and the sum of the squares of all. */
interface Expected { head: number[]; sumsq: number }

/** Asserts |a - e| <= tol for every entry, naming what differs. */
function near(actual: number[], expected: number[], tol: number, what: string): void {
  assert.is(actual.length, expected.length, `${what}: ${actual.length} values, expected ${expected.length}`);
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]) <= tol, `${what}[${i}]: ${a}, Chainer ${expected[i]} (tolerance ${tol})`));
}

/** Compares parameters with Chainer's within tol times the largest entry of each. */
function checkParams(model: Link, expected: Record<string, Expected>, tol: number): void {
  const params = new Map(model.namedparams().map(([name, p]) => [name, p.array]));
  for (const [name, e] of Object.entries(expected)) {
    assert.ok(params.has(name), `no parameter ${name}`);
    const v = Array.from(params.get(name)!.dataSync());
    near(v.slice(0, e.head.length), e.head, tol * Math.max(...v.map(Math.abs)), name);
    near([v.reduce((s, x) => s + x * x, 0)], [e.sumsq], 2 * tol * e.sumsq, `${name} sum of squares`);
  }
}

describeBackends('Chainer examples, seeded, follow Chainer 7.8.1 update by update', (test, backendName) => {
  // wasm rounds as numpy does but for the transcendental functions; webgl's float32 shaders
  // round their own way throughout.
  const exact = backendName === 'wasm';
  const lossTol = exact ? 1e-6 : 1e-4, paramTol = exact ? 5e-6 : 1e-3;

  test('VAE (examples/vae): Gaussian sample, Bernoulli NLL, gaussianKlDivergence, Adam', () => {
    class VAE extends Chain {
      le1 = new L.Linear(12, 8);
      le2_mu = new L.Linear(8, 3);
      le2_ln_var = new L.Linear(8, 3);
      ld1 = new L.Linear(3, 8);
      ld2 = new L.Linear(8, 12);
      // Chainer's get_loss_func(k=2): F.gaussian(mu, ln_var) draws standard normals as
      // numpy.random.standard_normal; F.bernoulli_nll(x, y) is sum(softplus(y) - x y).
      loss(x: NDArray, k = 2): Variable {
        const h = F.tanh(this.le1.forward(x));
        const mu = this.le2_mu.forward(h), lnVar = this.le2_ln_var.forward(h);
        const n = mu.shape[0];
        let rec: Variable | null = null;
        for (let l = 0; l < k; l++) {
          const z = mu.add(F.exp(lnVar.mul(0.5)).mul(random.normal(mu.shape)));
          const y = this.ld2.forward(F.tanh(this.ld1.forward(z)));
          const r = F.sum(F.softplus(y).sub(y.mul(x))).div(k * n);
          rec = rec ? rec.add(r) : r;
        }
        return rec!.add(F.gaussianKlDivergence(mu, lnVar).div(n));
      }
    }
    random.seed(5);
    const model = new VAE();
    const optimizer = new optimizers.Adam().setup(model);
    // X = ((arange(72).reshape(6, 12) * 7) % 5 > 1) as float32
    const x = array(Float32Array.from({ length: 72 }, (_, i) => ((i * 7) % 5 > 1 ? 1 : 0)), { shape: [6, 12] });
    const losses: number[] = [];
    for (let it = 0; it < 4; it++) {
      const loss = model.loss(x);
      model.cleargrads(); loss.backward(); optimizer.update();
      losses.push(loss.item());
    }
    assertClose(losses, [9.564574241638184, 9.602811813354492, 9.549261093139648, 9.522135734558105], { atol: 0, rtol: lossTol });
    checkParams(model, {
      '/le1/W': { head: [0.12340447306632996, -0.09952230006456375, 0.6977126002311707, -0.06891898065805435, 0.0276497695595026, 0.45285606384277344], sumsq: 7.170844243416684 },
      '/ld2/W': { head: [-0.1026957556605339, -0.3915628492832184, 0.1726146936416626, -0.25346991419792175, 0.5066185593605042, 0.15586626529693604], sumsq: 8.66175192674882 },
      '/le2_ln_var/b': { head: [0.003998317755758762, 0.0039807395078241825, -0.0040033673867583275], sumsq: 4.78597823385283e-05 },
    }, paramTol);
  });

  test('DCGAN (examples/dcgan): Deconvolution2D, BatchNormalization without gamma, noise, two Adams with WeightDecay', () => {
    const addNoise = (h: Variable) => h.add(random.normal(h.shape, 0, 0.2));
    const ch = 16;
    const w = () => new initializers.Normal(0.02);
    class Generator extends Chain {
      l0 = new L.Linear(4, ch, { initialW: w() });
      dc1 = new L.Deconvolution2D(ch, ch / 2, 4, 2, 1, { initialW: w() });
      dc2 = new L.Deconvolution2D(ch / 2, ch / 4, 4, 2, 1, { initialW: w() });
      dc3 = new L.Deconvolution2D(ch / 4, ch / 8, 4, 2, 1, { initialW: w() });
      dc4 = new L.Deconvolution2D(ch / 8, 3, 3, 1, 1, { initialW: w() });
      bn0 = new L.BatchNormalization(ch);
      bn1 = new L.BatchNormalization(ch / 2);
      bn2 = new L.BatchNormalization(ch / 4);
      bn3 = new L.BatchNormalization(ch / 8);
      override forward(z: Variable): Variable {
        let h = F.reshape(F.relu(this.bn0.forward(this.l0.forward(z))), [z.shape[0], ch, 1, 1]);
        h = F.relu(this.bn1.forward(this.dc1.forward(h)));
        h = F.relu(this.bn2.forward(this.dc2.forward(h)));
        h = F.relu(this.bn3.forward(this.dc3.forward(h)));
        return F.sigmoid(this.dc4.forward(h));
      }
    }
    const bn = (n: number) => new L.BatchNormalization(n, { useGamma: false });
    class Discriminator extends Chain {
      c0_0 = new L.Convolution2D(3, ch / 8, 3, 1, 1, { initialW: w() });
      c0_1 = new L.Convolution2D(ch / 8, ch / 4, 4, 2, 1, { initialW: w() });
      c1_0 = new L.Convolution2D(ch / 4, ch / 4, 3, 1, 1, { initialW: w() });
      c1_1 = new L.Convolution2D(ch / 4, ch / 2, 4, 2, 1, { initialW: w() });
      c2_0 = new L.Convolution2D(ch / 2, ch / 2, 3, 1, 1, { initialW: w() });
      c2_1 = new L.Convolution2D(ch / 2, ch, 4, 2, 1, { initialW: w() });
      c3_0 = new L.Convolution2D(ch, ch, 3, 1, 1, { initialW: w() });
      l4 = new L.Linear(ch, 1, { initialW: w() });
      bn0_1 = bn(ch / 4); bn1_0 = bn(ch / 4); bn1_1 = bn(ch / 2); bn2_0 = bn(ch / 2); bn2_1 = bn(ch); bn3_0 = bn(ch);
      override forward(x: Variable): Variable {
        let h = F.leakyRelu(addNoise(this.c0_0.forward(addNoise(x))));
        const pairs = [[this.c0_1, this.bn0_1], [this.c1_0, this.bn1_0], [this.c1_1, this.bn1_1], [this.c2_0, this.bn2_0], [this.c2_1, this.bn2_1], [this.c3_0, this.bn3_0]] as const;
        for (const [c, b] of pairs) h = F.leakyRelu(addNoise(b.forward(c.forward(h))));
        return this.l4.forward(h);
      }
    }
    random.seed(7);
    const gen = new Generator(), dis = new Discriminator();
    const adam = (m: Link) => {
      const o = new optimizers.Adam({ alpha: 0.0002, beta1: 0.5 }).setup(m);
      o.addHook(new optimizers.WeightDecay(0.0001));
      return o;
    };
    const optGen = adam(gen), optDis = adam(dis);
    // images ((arange(768) * 37) % 256).reshape(4, 3, 8, 8), scaled by 1 / 255 as the example
    const data = array(Float32Array.from({ length: 768 }, (_, i) => (i * 37) % 256), { shape: [4, 3, 8, 8] });
    const losses: number[][] = [];
    for (let it = 0; it < 3; it++) {
      // DCGANUpdater.update_core: the generator's loss backpropagates through the
      // discriminator just updated in place.
      const yReal = dis.forward(new Variable(data).div(255));
      const z = new Variable(random.uniform([4, 4, 1, 1], -1, 1));
      const yFake = dis.forward(gen.forward(z));
      const lossDis = F.sum(F.softplus(yReal.neg())).div(4).add(F.sum(F.softplus(yFake)).div(4));
      optDis.update(() => lossDis);
      // (read now: the loss is a temporary of the step the update just ended, released
      // at the end of the next one, the generator's)
      const disLoss = lossDis.item();
      const lossGen = F.sum(F.softplus(yFake.neg())).div(4);
      optGen.update(() => lossGen);
      losses.push([disLoss, lossGen.item()]);
    }
    assertClose(losses, [[1.3935563564300537, 0.6686785817146301], [1.3928803205490112, 0.6699931025505066], [1.38850998878479, 0.6739429235458374]], { atol: 0, rtol: lossTol });
    checkParams(gen, {
      '/dc4/W': { head: [0.013681704178452492, 0.02515266276896, -0.008977053686976433, -0.016867829486727715, 0.0033558309078216553, 0.002234182320535183], sumsq: 0.01802629580790149 },
      '/bn1/gamma': { head: [0.9994043707847595, 0.9994034171104431, 0.9993875622749329, 0.9993950724601746, 0.9994027018547058, 0.9994038343429565], sumsq: 7.990430000511349 },
      '/l0/W': { head: [0.03360757231712341, -0.009534083306789398, 0.0002351368311792612, 0.008005090057849884, -0.015355600975453854, -0.0004499377391766757], sumsq: 0.029347781126579 },
    }, paramTol);
    checkParams(dis, {
      '/c3_0/W': { head: [-0.014441735111176968, 0.02156834863126278, 0.00021719564392697066, 0.01223856583237648, 0.01069052703678608, 0.014778743498027325], sumsq: 0.8623171924889222 },
      '/l4/W': { head: [0.01622588187456131, -0.0016857001464813948, -0.012613411992788315, 0.0040045930072665215, 0.020826509222388268, -0.010438567958772182], sumsq: 0.003929634393135952 },
    }, paramTol);
    near(Array.from(gen.bn1.avg_mean!.dataSync()).slice(0, 6), [0.00538328941911459, -0.003071996383368969, -0.004727804102003574, -0.008144059218466282, -0.011212654411792755, -0.004723592661321163], paramTol * 0.02, 'gen/bn1/avg_mean');
  });

  // examples/cifar's VGG, small: blocks of Convolution2D (pad 1, no bias, input size
  // inferred), BatchNormalization and relu, dropout, max pooling, a lazy Linear
  class Block extends Chain {
    conv: L.Convolution2D;
    bn: L.BatchNormalization;
    constructor(out: number) {
      super();
      this.conv = new L.Convolution2D(null, out, 3, { pad: 1, nobias: true });
      this.bn = new L.BatchNormalization(out);
    }
    override forward(x: Variable): Variable { return F.relu(this.bn.forward(this.conv.forward(x))); }
  }
  class VGG extends Chain {
    block1_1 = new Block(4);
    block1_2 = new Block(4);
    block2_1 = new Block(8);
    fc1 = new L.Linear(null, 16, { nobias: true });
    bn_fc1 = new L.BatchNormalization(16);
    fc2 = new L.Linear(null, 3, { nobias: true });
    override forward(x: NDArray): Variable {
      let h = this.block1_2.forward(F.dropout(this.block1_1.forward(new Variable(x)), 0.3));
      h = F.maxPooling2d(h, 2, { stride: 2 });
      h = F.maxPooling2d(this.block2_1.forward(h), 2, { stride: 2 });
      h = F.relu(this.bn_fc1.forward(this.fc1.forward(F.dropout(h, 0.5))));
      return this.fc2.forward(F.dropout(h, 0.5));
    }
  }
  /** The example's trainer for 3 epochs, after random.seed(seed): MomentumSGD, WeightDecay, lr halved each epoch, validation each epoch, a log entry per iteration. */
  function cifarRun(seed: number) {
    // X = ((arange(6144).reshape(32, 3, 8, 8) * 0.137) % 1 - 0.5) in float32, T = (arange(32) * 7) % 3
    const X = Float32Array.from({ length: 32 * 192 }, (_, i) => Math.fround((i * 0.137) % 1 - 0.5));
    const T = Int32Array.from({ length: 32 }, (_, i) => (i * 7) % 3);
    const train = new datasets.TupleDataset(new HostArray(X.slice(0, 24 * 192), [24, 3, 8, 8]), new HostArray(T.slice(0, 24), [24]));
    const valid = new datasets.TupleDataset(new HostArray(X.slice(24 * 192), [8, 3, 8, 8]), new HostArray(T.slice(24), [8]));
    random.seed(seed);
    const model = new L.Classifier(new VGG());
    const optimizer = new optimizers.MomentumSGD({ lr: 0.05 }).setup(model);
    optimizer.addHook(new optimizers.WeightDecay(5e-4));
    const updater = new training.updaters.StandardUpdater(new iterators.SerialIterator(train, 8), optimizer);
    const trainer = new training.Trainer(updater, [3, 'epoch'], { out: '' });
    const E = training.extensions;
    trainer.extend(new E.ExponentialShift('lr', 0.5), { trigger: [1, 'epoch'] });
    trainer.extend(new E.Evaluator(new iterators.SerialIterator(valid, 4, { repeat: false, shuffle: false }), model), { trigger: [1, 'epoch'] });
    trainer.extend(E.observeLr(), { trigger: [1, 'iteration'] });
    const log = new E.LogReport({ trigger: [1, 'iteration'], logName: null });
    trainer.extend(log);
    return { trainer, log, vgg: model.predictor as VGG };
  }
  /** Chainer's log, entry by entry: [main/loss, main/accuracy, lr, validation/main/loss?, validation/main/accuracy?]. */
  function checkLog(log: training.extensions.LogReport, chainer: number[][]): void {
    assert.is(log.log.length, chainer.length);
    chainer.forEach(([loss, accuracy, lr, vloss, vaccuracy], i) => {
      const entry = log.log[i];
      assert.is(entry.iteration, i + 1);
      assert.is(entry['main/accuracy'], accuracy, `iteration ${i + 1}`);
      assert.is(entry.lr, lr);
      near([entry['main/loss']], [loss], 3 * lossTol * loss, `iteration ${i + 1} main/loss`);
      assert.is('validation/main/loss' in entry, vloss !== undefined);
      if (vloss !== undefined) {
        near([entry['validation/main/loss']], [vloss], lossTol * vloss, `iteration ${i + 1} validation/main/loss`);
        assert.is(entry['validation/main/accuracy'], vaccuracy);
      }
    });
  }

  test('CIFAR VGG (examples/cifar): Trainer, MomentumSGD, WeightDecay, ExponentialShift, Evaluator, lazy layers', () => {
    const { trainer, log, vgg } = cifarRun(11);
    trainer.run();
    checkLog(log, [
      [1.2170295715332031, 0.5, 0.05], [1.2439355850219727, 0.5, 0.05], [0.917823076248169, 0.5, 0.05, 1.1239652633666992, 0.375],
      [1.213895559310913, 0.375, 0.025], [0.9779573678970337, 0.375, 0.025], [1.5565242767333984, 0.125, 0.025, 1.1715295314788818, 0.375],
      [1.0529916286468506, 0.625, 0.0125], [1.4110329151153564, 0.25, 0.0125], [1.19664466381073, 0.25, 0.0125, 1.251129686832428, 0.375],
    ]);
    checkParams(vgg, {
      '/fc2/W': { head: [-0.22932139039039612, -0.11206653714179993, 0.2017509937286377, 0.48309406638145447, 0.11282245069742203, -0.3163820803165436], sumsq: 2.369239131360289 },
      '/block1_1/conv/W': { head: [-0.036327097564935684, -0.07630646228790283, 0.14851023256778717, -0.08432750403881073, -0.043173450976610184, 0.20128385722637177], sumsq: 5.451059409390958 },
      '/bn_fc1/gamma': { head: [0.9074288010597229, 1.0024878978729248, 0.998550295829773, 1.015793800354004, 0.9953196048736572, 0.9842652082443237], sumsq: 15.501929810469097 },
    }, paramTol);
    near(Array.from(vgg.bn_fc1.avg_mean!.dataSync()).slice(0, 6), [0.34819087386131287, 0.9245496392250061, 0.09156802296638489, -0.26341769099235535, -0.2409023642539978, -0.7989755868911743], paramTol, 'bn_fc1/avg_mean');
  });

  test('the CIFAR run resumes from the snapshot Chainer wrote at iteration 4 as it does in Chainer: weights, batch statistics, momentum, iterator, lr schedule and log', () => {
    // Chainer 7.8.1 ran the same trainer after numpy.random.seed(11) with
    // extensions.snapshot() at iteration 4 (in the second epoch); a fresh trainer (other
    // weights, uninitialized lazy layers) loaded that file, then numpy.random.seed(99)
    // (a Chainer snapshot holds no generator state) and ran to the end.
    const { trainer, log, vgg } = cifarRun(0);
    serializers.loadNpz(chainerSnapshot as Uint8Array, trainer);
    assert.is(trainer.updater.iteration, 4);
    random.seed(99);
    trainer.run();
    checkLog(log, [
      [1.2170295715332031, 0.5, 0.05], [1.2439355850219727, 0.5, 0.05], [0.917823076248169, 0.5, 0.05, 1.1239652633666992, 0.375],
      [1.213895559310913, 0.375, 0.025], [1.6531752347946167, 0.375, 0.025], [1.1983377933502197, 0.375, 0.025, 1.1332516074180603, 0.5],
      [0.8874754309654236, 0.625, 0.0125], [1.4658311605453491, 0.125, 0.0125], [1.2874302864074707, 0.25, 0.0125, 1.102645754814148, 0.625],
    ]);
    checkParams(vgg, {
      '/fc2/W': { head: [-0.2110746055841446, -0.1434544175863266, 0.23073796927928925, 0.4040070176124573, 0.1163058653473854, -0.3091137707233429], sumsq: 2.278845309665369 },
      '/block2_1/conv/W': { head: [0.016085442155599594, 0.31204891204833984, 0.13382568955421448, -0.1396806687116623, 0.2062969207763672, 0.12456291168928146], sumsq: 9.48317105644455 },
    }, paramTol);
  });

  test('ImageNet-style blocks (examples/imagenet): strided conv, LRN, overlapping max pooling, inception concat, grouped/dilated/depthwise residual, padded average pooling, NesterovAG with Lasso and GradientHardClipping', () => {
    random.seed(21);
    const model = new L.Classifier(new ImageNetBlocks(new initializers.HeNormal()));
    const optimizer = new optimizers.NesterovAG({ lr: 0.05 }).setup(model);
    optimizer.addHook(new optimizers.Lasso(1e-4));
    optimizer.addHook(new optimizers.GradientHardClipping(-0.5, 0.5));
    // X = cos(arange(3072).reshape(4, 3, 16, 16) * 0.71) in float32
    const x = array(Float32Array.from({ length: 3072 }, (_, i) => Math.cos(i * 0.71)), { shape: [4, 3, 16, 16] });
    const t = array(Int32Array.from([0, 3, 1, 4]));
    const losses: number[] = [], accuracies: number[] = [];
    for (let it = 0; it < 4; it++) {
      optimizer.update(model, x, t);
      losses.push(model.loss!.item());
      accuracies.push(model.accuracy!.item());
    }
    assertClose(losses, [1.5503323078155518, 1.5465219020843506, 1.5522836446762085, 1.5309196710586548], { atol: 0, rtol: lossTol });
    assert.equal(accuracies, [0, 0.5, 0, 0]);
    checkParams(model.predictor, {
      '/fc/W': { head: [0.03192904591560364, 0.13400407135486603, 0.09634185582399368, 0.13245035707950592, 0.029028676450252533, -0.04444156959652901], sumsq: 8.593179867979691 },
      '/res_bn/gamma': { head: [0.998155951499939, 1.0012887716293335, 1.0038353204727173, 1.0020183324813843, 0.995833158493042, 0.9978029727935791], sumsq: 12.000373618768098 },
      '/conv1/W': { head: [-0.011812275275588036, -0.024869505316019058, 0.20137853920459747, -0.24337005615234375, 0.13688398897647858, -0.33499929308891296], sumsq: 8.373415892054991 },
      '/dw/W': { head: [0.041885074228048325, -0.03541110083460808, 0.08119462430477142, 0.2085985690355301, -0.11024246364831924, -0.03666558116674423], sumsq: 1.9513875176932653 },
      '/res_b/W': { head: [0.1484755575656891, 0.008995767682790756, 0.06681834161281586, -0.11832890659570694, 0.06794803589582443, -0.1919872760772705], sumsq: 12.003401563955105 },
    }, paramTol);
  });

  test('word2vec (examples/word2vec): skip-gram and CBOW softmax, negative sampling by sigmoidCrossEntropy of dot products, AdaGrad', () => {
    const V = 10, U = 5;
    class Word2Vec extends Chain {
      embed = new L.EmbedID(V, U, { initialW: new initializers.Uniform(1 / U), ignoreLabel: -1 });
      ctx = new L.EmbedID(V, U, { initialW: new initializers.Uniform(1 / U) });
      out = new L.Linear(U, V, { initialW: 0 });
      loss(x: NDArray, contexts: NDArray, first: NDArray, negatives: NDArray): Variable {
        const e = this.embed.forward(contexts);
        const [b, n] = e.shape;
        // skip-gram: every context word predicts the center (the -1 context is ignored)
        const centers = F.reshape(F.broadcastTo(F.reshape(x, [b, 1]), [b, n]), [b * n]);
        const skipGram = F.softmaxCrossEntropy(this.out.forward(F.reshape(e, [b * n, U])), centers);
        // CBOW: the mean of the context vectors, F.sum(e, axis=1) * (1. / n)
        const cbow = F.softmaxCrossEntropy(this.out.forward(F.sum(e, 1).mul(1 / n)), x);
        const c = this.embed.forward(x);
        const logits = F.concat([F.sum(c.mul(this.ctx.forward(first)), 1), F.sum(c.mul(this.ctx.forward(negatives)), 1)], 0);
        const labels = array(Int32Array.from({ length: 2 * b }, (_, i) => (i < b ? 1 : 0)));
        const negative = F.sigmoidCrossEntropy(logits, labels);
        return skipGram.add(cbow).add(negative.mul(0.5)).add(F.mean(c.mul(c)).mul(0.01));
      }
    }
    random.seed(2);
    const model = new Word2Vec();
    const optimizer = new optimizers.AdaGrad({ lr: 0.1 }).setup(model);
    const words = Int32Array.from({ length: 40 }, (_, i) => (i * 7) % 10);
    const losses: number[] = [];
    for (let it = 0; it < 4; it++) {
      const centers = Array.from({ length: 6 }, (_, i) => it * 6 + i + 2);
      const contexts = new Int32Array(24);
      centers.forEach((i, r) => contexts.set([words[i - 2], words[i - 1], words[i + 1], words[i + 2]], r * 4));
      contexts[(it % 6) * 4 + 3] = -1;
      // numpy.random.randint(0, V, size=6): the same draws in int64 as in int32
      const negatives = random.randint(0, V, [6]);
      const loss = model.loss(array(Int32Array.from(centers, (i) => words[i])), array(contexts, { shape: [6, 4] }),
                              array(Int32Array.from(centers, (_, r) => contexts[r * 4])), negatives);
      model.cleargrads(); loss.backward(); optimizer.update();
      losses.push(loss.item());
    }
    assertClose(losses, [4.950634002685547, 5.063796520233154, 4.982827186584473, 4.894829273223877], { atol: 0, rtol: lossTol });
    checkParams(model, {
      '/embed/W': { head: [-0.17520307004451752, -0.0781167671084404, 0.09973175078630447, 0.10586573928594589, 0.061975009739398956, -0.3702811002731323], sumsq: 2.1518891201679535 },
      '/out/W': { head: [-0.00889018177986145, 0.1779671609401703, 0.11214223504066467, 0.029521699994802475, -0.023957084864377975, 0.27655646204948425], sumsq: 1.5644252834799468 },
      '/ctx/W': { head: [0.06624828279018402, -0.386856347322464, -0.24558629095554352, -0.08527040481567383, -0.23336300253868103, -0.3796597123146057], sumsq: 2.660414007396657 },
    }, paramTol);
  });

  test('text classification (examples/text_classification): CNN, BOW and sequence_embed encoders over padded and split variable-length sentences', () => {
    const embedInit = () => new initializers.Uniform(0.25);
    // block_embed: (B, L) ids -> (B, units, L, 1); the padding -1 embeds to zeros
    const blockEmbed = (embed: L.EmbedID, x: NDArray, ratio = 0) =>
      F.getItem(F.transpose(F.dropout(embed.forward(x), ratio), [0, 2, 1]), [slice(null), slice(null), slice(null), newaxis]);
    class MLP extends ChainList<L.Linear> {
      constructor(layers: number, units: number) {
        super();
        for (let i = 0; i < layers; i++) this.addLink(new L.Linear(null, units));
      }
      override forward(x: Variable): Variable {
        for (const l of this.children() as Iterable<L.Linear>) x = F.relu(l.forward(F.dropout(x, 0.1)));
        return x;
      }
    }
    class CNNEncoder extends Chain {
      readonly outUnits = 6;
      embed = new L.EmbedID(12, 6, { ignoreLabel: -1, initialW: embedInit() });
      cnn_w3 = new L.Convolution2D(6, 2, [3, 1], { stride: 1, pad: [2, 0], nobias: true });
      cnn_w4 = new L.Convolution2D(6, 2, [4, 1], { stride: 1, pad: [3, 0], nobias: true });
      cnn_w5 = new L.Convolution2D(6, 2, [5, 1], { stride: 1, pad: [4, 0], nobias: true });
      mlp = new MLP(2, 6);
      override forward(xs: NDArray[]): Variable {
        const e = blockEmbed(this.embed, concatExamples(xs, { padding: -1 }), 0.1);
        const h = F.concat([this.cnn_w3, this.cnn_w4, this.cnn_w5].map((c) => F.max(c.forward(e), 2)), 1);
        return this.mlp.forward(F.dropout(F.relu(h), 0.1));
      }
    }
    class BOWEncoder extends Chain {
      embed = new L.EmbedID(12, 6, { ignoreLabel: -1, initialW: embedInit() });
      override forward(xs: NDArray[]): Variable {
        // F.sum(ex_block, axis=2) / x_len with x_len an int32 array (B, 1, 1)
        const lengths = array(Int32Array.from(xs.map((x) => x.shape[0])), { shape: [xs.length, 1, 1] });
        return F.sum(blockEmbed(this.embed, concatExamples(xs, { padding: -1 })), 2).div(lengths);
      }
    }
    class BOWMLPEncoder extends Chain {
      readonly outUnits = 6;
      bow_encoder = new BOWEncoder();
      mlp_encoder = new MLP(1, 6);
      override forward(xs: NDArray[]): Variable { return this.mlp_encoder.forward(this.bow_encoder.forward(xs)); }
    }
    class SequenceMean extends Chain {
      readonly outUnits = 6;
      embed = new L.EmbedID(12, 6, { initialW: embedInit() });
      // sequence_embed: one embedding of the concatenated sentences, split back at cumsum(lengths)
      override forward(xs: NDArray[]): Variable {
        let end = 0;
        const sections = xs.slice(0, -1).map((x) => end += x.shape[0]);
        const exs = F.splitAxis(F.dropout(this.embed.forward(F.concat(xs, 0)), 0.1), sections, 0);
        return F.stack(exs.map((e) => F.mean(e, 0)));
      }
    }
    class TextClassifier extends Chain {
      output: L.Linear;
      accuracy = 0;
      constructor(readonly encoder: CNNEncoder | BOWMLPEncoder | SequenceMean) {
        super();
        this.output = new L.Linear(encoder.outUnits, 3);
      }
      override forward(xs: NDArray[], ys: NDArray[]): Variable {
        const y = this.output.forward(F.dropout(this.encoder.forward(xs), 0.1));
        const t = F.concat(ys, 0);
        this.accuracy = F.accuracy(y, t).item();
        return F.softmaxCrossEntropy(y, t);
      }
    }
    class Model extends Chain {
      cnn = new TextClassifier(new CNNEncoder());
      bow = new TextClassifier(new BOWMLPEncoder());
      seq = new TextClassifier(new SequenceMean());
      override forward(xs: NDArray[], ys: NDArray[]): Variable {
        return this.cnn.forward(xs, ys).add(this.bow.forward(xs, ys)).add(this.seq.forward(xs, ys));
      }
    }
    random.seed(17);
    const model = new Model();
    const optimizer = new optimizers.Adam().setup(model);
    optimizer.addHook(new optimizers.WeightDecay(1e-4));
    const xs = [[1, 5, 7, 2, 9], [3, 3, 11], [4, 0, 8, 6, 10, 2], [7, 1]].map((s) => array(Int32Array.from(s)));
    const ys = [0, 2, 1, 2].map((c) => array(Int32Array.from([c])));
    const losses: number[] = [], accuracies: number[][] = [];
    for (let it = 0; it < 4; it++) {
      const loss = model.forward(xs, ys);
      model.cleargrads(); loss.backward(); optimizer.update();
      losses.push(loss.item());
      accuracies.push([model.cnn.accuracy, model.bow.accuracy, model.seq.accuracy]);
    }
    assertClose(losses, [3.412362813949585, 3.289790630340576, 3.3026225566864014, 3.352342128753662], { atol: 0, rtol: lossTol });
    assert.equal(accuracies, [[0.25, 0.25, 0.75], [0.25, 0, 0.75], [0.25, 0.25, 0.5], [0.25, 0, 0.75]]);
    checkParams(model, {
      '/cnn/encoder/cnn_w4/W': { head: [0.4477018117904663, -0.6939046382904053, 0.24849505722522736, -0.12299908697605133, -0.2019517570734024, 0.09192071110010147], sumsq: 2.9439531151952973 },
      '/cnn/encoder/mlp/1/W': { head: [-0.016958370804786682, -0.28046679496765137, 0.009780220687389374, 0.4568990468978882, 0.3064170479774475, 0.15933959186077118], sumsq: 6.446905951595224 },
      '/bow/encoder/bow_encoder/embed/W': { head: [0.2501603662967682, -0.12170664221048355, -0.1639910340309143, 0.13782422244548798, -0.006033284589648247, 0.23011983931064606], sumsq: 1.4816178060788774 },
      '/seq/output/W': { head: [0.30752840638160706, -0.10077255964279175, 0.2891027629375458, -0.6205394864082336, -0.23794010281562805, 0.2873750329017639], sumsq: 2.3018034145762707 },
      '/seq/encoder/embed/W': { head: [0.0004378236480988562, -0.0951252207159996, -0.1549500674009323, -0.02738608792424202, -0.15908437967300415, 0.08984401822090149], sumsq: 1.5232316492207207 },
    }, paramTol);
  });

  test('WaveNet-style (examples/wavenet): causal dilated convolutions cropped by getItem, gated tanh-sigmoid units split by splitAxis, residual and skip sums, softmaxCrossEntropy over (N, C, T, 1)', () => {
    const A = 6, R = 4, S = 5, T = 12, N = 3;
    const crop = (h: Variable, length: number) => F.getItem(h, [slice(null), slice(null), slice(null, length)]);
    class Block extends Chain {
      conv: L.Convolution2D;
      res: L.Convolution2D;
      skip: L.Convolution2D;
      constructor(d: number) {
        super();
        // made in Chainer's order, which is the order of the initial weights' draws
        this.conv = new L.Convolution2D(R, 2 * R, [2, 1], { pad: [d, 0], dilate: [d, 1] });
        this.res = new L.Convolution2D(R, R, 1);
        this.skip = new L.Convolution2D(R, S, 1);
      }
      override forward(x: Variable): [Variable, Variable] {
        const [a, b] = F.splitAxis(crop(this.conv.forward(x), x.shape[2]), 2, 1);
        const z = F.tanh(a).mul(F.sigmoid(b));
        return [this.res.forward(z).add(x), this.skip.forward(z)];
      }
    }
    class WaveNet extends Chain {
      embed = new L.Convolution2D(A, R, [2, 1], { pad: [1, 0], nobias: true });
      blocks = new ChainList(new Block(1), new Block(2), new Block(4));
      proj1 = new L.Convolution2D(S, S, 1, { nobias: true });
      proj2 = new L.Convolution2D(S, A, 1, { nobias: true });
      override forward(x: NDArray): Variable {
        let h = F.tanh(crop(this.embed.forward(x), x.shape[2]));
        let skips: Variable | null = null;
        for (const block of this.blocks.children() as Iterable<Block>) {
          const [next, skip] = block.forward(h);
          h = next;
          skips = skips ? skips.add(skip) : skip;
        }
        return this.proj2.forward(F.relu(this.proj1.forward(F.relu(skips!))));
      }
    }
    random.seed(13);
    const model = new WaveNet();
    const optimizer = new optimizers.Adam({ alpha: 0.003 }).setup(model);
    // sig = int32((sin(arange(39).reshape(3, 13) * 0.9 + arange(3)[:, None]) + 1) * 2.99): x one-hot of sig[:, :-1], t = sig[:, 1:]
    const sig = Array.from({ length: N }, (_, n) => Array.from({ length: T + 1 }, (_, t) => Math.trunc((Math.sin((n * (T + 1) + t) * 0.9 + n) + 1) * 2.99)));
    const xs = new Float32Array(N * A * T), ts = new Int32Array(N * T);
    for (let n = 0; n < N; n++) for (let t = 0; t < T; t++) { xs[(n * A + sig[n][t]) * T + t] = 1; ts[n * T + t] = sig[n][t + 1]; }
    const x = array(xs, { shape: [N, A, T, 1] }), t = array(ts, { shape: [N, T, 1] });
    const losses: number[] = [];
    for (let it = 0; it < 4; it++) {
      const loss = F.softmaxCrossEntropy(model.forward(x), t);
      model.cleargrads(); loss.backward(); optimizer.update();
      losses.push(loss.item());
    }
    assertClose(losses, [1.8657269477844238, 1.8548717498779297, 1.8448196649551392, 1.8357113599777222], { atol: 0, rtol: lossTol });
    checkParams(model, {
      '/embed/W': { head: [-0.2176380306482315, 0.20564004778862, -0.024714425206184387, 0.14244721829891205, 0.40032440423965454, 0.14171577990055084], sumsq: 3.58341810026344 },
      '/blocks/2/conv/W': { head: [-0.16978979110717773, -0.43250155448913574, 0.18952324986457825, 0.307982861995697, -0.36130985617637634, -0.09712447226047516], sumsq: 7.853060388072253 },
      '/blocks/0/skip/b': { head: [-0.011943517252802849, -0.011532059870660305, -0.011939414776861668, -0.011926842853426933, -0.011902209371328354], sumsq: 0.0007020978028117134 },
      '/proj2/W': { head: [-0.049845997244119644, -0.2913091480731964, 0.04707205668091774, -1.423907995223999, 0.22551484405994415, 0.46375906467437744], sumsq: 6.344939466797718 },
    }, paramTol);
  });

  test('DQN (examples/reinforcement_learning): selectItem of Q values, targets without backprop from a target network (max, and argmax for double DQN), huberLoss, Adam eps 1e-2, copyparams', () => {
    class QFunction extends Chain {
      l0 = new L.Linear(4, 8);
      l1 = new L.Linear(8, 8);
      l2 = new L.Linear(8, 3);
      override forward(x: NDArray): Variable { return this.l2.forward(F.relu(this.l1.forward(F.relu(this.l0.forward(x))))); }
    }
    random.seed(8);
    const Q = new QFunction(), targetQ = new QFunction();
    targetQ.copyparams(Q);
    const optimizer = new optimizers.Adam({ eps: 1e-2 }).setup(Q);
    const losses: number[] = [];
    for (let it = 0; it < 6; it++) {
      // a replay batch drawn as numpy.random.uniform, randint, normal in this order
      const obs = random.uniform([5, 4], -1, 1), action = random.randint(0, 3, [5]), reward = random.normal([5]);
      const obsNext = random.uniform([5, 4], -1, 1);
      // gamma * (1 - done), done marking one example
      const discount = array(Float32Array.from({ length: 5 }, (_, i) => (i === it % 5 ? 0 : 0.99)));
      const y = F.selectItem(Q.forward(obs), action);
      const nextQ = noBackpropMode(() => it % 2 === 0
        ? F.max(targetQ.forward(obsNext), 1)
        : F.selectItem(targetQ.forward(obsNext), F.argmax(Q.forward(obsNext), 1)));
      const loss = F.mean(F.huberLoss(y, nextQ.mul(discount).add(reward), 1.0, { reduce: 'no' }));
      Q.cleargrads(); loss.backward(); optimizer.update();
      if (it === 2) targetQ.copyparams(Q);
      losses.push(loss.item());
    }
    assertClose(losses, [0.31305453181266785, 0.09269814193248749, 0.6185632348060608, 0.6842440366744995, 0.5861406326293945, 0.30319419503211975], { atol: 0, rtol: lossTol });
    checkParams(Q, {
      '/l0/W': { head: [0.045491546392440796, 0.5456677079200745, -0.973643958568573, -0.6928369998931885, -1.1484119892120361, 1.2048068046569824], sumsq: 11.348412066953216 },
      '/l2/W': { head: [0.029855981469154358, 0.8785974383354187, -0.06947705894708633, -0.06544036418199539, 0.3016577959060669, 0.10852166265249252], sumsq: 3.751056907398379 },
      '/l2/b': { head: [-0.00017896403733175248, -5.7180499425157905e-05, 0.003087235614657402], sumsq: 9.566321476581659e-06 },
    }, paramTol);
  });

  test('PTB language model (examples/ptb): a custom parallel sequential iterator, a BPTT updater overriding updateCore, GradientClipping, an Evaluator whose evalHook resets the state, LogReport postprocess', () => {
    class RNNForLM extends Chain {
      embed = new L.EmbedID(10, 6);
      l1 = new L.LSTM(6, 6);
      l2 = new L.LSTM(6, 6);
      l3 = new L.Linear(6, 10);
      constructor(init = true) {
        super();
        // param.array[...] = numpy.random.uniform(-0.1, 0.1, shape), in params() order
        if (init) for (const p of this.params()) p.array = random.uniform(p.shape, -0.1, 0.1);
      }
      resetState() { this.l1.resetState(); this.l2.resetState(); }
      override forward(x: Variable): Variable {
        const h1 = this.l1.forward(F.dropout(this.embed.forward(x)));
        return this.l3.forward(F.dropout(this.l2.forward(F.dropout(h1))));
      }
    }
    /** The example's ParallelSequentialIterator: batchSize cursors spread over one long sequence. */
    class ParallelSequentialIterator implements iterators.DatasetIterator<[number, number]> {
      epoch = 0;
      isNewEpoch = false;
      iteration = 0;
      private previous = -1;
      private readonly offsets: number[];
      constructor(readonly dataset: number[], readonly batchSize: number, readonly repeat = true) {
        this.offsets = Array.from({ length: batchSize }, (_, i) => Math.floor(i * dataset.length / batchSize));
      }
      next(): [number, number][] {
        const length = this.dataset.length;
        if (!this.repeat && this.iteration * this.batchSize >= length) throw new iterators.StopIteration();
        const current = this.words();
        this.previous = this.epochDetail;
        this.iteration += 1;
        const next = this.words();
        const epoch = Math.floor(this.iteration * this.batchSize / length);
        this.isNewEpoch = this.epoch < epoch;
        if (this.isNewEpoch) this.epoch = epoch;
        return current.map((w, i) => [w, next[i]]);
      }
      get epochDetail() { return this.iteration * this.batchSize / this.dataset.length; }
      get previousEpochDetail() { return this.previous < 0 ? null : this.previous; }
      private words() { return this.offsets.map((o) => this.dataset[(o + this.iteration) % this.dataset.length]); }
      // (Chainer's Evaluator copies an iterator without reset(); a fresh start is the same)
      reset() { this.epoch = 0; this.isNewEpoch = false; this.iteration = 0; this.previous = -1; }
      finalize() {}
      serialize() {}
      *[Symbol.iterator]() {
        for (;;) {
          try { yield this.next(); } catch (e) { if (e instanceof iterators.StopIteration) return; throw e; }
        }
      }
    }
    class BPTTUpdater extends training.updaters.StandardUpdater {
      constructor(iterator: ParallelSequentialIterator, optimizer: optimizers.SGD, readonly bpropLen: number) { super(iterator, optimizer); }
      protected override updateCore(): void {
        const iterator = this.getIterator('main'), optimizer = this.getOptimizer('main');
        const target = optimizer.target as L.Classifier;
        let loss: Variable | null = null;
        for (let i = 0; i < this.bpropLen; i++) {
          const [x, t] = this.converter(iterator.next(), this.device) as NDArray[];
          const l = target.forward(new Variable(x), new Variable(t));
          loss = loss ? loss.add(l) : l;
        }
        target.cleargrads();
        loss!.backward();
        loss!.unchainBackward();
        optimizer.update();
      }
    }
    const train = Array.from({ length: 60 }, (_, i) => (i * 7 + Math.floor(i / 5)) % 10);
    const valid = Array.from({ length: 12 }, (_, i) => (i * 3 + 1) % 10);
    // model.copy() (parameters shared, states apart) as a second model given the parameters
    // before each evaluation; made before seeding, as it draws nothing in Chainer
    const evalRnn = new RNNForLM(false), evalModel = new L.Classifier(evalRnn);
    evalModel.computeAccuracy = false;
    random.seed(23);
    const model = new L.Classifier(new RNNForLM());
    model.computeAccuracy = false;
    const optimizer = new optimizers.SGD({ lr: 1.0 }).setup(model);
    optimizer.addHook(new optimizers.GradientClipping(5));
    const trainer = new training.Trainer(new BPTTUpdater(new ParallelSequentialIterator(train, 3), optimizer, 5), [8, 'iteration'], { out: '' });
    trainer.extend(new training.extensions.Evaluator(new ParallelSequentialIterator(valid, 1, false), evalModel, {
      evalHook: () => { evalModel.copyparams(model); evalRnn.resetState(); },
    }));
    const log = new training.extensions.LogReport({
      trigger: [2, 'iteration'], logName: null,
      postprocess: (r) => {
        r.perplexity = Math.exp(r['main/loss']);
        if ('validation/main/loss' in r) r.val_perplexity = Math.exp(r['validation/main/loss']);
      },
    });
    trainer.extend(log);
    trainer.run();
    const chainer = [
      { 'main/loss': 2.326993942260742, epoch: 0, iteration: 2, perplexity: 10.247091838566622 },
      { 'main/loss': 2.132386565208435, 'validation/main/loss': 2.374782462914785, epoch: 1, iteration: 4, perplexity: 8.434973423132465, val_perplexity: 10.748674696368086 },
      { 'main/loss': 2.0638896822929382, epoch: 1, iteration: 6, perplexity: 7.876547570494227 },
      { 'main/loss': 2.110285997390747, 'validation/main/loss': 2.3820183674494424, epoch: 2, iteration: 8, perplexity: 8.250600597474895, val_perplexity: 10.82673315152612 },
    ];
    assert.is(log.log.length, 4);
    chainer.forEach((expected, i) => {
      const entry = log.log[i];
      assert.equal(Object.keys(entry).filter((k) => k !== 'elapsed_time').sort(), Object.keys(expected).sort());
      for (const [k, v] of Object.entries(expected)) {
        if (k === 'epoch' || k === 'iteration') assert.is(entry[k], v);
        else near([entry[k]], [v], 2 * lossTol * v, `entry ${i} ${k}`);
      }
    });
    checkParams(model, {
      '/predictor/l1/upward/W': { head: [0.09751295298337936, -0.09165433049201965, 0.00027553719701245427, 0.03849378973245621, -0.053525425493717194, 0.0010652568889781833], sumsq: 0.4999147978003466 },
      '/predictor/l2/lateral/W': { head: [0.06356021016836166, -0.04433095082640648, 0.014555939473211765, -0.05501849576830864, -0.034598130732774734, -0.0434432327747345], sumsq: 0.45990571338923253 },
      '/predictor/l3/W': { head: [0.00908828154206276, 0.025238173082470894, 0.005375408101826906, -0.0778573602437973, 0.02476722002029419, -0.09731628000736237], sumsq: 0.32995692904126717 },
      '/predictor/embed/W': { head: [0.017281370237469673, 0.09642338752746582, -0.031349968165159225, 0.003121141344308853, 0.008207314647734165, -0.09485182166099548], sumsq: 0.22018346951798817 },
    }, paramTol);
  });

  test('seq2seq (examples/seq2seq): nStepLstm encoder and decoder over variable-length batches, dropout between layers, GradientClipping', () => {
    const V = 9, E = 6, U = 5, layers = 2;
    /** The weights of Chainer's NStepLSTM: per layer w0..w7 Normal(sqrt(1 / fanIn)), b0..b7 zeros. */
    class LSTMWeights extends ChainList<Link> {
      constructor(inSize: number) {
        super();
        for (let l = 0; l < layers; l++) {
          const layer = new Link();
          for (let j = 0; j < 8; j++) {
            const fanIn = j < 4 && l === 0 ? inSize : U;
            layer.addParam(`w${j}`, [U, fanIn], { initializer: new initializers.Normal(Math.sqrt(1 / fanIn)) });
            layer.addParam(`b${j}`, [U], { initializer: 0 });
          }
          this.addLink(layer);
        }
      }
      get ws(): Parameter[][] { return this.layers('w'); }
      get bs(): Parameter[][] { return this.layers('b'); }
      private layers(kind: string): Parameter[][] {
        return [...this.children()].map((layer) => Array.from({ length: 8 }, (_, j) => (layer as unknown as Record<string, Parameter>)[`${kind}${j}`]));
      }
    }
    class Seq2seq extends Chain {
      embed_x = new L.EmbedID(V, E);
      embed_y = new L.EmbedID(V, E);
      encoder = new LSTMWeights(E);
      decoder = new LSTMWeights(E);
      W = new L.Linear(U, V);
      /** Time-major steps of sequences sorted by decreasing length. */
      steps(embed: L.EmbedID, seqs: number[][]): Variable[] {
        return seqs[0].map((_, t) => embed.forward(array(Int32Array.from(seqs.filter((s) => s.length > t).map((s) => s[t])))));
      }
      loss(xs: number[][], ys: number[][]): Variable {
        const B = xs.length;
        const h0 = zeros([layers, B, U]);
        const [hx, cx] = F.nStepLstm(layers, 0.2, h0, h0, this.encoder.ws, this.encoder.bs, this.steps(this.embed_x, xs));
        const [, , os] = F.nStepLstm(layers, 0.2, hx, cx, this.decoder.ws, this.decoder.bs, this.steps(this.embed_y, ys.map((y) => [0, ...y])));
        const yOut = ys.map((y) => [...y, 0]);
        const t = yOut[0].flatMap((_, s) => yOut.filter((y) => y.length > s).map((y) => y[s]));
        return F.sum(F.softmaxCrossEntropy(this.W.forward(F.concat(os, 0)), array(Int32Array.from(t)), { reduce: 'no' })).div(B);
      }
    }
    random.seed(4);
    const model = new Seq2seq();
    const optimizer = new optimizers.Adam({ alpha: 0.01 }).setup(model);
    optimizer.addHook(new optimizers.GradientClipping(1.0));
    const xs = [[1, 2, 3, 4, 5], [3, 4, 5, 6], [7, 8], [2]];
    const ys = [[5, 4, 3, 2, 1, 6], [6, 5, 4], [8, 7], [2, 2]];
    const losses: number[] = [];
    for (let it = 0; it < 3; it++) {
      const loss = model.loss(xs, ys);
      model.cleargrads(); loss.backward(); optimizer.update();
      losses.push(loss.item());
    }
    assertClose(losses, [9.346685409545898, 9.305583953857422, 9.213811874389648], { atol: 0, rtol: lossTol });
    checkParams(model, {
      '/W/W': { head: [0.20970819890499115, 0.04358052462339401, -0.34079357981681824, 0.6814261674880981, -0.5587571263313293, -0.7856215834617615], sumsq: 8.331614938230341 },
      '/decoder/1/w4': { head: [-0.07825592905282974, -0.1521083265542984, -0.6763433814048767, 0.06377480179071426, -0.2339913547039032, -1.0239330530166626], sumsq: 4.085613671536115 },
      '/encoder/0/w0': { head: [0.0571441575884819, -0.11645864695310593, 0.8524385094642639, 0.20238743722438812, -0.6644434928894043, -0.15390676259994507], sumsq: 5.069170446397773 },
      '/embed_y/W': { head: [-0.7761136889457703, 0.1525413990020752, -1.484728217124939, 0.5263955593109131, 0.5064314603805542, 0.32914164662361145], sumsq: 46.39004125171606 },
    }, paramTol);
  });
});

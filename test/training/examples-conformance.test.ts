// Small versions of Chainer's example models, trained for a few seeded updates and compared
// with Chainer 7.8.1 (numpy 1.24) running the same script after numpy.random.seed(n): the
// initial weights, dropout masks, noise and shuffles are the same numbers, so the losses and
// parameters follow Chainer update by update. They agree to float32 rounding, not to the bit:
// numpy's float32 exp and tanh are off by up to 2 ulp on the machine that made these numbers
// (which ulp depends on its SIMD), and sums that cancel (gradients of weights in front of a
// batch normalization) turn such ulps into relative differences of 1e-5 in single entries.
// So the parameters are compared relative to the largest entry of each.
import { F, L, Chain, ChainList, Link, Variable, HostArray, array, zeros, random, initializers, optimizers, training, iterators, datasets, type NDArray, type Parameter } from '../../src/index';
import { assert, assertClose, describeBackends } from '../util';

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

  test('CIFAR VGG (examples/cifar): Trainer, MomentumSGD, WeightDecay, ExponentialShift, Evaluator, lazy layers', () => {
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
    // X = ((arange(6144).reshape(32, 3, 8, 8) * 0.137) % 1 - 0.5) in float32, T = (arange(32) * 7) % 3
    const X = Float32Array.from({ length: 32 * 192 }, (_, i) => Math.fround((i * 0.137) % 1 - 0.5));
    const T = Int32Array.from({ length: 32 }, (_, i) => (i * 7) % 3);
    const train = new datasets.TupleDataset(new HostArray(X.slice(0, 24 * 192), [24, 3, 8, 8]), new HostArray(T.slice(0, 24), [24]));
    const valid = new datasets.TupleDataset(new HostArray(X.slice(24 * 192), [8, 3, 8, 8]), new HostArray(T.slice(24), [8]));
    random.seed(11);
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
    trainer.run();
    const chainer = [
      [1.2170295715332031, 0.5, 0.05], [1.2439355850219727, 0.5, 0.05], [0.917823076248169, 0.5, 0.05, 1.1239652633666992, 0.375],
      [1.213895559310913, 0.375, 0.025], [0.9779573678970337, 0.375, 0.025], [1.5565242767333984, 0.125, 0.025, 1.1715295314788818, 0.375],
      [1.0529916286468506, 0.625, 0.0125], [1.4110329151153564, 0.25, 0.0125], [1.19664466381073, 0.25, 0.0125, 1.251129686832428, 0.375],
    ];
    assert.is(log.log.length, 9);
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
    const vgg = model.predictor as VGG;
    checkParams(vgg, {
      '/fc2/W': { head: [-0.22932139039039612, -0.11206653714179993, 0.2017509937286377, 0.48309406638145447, 0.11282245069742203, -0.3163820803165436], sumsq: 2.369239131360289 },
      '/block1_1/conv/W': { head: [-0.036327097564935684, -0.07630646228790283, 0.14851023256778717, -0.08432750403881073, -0.043173450976610184, 0.20128385722637177], sumsq: 5.451059409390958 },
      '/bn_fc1/gamma': { head: [0.9074288010597229, 1.0024878978729248, 0.998550295829773, 1.015793800354004, 0.9953196048736572, 0.9842652082443237], sumsq: 15.501929810469097 },
    }, paramTol);
    near(Array.from(vgg.bn_fc1.avg_mean!.dataSync()).slice(0, 6), [0.34819087386131287, 0.9245496392250061, 0.09156802296638489, -0.26341769099235535, -0.2409023642539978, -0.7989755868911743], paramTol, 'bn_fc1/avg_mean');
  });

  test('ImageNet-style blocks (examples/imagenet): strided conv, LRN, overlapping max pooling, inception concat, grouped/dilated/depthwise residual, padded average pooling, NesterovAG with Lasso and GradientHardClipping', () => {
    class Net extends Chain {
      conv1 = new L.Convolution2D(3, 8, 3, { stride: 2, pad: 1 });
      inc1x1 = new L.Convolution2D(8, 4, 1);
      inc3x3 = new L.Convolution2D(8, 4, 3, { pad: 1, nobias: true });
      incpool = new L.Convolution2D(8, 4, 1);
      res_a = new L.Convolution2D(12, 12, 3, { pad: 1, groups: 3 });
      res_bn = new L.BatchNormalization(12);
      res_b = new L.Convolution2D(12, 12, 3, { pad: 2, dilate: 2 });
      dw = new L.DepthwiseConvolution2D(12, 2, 3, { pad: 1 });
      fc = new L.Linear(24, 5, { initialW: new initializers.HeNormal() });
      override forward(x: NDArray): Variable {
        let h = F.localResponseNormalization(F.relu(this.conv1.forward(x)));
        h = F.maxPooling2d(h, 3, { stride: 2 }); // coverAll: 8x8 -> 4x4
        h = F.concat([this.inc1x1.forward(h), F.relu(this.inc3x3.forward(h)), this.incpool.forward(F.maxPooling2d(h, 3, { stride: 1, pad: 1 }))], 1);
        h = h.add(this.res_b.forward(F.relu(this.res_bn.forward(this.res_a.forward(h)))));
        h = F.elu(F.averagePooling2d(this.dw.forward(h), 3, { stride: 1, pad: 1 }));
        return this.fc.forward(F.dropout(F.averagePooling2d(h, 4), 0.25));
      }
    }
    random.seed(21);
    const model = new L.Classifier(new Net());
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

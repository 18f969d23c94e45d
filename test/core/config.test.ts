// usingConfig with async functions: overlapping scopes never leave the configuration wrong.
// Where the runtime tracks tasks (Node, Deno) an async function's scope is its own; elsewhere
// (Chromium), and for plain functions returning a promise, scopes that end out of order throw.
import { suite } from 'uvu';
import { F, Variable, array, config, noBackpropMode, usingConfig } from '../../src/index';
import * as io from '../../src/io/index';
import { assert } from '../util';

const test = suite('usingConfig and async scopes');
const isolating = io.taskLocalStorage() !== null;

/** A promise that a test resolves when it lets a suspended task go on. */
function gate(): { passed: Promise<void>; open: () => void } {
  let open!: () => void;
  const passed = new Promise<void>((resolve) => { open = resolve; });
  return { passed, open };
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/** An async function, or a plain function returning the same promise (never isolated). */
function body(async: boolean, fn: () => Promise<void>): () => Promise<void> {
  return async ? fn : () => fn();
}

/** Two scopes of 'train' that overlap and end in the order they began: first, then second. */
async function overlapping(async: boolean) {
  const first = gate(), second = gate();
  const seen: string[] = [];
  const a = usingConfig('train', false, body(async, async () => {
    seen.push(`first ${config.train}`);
    await first.passed;
    seen.push(`first ${config.train}`);
  }));
  const b = usingConfig('train', 'second', body(async, async () => {
    seen.push(`second ${config.train}`);
    await second.passed;
    seen.push(`second ${config.train}`);
  }));
  const outside = (async () => { await nextTask(); return config.train; })();
  const seenOutside = await outside;
  first.open();
  const firstEnd = await a.then(() => null, (e: Error) => e);
  const between = config.train;
  second.open();
  await b;
  return { seen, seenOutside, firstEnd, between, after: config.train };
}

test('Node and Deno keep async scopes apart; Chromium has no AsyncLocalStorage', () => {
  const g = globalThis as unknown as { Deno?: unknown; process?: { versions?: { node?: string } } };
  assert.is(isolating, !!(g.Deno || g.process?.versions?.node));
});

test('overlapping async functions keep their own values and leave the default (Node, Deno)', async () => {
  if (!isolating) return;
  const r = await overlapping(true);
  assert.equal(r.seen, ['first false', 'second second', 'first false', 'second second']);
  assert.is(r.seenOutside, true);
  assert.is(r.firstEnd, null);
  assert.is(r.between, true);
  assert.is(r.after, true);
});

test('without AsyncLocalStorage, async scopes ending out of order throw and the values are restored (Chromium)', async () => {
  if (isolating) return;
  const r = await overlapping(true);
  assert.ok(r.firstEnd instanceof Error, 'the first scope should have thrown');
  assert.match(r.firstEnd!.message, /usingConfig\('train'\).*usingConfig\('train'\).*still running/);
  assert.match(r.firstEnd!.message, /AsyncLocalStorage/);
  assert.is(r.between, 'second');
  assert.is(r.after, true);
});

test('a plain function returning a promise shares its value: out of order is an error, the end state right', async () => {
  const r = await overlapping(false);
  assert.ok(r.firstEnd instanceof Error);
  assert.match(r.firstEnd!.message, /usingConfig\('train'\): this async scope ended while usingConfig\('train'\)/);
  assert.is(r.after, true);
});

test('async scopes one after another, and nested ones, work everywhere', async () => {
  for (let i = 0; i < 2; i++) {
    await usingConfig('train', false, async () => {
      await nextTask();
      assert.is(config.train, false);
      await noBackpropMode(async () => {
        await nextTask();
        assert.equal([config.train, config.enableBackprop], [false, false]);
        // A synchronous scope inside an async one.
        usingConfig('train', 'inner', () => assert.is(config.train, 'inner'));
        assert.is(config.train, false);
      });
      assert.equal([config.train, config.enableBackprop], [false, true]);
    });
    assert.equal([config.train, config.enableBackprop], [true, true]);
  }
  await usingConfig('train', false, async () => { await nextTask(); throw new Error('boom'); }).catch(() => null);
  assert.is(config.train, true);
});

test('a training task keeps recording the graph while another evaluates without backprop (Node, Deno)', async () => {
  if (!isolating) return;
  const evaluating = gate();
  const x = new Variable(array([1, -2]));
  const evaluation = noBackpropMode(async () => {
    await evaluating.passed;
    return F.relu(x);
  });
  await nextTask();
  const trained = F.relu(x);
  evaluating.open();
  const evaluated = await evaluation;
  assert.ok(trained.creator !== null, 'the training task must record the graph');
  assert.is(evaluated.creator, null);
  assert.is(config.enableBackprop, true);
});

test('assignments: to the scoped key stay in the scope, to other keys are global as in Chainer', async () => {
  await usingConfig('train', false, async () => {
    await nextTask();
    config.train = 'changed inside' as never;
    config.typeCheck = false;
  });
  assert.is(config.train, true);
  assert.is(config.typeCheck, false);
  config.typeCheck = true;
  // A key set by plain assignment before any scope used it.
  config.customFlag = 1;
  await usingConfig('customFlag', 2, async () => { await nextTask(); assert.is(config.customFlag, 2); });
  assert.is(config.customFlag, 1);
  assert.ok(Object.keys(config).includes('train'));
  const inspect = io.builtinModule<{ inspect: (v: unknown) => string }>('node:util')?.inspect;
  if (inspect) await usingConfig('train', false, async () => { assert.ok(inspect(config).startsWith('{ train: false, enableBackprop: true'), inspect(config)); });
});

test.run();

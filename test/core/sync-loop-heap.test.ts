// A synchronous loop of any length runs in bounded memory: 200,000 training iterations in
// a child process whose JavaScript heap is capped at 128 MB (Node and Deno; a page cannot
// start a process). Finalizers never run inside that loop, so nothing may wait for them.
import { suite } from 'uvu';
import { assert } from '../util';

const test = suite('a synchronous loop under a 128 MB heap');
type Spawn = typeof import('node:child_process').spawnSync;
const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown; execPath: string } }).process;
const deno = (globalThis as { Deno?: { execPath(): string } }).Deno;
const spawnSync = (proc?.getBuiltinModule?.('node:child_process') as { spawnSync: Spawn } | undefined)?.spawnSync;

if (spawnSync && proc) {
  test('200,000 iterations of a Linear(8, 4) SGD loop without dispose()', () => {
    const script = new URL('./sync-loop.child.js', import.meta.url).pathname;
    const [cmd, args] = deno
      ? [deno.execPath(), ['run', '--allow-all', '--v8-flags=--max-old-space-size=128', script, '200000']]
      : [proc.execPath, ['--max-old-space-size=128', script, '200000']];
    const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10 * 60 * 1000 });
    assert.is(r.status, 0, `the loop exits cleanly (status ${r.status}): ${String(r.stderr).slice(-2000)}`);
    const out = JSON.parse(String(r.stdout).trim().split('\n').at(-1)!);
    assert.is(out.iterations, 200000);
    assert.ok(out.last < 0.5 * out.first, `the loop trains (loss ${out.first} -> ${out.last})`);
    assert.ok(out.heapUsed < 128 * 2 ** 20, `heap in use at the end: ${out.heapUsed} bytes`);
    // Parameters and gradients are resident; the count is the same after 1,000 and 200,000 iterations.
    assert.is(out.arraysLate, out.arraysEarly, 'resident arrays do not pile up');
  });
}
test.run();

// `npm run bench -- <name> [<name> ...] [options]`: runs benchmarks against the built bundle
// (dist/kusari.js, rebuilt here when src/ or assembly/ changed) in each runtime the
// benchmark supports, then puts the runtimes side by side.
//   npm run bench                      lists the benchmarks
//   npm run bench -- gemm              every runtime of gemm
//   npm run bench -- gemm quick        arguments that are not names go to the benchmarks
//   BENCH_RUNTIMES=node npm run bench -- gemm
//   npm run bench -- all [--quick]     the table of issue #9 (gemm train infer browser memory)
//                                      in Node, ending with a summary against scaled Chainer
// A benchmark is a module bench/<name>.mjs that exports `description` and `main(args)`,
// runs main when executed directly, prints its own tables and ends with the line that
// lib/stats.mjs's report() writes. Add it to the registry below.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { table } from './lib/stats.mjs';

// name -> script and the runtimes the runner starts it in (mlp and edge start their Deno
// runs themselves; browser drives Chromium from Node).
const registry = {
  gemm: { file: 'gemm.mjs', runtimes: ['node', 'deno'] },
  train: { file: 'train.mjs', runtimes: ['node', 'deno'] },
  infer: { file: 'infer.mjs', runtimes: ['node', 'deno'] },
  memory: { file: 'memory.mjs', runtimes: ['node', 'deno'] },
  browser: { file: 'browser.mjs', runtimes: ['node'] },
  ops: { file: 'ops.mjs', runtimes: ['node', 'deno'] },
  mlp: { file: 'mlp.mjs', runtimes: ['node'] },
  edge: { file: 'edge.mjs', runtimes: ['node'] },
  webgl: { file: 'webgl.mjs', runtimes: ['node'] },
  'webgl-passes': { file: 'webgl-passes.mjs', runtimes: ['node'] },
};

// `all`: the workloads of Chainer's speed table in one go, in Node (BENCH_RUNTIMES adds
// Deno), Chainer's figures scaled by numpy's rate (measured in each workload's rounds), then the summary table.
const TABLE = ['gemm', 'train', 'infer', 'browser', 'memory'];

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const names = argv.filter((a) => a in registry || a === 'all');
const passThrough = argv.filter((a) => !(a in registry) && a !== 'all');
const only = process.env.BENCH_RUNTIMES?.split(',').map((s) => s.trim()).filter(Boolean);

async function list() {
  console.log('usage: npm run bench -- <name> [...] [args]   (--quick: a short smoke run)\n');
  for (const [name, b] of Object.entries(registry)) {
    const { description } = await import(new URL(b.file, import.meta.url).href);
    console.log(`  ${name.padEnd(10)} ${description} (${b.runtimes.join(', ')})`);
  }
  console.log(`  ${'all'.padEnd(10)} ${TABLE.join(', ')} in Node, then a summary table against Chainer's figures (scaled by numpy's GEMM rate now)`);
}

function newest(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    t = Math.max(t, statSync(p).isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function ensureBuilt() {
  const bundle = join(root, 'dist/kusari.js');
  const sources = Math.max(newest(join(root, 'src')), newest(join(root, 'assembly')));
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= sources) return;
  console.log('building dist/kusari.js ...');
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--no-types'], { cwd: root, stdio: 'inherit' });
}

function command(runtimeName, script, extra) {
  if (runtimeName === 'node') return [process.execPath, ['--expose-gc', script, ...passThrough, ...extra]];
  return [join(root, 'node_modules/.bin/deno'), ['run', '--allow-all', '--v8-flags=--expose-gc', script, ...passThrough, ...extra]];
}

function runScript(runtimeName, script, extra = []) {
  return new Promise((resolve) => {
    const [cmd, cmdArgs] = command(runtimeName, script, extra);
    let text = '', result = null;
    const child = spawn(cmd, cmdArgs, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk) => {
      text += chunk;
      let nl;
      while ((nl = text.indexOf('\n')) >= 0) {
        const line = text.slice(0, nl);
        text = text.slice(nl + 1);
        if (line.startsWith('BENCH_RESULT ')) result = JSON.parse(line.slice('BENCH_RESULT '.length));
        else console.log(line);
      }
    });
    child.on('error', (e) => { console.log(`${runtimeName}: ${e.message}`); });
    child.on('close', (code) => {
      if (code !== 0) console.log(`${runtimeName}: exited with code ${code}`);
      resolve(result);
    });
  });
}

/** The same tables from several runtimes, side by side. */
function sideBySide(results) {
  const versions = results.map((r) => r.version).join(' | ');
  for (const first of results[0].tables ?? []) {
    const header = [first.key];
    const rows = first.rows.map((r) => [String(r[first.key])]);
    for (const res of results) {
      const t = res.tables?.find((x) => x.name === first.name);
      if (!t) continue;
      for (const c of t.columns) {
        header.push(`${res.runtime} ${c.title}`);
        rows.forEach((row, i) => {
          const match = t.rows.find((r) => String(r[t.key]) === String(first.rows[i][first.key]));
          row.push(match?.[c.key] ?? 'n/a');
        });
      }
    }
    console.log(`\n${first.name}: ${versions}`);
    console.log(table(header, rows));
  }
}

/** Runs one benchmark in each of `runtimes`; returns its results by runtime. */
async function runBenchmark(name, runtimes, extra = []) {
  const b = registry[name];
  const results = [];
  for (const rt of b.runtimes.filter((r) => runtimes.includes(r))) {
    console.log(`\n=== ${name} on ${rt} ===`);
    const r = await runScript(rt, join(root, 'bench', b.file), extra);
    if (r) results.push(r);
  }
  if (results.length > 1) {
    console.log(`\n=== ${name}: runtimes side by side ===`);
    sideBySide(results);
  }
  return results;
}

if (names.length === 0) {
  await list();
} else {
  ensureBuilt();
  const runtimes = only ?? ['node', 'deno'];
  for (const name of names.filter((n) => n !== 'all')) await runBenchmark(name, runtimes);
  if (names.includes('all')) {
    // Imported here: they load dist/kusari.js, which ensureBuilt() may just have built.
    const { chainerScale, cpuModel } = await import('./lib/machine.mjs');
    const { printSummary } = await import('./lib/summary.mjs');
    console.log(`CPU: ${await cpuModel()}`);
    const { scale, note } = passThrough.includes('--no-numpy') ? { scale: 1, note: 'Chainer figures unscaled (--no-numpy)' } : await chainerScale();
    console.log(note);
    const byName = {};
    // The table's memory row is over 10,000 iterations (a few minutes); --quick keeps memory's own default.
    const extra = (name) => (name === 'memory' && !passThrough.includes('--quick') ? ['--iterations', '10000'] : []);
    for (const name of TABLE) {
      // train and infer scale Chainer's figures by numpy's rate in each workload's own rounds
      // (the machine's speed drifts over a run), not by the opening rate above
      const results = await runBenchmark(name, only ?? ['node'], extra(name));
      byName[name] = results.find((r) => r.runtime === 'node') ?? results[0];
    }
    printSummary(byName, scale, note);
  }
}

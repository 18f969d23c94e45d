// Timing helpers shared by the benchmarks: medians of interleaved runs, and tables.

export const now = () => performance.now();

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Milliseconds per call of `fn` over `iterations` calls. */
export function timeCalls(fn, iterations) {
  const t0 = now();
  for (let i = 0; i < iterations; i++) fn();
  return (now() - t0) / iterations;
}

/**
 * A pause before each contender's turn, so that it starts on an idle machine: thread pools
 * spin for a while after their work (onnxruntime-web's child process burns 19 ms of a core
 * in the 20 ms after each of its two-thread rounds, measured from /proc), which would take
 * the second core from a contender that comes next: a batch-1 round of 50 calls is 4-7 ms.
 */
export const TURN_GAP_MS = 40;

/** Lets the machine settle before a contender's turn. */
function settle() {
  return new Promise((resolve) => setTimeout(resolve, TURN_GAP_MS));
}

/**
 * Runs every contender once per round, in turn, so that a change in the machine's load
 * hits all of them alike; returns the median per contender. Each contender's `run()`
 * returns its measurement for one round.
 */
export async function interleave(contenders, rounds) {
  const samples = contenders.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < contenders.length; i++) {
      if (contenders[i].skip) continue;
      await settle();
      samples[i].push(await contenders[i].run(r));
    }
  }
  return samples.map((s) => (s.length ? { median: median(s), samples: s } : null));
}

/** A plain-text table: columns padded to their widest cell, numbers right-aligned. */
export function table(header, rows) {
  const all = [header, ...rows].map((r) => r.map((c) => String(c)));
  const widths = header.map((_, j) => Math.max(...all.map((r) => (r[j] ?? '').length)));
  const line = (r) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  return [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

export function fmt(x, digits = 2) {
  if (x === null || x === undefined || Number.isNaN(x)) return 'n/a';
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  return x.toFixed(digits);
}

/** "3.4x": a / b, 'n/a' when either is missing. */
export function ratio(a, b = 1) {
  if (a === null || a === undefined || b === null || b === undefined) return 'n/a';
  const x = a / b;
  return Number.isFinite(x) && x > 0 ? `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}x` : 'n/a';
}

export function runtimeName() {
  if (typeof Deno !== 'undefined') return `Deno ${Deno.version.deno}`;
  return `Node ${process.versions.node}`;
}

/** True when the module at `meta` is the script being run, not imported. */
export function isMain(meta) {
  if (typeof Deno !== 'undefined') return meta.main;
  return !!process.argv[1] && decodeURIComponent(new URL(meta.url).pathname) === process.argv[1];
}

/** `--name value`, `--flag` and bare words (in `_`) from the command line or `argv`. */
export function args(argv = typeof Deno !== 'undefined' ? Deno.args : process.argv.slice(2)) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) { out._.push(a); continue; }
    const [k, v] = a.slice(2).split('=');
    out[k] = v ?? (argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : true);
  }
  return out;
}

/**
 * The closing line a dispatcher (bench/run.mjs) parses: named tables of rows keyed by
 * `key`, so the same table from several runtimes can be put side by side.
 */
export function report(tables) {
  const runtime = typeof Deno !== 'undefined' ? 'deno' : 'node';
  console.log(`BENCH_RESULT ${JSON.stringify({ runtime, version: runtimeName(), tables })}`);
}

// Manual timers around the wasm backend: how much of a training step is spent in each
// kernel family, in copies between the JS-owned arrays and the wasm arena, and outside the
// backend altogether (graph bookkeeping, validation, allocation: per-op overhead).
import { backend } from '../../dist/kusari.js';

export function instrumentBackend({ detail = false } = {}) {
  const be = backend.get('wasm');
  const arena = be.arena;
  const stats = new Map(); // name -> { calls, ms }
  let copyIn = 0, copyOut = 0, depth = 0;
  const add = (name, ms) => {
    const s = stats.get(name) ?? { calls: 0, ms: 0 };
    s.calls++; s.ms += ms;
    stats.set(name, s);
  };
  const restore = [];
  const proto = Object.getPrototypeOf(be);
  for (const name of Object.getOwnPropertyNames(proto)) {
    if (name === 'constructor' || typeof be[name] !== 'function' || name.startsWith('own') || name === 'result' || name === 'memory') continue;
    const orig = be[name];
    be[name] = function (...args) {
      if (depth > 0) return orig.apply(this, args);
      depth++;
      const t0 = performance.now();
      try { return orig.apply(this, args); } finally {
        const key = detail ? `${name} ${args.filter((a) => a && a.shape).map((a) => `(${a.shape})`).join(' ')} ${args.filter((a) => typeof a === 'number').join(',')}` : name;
        add(key, performance.now() - t0); depth--;
      }
    };
    restore.push(() => { delete be[name]; });
  }
  for (const name of ['put', 'putInts', 'takeF32', 'takeI32']) {
    const orig = arena[name];
    const into = name.startsWith('put');
    arena[name] = function (...args) {
      const t0 = performance.now();
      try { return orig.apply(this, args); } finally {
        const ms = performance.now() - t0;
        if (into) copyIn += ms; else copyOut += ms;
      }
    };
    restore.push(() => { delete arena[name]; });
  }
  return {
    reset() { stats.clear(); copyIn = copyOut = 0; },
    /** Breakdown of `totalMs` (the wall time of the steps measured) per kernel family. */
    report(totalMs, steps) {
      let inBackend = 0;
      const rows = [...stats].sort((a, b) => b[1].ms - a[1].ms);
      for (const [, s] of rows) inBackend += s.ms;
      const pct = (ms) => `${(100 * ms / totalMs).toFixed(1).padStart(5)}%`;
      const per = (ms) => `${(ms / steps).toFixed(3).padStart(8)} ms/step`;
      const lines = [`  step: ${(totalMs / steps).toFixed(3)} ms`];
      for (const [name, s] of rows) lines.push(`  ${name.padEnd(18)}${per(s.ms)} ${pct(s.ms)}  (${(s.calls / steps).toFixed(1)} calls/step)`);
      lines.push(`  ${'(copies in)'.padEnd(18)}${per(copyIn)} ${pct(copyIn)}  (operands into the arena; inside the rows above)`);
      lines.push(`  ${'(copies out)'.padEnd(18)}${per(copyOut)} ${pct(copyOut)}  (results into new typed arrays, allocation included; inside the rows above)`);
      lines.push(`  ${'outside backend'.padEnd(18)}${per(totalMs - inBackend)} ${pct(totalMs - inBackend)}  (graph, validation, allocation, GC)`);
      return lines.join('\n');
    },
    restore() { for (const r of restore) r(); },
  };
}

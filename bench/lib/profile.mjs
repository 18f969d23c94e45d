// Manual timers around the wasm backend: how much of a training step is spent in each
// kernel family, how much of that is copying between the JS-owned arrays and the wasm
// arena, and how much is spent outside the backend altogether (graph bookkeeping,
// argument checks, batch assembly, garbage collection: the per-op overhead).
import { backend } from '../../dist/kusari.js';

export function instrumentBackend({ detail = false } = {}) {
  const be = backend.get('wasm');
  const arena = be.arena;
  const stats = new Map(); // name -> { calls, ms, copyIn, copyOut }
  let current = null, depth = 0;
  const restore = [];
  const proto = Object.getPrototypeOf(be);
  for (const name of Object.getOwnPropertyNames(proto)) {
    if (name === 'constructor' || typeof be[name] !== 'function' || name.startsWith('own') || name === 'result' || name === 'memory') continue;
    const orig = be[name];
    be[name] = function (...args) {
      if (depth > 0) return orig.apply(this, args);
      const key = detail ? `${name} ${args.filter((a) => a && a.shape).map((a) => `(${a.shape})`).join(' ')} ${args.filter((a) => typeof a === 'number').join(',')}` : name;
      const s = stats.get(key) ?? { calls: 0, ms: 0, copyIn: 0, copyOut: 0 };
      stats.set(key, s);
      depth++;
      current = s;
      const t0 = performance.now();
      try { return orig.apply(this, args); } finally {
        s.calls++; s.ms += performance.now() - t0;
        depth--; current = null;
      }
    };
    restore.push(() => { delete be[name]; });
  }
  for (const name of ['put', 'putInts', 'take']) {
    const orig = arena[name];
    const field = name.startsWith('put') ? 'copyIn' : 'copyOut';
    arena[name] = function (...args) {
      const t0 = performance.now();
      try { return orig.apply(this, args); } finally { if (current) current[field] += performance.now() - t0; }
    };
    restore.push(() => { delete arena[name]; });
  }
  return {
    reset() { stats.clear(); },
    /** Breakdown of `totalMs` (the wall time of the steps measured) per kernel family. */
    report(totalMs, steps) {
      const rows = [...stats].sort((a, b) => b[1].ms - a[1].ms);
      let inBackend = 0, copyIn = 0, copyOut = 0;
      for (const [, s] of rows) { inBackend += s.ms; copyIn += s.copyIn; copyOut += s.copyOut; }
      const pct = (ms) => `${(100 * ms / totalMs).toFixed(1).padStart(5)}%`;
      const per = (ms) => `${(ms / steps).toFixed(3).padStart(8)} ms/step`;
      const w = Math.max(18, ...rows.map(([n]) => n.length + 2));
      const lines = [`  ${'step'.padEnd(w)}${per(totalMs)}`];
      for (const [name, s] of rows) {
        lines.push(`  ${name.padEnd(w)}${per(s.ms)} ${pct(s.ms)}  ${(s.calls / steps).toFixed(1)} calls; copies in ${(s.copyIn / steps).toFixed(3)}, out ${(s.copyOut / steps).toFixed(3)} ms`);
      }
      lines.push(`  ${'kernels alone'.padEnd(w)}${per(inBackend - copyIn - copyOut)} ${pct(inBackend - copyIn - copyOut)}`);
      lines.push(`  ${'copies in'.padEnd(w)}${per(copyIn)} ${pct(copyIn)}  operands into the arena`);
      lines.push(`  ${'copies out'.padEnd(w)}${per(copyOut)} ${pct(copyOut)}  results into new typed arrays, allocation included`);
      lines.push(`  ${'outside backend'.padEnd(w)}${per(totalMs - inBackend)} ${pct(totalMs - inBackend)}  graph, checks, batches, GC`);
      return lines.join('\n');
    },
    restore() { for (const r of restore) r(); },
  };
}

// The closing table of `npm run bench -- all`: one row per workload of Chainer's speed table,
// from the BENCH_RESULT lines of gemm, train, infer, memory and browser in Node.
import { REFERENCE, chainerFigure, vsChainer } from './reference.mjs';
import { fmt, ratio, table } from './stats.mjs';

const tableOf = (result, name) => result?.tables?.find((t) => t.name === name);
const yesNo = (ok) => (ok === null || ok === undefined ? 'n/a' : ok ? 'yes' : 'no');

function gemmRow(gemm, scale) {
  const raw = tableOf(gemm, 'square GEMM')?.raw;
  const kept = tableOf(gemm, 'square GEMM')?.keptMemory;
  if (!raw?.length) return null;
  const n = Math.max(...raw.map((r) => r.n));
  const rows = raw.filter((r) => r.n === n);
  const plain = rows.find((r) => r.op === 'AB');
  const threads = plain.threads, all = threads.length > 1 ? plain.gflops[1] : null;
  // per-round ratios where bench gemm gives them (the machine's speed drifts between rounds)
  const speedup = all === null ? null : plain.speedup ?? all / plain.gflops[0];
  const worstTransposed = Math.min(...rows.map((r) => r.vsPlain));
  // the same with C written into wasm memory: the GEMM without its new 4 MB result array
  const resident = plain.residentSpeedup ?? null;
  const worstResident = rows.every((r) => r.residentVsPlain != null) ? Math.min(...rows.map((r) => r.residentVsPlain)) : null;
  const numpyNow = threads.length > 1 ? plain.numpy2 : plain.numpy1;
  return [
    `GEMM n=${n} GFLOP/s`, fmt(plain.gflops[0], 1), fmt(all, 1),
    plain.numpy1 === null ? fmt(REFERENCE.gemm.chainer[0] * scale, 1) : `numpy ${fmt(plain.numpy1, 1)} / ${fmt(plain.numpy2, 1)} (2T)`,
    fmt(plain.tfjs, 1), 'n/a', ratio(all ?? plain.gflops[0], numpyNow),
    `${REFERENCE.gemm.target} (now ${speedup === null ? 'no pool' : ratio(speedup)}, worst op ${ratio(worstTransposed)}` +
      `${resident === null ? '' : `; C resident ${ratio(resident)}, worst op ${ratio(worstResident)}`}` +
      `${plain.faults?.every((f) => f !== null) ? `; page faults/call ${plain.faults.map((f) => fmt(f, 0)).join(' / ')} of ${fmt(n * n * 4 / 4096, 0)} result pages` : ''}` +
      `${kept?.speedup ? `; glibc keeping freed memory ${ratio(kept.speedup)}, worst op ${ratio(kept.worst)}` : ''})`,
    yesNo(speedup !== null && speedup >= 1.7 && worstTransposed >= 0.9),
  ];
}

function trainRows(train, scale) {
  const raw = tableOf(train, 'training')?.raw ?? [];
  return raw.map((r) => {
    const ref = REFERENCE[r.workload];
    const best = r.kAll ?? r.k1;
    // the workload's own scale (numpy in its rounds) where bench train probed one
    const own = r.scale ?? scale;
    const vs = vsChainer(r.workload, best, own);
    const eff = r.effAll ?? r.eff1;
    let met = vs.value !== null && vs.value >= ref.min;
    if (ref.efficiency) met &&= eff >= ref.efficiency;
    if (r.workload === 'lm') met &&= r.memoryFlat === true;
    const extra = [ref.efficiency ? `eff ${(100 * eff).toFixed(0)}%` : null, r.memoryFlat === null ? null : r.memoryFlat ? 'memory FLAT' : 'memory GROWING'].filter(Boolean).join(', ');
    return [
      `${ref.title}, ${ref.unit}`, fmt(r.k1, 0), fmt(r.kAll, 0), `${chainerFigure(r.workload, own).text} (x ${own.toFixed(2)})`,
      r.tfjs === null ? 'n/a' : fmt(r.tfjs, 0), 'n/a', vs.ratio, `${ref.target}${extra ? ` (${extra})` : ''}`, yesNo(met),
    ];
  });
}

function inferRows(infer, scale) {
  const raw = tableOf(infer, 'inference')?.raw;
  if (!raw) return [];
  const { labels, ms } = raw;
  scale = raw.scale ?? scale;
  const kusari = labels.filter((l) => l.startsWith('kusari'));
  const ort = labels.filter((l) => l.startsWith('ORT-web'));
  const ortNode = labels.filter((l) => l.startsWith('ORT-node'));
  const best = (batch, names) => (names.length ? Math.min(...names.map((l) => ms[batch][l])) : null);
  const k1 = ms[1][kusari[0]], kAll = kusari.length > 1 ? ms[1][kusari[1]] : null;
  const ortBest = best(1, ort), kBest = best(1, kusari);
  const rate = (l) => (l && ms[100][l] ? 100000 / ms[100][l] : null);
  const tf100 = rate('TF.js-wasm'), k100 = Math.max(...kusari.map(rate));
  const ort100 = ort.length ? Math.max(...ort.map(rate)) : null;
  // batch 100's peer: onnxruntime-node where it ran, else TF.js-wasm
  const node100 = ortNode.length ? Math.max(...ortNode.map(rate)) : null;
  const vs100 = node100 !== null ? [`${ratio(k100, node100)} of ORT-node`, k100 >= 0.5 * node100] : [`${ratio(k100, tf100)} of TF.js`, tf100 === null ? null : k100 >= 2.5 * tf100];
  return [
    [`${REFERENCE.infer1.title}, ms`, fmt(k1, 3), fmt(kAll, 3), `${chainerFigure('infer1', scale).text} (x ${scale.toFixed(2)})`, fmt(ms[1]['TF.js-wasm'], 3), fmt(ortBest, 3),
      `${ratio(kBest, ortBest)} of ORT`, REFERENCE.infer1.target, yesNo(ortBest === null ? null : kBest <= 1.25 * ortBest)],
    [`${REFERENCE.infer100.title}, examples/s`, fmt(rate(kusari[0]), 0), fmt(kusari.length > 1 ? rate(kusari[1]) : null, 0), `${chainerFigure('infer100', scale).text} (x ${scale.toFixed(2)})`,
      fmt(tf100, 0), fmt(node100 ?? ort100, 0), vs100[0], REFERENCE.infer100.target, yesNo(vs100[1])],
  ];
}

function browserRow(browser) {
  const t = tableOf(browser, 'browser');
  if (!t) return null;
  const { node, page } = t.raw;
  if (!page?.results) return ['Browser: MLP steps + GEMM in Chromium', '', '', '', '', '', 'n/a', 'each within 1.3x of Node', 'n/a'];
  const ratios = Object.keys(node).map((k) => node[k].kusari / page.results[k].kusari);
  const worst = Math.max(...ratios);
  return ['Browser: MLP steps + GEMM in Chromium', '', '', '', '', '', `worst Node/page ${ratio(worst)}`, 'each within 1.3x of Node', yesNo(worst <= 1.3)];
}

function memoryRow(memory) {
  const t = tableOf(memory, 'memory verdict');
  if (!t) return null;
  const verdicts = t.rows.map((r) => `${r.loop} ${r.verdict}`).join(', ');
  const last = tableOf(memory, 'memory of the Adam step without dispose()')?.rows.at(-1)?.iteration.split(' ')[1];
  return [`Memory: Adam step 784-1000-1000-10, ${last} iterations`, '', '', '', '', '', verdicts, 'flat over 10,000 iterations, sync and async', yesNo(t.rows.every((r) => r.verdict === 'FLAT'))];
}

/** Prints the summary table from results by benchmark name (Node's). */
export function printSummary(results, scale, scaleNote) {
  const rows = [
    gemmRow(results.gemm, scale), ...trainRows(results.train, scale), ...inferRows(results.infer, scale),
    browserRow(results.browser), memoryRow(results.memory),
  ].filter(Boolean);
  console.log(`\n=== summary (Node; ${scaleNote}) ===`);
  console.log('ratio: kusari (all threads when there is a pool) over scaled Chainer unless named otherwise; above 1 is faster');
  console.log('Chainer (scaled) x s: its figure times numpy\'s 1-thread sgemm rate in that workload\'s own rounds / 184 (the run\'s opening rate where not probed)');
  console.log(table(['workload', 'kusari 1T', 'kusari all-T', 'Chainer (scaled)', 'TF.js-wasm', 'ORT (b1: web, b100: node)', 'ratio', 'target', 'met?'], rows));
}

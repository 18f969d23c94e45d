// The program each worker of thread-pool.ts runs, as source text: Node and Deno start it
// with worker_threads (`eval`), browsers from a blob URL, so the library stays one file.

/** Int32 slots of the control block shared by the caller and its workers. */
export const CONTROL = {
  /** Job counter workers sleep on. */
  WAKE: 0,
  /** generation * 256 + next unclaimed part (CLOSED while a job is being posted). */
  CLAIM: 1,
  /** Parts finished. */
  DONE: 2,
  /** Workers ready to take parts. */
  READY: 3,
  /** Set when the workers are to end. */
  STOP: 4,
  KERNEL: 5,
  PARTS: 6,
  NARGS: 7,
  FAILED: 8,
  /** The arguments of each part, MAX_ARGS float64 per part from here (an int32 index, 8-byte aligned). */
  ARGS: 16,
} as const;
export const MAX_ARGS = 24;
/** The most threads a pool runs (a part index must fit below CLOSED in the claim word). */
export const MAX_THREADS = 64;
export const CONTROL_BYTES = CONTROL.ARGS * 4 + MAX_THREADS * MAX_ARGS * 8;
export const CLOSED = 255;
/** Generations wrap so that generation * 256 + part stays a positive int32. */
export const GENERATIONS = 1 << 23;

// The claim loop mirrors ThreadPool.dispatch: claim a part with a compare-and-swap on
// CLAIM; once it succeeds the job cannot change until this part is counted done.
//
// An idle worker sleeps at once. Polling first (for 0.03-0.1 ms) was measured on a busy
// 2-core machine with a tiny two-part GEMM: posted 20 us after the previous one it took
// 3-5 us instead of 17-26 us, but posted 200 us after, once the poll had run out, it took
// 95-145 us instead of 32-46 us (the scheduler is slower to wake a thread that spent its
// share polling), and a training step has gaps of both kinds.
export const workerSource = `
const C = ${JSON.stringify(CONTROL)}, MAX_ARGS = ${MAX_ARGS};
const start = ({ module, memory, control, kernels }) => {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const fns = kernels.map((name) => instance.exports[name]);
  const ctl = new Int32Array(control), args = new Float64Array(control, C.ARGS * 4);
  let seen = Atomics.load(ctl, C.WAKE);
  Atomics.add(ctl, C.READY, 1);
  for (;;) {
    for (;;) {
      const claim = Atomics.load(ctl, C.CLAIM);
      const parts = ctl[C.PARTS], part = claim & 255;
      if (part >= parts) break;
      if (Atomics.compareExchange(ctl, C.CLAIM, claim, claim + 1) !== claim) continue;
      const job = args.subarray(part * MAX_ARGS, part * MAX_ARGS + ctl[C.NARGS]);
      try { fns[ctl[C.KERNEL]](...job); } catch { ctl[C.FAILED] = 1; }
      if (Atomics.add(ctl, C.DONE, 1) + 1 === parts) Atomics.notify(ctl, C.DONE);
    }
    Atomics.wait(ctl, C.WAKE, seen);
    seen = Atomics.load(ctl, C.WAKE);
    if (Atomics.load(ctl, C.STOP)) break;
  }
  if (typeof close === 'function') close();
};
if (typeof require === 'function') start(require('node:worker_threads').workerData);
else self.onmessage = (e) => start(e.data);
`;

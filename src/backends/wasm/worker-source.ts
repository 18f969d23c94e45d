// The program each worker of thread-pool.ts runs, as source text: Node and Deno start it
// with worker_threads (`eval`), browsers from a blob URL, so the library stays one file.
// The bundles carry it minified (scripts/build.mjs, withMinifiedWorker): keep it free of
// backticks, backslashes and nested template substitutions.

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
  /** Workers blocked in Atomics.wait (the caller notifies only when some are). */
  SLEEPING: 9,
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

/**
 * How long an idle worker polls for the next job before it sleeps, in ms. A forward pass
 * posts its kernels microseconds apart and a training step its products a few tenths of a
 * millisecond apart; a sleeping worker takes 15-50 us to wake (a 2-vCPU VM), a polling one
 * about 1 us. A batch-1 784-1000-1000-10 forward on 2 threads: 0.167 ms sleeping at once,
 * 0.111-0.120 ms polling 0.5 ms (1 thread: 0.134-0.143 ms), idle machine, medians.
 */
export const POLL_MS = 0.5;

// The claim loop mirrors ThreadPool.dispatch: claim a part with a compare-and-swap on
// CLAIM; once it succeeds the job cannot change until this part is counted done. A worker
// counts itself in SLEEPING before it blocks: a caller that posts a job and sees none
// sleeping skips the notify, and a worker that counted itself just after that still finds
// WAKE changed and does not block.
export const workerSource = `
const C = ${JSON.stringify(CONTROL)}, MAX_ARGS = ${MAX_ARGS}, POLL_MS = ${POLL_MS};
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
    const until = performance.now() + POLL_MS;
    for (let i = 1; Atomics.load(ctl, C.WAKE) === seen; i++) {
      if ((i & 63) === 0 && performance.now() > until) {
        Atomics.add(ctl, C.SLEEPING, 1);
        Atomics.wait(ctl, C.WAKE, seen);
        Atomics.sub(ctl, C.SLEEPING, 1);
        break;
      }
    }
    seen = Atomics.load(ctl, C.WAKE);
    if (Atomics.load(ctl, C.STOP)) break;
  }
  if (typeof close === 'function') close();
};
if (typeof require === 'function') start(require('node:worker_threads').workerData);
else self.onmessage = (e) => start(e.data);
`;

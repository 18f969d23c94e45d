// A pool of worker threads over the shared linear memory. A kernel that can be split takes
// (part, parts) as its last two arguments and computes that share of its output; the pool
// runs the parts on the calling thread and its workers at once. Operands are pointers into
// linear memory, so the pool does not care how they got there.
//
// The calling thread posts a job in a small shared control block, wakes the workers with
// Atomics.notify and claims parts like any worker; then it waits for the parts that workers
// claimed. Parts nobody has claimed yet are taken by the caller, so a slow or still
// starting worker delays nothing. Which thread computes a part never changes what it
// computes, so results do not depend on the thread count.
import { hasBuiltinModules } from '../../io/files';
import { kernelModule, kernels, memory, memoryIsShared } from './module';
import { CONTROL, CONTROL_BYTES, CLOSED, GENERATIONS, MAX_ARGS, MAX_THREADS, POLL_MS, workerSource } from './worker-source';
import { showValue } from '../../util/options';

/** Kernels the pool can split, in the order workers index them. */
export const splitKernels = [
  'gemm_f32', 'gemm_pack_shared', 'gemm_pack_b', 'gemm_packed_b_f32', 'gemv_pack_rows', 'gemv_packed_rows_f32',
  'conv2d_f32', 'unary_f32',
  'sgd_update', 'momentum_sgd_update', 'nesterov_ag_update', 'adam_update', 'amsgrad_update', 'adabound_update', 'amsbound_update', 'corrected_momentum_sgd_update', 'rmsprop_graves_update', 'smorms3_update', 'msvag_update',
  'ada_grad_update', 'ada_delta_update', 'rmsprop_update', 'rmsprop_eps_inside_sqrt_update',
  'softmax_f32', 'softmax_grad_f32', 'log_softmax_grad_f32',
  'softmax_cross_entropy_grad_f32', 'lstm_forward_f32', 'lstm_backward_f32', 'row_standardize_backward_f32',
] as const;
export type SplitKernel = typeof splitKernels[number];

/**
 * Multiply-adds below which a part is not worth waking a thread for: ~0.04 ms at 25
 * GMAC/s, several times what waking a sleeping thread costs on an idle machine.
 * (Matrix-vector products are split by the bytes they stream instead: streamParts.)
 */
const MIN_WORK_PER_PART = 1 << 20;
/**
 * Bytes of matrix below which a matrix-vector product (a batch-1 layer) stays whole. Such a
 * product streams its matrix once, at ~60 GB/s per core here from L3 (1000x1000: 4 MB in
 * ~65 us), and two cores stream twice as fast; a part of 1 MB or more (~17 us) is several
 * times what posting it to a polling worker costs.
 */
const MIN_STREAM_BYTES_PER_PART = 1 << 20;
/** An element of an elementwise kernel, in multiply-adds: they are memory-bound, or transcendental. */
const ELEMENT_WORK = 16;
/**
 * The same for an element of a row kernel built on exp, tanh or sigmoid (softmax, the LSTM
 * cell's gates): log-sum-exp takes ~3.3 ns per element, ~80 multiply-adds' time.
 */
const EXP_WORK = 64;
/** Elementwise parts start at multiples of this many elements: each element keeps its SIMD lane or scalar tail. */
const ELEMENT_UNIT = 64;
/**
 * Parts per running thread of a large kernel. Threads claim parts as they come, so a
 * thread that starts late or is preempted (a busy machine) holds back at most one small
 * part while the others take the rest; with exactly one part per thread the caller would
 * wait for the whole of a stalled worker's half.
 */
const PARTS_PER_THREAD = 2;

interface Crew {
  size: number;
  control: Int32Array<SharedArrayBuffer>;
  args: Float64Array<SharedArrayBuffer>;
  stop(): void;
}

interface WorkerThreads {
  Worker: new (src: string, options: { eval: true; workerData: unknown }) => {
    unref(): void;
    on(event: 'error', listener: (e: unknown) => void): void;
  };
}

function builtin<T>(id: string): T | null {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return (process?.getBuiltinModule?.(id) as T | undefined) ?? null;
}

function coreCount(): number {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return nav?.hardwareConcurrency ?? builtin<{ availableParallelism(): number }>('node:os')?.availableParallelism() ?? 1;
}

/** Whether this thread may block in Atomics.wait (not a browser's main thread). */
function mayBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

type Spawn = (data: unknown, failed: () => void) => (() => void);

/**
 * Whether this runtime can start workers, judged without loading anything: Node and Deno
 * have worker_threads (process.getBuiltinModule), browsers have Worker.
 */
function canSpawn(): boolean {
  return hasBuiltinModules() || (typeof Worker === 'function' && typeof Blob === 'function' && typeof URL.createObjectURL === 'function');
}

/**
 * How this runtime starts a worker: Node's worker_threads (also in Deno), unreferenced so
 * that the process ends when the user's work does; a module Worker from a blob in browsers.
 * Made when the first kernel splits: loading worker_threads costs a young Node process
 * several milliseconds, which a model whose kernels never split should not pay.
 */
function workerSpawner(): Spawn | null {
  const threads = builtin<WorkerThreads>('node:worker_threads');
  if (threads) {
    return (workerData, failed) => {
      const worker = new threads.Worker(workerSource, { eval: true, workerData });
      worker.unref();
      worker.on('error', failed);
      return () => {};
    };
  }
  if (typeof Worker === 'function' && typeof Blob === 'function' && typeof URL.createObjectURL === 'function') {
    const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    return (data, failed) => {
      const worker = new Worker(url, { type: 'module' });
      worker.onerror = failed;
      worker.postMessage(data);
      return () => worker.terminate();
    };
  }
  return null;
}

export class ThreadPool {
  /** Whether threads can run here at all: shared memory and a way to start workers. */
  readonly available: boolean;
  /** Made on first use (workerSpawner); undefined until then. */
  private spawn: Spawn | null | undefined;
  private readonly canBlock = mayBlock();
  /** Threads asked for; the core count (up to 4) until setThreads, read on first use. */
  private asked: number | null = null;
  private crew: Crew | null = null;
  private generation = 0;
  /** Kernel calls run in more than one part so far (how often threads were used). */
  splitCalls = 0;

  constructor() {
    this.available = memoryIsShared && canSpawn();
    if (!this.available) this.spawn = null;
  }

  private get requested(): number {
    return this.asked ??= this.available ? Math.min(coreCount(), 4) : 1;
  }

  private set requested(n: number) {
    this.asked = n;
  }

  /** The threads large kernels are split over (the caller and threads() - 1 workers). */
  threads(): number {
    return this.available ? this.requested : 1;
  }

  /**
   * Asks for n threads. Where the runtime allows no shared memory (a page that is not
   * cross-origin isolated) the backend stays on one thread; threads() says so.
   */
  setThreads(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS) {
      throw new Error(`backend.setThreads: n must be an integer from 1 to ${MAX_THREADS} (got ${showValue(n)})`);
    }
    this.requested = n;
    // Fewer threads leave the extra workers asleep; more need a larger crew.
    if (this.crew && this.crew.size < this.threads()) {
      this.crew.stop();
      this.crew = null;
    }
    return this.threads();
  }

  /**
   * How many parts to split a kernel of this many multiply-adds into now: one for small
   * work or while no worker is up (workers start in the background on first use; until
   * they are ready the work runs on the calling thread), else up to PARTS_PER_THREAD per
   * running thread.
   */
  parts(multiplyAdds: number): number {
    const want = Math.floor(multiplyAdds / MIN_WORK_PER_PART);
    if (want <= 1 || this.threads() <= 1) return 1;
    this.crew ??= this.startCrew(this.threads());
    const running = this.running();
    // The control block holds the arguments of MAX_THREADS parts.
    return running <= 1 ? 1 : Math.min(want, running * PARTS_PER_THREAD, MAX_THREADS);
  }

  /**
   * How many parts to split a memory-bound kernel that reads this many bytes into (a
   * matrix-vector product): one per running thread, each streaming at least
   * MIN_STREAM_BYTES_PER_PART. Its parts are short, so a thread that starts late leaves
   * the caller little to take over.
   */
  streamParts(bytes: number): number {
    const want = Math.floor(bytes / MIN_STREAM_BYTES_PER_PART);
    if (want <= 1 || this.threads() <= 1) return 1;
    this.crew ??= this.startCrew(this.threads());
    return Math.min(want, this.running());
  }

  /** Threads up now: the caller and the workers that have started. */
  running(): number {
    return this.crew ? Math.min(this.threads(), 1 + Atomics.load(this.crew.control, CONTROL.READY)) : 1;
  }

  /** Starts the workers if they are not yet running; resolves when all are up, or after timeoutMs with those that are. */
  async ready(timeoutMs = 10000): Promise<number> {
    if (!this.crew) this.crew = this.startCrew(this.threads());
    const until = Date.now() + timeoutMs;
    while (this.running() < this.threads() && Date.now() < until) await new Promise((r) => setTimeout(r, 2));
    return this.running();
  }

  /**
   * Runs kernel(...args, part, parts) for every part, on the pool's threads. `meanwhile`,
   * when the work is split, runs on the calling thread after the workers are told and before
   * it takes parts itself: work of its own that the workers' parts then overlap.
   */
  run(kernel: SplitKernel, args: readonly number[], parts: number, meanwhile?: () => void): void {
    // One part (small work, one thread) is a plain call: no closure, no argument copies.
    if (parts <= 1 || !this.crew) (kernels[kernel] as (...args: number[]) => void)(...args, 0, 1);
    else this.dispatch(kernel, parts, (part) => [...args, part, parts], meanwhile);
  }

  /**
   * Runs a kernel split by rows (its last two arguments part, parts): up to one part per
   * row, as many as `elements` of exp-heavy work (softmax, the LSTM cell) make worth it.
   */
  runRows(kernel: SplitKernel, args: readonly number[], rows: number, elements: number): void {
    this.run(kernel, args, this.rowParts(rows, elements));
  }

  /** How many parts runRows splits `rows` rows holding `elements` of such work into. */
  rowParts(rows: number, elements: number): number {
    return Math.max(1, Math.min(rows, this.parts(elements * EXP_WORK)));
  }

  /**
   * Runs an elementwise kernel split into ranges of its elements: argument `count` is the
   * number of elements, the arguments at `pointers` are 4-byte arrays, and each part gets
   * its range of all of them.
   */
  runElementwise(kernel: SplitKernel, args: readonly number[], count: number, pointers: readonly number[]): void {
    const n = args[count];
    const parts = this.parts(n * ELEMENT_WORK);
    const per = Math.ceil(n / parts / ELEMENT_UNIT) * ELEMENT_UNIT;
    this.dispatch(kernel, parts, (part) => {
      const start = Math.min(n, part * per), end = Math.min(n, start + per);
      const range = [...args];
      range[count] = end - start;
      for (const p of pointers) range[p] += start * 4;
      return range;
    });
  }

  /** Runs kernel(...argsOf(part)) for part = 0 .. parts - 1, on the pool's threads. */
  private dispatch(kernel: SplitKernel, parts: number, argsOf: (part: number) => number[], meanwhile?: () => void): void {
    const fn = kernels[kernel] as (...args: number[]) => void;
    const crew = this.crew;
    if (parts <= 1 || !crew) {
      fn(...argsOf(0));
      return;
    }
    this.splitCalls++;
    const ctl = crew.control;
    const generation = this.generation = (this.generation + 1) % GENERATIONS;
    // Closed while the job is written: a worker still on the previous job cannot claim.
    Atomics.store(ctl, CONTROL.CLAIM, generation * 256 + CLOSED);
    const jobs = Array.from({ length: parts }, (_, part) => argsOf(part));
    ctl[CONTROL.KERNEL] = splitKernels.indexOf(kernel);
    ctl[CONTROL.PARTS] = parts;
    ctl[CONTROL.NARGS] = jobs[0].length;
    ctl[CONTROL.FAILED] = 0;
    jobs.forEach((job, part) => crew.args.set(job, part * MAX_ARGS));
    Atomics.store(ctl, CONTROL.DONE, 0);
    Atomics.store(ctl, CONTROL.CLAIM, generation * 256);
    Atomics.store(ctl, CONTROL.WAKE, generation);
    if (Atomics.load(ctl, CONTROL.SLEEPING) > 0) Atomics.notify(ctl, CONTROL.WAKE, parts - 1);
    meanwhile?.();
    for (let claim = Atomics.load(ctl, CONTROL.CLAIM); (claim & 255) < parts;) {
      const seen = Atomics.compareExchange(ctl, CONTROL.CLAIM, claim, claim + 1);
      if (seen !== claim) { claim = seen; continue; }
      fn(...jobs[claim & 255]);
      Atomics.add(ctl, CONTROL.DONE, 1);
      claim++;
    }
    // Wait for the parts workers claimed (they are running: nothing else can hold them):
    // polling first, as idle workers do, since a blocked caller takes as long to wake.
    const until = performance.now() + POLL_MS;
    for (let i = 1, done = Atomics.load(ctl, CONTROL.DONE); done < parts; i++, done = Atomics.load(ctl, CONTROL.DONE)) {
      if (this.canBlock && (i & 63) === 0 && performance.now() > until) Atomics.wait(ctl, CONTROL.DONE, done);
    }
    if (ctl[CONTROL.FAILED]) throw new Error(`${kernel}: a worker thread failed while running its part`);
  }

  private startCrew(size: number): Crew | null {
    if (size <= 1) return null;
    const spawn = this.spawn ??= workerSpawner();
    if (!spawn) {
      this.requested = 1;
      return null;
    }
    const buffer = new SharedArrayBuffer(CONTROL_BYTES);
    const control = new Int32Array(buffer);
    const args = new Float64Array(buffer, CONTROL.ARGS * 4, MAX_THREADS * MAX_ARGS);
    const stops: (() => void)[] = [];
    const crew: Crew = {
      size, control, args,
      stop() {
        Atomics.store(control, CONTROL.STOP, 1);
        Atomics.add(control, CONTROL.WAKE, 1);
        Atomics.notify(control, CONTROL.WAKE);
        for (const stop of stops) stop();
      },
    };
    // A worker that cannot start (a content security policy, say) or dies takes the pool
    // down to one thread, and threads() says so.
    const failed = (): void => {
      crew.stop();
      if (this.crew !== crew) return;
      this.crew = null;
      this.requested = 1;
    };
    const data = { module: kernelModule, memory, control: buffer, kernels: [...splitKernels] };
    try {
      for (let i = 1; i < size; i++) stops.push(spawn(data, failed));
    } catch {
      crew.stop();
      this.requested = 1;
      return null;
    }
    return crew;
  }
}

export const pool = new ThreadPool();

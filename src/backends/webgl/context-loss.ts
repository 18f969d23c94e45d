// Context loss on the WebGL2 backend: noticing it, and the checkpoint's host copy.
//
// A lost context turns every GL call into a no-op: draws write nothing, readPixels leaves
// its buffer as it was (zeros). So the loss is looked for before anything could observe
// it: at every new texture (each kernel makes one), at every read, and when the canvas
// fires 'webglcontextlost' (between tasks, in an async loop). isContextLost() is a flag in
// the browser, not a round trip to the GPU, so asking once per kernel costs nothing.
import type { TypedArray } from '../../array/dtype';
import type { BackendName, PendingCopy } from '../backend';
import { ContextLostError } from '../context-loss';

export class ContextWatch {
  /** Where work went once the context was lost; null while it lives. */
  #fallback: BackendName | null = null;
  #handler: (() => BackendName) | null = null;

  constructor(private readonly gl: WebGL2RenderingContext) {
    const canvas = gl.canvas as Partial<EventTarget> | null;
    canvas?.addEventListener?.('webglcontextlost', () => { this.notice(); });
  }

  /** The registry's handler: runs the recovery once and names the backend that took over. */
  set handler(h: () => BackendName) {
    this.#handler = h;
  }

  get lost(): boolean {
    return this.#fallback !== null || this.gl.isContextLost();
  }

  /** Throws a ContextLostError naming `what` (after the recovery, the first time) if the context is gone. */
  check(what: string): void {
    if (this.#fallback === null && !this.gl.isContextLost()) return;
    throw new ContextLostError('webgl', this.notice(), what);
  }

  private notice(): BackendName {
    if (this.#fallback === null) {
      // Set before the handler runs: anything it touches here fails instead of recursing.
      this.#fallback = 'wasm';
      this.#fallback = this.#handler?.() ?? 'wasm';
    }
    return this.#fallback;
  }
}

/**
 * Copies of several textures enqueued together (so they show one moment of the kernel
 * stream: later kernels cannot overtake GL's command order) behind one fence. poll() does
 * not wait: a timer asks between tasks and the training loop at each update. A fence only
 * signals between tasks (WebGL's rule), so a synchronous loop, which never yields, takes
 * the copy with poll(true) when the next checkpoint is due: getBufferSubData then waits for
 * the commands queued so far, once per checkpoint.
 */
export class HostCopy implements PendingCopy {
  #sync: WebGLSync | null;
  #result: TypedArray[] | null = null;

  constructor(private readonly gl: WebGL2RenderingContext, private readonly watch: ContextWatch,
              private readonly finishers: readonly { finish(): TypedArray; cancel(): void }[]) {
    this.#sync = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
    gl.flush();
  }

  poll(wait = false): TypedArray[] | null {
    if (this.#result) return this.#result;
    if (!this.#sync) throw new Error('webgl: checkpoint: the copy was cancelled');
    this.watch.check('checkpoint');
    const gl = this.gl, status = gl.clientWaitSync(this.#sync, 0, 0);
    if (status === gl.TIMEOUT_EXPIRED && !wait) return null;
    if (status === gl.WAIT_FAILED) {
      this.cancel();
      this.watch.check('checkpoint');
      throw new Error('webgl: checkpoint: waiting for the GPU failed');
    }
    const copies = this.finishers.map((f) => f.finish());
    this.release();
    // A loss during the copy leaves zeros in it: never take those for the model.
    this.watch.check('checkpoint');
    return this.#result = copies;
  }

  cancel(): void {
    if (!this.#sync) return;
    for (const f of this.finishers) f.cancel();
    this.release();
  }

  private release(): void {
    if (this.#sync) this.gl.deleteSync(this.#sync);
    this.#sync = null;
  }
}

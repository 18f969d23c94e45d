// Step generations: the lifetime of temporaries on a backend whose collector cannot free
// them in time (GPU textures; finalizers never run inside one synchronous loop).
//
// A training loop is a sequence of steps. A step ends when an optimizer's update()
// finishes, when the Evaluator finishes a batch, or when user code calls endStep() (an
// inference loop with no optimizer). A kernel result (a function's output, a gradient of
// backward, an intermediate) made or last used in step N is released at the end of step
// N + 1, so the loss of the current step, or an RNN state carried into the next one, stays
// valid across one boundary. Using it later throws the used-after-free error, which names
// the rule and the fix: persist() keeps an array out of the generations (then dispose() or
// the collector frees it), or read it before.
//
// Not step-scoped: owned arrays (parameters, gradients, optimizer state: their owner frees
// them), and arrays the user makes directly (array, zeros, fromTyped..., toDevice), which
// a fixed batch made before the loop relies on. Batches a converter makes (concatExamples,
// the Trainer's updater) are temporaries. The wasm backend's temporaries are typed arrays
// the collector frees: there the rule is a no-op.
import { instantiated } from '../backends/index';
import { NDArray } from '../array/ndarray';

/** Ends the current step: temporaries made or last used before it on every backend are released. */
export function endStep(): void {
  for (const b of instantiated()) b.endStep();
}

/**
 * Runs fn as a loop of its own nested in the current step (the Evaluator's sweep): its
 * endStep() calls release only temporaries made inside it, and what it still holds at the
 * end is released then, so the training loop's temporaries are left alone.
 */
export function nestedSteps<T>(fn: () => T): T {
  const backends = instantiated();
  for (const b of backends) b.openSteps();
  try {
    return fn();
  } finally {
    for (const b of backends) b.closeSteps();
  }
}

/** Takes an array out of the step generations (see NDArray.persist). */
export function persist(x: NDArray): NDArray {
  x.backend.persist(x.storage);
  return x;
}

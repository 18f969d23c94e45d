// A value per asynchronous task, where the runtime tracks tasks: AsyncLocalStorage of
// node:async_hooks in Node and Deno. Browsers have none yet (null).
import { builtinModule } from './files';

/** The part of AsyncLocalStorage used here. */
export interface TaskLocal<T> {
  /** Runs fn with store as this task's value, kept by everything fn awaits or schedules. */
  run<R>(store: T, fn: () => R): R;
  getStore(): T | undefined;
}

export function taskLocalStorage<T>(): TaskLocal<T> | null {
  const hooks = builtinModule<typeof import('node:async_hooks')>('node:async_hooks');
  return hooks ? new hooks.AsyncLocalStorage<T>() : null;
}

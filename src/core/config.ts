// Global configuration, as chainer.config: read by functions at call time.

export interface Config {
  /** Training mode: dropout drops, batch normalization uses batch statistics. */
  train: boolean;
  /** Whether calls record the graph for backward. */
  enableBackprop: boolean;
  /** Whether functions check their arguments (always on unless turned off for speed). */
  typeCheck: boolean;
  [key: string]: unknown;
}

export const config: Config = {
  train: true,
  enableBackprop: true,
  typeCheck: true,
};

/**
 * Runs fn with config[name] = value and restores the old value afterwards, also when fn
 * throws or, for an async fn, when its promise settles.
 */
export function usingConfig<T>(name: string, value: unknown, fn: () => T): T {
  const old = config[name];
  config[name] = value;
  let result: T;
  try {
    result = fn();
  } catch (e) {
    config[name] = old;
    throw e;
  }
  if (result instanceof Promise) {
    return result.finally(() => { config[name] = old; }) as T;
  }
  config[name] = old;
  return result;
}

/** Runs fn without recording the graph (chainer.no_backprop_mode). */
export function noBackpropMode<T>(fn: () => T): T {
  return usingConfig('enableBackprop', false, fn);
}

/** Runs fn recording the graph even inside noBackpropMode (chainer.force_backprop_mode). */
export function forceBackpropMode<T>(fn: () => T): T {
  return usingConfig('enableBackprop', true, fn);
}

// Evaluated before any test module: collect suites instead of auto-running them, so one
// bundle can hold every test file and run them in one pass on any runtime.
const g = globalThis as unknown as { UVU_DEFER: number; UVU_QUEUE: unknown[][]; __kusariTee?: (s: string) => void };
g.UVU_DEFER = 1;
g.UVU_QUEUE = [[null]];
// uvu keeps its own reference to console.log (browsers); route it through a tee that the
// runner can listen to.
const originalLog = console.log.bind(console);
console.log = (...args: unknown[]) => {
  g.__kusariTee?.(args.join(' ') + '\n');
  originalLog(...args);
};
export {};

// A scratch directory for tests that write files (Node and Deno only).
import * as io from '../../src/io/index';

export function withTempDir(prefix: string, fn: (dir: string) => void): void {
  const fs = io.nodeFs()!;
  const os = (globalThis as any).process.getBuiltinModule('node:os');
  const dir = fs.mkdtempSync(io.joinPath(os.tmpdir(), prefix));
  try {
    fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** An output directory for a trainer: a scratch directory where files can be written, '' in browsers. */
export function inScratch(prefix: string, fn: (out: string) => void): void {
  if (!io.hasFileSystem()) fn('');
  else withTempDir(prefix, fn);
}

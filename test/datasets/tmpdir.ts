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

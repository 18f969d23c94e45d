// Runs the collected suites and prints one machine-readable result line.
import { exec } from 'uvu';
import * as io from '../src/io/index';
import { backend } from '../src/index';

type Writer = (chunk: string) => unknown;

/**
 * The entries of the working directory (the project root under `npm test`), where the file
 * system allows: tests write into scratch directories, never next to the sources.
 */
function workingDirectory(): string[] {
  return io.hasFileSystem() ? io.listDir('.') : [];
}

/** Entries that appeared in the working directory while the tests ran. */
function strayFiles(before: readonly string[], after: readonly string[]): string[] {
  const seen = new Set(before);
  return after.filter((name) => !seen.has(name));
}

export async function runAll(): Promise<void> {
  let text = '';
  const g = globalThis as unknown as { __kusariTee?: (s: string) => void; process?: { stdout?: { write: Writer } } };
  const out = g.process?.stdout;
  const originalWrite = out?.write;
  if (out && originalWrite) {
    out.write = ((chunk: string) => { text += String(chunk); return originalWrite.call(out, chunk); }) as Writer;
  }
  g.__kusariTee = (s) => { text += s; };
  let crashed = '';
  const before = workingDirectory();
  // `--threads=N` after the bundle's path runs the whole suite on N kernel threads.
  const args = [...((globalThis as { process?: { argv?: string[] } }).process?.argv ?? []), ...((globalThis as { Deno?: { args: string[] } }).Deno?.args ?? [])];
  const threads = args.find((a) => a.startsWith('--threads='));
  if (threads) backend.setThreads(Number(threads.slice('--threads='.length)));
  console.log(`kernel threads: ${backend.threads()}`);
  try {
    await exec();
  } catch (e) {
    crashed = String((e as Error)?.stack ?? e);
  } finally {
    if (out && originalWrite) out.write = originalWrite;
    g.__kusariTee = undefined;
  }
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\x1b\[[0-9;]*m/g, '');
  const total = Number(/Total:\s+(\d+)/.exec(plain)?.[1] ?? 0);
  const passed = Number(/Passed:\s+(\d+)/.exec(plain)?.[1] ?? 0);
  const skipped = Number(/Skipped:\s+(\d+)/.exec(plain)?.[1] ?? 0);
  if (crashed) console.log(crashed);
  const stray = strayFiles(before, workingDirectory());
  if (stray.length) console.log(`FAIL: tests wrote into the working directory instead of a scratch directory: ${stray.join(', ')}`);
  const failed = total - passed - skipped + (crashed ? 1 : 0) + (stray.length ? 1 : 0);
  console.log(`KUSARI_RESULT ${JSON.stringify({ total, passed, failed })}`);
}

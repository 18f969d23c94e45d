// Runs the collected suites and prints one machine-readable result line.
import { exec } from 'uvu';

type Writer = (chunk: string) => unknown;

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
  console.log(`KUSARI_RESULT ${JSON.stringify({ total, passed, failed: total - passed - skipped + (crashed ? 1 : 0) })}`);
}

// The examples' `--backend wasm|webgl|auto`: where the chosen backend cannot run (webgl in
// Node or Deno) the example stops with the backend's own reason instead of a stack trace.
import { backend } from 'kusari';

const CHOICES = ['wasm', 'webgl', 'auto'] as const;

export function useBackendOption(example: string, name: string): void {
  if (!(CHOICES as readonly string[]).includes(name)) {
    console.error(`${example}: --backend must be one of ${CHOICES.join(', ')} (got '${name}')`);
    process.exit(2);
  }
  try {
    backend.use(name as (typeof CHOICES)[number]);
  } catch (e) {
    console.error(`${example}: --backend ${name}: ${(e as Error).message}`);
    process.exit(2);
  }
}

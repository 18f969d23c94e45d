// The only place that knows how a runtime reaches files. Node and Deno both offer the
// node:fs module synchronously through process.getBuiltinModule; browsers have no file
// system, so path-based calls there fail with a message pointing at the bytes variant.

type Fs = typeof import('node:fs');
type Path = typeof import('node:path');

interface BuiltinHost {
  getBuiltinModule?: (id: string) => unknown;
}

let fsModule: Fs | null | undefined;
let pathModule: Path | null | undefined;

/** A built-in module of Node (also offered by Deno) by its 'node:' id, or null (browsers). */
export function builtinModule<T>(id: string): T | null {
  const host = (globalThis as unknown as { process?: BuiltinHost }).process;
  return (host?.getBuiltinModule?.(id) as T | undefined) ?? null;
}

interface DenoFiles {
  readFileSync(path: string | URL): Uint8Array;
  readFile(path: string | URL): Promise<Uint8Array>;
}

/**
 * Deno's own file reading, where the runtime is Deno: its node:fs is a module of
 * JavaScript that costs a young process ~10 ms to load, Deno.readFile a native call.
 */
export function denoFiles(): DenoFiles | null {
  return (globalThis as { Deno?: DenoFiles }).Deno ?? null;
}

/**
 * Whether the runtime is Deno. Deno starts its Node compatibility layer on first touch of
 * `process` (~25 ms of a young process) or of a node: module (10-15 ms more each), so the
 * paths a prediction takes there (reading files, npz, the kernels, the configuration) use
 * Deno's own functions or none; this test touches neither.
 */
export function isDeno(): boolean {
  return typeof (globalThis as { Deno?: unknown }).Deno === 'object';
}

/** Whether the runtime has Node's built-in modules (Node, Deno), known without loading one (nor, in Deno, touching `process`). */
export function hasBuiltinModules(): boolean {
  return isDeno() || typeof (globalThis as unknown as { process?: BuiltinHost }).process?.getBuiltinModule === 'function';
}

/** node:fs where the runtime has one (Node, Deno), otherwise null (browsers). */
export function nodeFs(): Fs | null {
  if (fsModule === undefined) fsModule = builtinModule<Fs>('node:fs');
  return fsModule;
}

function nodePath(): Path | null {
  if (pathModule === undefined) pathModule = builtinModule<Path>('node:path');
  return pathModule;
}

/** True where paths can be read and written. */
export function hasFileSystem(): boolean {
  return nodeFs() !== null;
}

function fs(op: string): Fs {
  const f = nodeFs();
  if (!f) throw new Error(`${op}: this runtime has no file system; pass bytes (Uint8Array) instead of a path`);
  return f;
}

export function readBytes(path: string, op = 'readBytes'): Uint8Array {
  try {
    const b = denoFiles()?.readFileSync(path) ?? fs(op).readFileSync(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (e) {
    throw new Error(`${op}: cannot read '${path}': ${(e as Error).message}`);
  }
}

export function readText(path: string, op = 'readText'): string {
  return new TextDecoder().decode(readBytes(path, op));
}

export function exists(path: string): boolean {
  const f = nodeFs();
  return !!f && f.existsSync(path);
}

export function makeDirs(path: string): void {
  fs('makeDirs').mkdirSync(path, { recursive: true });
}

// writeAtomic's temporary files: `<target>.tmp-<time>-<random>`, both in base 36
const TEMP_SUFFIX = /\.tmp-[0-9a-z]+-[0-9a-z]+$/;

/** The name of the file a temporary file of writeAtomic was written for, or null for any other name. */
export function tempFileTarget(name: string): string | null {
  const m = TEMP_SUFFIX.exec(name);
  return m && m.index > 0 ? name.slice(0, m.index) : null;
}

/**
 * Removes the temporary files that interrupted writes (a crash between writing and
 * renaming) left in `dir`, for the targets `isTarget` accepts. Returns their names.
 */
export function removeTempFiles(dir: string, isTarget: (name: string) => boolean): string[] {
  const f = nodeFs();
  if (!f || !f.existsSync(dir)) return [];
  const stale = f.readdirSync(dir).filter((name) => {
    const target = tempFileTarget(name);
    return target !== null && isTarget(target);
  });
  for (const name of stale) f.rmSync(joinPath(dir, name), { force: true });
  return stale;
}

/**
 * Writes a file so that a crash never leaves it half-written: the bytes go to a
 * temporary file next to it, which is then renamed over the target. The temporary file
 * is removed when the write fails, and what an interrupted earlier write to the same
 * path left behind is removed by the next one.
 */
export function writeAtomic(path: string, data: Uint8Array | string, op = 'writeAtomic'): void {
  const f = fs(op);
  const dir = dirname(path);
  if (dir && !f.existsSync(dir)) f.mkdirSync(dir, { recursive: true });
  const name = basename(path);
  removeTempFiles(dir || '.', (target) => target === name);
  const tmp = `${path}.tmp-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;
  try {
    f.writeFileSync(tmp, data);
    f.renameSync(tmp, path);
  } catch (e) {
    try { f.rmSync(tmp, { force: true }); } catch { /* the temporary file may not exist */ }
    throw new Error(`${op}: cannot write '${path}': ${(e as Error).message}`);
  }
}

export function remove(path: string): void {
  nodeFs()?.rmSync(path, { force: true });
}

export function listDir(path: string): string[] {
  return fs('listDir').readdirSync(path);
}

export function joinPath(...parts: string[]): string {
  const p = nodePath();
  if (p) return p.join(...parts);
  return parts.filter(Boolean).join('/').replace(/\/+/g, '/');
}

export function basename(path: string): string {
  const p = nodePath();
  if (p) return p.basename(path);
  return path.slice(path.lastIndexOf('/') + 1);
}

export function dirname(path: string): string {
  const p = nodePath();
  if (p) return p.dirname(path);
  const i = path.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '') : path.slice(0, i);
}

/** Text output for progress bars and reports: stdout in Node/Deno, console elsewhere. */
export function writeOut(text: string): void {
  const out = (globalThis as unknown as { process?: { stdout?: { write(s: string): unknown } } }).process?.stdout;
  if (out) out.write(text);
  else console.log(text.replace(/\n$/, ''));
}

/** Whether there is a stdout (Node, Deno); in browsers text goes to the console instead. */
export function hasStdout(): boolean {
  return !!(globalThis as unknown as { process?: { stdout?: unknown } }).process?.stdout;
}

/** Whether stdout is an interactive terminal (live progress bars redraw in place). */
export function isTerminal(): boolean {
  const out = (globalThis as unknown as { process?: { stdout?: { isTTY?: boolean } } }).process?.stdout;
  return !!out?.isTTY;
}

/** The working directory, or '' where the runtime has none (browsers). */
export function currentDirectory(): string {
  const p = (globalThis as unknown as { process?: { cwd?: () => string } }).process;
  return typeof p?.cwd === 'function' ? p.cwd() : '';
}

/** Last modification time of a file in milliseconds since the epoch. */
export function modifiedTime(path: string): number {
  return fs('modifiedTime').statSync(path).mtimeMs;
}

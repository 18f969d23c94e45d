// The package as a user installs it: `node scripts/build.mjs` writes its bundle and
// declarations into node_modules/kusari of a scratch project (with package.json's fields),
// next to the user's files of test/fixtures/package. Node only: these tests start tsc and
// deno; the suite's one-kernel-thread run skips them, as they test no kernel.
type ChildProcess = typeof import('node:child_process');
type Fs = typeof import('node:fs');

interface NodeProcess {
  getBuiltinModule?(id: string): unknown;
  execPath: string;
  argv: string[];
  on(event: 'exit', listener: () => void): void;
}

const proc = (globalThis as { process?: NodeProcess }).process;
const isNode = !(globalThis as { Deno?: unknown }).Deno && typeof proc?.getBuiltinModule === 'function';

/** Whether the package tests run here: in Node, outside the one-kernel-thread run. */
export const packageTestsRun = isNode && !proc!.argv.includes('--threads=1');

function builtin<T>(id: string): T {
  return proc!.getBuiltinModule!(id) as T;
}

/** The project root: the test bundle is build/test/tests.js. */
export function projectRoot(): string {
  return new URL('../../', import.meta.url).pathname.replace(/\/$/, '');
}

export interface RunResult {
  status: number | null;
  /** stdout and stderr, without colours. */
  output: string;
  seconds: number;
}

/** Runs a command to its end (asynchronously, so that several can run at once). */
export function run(cmd: string, args: string[], cwd: string, timeoutSeconds = 300): Promise<RunResult> {
  const { spawn } = builtin<ChildProcess>('node:child_process');
  const start = Date.now();
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(cmd, args, { cwd, env: { ...(proc as unknown as { env: Record<string, string> }).env, NO_COLOR: '1' } });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutSeconds * 1000);
    child.stdout.on('data', (d: Uint8Array) => { output += String(d); });
    child.stderr.on('data', (d: Uint8Array) => { output += String(d); });
    child.on('error', (e: Error) => { output += String(e); });
    child.on('close', (status: number | null) => {
      clearTimeout(timer);
      // eslint-disable-next-line no-control-regex
      resolve({ status, output: output.replace(/\x1b\[[0-9;]*m/g, ''), seconds: (Date.now() - start) / 1000 });
    });
  });
}

export interface InstalledPackage {
  /** The scratch project: package.json depending on kusari, the fixtures' .ts files. */
  project: string;
  /** The package (package.json and dist/), linked as node_modules/kusari. */
  packageDir: string;
  /** The build's output and timing. */
  build: RunResult;
}

let installed: Promise<InstalledPackage> | null = null;

/** Builds and installs the package once per process; the scratch project is removed at exit. */
export function installedPackage(): Promise<InstalledPackage> {
  installed ??= install();
  return installed;
}

async function install(): Promise<InstalledPackage> {
  const fs = builtin<Fs>('node:fs');
  const os = builtin<typeof import('node:os')>('node:os');
  const root = projectRoot();
  const project = fs.mkdtempSync(`${os.tmpdir()}/kusari-package-`);
  proc!.on('exit', () => fs.rmSync(project, { recursive: true, force: true }));
  // The package's own folder, linked from node_modules (Deno publishes nothing inside node_modules).
  const packageDir = `${project}/kusari`;
  fs.mkdirSync(packageDir, { recursive: true });
  fs.mkdirSync(`${project}/node_modules`);
  fs.symlinkSync(packageDir, `${project}/node_modules/kusari`);
  fs.copyFileSync(`${root}/package.json`, `${packageDir}/package.json`);
  // What the declarations import from outside the package: its dependencies and Node's types.
  for (const dep of ['fflate', 'twgl.js', '@types/node']) {
    fs.mkdirSync(`${project}/node_modules/${dep}`.replace(/\/[^/]+$/, ''), { recursive: true });
    fs.symlinkSync(`${root}/node_modules/${dep}`, `${project}/node_modules/${dep}`);
  }
  fs.writeFileSync(`${project}/package.json`, JSON.stringify({ type: 'module', private: true, dependencies: { kusari: '*' } }));
  for (const name of fs.readdirSync(`${root}/test/fixtures/package`)) {
    fs.copyFileSync(`${root}/test/fixtures/package/${name}`, `${project}/${name}`);
  }
  const build = await run(proc!.execPath, [`${root}/scripts/build.mjs`, '--reuse-kernels', `--dist=${packageDir}/dist`], root);
  if (build.status !== 0) throw new Error(`the package build failed (status ${build.status}):\n${build.output}`);
  return { project, packageDir, build };
}

/**
 * The project's deno.json with its targets in the installed package: the import map and
 * exports it gives users, pointing at a fresh build instead of the project's dist/.
 */
export async function denoConfig(): Promise<string> {
  const { project, packageDir } = await installedPackage();
  const config = JSON.parse(readText(`${projectRoot()}/deno.json`)) as { imports: Record<string, string>; exports: Record<string, string> };
  const inPackage = (target: string) => target.replace(/^\.\//, `${packageDir}/`);
  const path = `${project}/deno.import-map.json`;
  writeText(path, JSON.stringify({
    ...config,
    imports: Object.fromEntries(Object.entries(config.imports).map(([name, target]) => [name, inPackage(target)])),
    exports: Object.fromEntries(Object.entries(config.exports).map(([name, target]) => [name, inPackage(target)])),
  }));
  return path;
}

/** Every file under dir whose name ends with suffix. */
export function filesUnder(dir: string, suffix: string): string[] {
  const fs = builtin<Fs>('node:fs');
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(`${dir}/${e.name}`, suffix) : e.name.endsWith(suffix) ? [`${dir}/${e.name}`] : []);
}

export function readText(path: string): string {
  return builtin<Fs>('node:fs').readFileSync(path, 'utf8');
}

export function writeText(path: string, text: string): void {
  builtin<Fs>('node:fs').writeFileSync(path, text);
}

/** `file(line,col): error TSnnnn` (tsc) and `TSnnnn [ERROR] ... at file:line:col` (deno) as `file:line TSnnnn`. */
export function typeErrors(output: string): string[] {
  const tsc = [...output.matchAll(/^(\S+?)\((\d+),\d+\): error (TS\d+)/gm)].map((m) => `${m[1].split('/').at(-1)}:${m[2]} ${m[3]}`);
  const deno = [...output.matchAll(/^(TS\d+) \[ERROR\][\s\S]*?\n\s+at (\S+?):(\d+):\d+/gm)].map((m) => `${m[2].split('/').at(-1)}:${m[3]} ${m[1]}`);
  return [...tsc, ...deno];
}

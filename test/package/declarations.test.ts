// The published declarations: no `any` in them, and a strict user file (test/fixtures/
// package/user.ts) that imports 'kusari' from node_modules compiles with tsc under
// NodeNext, Node16 and Bundler resolution, while type-error.ts fails there; the examples
// (tsconfig.examples.json) compile strict against the built package.
import { suite } from 'uvu';
import { assert } from '../util';
import { filesUnder, installedPackage, packageTestsRun, projectRoot, readText, run, typeErrors, writeText } from './installed';

const test = suite('package declarations');

/** The text with comments and string contents blanked (line breaks kept, for line numbers). */
function codeOnly(text: string): string {
  let out = '';
  for (let i = 0; i < text.length;) {
    const two = text.slice(i, i + 2);
    const end = two === '//' ? text.indexOf('\n', i) : two === '/*' ? text.indexOf('*/', i + 2) + 2
      : /['"`]/.test(text[i]) ? closingQuote(text, i) + 1 : -2;
    if (end === -2) { out += text[i++]; continue; }
    const stop = end <= 0 ? text.length : end;
    out += text.slice(i, stop).replace(/[^\n]/g, ' ');
    i = stop;
  }
  return out;
}

function closingQuote(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === text[start]) return i;
  }
  return text.length;
}

/** `file:line: text` of every `any` type in the declaration files under dir. */
function anyTypes(dir: string): string[] {
  return filesUnder(dir, '.d.ts').flatMap((file) => {
    const lines = readText(file).split('\n');
    return codeOnly(lines.join('\n')).split('\n').flatMap((code, k) =>
      /\bany\b/.test(code) ? [`${file.slice(dir.length + 1)}:${k + 1}: ${lines[k].trim()}`] : []);
  });
}

test('codeOnly keeps code and blanks comments and strings', () => {
  const blanked = codeOnly("x: any; // any\n/** any\n any */ y: 'any' | \"a\\\"ny\" | `any`;");
  assert.equal(blanked.split('\n').map((l) => (l.match(/\bany\b/g) ?? []).length), [1, 0, 0]);
  assert.ok(blanked.includes('y: '));
});

if (packageTestsRun) {
  test('no any in a public declaration file', async () => {
    const { packageDir, build } = await installedPackage();
    console.log(`  package built in ${build.seconds.toFixed(1)} s`);
    const found = anyTypes(`${packageDir}/dist`);
    assert.ok(filesUnder(`${packageDir}/dist`, '.d.ts').length > 100, 'the declarations were written');
    assert.equal(found, [], `declarations with any:\n${found.join('\n')}`);
  });

  const resolutions = [['NodeNext', 'NodeNext'], ['Node16', 'Node16'], ['Bundler', 'ESNext']] as const;

  test('tsc compiles user.ts and rejects type-error.ts under NodeNext, Node16 and Bundler resolution', async () => {
    const { project } = await installedPackage();
    const tsc = `${projectRoot()}/node_modules/.bin/tsc`;
    const results = await Promise.all(resolutions.map(([resolution, module]) => {
      const config = `${project}/tsconfig.${resolution}.json`;
      // Strict, and the package's declarations are checked too (no skipLibCheck).
      writeText(config, JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, target: 'ES2022', lib: ['ES2022', 'DOM'], types: ['node'], module, moduleResolution: resolution },
        files: ['user.ts', 'type-error.ts'],
      }));
      return run(tsc, ['-p', config, '--pretty', 'false'], project);
    }));
    results.forEach((r, k) => {
      console.log(`  tsc ${resolutions[k][0]}: ${r.seconds.toFixed(1)} s`);
      assert.equal(typeErrors(r.output), ['type-error.ts:4 TS2322'], `${resolutions[k][0]}: only type-error.ts fails:\n${r.output}`);
      assert.ok(r.status !== 0, `${resolutions[k][0]}: tsc exits with an error status (got ${r.status})`);
    });
  });

  test('the test suite typechecks, strict, against the sources (tsconfig.test.json)', async () => {
    const r = await run(`${projectRoot()}/node_modules/.bin/tsc`, ['-p', 'tsconfig.test.json', '--pretty', 'false'], projectRoot());
    console.log(`  tsc tests: ${r.seconds.toFixed(1)} s`);
    assert.equal(typeErrors(r.output), [], r.output);
    assert.is(r.status, 0, r.output);
  });

  test('the examples typecheck, strict, against the built package', async () => {
    const { project } = await installedPackage();
    const fs = await import('node:fs');
    fs.cpSync(`${projectRoot()}/examples`, `${project}/examples`, { recursive: true });
    const base = JSON.parse(readText(`${projectRoot()}/tsconfig.examples.json`)) as { include: string[]; exclude: string[] };
    writeText(`${project}/tsconfig.examples.json`, JSON.stringify({
      compilerOptions: { strict: true, noImplicitOverride: true, noEmit: true, target: 'ES2022', lib: ['ES2022', 'DOM'], types: ['node'], module: 'ESNext', moduleResolution: 'Bundler' },
      include: base.include.filter((p) => p.startsWith('examples/')), exclude: base.exclude,
    }));
    const r = await run(`${projectRoot()}/node_modules/.bin/tsc`, ['-p', 'tsconfig.examples.json', '--pretty', 'false'], project);
    console.log(`  tsc examples: ${r.seconds.toFixed(1)} s`);
    assert.equal(typeErrors(r.output), [], r.output);
    assert.is(r.status, 0, r.output);
  });
}
test.run();

// The API reference of kusari and kusari/infer: TypeDoc reads the sources' types and doc
// comments and writes HTML pages (a page per class, function, interface and namespace, with
// search) into docs/, which is not committed.
//   npm run docs                      writes docs/index.html
//   npm run docs -- --out <dir>       writes elsewhere
// Prints `docs: N errors, N warnings, T s` and exits with an error status on an error.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Application, Comment, Converter, ReflectionKind, plugins } from 'kusari-docs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { out: { type: 'string', default: join(root, 'docs') } } });

const started = performance.now();
// No option readers: the options are these, not the command line's or a typedoc.json's.
const app = await Application.bootstrapWithPlugins({
  name: 'kusari',
  entryPoints: [join(root, 'src/index.ts'), join(root, 'src/infer.ts')],
  tsconfig: join(root, 'tsconfig.json'),
  readme: join(root, 'README.md'),
  plugin: plugins,
  // tsc (TypeScript 7, `npm run typecheck`) checks the types; TypeScript 6 here only reads them.
  skipErrorChecking: true,
  excludeExternals: true,
  excludePrivate: true,
  // The sources' links would name this checkout's commit, which users cannot browse.
  disableSources: true,
}, []);
keepClassCommentsOwn(app);
const project = await app.convert();
if (project) {
  app.validate(project);
  if (!app.logger.hasErrors()) await app.generateDocs(project, values.out);
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const { errorCount, warningCount } = app.logger;
console.log(`docs: ${errorCount} errors, ${warningCount} warnings, ${seconds} s${errorCount ? '' : `: ${join(values.out, 'index.html')}`}`);
process.exit(errorCount ? 1 : 0);

/**
 * TypeDoc gives a class without a comment of its own the comment of its base class or
 * interface, which describes the base (Linear's page would say what Serializable is): here
 * such a class has no description instead. Members still inherit theirs (forward, serialize).
 */
function keepClassCommentsOwn(app) {
  const placeholders = new Set();
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const reflection of context.project.getReflectionsByKind(ReflectionKind.ClassOrInterface)) {
      if (reflection.comment) continue;
      reflection.comment = new Comment();
      placeholders.add(reflection);
    }
  });
  // After the comments are copied (at RESOLVE_END, priority 0).
  app.converter.on(Converter.EVENT_RESOLVE_END, () => {
    for (const reflection of placeholders) if (reflection.comment?.isEmpty()) delete reflection.comment;
  }, -100);
}

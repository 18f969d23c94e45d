// TypeDoc as scripts/docs.mjs imports it. TypeDoc drives TypeScript's compiler API, which
// TypeScript 7 (the project's tsc) no longer has, and npm installs a package beside one
// peer version only: so TypeDoc lives in this package of its own, with TypeScript 6 next
// to it, and the project depends on the package (package.json: "kusari-docs").
export * from 'typedoc';

/** The plugins, as paths TypeDoc loads from anywhere. */
export const plugins = [
  // Documents the types a public signature names but no entry point exports (option
  // objects such as LinearOptions) instead of leaving dead references.
  'typedoc-plugin-missing-exports',
].map((name) => new URL(import.meta.resolve(name)).pathname);

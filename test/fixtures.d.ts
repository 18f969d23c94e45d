// Fixture files the tests import as bytes (`with { type: 'bytes' }`, which the test bundler loads).
declare module '*.npz' {
  const bytes: Uint8Array;
  export default bytes;
}
declare module '*.first10' {
  const bytes: Uint8Array;
  export default bytes;
}

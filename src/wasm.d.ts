// esbuild embeds .wasm files as bytes (the `binary` loader).
declare module '*.wasm' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}

// esbuild embeds .wasm files as bytes (the `binary` loader) and .glsl files as text.
declare module '*.wasm' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}

declare module '*.glsl' {
  const source: string;
  export default source;
}

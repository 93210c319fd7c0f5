/** A `.wasm` import, as bundlers for workerd provide it: a compiled module. */
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}

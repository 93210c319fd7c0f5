/**
 * The wasm module this page compiled, kept so that a browser pool can hand it to its workers
 * (a `WebAssembly.Module` crosses `postMessage`): they then need no fetch of their own, and
 * get the module even when it came from `init({ wasm })` rather than the default URL.
 */
let compiled: WebAssembly.Module | undefined;

export function rememberCompiled(module: WebAssembly.Module): WebAssembly.Module {
  compiled = module;
  return module;
}

/** The module wasm was loaded from in this thread, if it was loaded through `init()`. */
export function compiledModule(): WebAssembly.Module | undefined {
  return compiled;
}

/**
 * Synchronous wasm loading for Node and Deno: read the file of the picked build (plain or
 * relaxed SIMD, see variant.ts), compile, instantiate.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { envVar } from '../env.js';
import { remember } from './compile.js';
import type { KernelTable } from '../registry.js';
import { packageRoot } from '../package-root.js';
import { instantiateWasmKernels } from './kernels.js';
import { loadBuildSync } from './load-variant.js';
import { WASM_FILES, type WasmVariant } from './variant.js';

/** The package's copy of a build (MMLKIT_WASM_PATH, when set, names the one module to load instead). */
export function wasmPath(variant: WasmVariant = 'plain'): string {
  return envVar('MMLKIT_WASM_PATH') ?? join(packageRoot(), 'dist', 'wasm', WASM_FILES[variant]);
}

/** `variant`: init's `wasmVariant` (MMLKIT_WASM_VARIANT, then auto, when undefined). */
export function loadWasmSync(variant?: unknown): KernelTable {
  if (envVar('MMLKIT_WASM_PATH')) return instantiateWasmKernels(compileFile(wasmPath()), { name: 'given', why: 'MMLKIT_WASM_PATH names the module' });
  return loadBuildSync(variant, { plain: () => packageModule('plain'), relaxed: () => packageModule('relaxed') });
}

/** One build, whatever the runtime and the settings would pick (the test suites run each). */
export function loadWasmBuildSync(variant: WasmVariant): KernelTable {
  return instantiateWasmKernels(packageModule(variant), { name: variant, why: 'loaded by name' });
}

/** The package's copy of a build, compiled. */
export function packageModule(variant: WasmVariant): WebAssembly.Module {
  return compileFile(wasmPath(variant));
}

function compileFile(path: string): WebAssembly.Module {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch {
    throw new Error(`${path} is missing (run \`npm run build:wasm\`)`);
  }
  return remember(new WebAssembly.Module(bytes), bytes);
}

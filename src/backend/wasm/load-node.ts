/** Synchronous wasm loading for Node and Deno: read the file, compile, instantiate. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { envVar } from '../env.js';
import type { KernelTable } from '../registry.js';
import { packageRoot } from '../package-root.js';
import { instantiateWasmKernels } from './kernels.js';

export function wasmPath(): string {
  return envVar('MMLKIT_WASM_PATH') ?? join(packageRoot(), 'dist', 'wasm', 'mmlkit.wasm');
}

export function loadWasmSync(): KernelTable {
  const path = wasmPath();
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch {
    throw new Error(`${path} is missing (run \`npm run build:wasm\`)`);
  }
  return instantiateWasmKernels(new WebAssembly.Module(bytes));
}

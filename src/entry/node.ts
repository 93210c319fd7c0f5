/** Entry for Node (and Deno via its Node compatibility): native and wasm load synchronously. */
import { registerLoader } from '../backend/registry.js';
import { loadNative } from '../backend/native/load.js';
import { loadWasmSync } from '../backend/wasm/load-node.js';

registerLoader('native', { sync: loadNative });
registerLoader('wasm', { sync: loadWasmSync });

export * from '../index.js';
export * from '../io/index.js';
export { createPool, type Pool, type PoolOptions, type CallOptions } from '../pool/create-pool.js';

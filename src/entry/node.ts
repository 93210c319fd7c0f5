/** Entry for Node (and Deno via its Node compatibility): native and wasm load synchronously. */
import './node-loaders.js';

export * from '../index.js';
export * from '../io/index.js';
export { createPool, type Pool, type PoolOptions, type CallOptions } from '../pool/create-pool.js';

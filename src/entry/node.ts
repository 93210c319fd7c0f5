/**
 * Entry for Node (and Deno via its Node compatibility): native and wasm load synchronously.
 *
 * What `import … from 'mmlkit'` gives under Node, and `'mmlkit/node'` under any resolution
 * (bundler, nodenext): the whole library plus file I/O (`readCsv`, `csvChunks`, `writeCsv`,
 * `readNpy`, `npyChunks`, `writeNpy`) and a worker-thread `createPool`. Browsers, bundlers'
 * default condition and workerd get the same API without the file I/O; the browser's
 * `createPool` runs on Web Workers (workerd's entry has none), and a browser must
 * `await init()` before wasm runs.
 * @module mmlkit
 */
import './node-loaders.js';

export * from '../index.js';
export * from '../io/index.js';
export { createPool, type Pool, type PoolOptions, type CallOptions } from '../pool/create-pool.js';

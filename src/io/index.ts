/**
 * File I/O (Node only: it reads and writes files through node:fs). Re-exported from the Node
 * entry (src/entry/node.ts), not from src/index.ts, so browser and workerd bundles never see
 * node:fs.
 */
export { readCsv, csvChunks, CsvChunk, type CsvOptions, type CsvChunkOptions, type CsvData } from './csv.js';
export { writeCsv, type WriteCsvOptions } from './csv-write.js';
export { readNpy, npyChunks, writeNpy, type NpyOptions, type NpyChunkOptions } from './npy.js';

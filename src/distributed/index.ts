/**
 * `mmlkit/distributed` (Node): bulk PCA over many machines on a BullMQ queue in Redis
 * (docs/distributed-pca.md). Needs the optional peer packages `bullmq` and `ioredis`
 * (`npm install bullmq ioredis`); without them these functions reject with an MmlError that
 * says so. The shard/merge verbs of the command line need neither.
 * @module mmlkit/distributed
 */
export { runPcaOnRedis, type RedisPcaOptions, type RedisPcaResult } from './coordinator.js';
export { startPcaWorker } from './worker.js';
export { PCA_PART_FORMAT, PCA_PART_VERSION, type PcaPartJson } from './part.js';

/**
 * Worker thread of `mmlkit merge`: merges its group of part files (PartMerger, one reused read
 * buffer) and posts the merger's state back (its arrays transferred), or the error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PartMerger } from '../distributed/part.js';
import { ReusedReader } from '../io/reused-reader.js';
import { encodeError } from '../pool/wire.js';

const { files } = workerData as { files: string[] };
try {
  const merger = new PartMerger();
  const reader = new ReusedReader();
  for (const file of files) merger.add(reader.read(file), file);
  const state = merger.state();
  parentPort!.postMessage({ state }, [state.mean.buffer as ArrayBuffer, state.lower.buffer as ArrayBuffer]);
} catch (err) {
  parentPort!.postMessage({ error: encodeError(err) });
}

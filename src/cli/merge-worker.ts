/**
 * Worker thread of `mmlkit merge`: merges its group of part files (PartMerger, one reused read
 * buffer) and posts the merger's state back (its arrays transferred), or the error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { registerLoader } from '../backend/registry.js';
import { loadNative } from '../backend/native/load.js';
import { PartMerger } from '../distributed/part.js';
import { ReusedReader } from '../io/reused-reader.js';
import { encodeError } from '../pool/wire.js';

// The native backend for the grouped merge's gramAccumulate (entry/node.ts does this for the main
// thread; importing the whole entry here would load the library into every merging thread).
registerLoader('native', { sync: loadNative });

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

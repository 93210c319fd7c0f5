/**
 * `mmlkit pca FILE... --shard i/n --emit part.json` (or `part.bin`, the binary form): the
 * accumulator of shard i of n of the files (distributed/shard.ts), written whole or not at all
 * (temporary file + rename), for any engine to run and `mmlkit merge` to finish; and `mmlkit pca A B C -k …`: several files as one
 * data set in this process (one shard, merged at once).
 */
import { writeSync } from 'node:fs';
import { extname } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { fileError } from '../io/open-file.js';
import { computeShard, planInputs, type ShardOptions } from '../distributed/shard.js';
import { checkComponentCount } from './limits.js';
import { encodePart, PartMerger } from '../distributed/part.js';
import { publishModel } from './merge.js';
import { OutputDir } from './output-dir.js';
import { throwIfInterrupted } from './signals.js';

/** `--emit part-3.bin` writes the binary part (docs/pca-accumulator-format.md); any other name, JSON. */
export function isBinaryPartPath(path: string): boolean {
  return extname(path).toLowerCase() === '.bin';
}

export interface ShardCommandOptions extends ShardOptions {
  shard: { index: number; count: number };
  emit: string;
  print?: (line: string) => void;
}

export async function runShardCommand(files: string[], options: ShardCommandOptions): Promise<void> {
  const t0 = performance.now();
  const print = options.print ?? ((line: string) => console.error(line));
  const { index, count } = options.shard;
  const part = await computeShard(files, index, count, { ...options, progress: options.progress ?? Boolean(process.stderr.isTTY) });
  throwIfInterrupted(options.signal);
  const bytes = isBinaryPartPath(options.emit) ? encodePart(part) : Buffer.from(JSON.stringify(part) + '\n');
  try {
    writeFileAtomic(options.emit, (fd) => {
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    });
  } catch (err) {
    throw fileError(err, options.emit, 'write');
  }
  const s = (performance.now() - t0) / 1000;
  print(`shard ${index}/${count}: ${part.rows} rows × ${part.data.columns.length} columns in ${s.toFixed(2)} s; wrote ${options.emit}`);
}

export interface FilesCommandOptions extends ShardOptions {
  components: number;
  out: string;
  plot?: boolean;
  print?: (line: string) => void;
}

export async function runFilesCommand(files: string[], options: FilesCommandOptions): Promise<void> {
  const output = new OutputDir(options.out);
  const set = await planInputs(files, options); // heads only: -k is checked before the files are read
  checkComponentCount(options.components, set.data.columns.length, `${files.length} files`);
  const part = await computeShard(files, 0, 1, { ...options, progress: options.progress ?? Boolean(process.stderr.isTTY) });
  const merger = new PartMerger();
  merger.add(part, files.join(' '));
  publishModel(merger, { ...options, output, source: `${files.length} files` });
}

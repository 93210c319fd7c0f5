/**
 * `mmlkit merge part-*.json -k 10 --out DIR`: merges the parts written by `mmlkit pca FILE...
 * --shard i/n --emit part-i.json` one at a time (memory O(d²) however many parts) and writes the
 * same files as a local `mmlkit pca` run (model.json, components.csv, explained_variance.csv;
 * scree.svg with --plot). Parts that do not belong together are refused with PartMismatchError.
 * `publishModel` is also how a multi-file local run and a run over Redis end.
 */
import { closeSync, fstatSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileError, openRegularFile } from '../io/open-file.js';
import type { PcaModel } from '../pca/model.js';
import { PartMerger } from '../distributed/part.js';
import { screePlot } from '../plot/scree.js';
import { writeModelFiles } from './model-files.js';
import { OutputDir } from './output-dir.js';
import { throwIfInterrupted } from './signals.js';

export interface MergeCommandOptions {
  /** Components to keep: a count ≥ 1, or a fraction in (0, 1) of the variance to explain. */
  components: number;
  out: string;
  /** Also write scree.svg (there is no scatter: parts hold no rows). */
  plot?: boolean;
  /** Where the summary goes (default console.log). */
  print?: (line: string) => void;
  signal?: AbortSignal;
}

export interface MergeCommandResult {
  model: PcaModel;
  rows: number;
  cols: number;
  parts: number;
  outDir: string;
  files: string[];
  seconds: number;
}

/** Merges the part files and publishes the model. */
export async function runMergeCommand(parts: string[], options: MergeCommandOptions): Promise<MergeCommandResult> {
  const t0 = performance.now();
  const output = new OutputDir(options.out); // a bad --out fails before any part is read
  const merger = new PartMerger();
  const reader = new ReusedReader();
  for (const file of parts) {
    throwIfInterrupted(options.signal);
    merger.add(reader.read(file), file);
  }
  const result = publishModel(merger, { ...options, output, source: `${parts.length} part${parts.length === 1 ? '' : 's'}` });
  return { ...result, parts: parts.length, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Finishes the merged parts (every shard must be in) into a model and publishes the model files
 * into --out as a whole (OutputDir), printing a summary.
 */
export function publishModel(
  merger: PartMerger,
  options: { components: number; output: OutputDir; plot?: boolean; print?: (line: string) => void; signal?: AbortSignal; source: string },
): { model: PcaModel; rows: number; cols: number; outDir: string; files: string[] } {
  const print = options.print ?? ((line: string) => console.log(line));
  const { accumulator, data, inputs, rows } = merger.finish();
  const model = accumulator.finish({ components: options.components });
  throwIfInterrupted(options.signal);
  const { output } = options;
  try {
    const tmp = output.stage();
    const files = writeModelFiles(tmp, model, data.columns);
    if (options.plot) {
      writeFileSync(join(tmp, 'scree.svg'), screePlot(model.explainedVarianceRatio, { title: `Scree plot — ${inputs.map((f) => f.name).join(', ').slice(0, 60)}` }));
      files.push('scree.svg');
    }
    throwIfInterrupted(options.signal);
    for (const warning of output.publish()) console.error(`mmlkit: ${warning}`);
    const d = data.columns.length;
    print(`${options.source}: ${rows} rows × ${d} columns of ${inputs.length} file${inputs.length === 1 ? '' : 's'} (${inputs.map((f) => f.name).join(', ').slice(0, 200)}); method: covariance (exact)`);
    const { explainedVariance: v, explainedVarianceRatio: r } = model;
    let c = 0;
    print(`${'component'.padStart(9)} ${'variance'.padStart(14)} ${'ratio'.padStart(8)} ${'cumulative'.padStart(10)}`);
    for (let i = 0; i < v.length; i++) {
      c += r[i];
      print(`${String(i + 1).padStart(9)} ${v[i].toPrecision(6).padStart(14)} ${r[i].toFixed(4).padStart(8)} ${c.toFixed(4).padStart(10)}`);
    }
    print(`wrote ${output.path}/: ${files.join(', ')}`);
    return { model, rows, cols: d, outDir: output.path, files };
  } catch (err) {
    output.discard();
    throw err;
  }
}

/** Reads whole files into one buffer, grown as needed: no per-file garbage of a part's size. */
class ReusedReader {
  private buf = Buffer.alloc(0);

  /** The file's bytes (valid until the next read). */
  read(file: string): Uint8Array {
    let fd: number;
    try {
      fd = openRegularFile(file);
    } catch (err) {
      throw fileError(err, file, 'read');
    }
    try {
      const size = fstatSync(fd).size;
      if (this.buf.length < size) this.buf = Buffer.allocUnsafe(Math.max(size, this.buf.length * 2));
      let got = 0;
      for (let n; got < size && (n = readSync(fd, this.buf, got, size - got, got)) > 0; ) got += n;
      return this.buf.subarray(0, got);
    } catch (err) {
      throw fileError(err, file, 'read');
    } finally {
      closeSync(fd);
    }
  }
}

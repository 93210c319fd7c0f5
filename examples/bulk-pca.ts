/**
 * Bulk PCA as a server would run it, with the library's streaming pieces: the file is read in
 * chunks (`csvChunks` / `npyChunks`, never whole), each chunk goes into a `PcaAccumulator`
 * (memory O(d²) however many rows), and two accumulators built on two halves of the rows — as
 * two machines would — are shipped as JSON (`toJSON()`), read back (`fromJSON`), merged and
 * finished. The merged model is checked against one accumulator fed every chunk, then used to
 * transform a chunk.
 *
 * Run: npm run build:ts && node dist/examples/bulk-pca.js [file.csv|file.tsv|file.npy] [-k n|fraction] [--label column] [--chunk-rows n]
 * (default: data/digits.csv, its `label` column, k = 10).
 */
import { extname } from 'node:path';
import { Matrix, PcaAccumulator, csvChunks, npyChunks, type PcaModel } from '../src/entry/node.js';
import { digitsPath } from './digits-data.js';
import { isMain } from './run-main.js';

export interface BulkPcaOptions {
  /** A CSV/TSV (header auto-detected) or .npy file; default the shipped UCI digits. */
  path?: string;
  /** CSV only: the column of labels, left out of the numbers (default 'label' for the digits, none otherwise). */
  labelColumn?: string | number;
  /** Components to keep: a count, or a fraction of the variance (default 10). */
  components?: number;
  /** Rows per chunk (default 500: small, so the 1797 digits stream as several chunks). */
  chunkRows?: number;
}

export interface BulkPcaResult {
  path: string;
  rows: number;
  features: number;
  chunks: number;
  /** Rows each "machine" accumulated, and the size of the JSON message it shipped (bytes). */
  shards: { rows: number; bytes: number }[];
  /** The merged model. */
  model: PcaModel;
  /** Merged against one-shot: max |Δ mean|, max |Δ component|, max relative |Δ explained variance|. */
  meanDifference: number;
  componentDifference: number;
  varianceDifference: number;
  /** The first chunk's scores on the merged model (chunk rows × k) and the chunk's labels, if any. */
  firstChunkScores: Matrix;
  firstChunkLabels: string[] | undefined;
}

type Chunk = Matrix & { labels?: string[] };

/** The file's chunks: .npy through `npyChunks`, anything else as CSV/TSV through `csvChunks`. */
function chunksOf(path: string, chunkRows: number, labelColumn: string | number | undefined): AsyncGenerator<Chunk> {
  if (extname(path).toLowerCase() === '.npy') return npyChunks(path, { chunkRows, finite: true });
  return csvChunks(path, { chunkRows, finite: true, ...(labelColumn === undefined ? {} : { labelColumn }) });
}

/**
 * One machine's share of the work: stream the file, accumulate only rows [from, to), and ship
 * the accumulator as JSON text. (A real deployment gives each machine its own shard file or
 * byte range; here both read the same file and skip the other half.)
 */
async function machine(path: string, chunkRows: number, labelColumn: string | number | undefined, from: number, to: number): Promise<string> {
  const acc = new PcaAccumulator();
  let at = 0;
  for await (const chunk of chunksOf(path, chunkRows, labelColumn)) {
    const [a, b] = [Math.max(from, at), Math.min(to, at + chunk.rows)];
    if (a < b) {
      const d = chunk.cols;
      acc.update(a === at && b === at + chunk.rows ? chunk : new Matrix(b - a, d, chunk.data.subarray((a - at) * d, (b - at) * d)));
    }
    at += chunk.rows;
    if (at >= to) break;
  }
  return JSON.stringify(acc);
}

export async function main(options: BulkPcaOptions = {}): Promise<BulkPcaResult> {
  const path = options.path ?? digitsPath();
  const labelColumn = options.labelColumn ?? (options.path === undefined ? 'label' : undefined);
  const components = options.components ?? 10;
  const chunkRows = options.chunkRows ?? 500;

  // One accumulator fed every chunk, as a single machine would: the reference for the merge.
  const oneShot = new PcaAccumulator();
  let chunks = 0;
  let first: Chunk | undefined;
  const t0 = performance.now();
  for await (const chunk of chunksOf(path, chunkRows, labelColumn)) {
    if (!first) first = Object.assign(chunk.clone(), { labels: chunk.labels?.slice() });
    oneShot.update(chunk);
    chunks++;
  }
  const ms = performance.now() - t0;
  const rows = oneShot.count;
  const features = oneShot.features ?? 0;
  console.log(`${path}: ${rows} rows × ${features} features in ${chunks} chunks of ≤ ${chunkRows} rows (${ms.toFixed(0)} ms)`);
  if (!first || rows < 2) throw new RangeError(`${path}: PCA needs at least 2 rows; the file has ${rows}`);

  // Two machines, one half each; what travels between them is the accumulator's JSON.
  const half = Math.floor(rows / 2);
  const messages = await Promise.all([machine(path, chunkRows, labelColumn, 0, half), machine(path, chunkRows, labelColumn, half, rows)]);
  const parts = messages.map((m) => PcaAccumulator.fromJSON(m));
  const shards = parts.map((p, i) => ({ rows: p.count, bytes: Buffer.byteLength(messages[i]) }));
  shards.forEach((s, i) => console.log(`machine ${i + 1}: rows ${i === 0 ? 0 : half}..${i === 0 ? half - 1 : rows - 1} (${s.rows}), shipped ${s.bytes} bytes of JSON`));
  const model = parts[0].merge(parts[1]).finish({ components });
  const reference = oneShot.finish({ components });

  const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    let m = 0;
    for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
    return m;
  };
  const meanDifference = maxAbs(model.mean, reference.mean);
  const componentDifference = maxAbs(model.components.data, reference.components.data);
  let varianceDifference = 0;
  model.explainedVariance.forEach((v, i) => (varianceDifference = Math.max(varianceDifference, Math.abs(v - reference.explainedVariance[i]) / reference.explainedVariance[i])));

  const k = model.nComponents;
  console.log(`\nmerged model (k = ${k}):\n  component   explained variance   ratio      cumulative`);
  let cumulative = 0;
  for (let i = 0; i < k; i++) {
    cumulative += model.explainedVarianceRatio[i];
    console.log(`  ${String(i + 1).padStart(9)}   ${model.explainedVariance[i].toFixed(6).padStart(18)}   ${model.explainedVarianceRatio[i].toFixed(6)}   ${cumulative.toFixed(6)}`);
  }
  console.log(`merged vs one-shot: max |Δ mean| ${meanDifference.toExponential(2)}, max |Δ component| ${componentDifference.toExponential(2)}, max relative |Δ variance| ${varianceDifference.toExponential(2)}`);

  const firstChunkScores = model.transform(first);
  const show = Math.min(5, first.rows);
  console.log(`\nfirst chunk (${first.rows} rows) transformed: ${first.rows} × ${k} scores; the first ${show} rows, first ${Math.min(3, k)} components:`);
  for (let i = 0; i < show; i++) {
    const z = Array.from(firstChunkScores.data.subarray(i * k, i * k + Math.min(3, k)), (v) => v.toFixed(4).padStart(9)).join(' ');
    console.log(`  row ${i}${first.labels ? ` (label ${first.labels[i]})` : ''}: ${z}`);
  }
  return {
    path,
    rows,
    features,
    chunks,
    shards,
    model,
    meanDifference,
    componentDifference,
    varianceDifference,
    firstChunkScores,
    firstChunkLabels: first.labels,
  };
}

/** `[file] [-k n] [--label column] [--chunk-rows n]` → options. */
export function parseArgs(argv: readonly string[]): BulkPcaOptions {
  const options: BulkPcaOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new RangeError(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '-k') options.components = Number(value());
    else if (a === '--label') {
      const v = value();
      options.labelColumn = /^\d+$/.test(v) ? Number(v) : v; // a 0-based index, else a header name
    }
    else if (a === '--chunk-rows') options.chunkRows = Number(value());
    else if (a.startsWith('-')) throw new RangeError(`unknown option ${a} (expected -k, --label, --chunk-rows)`);
    else options.path = a;
  }
  return options;
}

if (isMain(import.meta.url)) {
  main(parseArgs(process.argv.slice(2))).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
}

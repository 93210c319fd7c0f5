/**
 * A shard part: the PcaAccumulator of shard i of n of a data set, with what a merge needs to
 * tell whether parts belong together (see docs/distributed-pca.md):
 *
 * ```json
 * {
 *   "format": "mmlkit-pca-part", "version": 1, "method": "covariance",
 *   "shard": { "index": 3, "count": 32 },
 *   "inputs": [{ "name": "a.csv", "size": 1048576 }, { "name": "b.csv", "size": 52311 }],
 *   "data": { "kind": "csv", "columns": ["f0", "f1"], "label": "species" },
 *   "settings": { "columns": null, "labelColumn": null, "delimiter": ",", "header": "auto" },
 *   "rows": 18000,
 *   "accumulator": { "format": "mmlkit-pca-accumulator", … }
 * }
 * ```
 *
 * `PartMerger` merges parts one at a time (memory O(d²) whatever their number), keyed by shard
 * index: a part for a shard already merged is refused, or skipped when the caller says a
 * duplicate is expected (a queue that ran a job twice).
 */
import { FormatError, PartMismatchError, describeValue } from '../errors.js';
import { PcaAccumulator, type PcaAccumulatorJson } from '../pca/accumulator.js';

export const PCA_PART_FORMAT = 'mmlkit-pca-part';
export const PCA_PART_VERSION = 1;

/** One input file as a part records it: its base name and size in bytes. */
export interface PartInput {
  name: string;
  size: number;
}

/** What the rows are: the file kind, the feature names, the label field (CSV). */
export interface PartData {
  kind: 'csv' | 'npy';
  columns: string[];
  label: string | null;
}

/** The reading options as given (null: the default). */
export interface PartSettings {
  columns: string[] | null;
  labelColumn: string | null;
  delimiter: string | null;
  header: 'auto' | boolean;
}

export interface PcaPartJson {
  format: typeof PCA_PART_FORMAT;
  version: typeof PCA_PART_VERSION;
  method: 'covariance';
  shard: { index: number; count: number };
  inputs: PartInput[];
  data: PartData;
  settings: PartSettings;
  rows: number;
  accumulator: PcaAccumulatorJson;
}

/**
 * Reads a part (its JSON text or object) and checks its envelope; the accumulator itself is
 * checked by PcaAccumulator.fromJSON. `name` (the file) goes into every error.
 */
export function readPart(json: unknown, name: string): { part: PcaPartJson; accumulator: PcaAccumulator } {
  let o: unknown = json;
  if (typeof json === 'string') {
    try {
      o = JSON.parse(json);
    } catch (err) {
      throw new PartMismatchError(`${name}: not JSON (${(err as Error).message}); expected a part written by mmlkit pca --shard i/n --emit`, 'format', name);
    }
  }
  const fail = (field: string, msg: string): never => {
    throw new PartMismatchError(`${name}: ${msg}`, field, name);
  };
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return fail('format', `expected a part object; got ${describeValue(o)}`);
  const p = o as Record<string, unknown>;
  if (p.format !== PCA_PART_FORMAT) fail('format', `format must be "${PCA_PART_FORMAT}" (a part written by mmlkit pca --shard i/n --emit); got ${describeValue(p.format)}`);
  if (p.version !== PCA_PART_VERSION) fail('version', `part format version ${describeValue(p.version)} is not supported (this mmlkit reads version ${PCA_PART_VERSION})`);
  if (p.method !== 'covariance') fail('method', `method ${describeValue(p.method)} is not supported (parts hold the covariance method's accumulator)`);
  const shard = p.shard as Record<string, unknown> | null;
  const count = shard?.count;
  const index = shard?.index;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1) fail('shard', `shard.count must be an integer ≥ 1; got ${describeValue(count)}`);
  if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0 || index >= (count as number)) fail('shard', `shard.index must be an integer from 0 to ${(count as number) - 1}; got ${describeValue(index)}`);
  if (!Array.isArray(p.inputs) || p.inputs.length === 0 || !p.inputs.every((f) => typeof f?.name === 'string' && Number.isSafeInteger(f?.size))) {
    fail('inputs', 'inputs must be a non-empty list of { name, size }');
  }
  const data = p.data as Record<string, unknown> | null;
  if (!data || (data.kind !== 'csv' && data.kind !== 'npy') || !Array.isArray(data.columns) || !data.columns.every((c) => typeof c === 'string')) {
    fail('data', 'data must be { kind: "csv" | "npy", columns: [names], label }');
  }
  if (p.settings === null || typeof p.settings !== 'object') fail('settings', 'settings must be an object');
  if (typeof p.rows !== 'number' || !Number.isSafeInteger(p.rows) || p.rows < 0) fail('rows', `rows must be an integer ≥ 0; got ${describeValue(p.rows)}`);
  let accumulator: PcaAccumulator;
  try {
    accumulator = PcaAccumulator.fromJSON(p.accumulator);
  } catch (err) {
    if (err instanceof FormatError) return fail(`accumulator.${err.field}`, err.message);
    throw err;
  }
  const columns = (data as unknown as PartData).columns.length;
  if (accumulator.count !== p.rows) fail('rows', `rows is ${p.rows} but its accumulator holds ${accumulator.count}`);
  if (accumulator.features !== undefined && accumulator.features !== columns) fail('data', `data names ${columns} columns but its accumulator holds ${accumulator.features}`);
  return { part: p as unknown as PcaPartJson, accumulator };
}

/** The fields two parts of one data set share; the first that differs, with both values. */
function difference(a: PcaPartJson, b: PcaPartJson): { field: string; mine: string; theirs: string } | undefined {
  const show = (v: unknown) => {
    const s = JSON.stringify(v);
    return s.length > 120 ? `${s.slice(0, 120)}…` : s;
  };
  const fields: [string, unknown, unknown][] = [
    ['shard.count', a.shard.count, b.shard.count],
    ['inputs', a.inputs, b.inputs],
    ['data', a.data, b.data],
    ['settings', a.settings, b.settings],
  ];
  for (const [field, x, y] of fields) if (JSON.stringify(x) !== JSON.stringify(y)) return { field, mine: show(x), theirs: show(y) };
  return undefined;
}

/**
 * Merges parts one at a time, checking each against the first.
 * @example const m = new PartMerger(); for (const f of files) m.add(readFileSync(f, 'utf8'), f); m.finish().accumulator.finish({ components: 10 })
 */
export class PartMerger {
  private first: { part: PcaPartJson; name: string } | undefined;
  private readonly seen = new Map<number, string>();
  private readonly total = new PcaAccumulator();
  private rowsSeen = 0;

  /** Shards merged so far. */
  get merged(): number {
    return this.seen.size;
  }

  /** Shards the data set has (undefined before the first part). */
  get shards(): number | undefined {
    return this.first?.part.shard.count;
  }

  /** Whether shard `index` has been merged. */
  has(index: number): boolean {
    return this.seen.has(index);
  }

  /**
   * Checks and merges one part (text or object). Returns false, merging nothing, for a shard
   * already merged when `duplicates` is 'skip'.
   * @throws PartMismatchError for a part that is malformed or does not belong with the others,
   *   and (by default) for a shard already merged.
   */
  add(json: unknown, name: string, duplicates: 'refuse' | 'skip' = 'refuse'): boolean {
    const { part, accumulator } = readPart(json, name);
    if (this.first === undefined) {
      this.first = { part, name };
    } else {
      const diff = difference(this.first.part, part);
      if (diff) {
        throw new PartMismatchError(`${name} does not belong with ${this.first.name}: its ${diff.field} is ${diff.theirs}, not ${diff.mine}`, diff.field, name);
      }
    }
    const index = part.shard.index;
    const earlier = this.seen.get(index);
    if (earlier !== undefined) {
      if (duplicates === 'skip') return false;
      throw new PartMismatchError(`${name} is shard ${index}/${part.shard.count} again (already merged from ${earlier})`, 'shard.index', name);
    }
    this.total.merge(accumulator);
    this.seen.set(index, name);
    this.rowsSeen += part.rows;
    return true;
  }

  /** Shard indices not merged yet (all of them before the first part). */
  missing(): number[] {
    const n = this.shards ?? 0;
    const out: number[] = [];
    for (let i = 0; i < n; i++) if (!this.seen.has(i)) out.push(i);
    return out;
  }

  /**
   * The merged accumulator, the feature names and rows, once every shard is in.
   * @throws PartMismatchError naming the missing shards.
   */
  finish(): { accumulator: PcaAccumulator; data: PartData; inputs: PartInput[]; rows: number } {
    if (this.first === undefined) throw new PartMismatchError('no parts to merge', 'shard', '');
    const missing = this.missing();
    if (missing.length > 0) {
      const shown = missing.slice(0, 10).join(', ') + (missing.length > 10 ? `, … (${missing.length} in all)` : '');
      throw new PartMismatchError(`shards missing: ${shown} of ${this.first.part.shard.count} (the data set's parts are shards 0 to ${this.first.part.shard.count - 1})`, 'shard', this.first.name);
    }
    return { accumulator: this.total, data: this.first.part.data, inputs: this.first.part.inputs, rows: this.rowsSeen };
  }
}

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
import { Buffer } from 'node:buffer';
import { FormatError, PartMismatchError, describeValue } from '../errors.js';
import { PCA_ACCUMULATOR_FORMAT, PCA_ACCUMULATOR_VERSION, PcaAccumulator, readAccumulatorJson, type PackedAccumulator, type PcaAccumulatorJson } from '../pca/accumulator.js';
import { decodeBase64Bytes, encodeFloat64 } from '../pca/float64-base64.js';

/** The `format` tag of a shard part ({@link PcaPartJson}). */
export const PCA_PART_FORMAT = 'mmlkit-pca-part';
/** The part format's version this mmlkit writes and reads. */
export const PCA_PART_VERSION = 1;

/**
 * One input file as a part records it: its base name and size in bytes.
 * @inline
 */
export interface PartInput {
  /** Base name of the file. */
  name: string;
  /** Size in bytes. */
  size: number;
}

/**
 * What the rows are: the file kind, the feature names, the label field (CSV).
 * @inline
 */
export interface PartData {
  /** The input files' kind. */
  kind: 'csv' | 'npy';
  /** Feature names, one per column. */
  columns: string[];
  /** The label field (CSV), or null. */
  label: string | null;
}

/**
 * The reading options as given (null: the default).
 * @inline
 */
export interface PartSettings {
  /** CSV fields used, or null for all but the label. */
  columns: string[] | null;
  /** The label field asked for, or null. */
  labelColumn: string | null;
  /** The field separator asked for, or null (detected). */
  delimiter: string | null;
  /** Whether the first line names the fields. */
  header: 'auto' | boolean;
}

/**
 * A shard part (`mmlkit pca --shard i/n --emit`, or a worker's answer): the PcaAccumulator of
 * shard i of n of a data set, with what a merge needs to tell whether parts belong together.
 * Parts of the same data set and options merge in any order (`mmlkit pca --merge`); one that
 * does not belong is refused with `PartMismatchError`.
 * @example
 * // part-03.json
 * // { "format": "mmlkit-pca-part", "version": 1, "method": "covariance",
 * //   "shard": { "index": 3, "count": 32 }, "inputs": [{ "name": "a.csv", "size": 1048576 }],
 * //   "data": { "kind": "csv", "columns": ["f0", "f1"], "label": "species" },
 * //   "settings": { "columns": null, "labelColumn": null, "delimiter": ",", "header": "auto" },
 * //   "rows": 18000, "accumulator": { "format": "mmlkit-pca-accumulator", … } }
 */
export interface PcaPartJson {
  /** Format tag, {@link PCA_PART_FORMAT}. */
  format: typeof PCA_PART_FORMAT;
  /** Format version, {@link PCA_PART_VERSION}. */
  version: typeof PCA_PART_VERSION;
  /** How the part summarises its rows (the accumulator's exact covariance). */
  method: 'covariance';
  /** Which shard of how many. */
  shard: {
    /** 0-based shard index. */
    index: number;
    /** Shards the data set was cut into. */
    count: number;
  };
  /** Every input file of the data set, in order. */
  inputs: PartInput[];
  /** What the rows are. */
  data: PartData;
  /** The reading options. */
  settings: PartSettings;
  /** Rows in this shard. */
  rows: number;
  /** The shard's count, mean and scatter. */
  accumulator: PcaAccumulatorJson;
}

/**
 * Reads a part (its JSON text or object) and checks its envelope; the accumulator itself is
 * checked and decoded as PcaAccumulator.fromJSON does, its scatter left packed. `name` (the
 * file) goes into every error.
 */
export function readPart(json: unknown, name: string, scatter?: Float64Array): { part: PcaPartJson; accumulator: PackedAccumulator } {
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
  let accumulator: PackedAccumulator;
  try {
    accumulator = readAccumulatorJson(p.accumulator, scatter);
  } catch (err) {
    if (err instanceof FormatError) return fail(`accumulator.${err.field}`, err.message);
    throw err;
  }
  const columns = (data as unknown as PartData).columns.length;
  if (accumulator.n !== p.rows) fail('rows', `rows is ${p.rows} but its accumulator holds ${accumulator.n}`);
  if (accumulator.d !== null && accumulator.d !== columns) fail('data', `data names ${columns} columns but its accumulator holds ${accumulator.d}`);
  return { part: p as unknown as PcaPartJson, accumulator };
}

const SCATTER_KEY = Buffer.from('"scatter":"');

/**
 * `readPart` for a part file's bytes. The scatter (nearly all of a part: 1.3 MB at d = 500) is
 * cut out of the bytes before the JSON is parsed and decoded straight into `scratch(length)`
 * (reused from part to part), so its megabytes are neither turned into strings nor scanned by
 * JSON.parse, and reading a part leaves no garbage of its size. A file laid out otherwise
 * (reformatted JSON, a bad character) is read the plain way, which names what is wrong.
 */
export function readPartBytes(bytes: Uint8Array, name: string, scratch: (doubles: number) => Float64Array): { part: PcaPartJson; accumulator: PackedAccumulator } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = buf.indexOf(SCATTER_KEY);
  if (at >= 0 && buf.indexOf(SCATTER_KEY, at + 1) < 0) {
    const start = at + SCATTER_KEY.length;
    const end = buf.indexOf(0x22, start); // base64 holds no quote
    if (end > 0) {
      let o: { accumulator?: { scatter?: unknown; d?: unknown } } | undefined;
      try {
        o = JSON.parse(buf.toString('utf8', 0, start) + buf.toString('utf8', end));
      } catch {
        o = undefined;
      }
      const d = o?.accumulator?.d;
      if (o?.accumulator?.scatter === '' && typeof d === 'number' && Number.isSafeInteger(d) && d >= 1 && d <= 1 << 16) {
        const doubles = (d * (d + 1)) / 2;
        const out = scratch(doubles);
        if (decodeBase64Bytes(bytes, start, end, new Uint8Array(out.buffer, out.byteOffset, doubles * 8)) === doubles * 8) {
          return readPart(o, name, out.subarray(0, doubles));
        }
      }
    }
  }
  return readPart(buf.toString('utf8'), name);
}

/** The fields two parts of one data set share; the first that differs, with both values. */
function difference(a: Omit<PcaPartJson, 'accumulator'>, b: Omit<PcaPartJson, 'accumulator'>): { field: string; mine: string; theirs: string } | undefined {
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

/** A merger's state, to merge groups of parts in several threads (arrays transferable). */
export interface MergerState {
  /** The group's first part (its accumulator left out) and its name; none for an empty group. */
  first?: { part: Omit<PcaPartJson, 'accumulator'>; name: string };
  seen: [number, string][];
  n: number;
  mean: Float64Array;
  lower: Float64Array;
}

/**
 * Merges parts one at a time, checking each against the first.
 * @example const m = new PartMerger(); for (const f of files) m.add(readFileSync(f, 'utf8'), f); m.finish().accumulator.finish({ components: 10 })
 */
export class PartMerger {
  private first: { part: Omit<PcaPartJson, 'accumulator'>; name: string } | undefined;
  private readonly seen = new Map<number, string>();
  /** The running count, mean and packed scatter (PcaAccumulator's state, never unpacked to d × d here). */
  private n = 0;
  private mean: Float64Array<ArrayBufferLike> = new Float64Array(0);
  private lower: Float64Array<ArrayBufferLike> = new Float64Array(0);
  /** Where parts read from bytes decode their scatter (one buffer for every part). */
  private scratch = new Float64Array(0);

  private scratchOf(doubles: number): Float64Array {
    if (this.scratch.length < doubles) this.scratch = new Float64Array(doubles);
    return this.scratch;
  }

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
   * Checks and merges one part (a file's bytes, its text, or the object). Returns false, merging nothing, for a shard
   * already merged when `duplicates` is 'skip'.
   * @throws PartMismatchError for a part that is malformed or does not belong with the others,
   *   and (by default) for a shard already merged.
   */
  add(json: unknown, name: string, duplicates: 'refuse' | 'skip' = 'refuse'): boolean {
    const { part, accumulator } = json instanceof Uint8Array ? readPartBytes(json, name, (k) => this.scratchOf(k)) : readPart(json, name);
    this.check(part, name);
    const index = part.shard.index;
    const earlier = this.seen.get(index);
    if (earlier !== undefined) {
      if (duplicates === 'skip') return false;
      throw new PartMismatchError(`${name} is shard ${index}/${part.shard.count} again (already merged from ${earlier})`, 'shard.index', name);
    }
    this.combine(accumulator);
    this.seen.set(index, name);
    return true;
  }

  /** Takes `part` as the first, or checks it against the first. */
  private check(part: Omit<PcaPartJson, 'accumulator'>, name: string): void {
    if (this.first === undefined) {
      const { accumulator: _, ...envelope } = part as PcaPartJson;
      this.first = { part: envelope, name };
      return;
    }
    const diff = difference(this.first.part, part);
    if (diff) throw new PartMismatchError(`${name} does not belong with ${this.first.name}: its ${diff.field} is ${diff.theirs}, not ${diff.mine}`, diff.field, name);
  }

  /** The state so far (for another merger's `absorb`); the merger should not be used after. */
  state(): MergerState {
    return { first: this.first, seen: [...this.seen], n: this.n, mean: new Float64Array(this.mean), lower: new Float64Array(this.lower) };
  }

  /**
   * Merges another merger's state (a group of parts merged in another thread), with the same
   * checks as `add`: the group's first part against this one's first, each shard once.
   */
  absorb(state: MergerState): void {
    if (state.first === undefined) return;
    this.check(state.first.part, state.first.name);
    for (const [index, name] of state.seen) {
      const earlier = this.seen.get(index);
      if (earlier !== undefined) throw new PartMismatchError(`${name} is shard ${index}/${state.first.part.shard.count} again (already merged from ${earlier})`, 'shard.index', name);
    }
    this.combine({ n: state.n, d: state.mean.length, mean: state.mean, lower: state.lower });
    for (const [index, name] of state.seen) this.seen.set(index, name);
  }

  /**
   * Chan's pairwise update on the packed lower triangle, in the order PcaAccumulator.merge adds
   * (S_A + S_B, then the δδᵀ term): no d × d unpacking, copying or mirroring per part, which
   * would cost more than the update itself.
   */
  private combine(b: PackedAccumulator): void {
    if (b.n === 0) return;
    if (this.n === 0) {
      this.n = b.n;
      this.mean = b.mean.slice();
      this.lower = b.lower.slice(); // b's may be the scratch buffer
      return;
    }
    const d = this.mean.length;
    const nA = this.n;
    const n = nA + b.n;
    const delta = new Float64Array(d);
    for (let j = 0; j < d; j++) delta[j] = b.mean[j] - this.mean[j];
    const coef = (nA / n) * b.n;
    const s = this.lower;
    const t = b.lower;
    for (let i = 0, p = 0; i < d; i++) {
      const di = delta[i] * coef;
      for (let j = 0; j <= i; j++, p++) s[p] = s[p] + t[p] + di * delta[j];
    }
    const w = b.n / n;
    for (let j = 0; j < d; j++) this.mean[j] += delta[j] * w;
    this.n = n;
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
    const d = this.first.part.data.columns.length;
    const accumulator = PcaAccumulator.fromJSON({
      format: PCA_ACCUMULATOR_FORMAT,
      version: PCA_ACCUMULATOR_VERSION,
      n: this.n,
      d,
      encoding: 'float64-le-base64',
      mean: encodeFloat64(this.n === 0 ? new Float64Array(d) : this.mean),
      scatter: encodeFloat64(this.n === 0 ? new Float64Array((d * (d + 1)) / 2) : this.lower),
    });
    return { accumulator, data: this.first.part.data, inputs: this.first.part.inputs, rows: this.n };
  }
}

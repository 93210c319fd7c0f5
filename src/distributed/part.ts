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
 * A part is written as this JSON or in binary (part-binary.ts: the same fields, raw float64 and a
 * CRC-32; `--emit part.bin`); `PartMerger` takes either, mixed.
 *
 * `PartMerger` merges parts one at a time (memory O(d²) whatever their number), keyed by shard
 * index: a part for a shard already merged is refused, or skipped when the caller says a
 * duplicate is expected (a queue that ran a job twice).
 */
import { Buffer } from 'node:buffer';
import { FormatError, MmlError, PartMismatchError, describeValue } from '../errors.js';
import { checkAccumulatorValues, PCA_ACCUMULATOR_FORMAT, PCA_ACCUMULATOR_VERSION, PcaAccumulator, readAccumulatorJson, type PackedAccumulator, type PcaAccumulatorJson } from '../pca/accumulator.js';
import { encodePartBinary, isBinaryPart, readPartBinary } from './part-binary.js';
import { PackedScatterSum } from './packed-scatter-sum.js';
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

/** A part without its accumulator: what every part of one data set shares, and its shard. */
export type PartEnvelope = Omit<PcaPartJson, 'accumulator'>;

/** A part read and checked: its envelope, and its accumulator with the scatter left packed. */
export interface ReadPart {
  part: PartEnvelope;
  accumulator: PackedAccumulator;
}

/**
 * Reads a part (its JSON text or object) and checks its envelope; the accumulator itself is
 * checked and decoded as PcaAccumulator.fromJSON does, its scatter left packed. `name` (the
 * file) goes into every error.
 */
export function readPart(json: unknown, name: string, scatter?: Float64Array): ReadPart {
  let o: unknown = json;
  if (typeof json === 'string') {
    try {
      o = JSON.parse(json);
    } catch (err) {
      throw new PartMismatchError(`${name}: not JSON (${(err as Error).message}); expected a part written by mmlkit pca --shard i/n --emit`, 'format', name);
    }
  }
  const fail = failFor(name);
  const part = checkEnvelope(o, name);
  let accumulator: PackedAccumulator;
  try {
    accumulator = readAccumulatorJson((o as Record<string, unknown>).accumulator, scatter);
  } catch (err) {
    if (err instanceof FormatError) return fail(`accumulator.${err.field}`, err.message);
    throw err;
  }
  checkAgreement(part, accumulator, fail);
  return { part, accumulator };
}

function failFor(name: string): (field: string, msg: string) => never {
  return (field, msg) => {
    throw new PartMismatchError(`${name}: ${msg}`, field, name);
  };
}

/** Checks a part's envelope (every field but the accumulator), JSON or binary alike. */
function checkEnvelope(o: unknown, name: string): PartEnvelope {
  const fail = failFor(name);
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return fail('format', `expected a part object; got ${describeValue(o)}`);
  const p = o as Record<string, unknown>;
  if (p.format !== PCA_PART_FORMAT) fail('format', `format must be "${PCA_PART_FORMAT}" (a part written by mmlkit pca --shard i/n --emit); got ${describeValue(p.format)}`);
  if (p.version !== PCA_PART_VERSION) fail('version', `part format version ${describeValue(p.version)} is not supported (this mmlkit reads version ${PCA_PART_VERSION})`);
  if (p.method === 'randomized') fail('method', "is a part of one pass of the randomized method: merge it with mmlkit merge --pass-state (the state of its pass)");
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
  const { accumulator: _, ...envelope } = p;
  return envelope as unknown as PartEnvelope;
}

/** The envelope's rows and columns against what its accumulator holds. */
function checkAgreement(part: PartEnvelope, accumulator: PackedAccumulator, fail: (field: string, msg: string) => never): void {
  const columns = part.data.columns.length;
  if (accumulator.n !== part.rows) fail('rows', `rows is ${part.rows} but its accumulator holds ${accumulator.n}`);
  if (accumulator.d !== null && accumulator.d !== columns) fail('data', `data names ${columns} columns but its accumulator holds ${accumulator.d}`);
}

/** The last binary envelope read and what it parsed to (a data set's parts share the bytes). */
interface EnvelopeCache {
  bytes?: Uint8Array;
  identity?: Record<string, unknown>;
}

/**
 * Reads a binary part (part-binary.ts: the container) with the same checks as a JSON part: the
 * envelope, finite values and a non-negative scatter diagonal, rows and columns that agree.
 * The envelope's JSON is parsed only when its bytes differ from the last one in `cache`. The
 * arrays may view `bytes` or `scratch`: valid until either is reused. `scatterFinite`: the
 * caller checks the scatter's finiteness as it adds it (PartMerger), so it is not checked here.
 */
export function readBinaryPart(bytes: Uint8Array, name: string, scratch: (doubles: number) => Float64Array, cache: EnvelopeCache = {}, scatterFinite = false): ReadPart {
  const fail = failFor(name);
  const { envelope: text, shard, n, d, mean, lower } = readPartBinary(bytes, name, scratch);
  if (!cache.bytes || !Buffer.from(text.buffer, text.byteOffset, text.byteLength).equals(cache.bytes)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(text));
    } catch (err) {
      fail('format', `its envelope is not JSON (${(err as Error).message})`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) fail('format', `its envelope is not a JSON object; got ${describeValue(parsed)}`);
    cache.bytes = new Uint8Array(text); // a copy (Buffer.prototype.slice would be a view on the reused read buffer)
    cache.identity = parsed as Record<string, unknown>;
  }
  // The same identity object for every part of a data set: PartMerger compares them by reference first.
  const part = checkEnvelope({ ...cache.identity, shard, rows: n }, name);
  if (d === null && n !== 0) fail('accumulator.d', `d is 0 (unknown) but n is ${n}`);
  checkAccumulatorValues(mean, lower, (field, msg) => fail(`accumulator.${field}`, msg), scatterFinite);
  const accumulator: PackedAccumulator = { n, d, mean, lower };
  checkAgreement(part, accumulator, fail);
  return { part, accumulator };
}

/**
 * A part as a binary file's bytes (part-binary.ts; `--emit part.bin`): the JSON part's
 * envelope and accumulator, its values unchanged (the accumulator is checked on the way).
 */
export function encodePart(part: PcaPartJson): Uint8Array {
  const { accumulator: json, shard, rows: _, ...envelope } = part;
  const { n, d, mean, lower } = readAccumulatorJson(json);
  return encodePartBinary(envelope, shard, n, d, mean, lower);
}

const SCATTER_KEY = Buffer.from('"scatter":"');

/**
 * `readPart` for a part file's bytes, binary (by its magic; `scatterFinite` as for
 * readBinaryPart) or JSON. A JSON part's scatter (nearly all of it: 1.3 MB at d = 500) is cut out of the bytes before the JSON is parsed and decoded straight into `scratch(length)`
 * (reused from part to part), so its megabytes are neither turned into strings nor scanned by
 * JSON.parse, and reading a part leaves no garbage of its size. A file laid out otherwise
 * (reformatted JSON, a bad character) is read the plain way, which names what is wrong.
 */
export function readPartBytes(bytes: Uint8Array, name: string, scratch: (doubles: number) => Float64Array, cache?: EnvelopeCache, scatterFinite = false): ReadPart {
  if (isBinaryPart(bytes)) return readBinaryPart(bytes, name, scratch, cache, scatterFinite);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const firstByte = bytes.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09 && b !== 0xef && b !== 0xbb && b !== 0xbf);
  if (firstByte !== undefined && firstByte !== 0x7b) {
    const start = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new PartMismatchError(`${name}: neither a JSON part (which starts with {) nor a binary part (which starts with the magic 89 6d 6d 6c 70 61 72 74, "\\x89mmlpart"); its first bytes are ${start}`, 'format', name);
  }
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
function difference(a: PartEnvelope, b: PartEnvelope): { field: string; mine: string; theirs: string } | undefined {
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
  for (const [field, x, y] of fields) if (x !== y && JSON.stringify(x) !== JSON.stringify(y)) return { field, mine: show(x), theirs: show(y) };
  return undefined;
}

/** A merger's state, to merge groups of parts in several threads (arrays transferable). */
export interface MergerState {
  /** The group's first part (its accumulator left out) and its name; none for an empty group. */
  first?: { part: PartEnvelope; name: string };
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
  private first: { part: PartEnvelope; name: string } | undefined;
  private readonly seen = new Map<number, string>();
  /** The running count, mean and packed scatter (never unpacked to d × d per part). */
  private readonly sum = new PackedScatterSum();
  /** Where parts read from bytes decode their scatter (one buffer for every part). */
  private scratch = new Float64Array(0);
  /** The binary envelope last parsed: a data set's parts share it, so it is parsed once. */
  private readonly envelopes = {};
  /** The part whose non-finite values were found while adding them (the sum is then unusable). */
  private spoiltBy: string | undefined;

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
   * Checks and merges one part (a file's bytes, JSON or binary; its JSON text; or the object).
   * Returns false, merging nothing, for a shard already merged when `duplicates` is 'skip'.
   * @throws PartMismatchError for a part that is malformed or does not belong with the others,
   *   and (by default) for a shard already merged.
   */
  add(json: unknown, name: string, duplicates: 'refuse' | 'skip' = 'refuse'): boolean {
    this.checkUsable();
    const { part, accumulator } = json instanceof Uint8Array ? readPartBytes(json, name, (k) => this.scratchOf(k), this.envelopes, true) : readPart(json, name);
    this.check(part, name);
    const index = part.shard.index;
    const earlier = this.seen.get(index);
    if (earlier !== undefined) {
      if (duplicates === 'skip') return false;
      throw new PartMismatchError(`${name} is shard ${index}/${part.shard.count} again (already merged from ${earlier})`, 'shard.index', name);
    }
    if (!this.sum.add(accumulator.n, accumulator.mean, accumulator.lower)) {
      // A binary part's scatter is checked as it is added: name the value, and refuse to go on.
      this.spoiltBy = name;
      checkAccumulatorValues(accumulator.mean, accumulator.lower, (field, msg) => {
        throw new PartMismatchError(`${name}: ${msg}`, `accumulator.${field}`, name);
      });
    }
    this.seen.set(index, name);
    return true;
  }

  /** A part refused after its values were added leaves the sum spoilt: nothing more is merged. */
  private checkUsable(): void {
    if (this.spoiltBy !== undefined) throw new MmlError(`PartMerger: this merge stopped at ${this.spoiltBy}, whose non-finite values were refused; start a new one`);
  }

  /** Takes `part` as the first, or checks it against the first. */
  private check(part: PartEnvelope, name: string): void {
    if (this.first === undefined) {
      this.first = { part, name };
      return;
    }
    const diff = difference(this.first.part, part);
    if (diff) throw new PartMismatchError(`${name} does not belong with ${this.first.name}: its ${diff.field} is ${diff.theirs}, not ${diff.mine}`, diff.field, name);
  }

  /** The state so far (for another merger's `absorb`); the merger should not be used after. */
  state(): MergerState {
    this.checkUsable();
    this.sum.settle();
    const { n, mean, lower } = this.sum;
    return { first: this.first, seen: [...this.seen], n, mean: new Float64Array(mean), lower: new Float64Array(lower) };
  }

  /**
   * Merges another merger's state (a group of parts merged in another thread), with the same
   * checks as `add`: the group's first part against this one's first, each shard once.
   */
  absorb(state: MergerState): void {
    this.checkUsable();
    if (state.first === undefined) return;
    this.check(state.first.part, state.first.name);
    for (const [index, name] of state.seen) {
      const earlier = this.seen.get(index);
      if (earlier !== undefined) throw new PartMismatchError(`${name} is shard ${index}/${state.first.part.shard.count} again (already merged from ${earlier})`, 'shard.index', name);
    }
    this.sum.add(state.n, state.mean, state.lower); // checked part by part in its thread
    for (const [index, name] of state.seen) this.seen.set(index, name);
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
    this.checkUsable();
    if (this.first === undefined) throw new PartMismatchError('no parts to merge', 'shard', '');
    const missing = this.missing();
    if (missing.length > 0) {
      const shown = missing.slice(0, 10).join(', ') + (missing.length > 10 ? `, … (${missing.length} in all)` : '');
      throw new PartMismatchError(`shards missing: ${shown} of ${this.first.part.shard.count} (the data set's parts are shards 0 to ${this.first.part.shard.count - 1})`, 'shard', this.first.name);
    }
    const d = this.first.part.data.columns.length;
    this.sum.settle();
    const { n, mean, lower } = this.sum;
    const accumulator = PcaAccumulator.fromJSON({
      format: PCA_ACCUMULATOR_FORMAT,
      version: PCA_ACCUMULATOR_VERSION,
      n,
      d,
      encoding: 'float64-le-base64',
      mean: encodeFloat64(n === 0 ? new Float64Array(d) : mean),
      scatter: encodeFloat64(n === 0 ? new Float64Array((d * (d + 1)) / 2) : lower),
    });
    return { accumulator, data: this.first.part.data, inputs: this.first.part.inputs, rows: n };
  }
}

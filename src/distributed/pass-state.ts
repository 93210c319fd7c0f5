/**
 * The randomized method over shard/merge (docs/distributed-pca.md, "Randomized method"): a run
 * is powerIterations + 1 rounds of `mmlkit pca FILE... --shard i/n --pass-state S --emit P`
 * then `mmlkit merge P... --pass-state S --emit-state S'` (the model, after the last pass).
 *
 * The pass state (`mmlkit-pca-pass-state`) is the sketch's JSON (RandomizedPcaSketch.toJSON:
 * the options, the current pass's basis, what the first pass found) with the data set's
 * envelope (inputs, columns, reading settings) that every part must carry. A part of one pass
 * is the covariance part's envelope with `method: "randomized"`, the pass, and the partial sums
 * of the shard's rows (RandomizedPcaPartial) in place of the accumulator.
 */
import { readFileSync, writeSync } from 'node:fs';
import { FormatError, MmlError, OptionError, PartMismatchError, describeValue } from '../errors.js';
import { writeFileAtomic } from '../io/atomic.js';
import { fileError } from '../io/open-file.js';
import { RandomizedPcaSketch, type RandomizedPcaSketchJson, type RandomizedPcaSketchOptions } from '../pca/randomized-sketch.js';
import type { RandomizedPcaPartialJson } from '../pca/sketch-pass.js';
import { PCA_PART_FORMAT, PCA_PART_VERSION, type PartData, type PartInput, type PartSettings } from './part.js';
import { computeSketchShard, planInputs, type ShardOptions } from './shard.js';
import type { PcaCsvOptions } from '../cli/pca.js';
import { checkKrylovColumns, checkSketchColumns } from '../cli/limits.js';

export const PCA_PASS_STATE_FORMAT = 'mmlkit-pca-pass-state';
export const PCA_PASS_STATE_VERSION = 1;

/** What every part and state of one run share. */
interface Envelope {
  inputs: PartInput[];
  data: PartData;
  settings: PartSettings;
}

export interface PassStateJson extends Envelope {
  format: typeof PCA_PASS_STATE_FORMAT;
  version: typeof PCA_PASS_STATE_VERSION;
  sketch: RandomizedPcaSketchJson;
}

export interface SketchPartJson extends Envelope {
  format: typeof PCA_PART_FORMAT;
  version: typeof PCA_PART_VERSION;
  method: 'randomized';
  shard: { index: number; count: number };
  /** 0-based pass this part belongs to. */
  pass: number;
  rows: number;
  partial: RandomizedPcaPartialJson;
}

function writeJsonAtomic(path: string, value: unknown): void {
  const bytes = Buffer.from(JSON.stringify(value) + '\n');
  try {
    writeFileAtomic(path, (fd) => {
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    });
  } catch (err) {
    throw fileError(err, path, 'write');
  }
}

function readJson(path: string, what: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw fileError(err, path, 'read');
  }
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (err) {
    throw new PartMismatchError(`${path}: not JSON (${(err as Error).message}); expected ${what}`, 'format', path);
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new PartMismatchError(`${path}: expected ${what}; got ${describeValue(o)}`, 'format', path);
  return o as Record<string, unknown>;
}

/** The first envelope field that differs, or undefined. */
function differs(a: Envelope, b: Envelope): keyof Envelope | undefined {
  for (const field of ['inputs', 'data', 'settings'] as const) if (JSON.stringify(a[field]) !== JSON.stringify(b[field])) return field;
  return undefined;
}

/** Reads and checks a pass state file; the sketch restored from it. */
export function readPassState(path: string): { state: PassStateJson; sketch: RandomizedPcaSketch } {
  const o = readJson(path, 'a pass state written by mmlkit pca --emit-state or mmlkit merge --emit-state');
  const fail = (field: string, msg: string): never => {
    throw new PartMismatchError(`${path}: ${msg}`, field, path);
  };
  if (o.format !== PCA_PASS_STATE_FORMAT) fail('format', `format must be "${PCA_PASS_STATE_FORMAT}"; got ${describeValue(o.format)}`);
  if (o.version !== PCA_PASS_STATE_VERSION) fail('version', `pass state version ${describeValue(o.version)} is not supported (this mmlkit reads version ${PCA_PASS_STATE_VERSION})`);
  if (!Array.isArray(o.inputs) || o.data === null || typeof o.data !== 'object' || o.settings === null || typeof o.settings !== 'object') fail('inputs', 'inputs, data and settings must be there, as in a part');
  let sketch: RandomizedPcaSketch;
  try {
    sketch = RandomizedPcaSketch.fromJSON(o.sketch);
  } catch (err) {
    if (err instanceof FormatError) return fail(`sketch.${err.field}`, err.message);
    throw err;
  }
  return { state: o as unknown as PassStateJson, sketch };
}

/** Writes the state of `sketch` for the data set `envelope` (whole or not at all). */
export function writePassState(path: string, envelope: Envelope, sketch: RandomizedPcaSketch): void {
  const state: PassStateJson = { format: PCA_PASS_STATE_FORMAT, version: PCA_PASS_STATE_VERSION, inputs: envelope.inputs, data: envelope.data, settings: envelope.settings, sketch: sketch.toJSON() };
  writeJsonAtomic(path, state);
}

/**
 * The sketch of a run over shard/merge or Redis, before its first pass; its width and Krylov
 * basis held to the limits a local `--method randomized` run keeps (named after `file`).
 * @throws OptionError for bad options or a data set too wide for them.
 */
export function newSketchFor(file: string, d: number, options: RandomizedPcaSketchOptions): RandomizedPcaSketch {
  const sketch = new RandomizedPcaSketch({ components: options.components, oversamples: options.oversamples, powerIterations: options.powerIterations, seed: options.seed }, d);
  checkSketchColumns(file, d, sketch.width!);
  checkKrylovColumns(file, d, sketch.width!, sketch.passes!);
  return sketch;
}

/**
 * `mmlkit pca FILE... --method randomized -k K --emit-state S`: the state before the first pass
 * (the files are planned, not read: d and the columns).
 */
export async function initPassState(files: string[], options: RandomizedPcaSketchOptions & PcaCsvOptions & { emitState: string }): Promise<{ passes: number }> {
  const set = await planInputs(files, options);
  const sketch = newSketchFor(files[0], set.data.columns.length, options);
  writePassState(options.emitState, set, sketch);
  return { passes: sketch.passes! };
}

/** `mmlkit pca FILE... --shard i/n --pass-state S --emit P`: this pass's part of shard i. */
export async function runSketchShardCommand(files: string[], options: ShardOptions & { shard: { index: number; count: number }; passState: string; emit: string; print?: (line: string) => void }): Promise<void> {
  const t0 = performance.now();
  const { state, sketch } = readPassState(options.passState);
  const { index, count } = options.shard;
  const { set, rows, partial } = await computeSketchShard(files, index, count, sketch.plan().toJSON(), { ...options, progress: options.progress ?? Boolean(process.stderr.isTTY) });
  const field = differs(state, set);
  if (field) throw new MmlError(`the files here do not match the pass state ${options.passState}: their ${field} differ (${JSON.stringify(set[field]).slice(0, 120)}, not ${JSON.stringify(state[field]).slice(0, 120)})`);
  const part: SketchPartJson = { format: PCA_PART_FORMAT, version: PCA_PART_VERSION, method: 'randomized', shard: { index, count }, inputs: set.inputs, data: set.data, settings: set.settings, pass: sketch.pass, rows, partial };
  writeJsonAtomic(options.emit, part);
  (options.print ?? ((line: string) => console.error(line)))(`shard ${index}/${count}, pass ${sketch.pass + 1}/${sketch.passes}: ${rows} rows in ${((performance.now() - t0) / 1000).toFixed(2)} s; wrote ${options.emit}`);
}

/**
 * `mmlkit merge P... --pass-state S`: every shard's part of the state's pass, checked and merged,
 * and the pass ended. The sketch is then at the next pass (write it with writePassState) or done
 * (sketch.finish() is the model).
 * @throws PartMismatchError naming the part: another data set, pass or basis, a shard twice, shards missing.
 */
export function mergeSketchParts(parts: string[], statePath: string): { state: PassStateJson; sketch: RandomizedPcaSketch; rows: number } {
  const { state, sketch } = readPassState(statePath);
  if (parts.length === 0) throw new PartMismatchError('no parts to merge', 'shard', '');
  const seen = new Map<number, string>();
  let count: number | undefined;
  let rows = 0;
  for (const file of parts) {
    const p = readJson(file, 'a part written by mmlkit pca --shard i/n --pass-state');
    const shard = mergeSketchPart(p, file, sketch, state, `the state ${statePath}`, count);
    const earlier = seen.get(shard.index);
    if (earlier !== undefined) throw new PartMismatchError(`${file}: is shard ${shard.index}/${shard.count} again (already merged from ${earlier})`, 'shard.index', file);
    count = shard.count;
    seen.set(shard.index, file);
    rows += shard.rows;
  }
  const missing = Array.from({ length: count! }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) throw new PartMismatchError(`shards missing: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? `, … (${missing.length} in all)` : ''} of ${count}`, 'shard', parts[0]);
  sketch.endPass();
  return { state, sketch, rows };
}

/**
 * Checks one randomized part against the sketch's pass and the run's envelope and merges it into
 * `sketch` (the caller keeps shards from being merged twice).
 * @param stateName how errors name the state the part is checked against.
 * @param count the shard count of the parts before, if any.
 * @throws PartMismatchError naming `name`: another format, method, pass, data set or shard count, a damaged partial.
 */
export function mergeSketchPart(p: Record<string, unknown>, name: string, sketch: RandomizedPcaSketch, state: Envelope, stateName: string, count?: number): { index: number; count: number; rows: number } {
  const fail = (field: string, msg: string): never => {
    throw new PartMismatchError(`${name}: ${msg}`, field, name);
  };
  if (p.format !== PCA_PART_FORMAT || p.version !== PCA_PART_VERSION) fail('format', `not a version ${PCA_PART_VERSION} part (format ${describeValue(p.format)}, version ${describeValue(p.version)})`);
  if (p.method !== 'randomized') fail('method', `method ${describeValue(p.method)}: a covariance part is merged without --pass-state`);
  if (p.pass !== sketch.pass) fail('pass', `is a part of pass ${describeValue(typeof p.pass === 'number' ? p.pass + 1 : p.pass)}; ${stateName} is at pass ${sketch.pass + 1} of ${sketch.passes}`);
  const shard = p.shard as { index?: unknown; count?: unknown } | null;
  const c = shard?.count;
  const i = shard?.index;
  if (typeof c !== 'number' || !Number.isSafeInteger(c) || c < 1 || typeof i !== 'number' || !Number.isSafeInteger(i) || i < 0 || i >= c) fail('shard', `shard must be { index, count } with 0 ≤ index < count; got ${describeValue(shard)}`);
  if (count !== undefined && c !== count) fail('shard.count', `is shard ${i}/${c}, but the parts before are of ${count} shards`);
  const field = differs(state, p as unknown as Envelope);
  if (field) fail(field, `its ${field} differ from ${stateName}'s: a part of another data set or reading options`);
  if (typeof p.rows !== 'number' || !Number.isSafeInteger(p.rows) || p.rows < 0) fail('rows', `rows must be an integer ≥ 0; got ${describeValue(p.rows)}`);
  try {
    sketch.merge(p.partial as RandomizedPcaPartialJson);
  } catch (err) {
    if (err instanceof MmlError) fail('partial', (err as Error).message);
    throw err;
  }
  return { index: i as number, count: c as number, rows: p.rows as number };
}

/** The OptionError of a merge that ends a pass but has nowhere to write the next state. */
export function needsEmitState(sketch: RandomizedPcaSketch): OptionError {
  return new OptionError('--emit-state', `where the state of pass ${sketch.pass + 1} of ${sketch.passes} goes (pass ${sketch.pass} is merged; passes remain)`, undefined);
}

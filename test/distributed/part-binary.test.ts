/**
 * Binary shard parts (`--emit part.bin`, docs/pca-accumulator-format.md): they hold exactly what
 * the JSON part holds and merge to the same model; JSON and binary parts mix in one merge; a
 * truncated, corrupted, foreign or mismatched part is refused with PartMismatchError naming the
 * file, and nothing is written. Also the grouped merge (PackedScatterSum) against Chan's pairwise
 * update, and the CRC-32 against zlib's. In-process except one CLI run (kept to ~2 s).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileError, PartMismatchError } from '../../src/errors.js';
import { Matrix } from '../../src/matrix.js';
import { PcaAccumulator } from '../../src/pca/accumulator.js';
import { encodePart, PartMerger, readBinaryPart, readPart, type PcaPartJson } from '../../src/distributed/part.js';
import { encodePartBinary, isBinaryPart } from '../../src/distributed/part-binary.js';
import { PackedScatterSum } from '../../src/distributed/packed-scatter-sum.js';
import { computeShard } from '../../src/distributed/shard.js';
import { runMergeCommand } from '../../src/cli/merge.js';
import { crc32, crc32Portable } from '../../src/io/crc32.js';
import { Rng } from '../../src/random.js';
import { cli, dataset, modelDifference, readModel, writeCsv } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mmlkit-binpart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const x = dataset(600, 6);
const SHARDS = 5;
let parts: PcaPartJson[] = [];
let binary: Uint8Array[] = [];
const at = (name: string) => join(dir, name);
const quiet = { print: () => {}, threads: 1 };

beforeAll(async () => {
  writeCsv(at('all.csv'), x);
  parts = [];
  for (let i = 0; i < SHARDS; i++) parts.push(await computeShard([at('all.csv')], i, SHARDS, { workers: 1 }));
  binary = parts.map(encodePart);
  parts.forEach((p, i) => writeFileSync(at(`p${i}.json`), JSON.stringify(p)));
  binary.forEach((b, i) => writeFileSync(at(`p${i}.bin`), b));
});

/** The merge of these part files, or the error it throws; never an output directory on failure. */
async function mergeFiles(files: string[], out: string) {
  return runMergeCommand(files.map(at), { components: 3, out: at(out), ...quiet });
}

async function refused(files: string[], pattern: RegExp, field?: string): Promise<PartMismatchError> {
  const err = await mergeFiles(files, 'never').then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PartMismatchError);
  expect((err as Error).message).toMatch(pattern);
  if (field) expect((err as PartMismatchError).field).toBe(field);
  expect(existsSync(at('never'))).toBe(false);
  return err as PartMismatchError;
}

/** Part i's binary bytes with `edit` applied, written as `name`. */
function forged(i: number, name: string, edit: (b: Uint8Array) => Uint8Array): string {
  writeFileSync(at(name), edit(binary[i].slice()));
  return name;
}

describe('binary parts', () => {
  it('hold the JSON part exactly (every bit of mean and scatter) and are about 8·d²/2 bytes', () => {
    for (let i = 0; i < SHARDS; i++) {
      expect(isBinaryPart(binary[i])).toBe(true);
      const fromBinary = readBinaryPart(binary[i], `p${i}.bin`, (k) => new Float64Array(k));
      const fromJson = readPart(parts[i], `p${i}.json`);
      expect(fromBinary.part).toEqual(fromJson.part);
      expect(fromBinary.accumulator.n).toBe(fromJson.accumulator.n);
      expect(Buffer.from(fromBinary.accumulator.mean.buffer, fromBinary.accumulator.mean.byteOffset, 48)).toEqual(Buffer.from(fromJson.accumulator.mean.buffer, fromJson.accumulator.mean.byteOffset, 48));
      expect(Array.from(fromBinary.accumulator.lower)).toEqual(Array.from(fromJson.accumulator.lower));
    }
  });

  it('merge to the model of the JSON parts and of all rows at once; JSON and binary mix in one merge', async () => {
    const whole = new PcaAccumulator().update(x).finish({ components: 3 });
    const fromBinary = await mergeFiles(['p3.bin', 'p0.bin', 'p1.bin', 'p4.bin', 'p2.bin'], 'bin');
    const fromJson = await mergeFiles(['p0.json', 'p1.json', 'p2.json', 'p3.json', 'p4.json'], 'json');
    const mixed = await mergeFiles(['p0.json', 'p1.bin', 'p2.json', 'p3.bin', 'p4.bin'], 'mixed');
    for (const r of [fromBinary, fromJson, mixed]) {
      expect(r.rows).toBe(600);
      expect(modelDifference(r.model, whole)).toBeLessThan(1e-12);
    }
    expect(modelDifference(readModel(at('mixed')), readModel(at('json')))).toBeLessThan(1e-12);
  });

  it('a shard given once as JSON and once as binary is one shard twice', async () => {
    await refused(['p0.json', 'p0.bin', 'p1.bin', 'p2.bin', 'p3.bin', 'p4.bin'], /p0\.bin is shard 0\/5 again \(already merged from .*p0\.json\)/, 'shard.index');
  });

  it('truncated anywhere: refused, naming the file and both sizes', async () => {
    const size = binary[1].length;
    for (const keep of [0, 5, 39, 60, size - 200, size - 1]) {
      const name = forged(1, `cut${keep}.bin`, (b) => b.subarray(0, keep));
      const err = await refused(['p0.bin', name, 'p2.bin', 'p3.bin', 'p4.bin'], keep < 8 ? /cut\d+\.bin: (not JSON|neither)/ : new RegExp(`cut${keep}\\.bin: truncated: ${keep} bytes`));
      expect(err.part).toMatch(new RegExp(`cut${keep}\\.bin$`));
    }
    // Bytes after the end are refused too (two parts concatenated, say).
    const longer = forged(1, 'long.bin', (b) => Buffer.concat([b, b]));
    await refused(['p0.bin', longer, 'p2.bin', 'p3.bin', 'p4.bin'], /long\.bin: \d+ bytes after the end of the part/);
  });

  it('a byte flipped anywhere after the header fields is caught by the checksum', async () => {
    const size = binary[2].length;
    for (const offset of [45, 200, size - 100, size - 2]) {
      const name = forged(2, `flip${offset}.bin`, (b) => ((b[offset] ^= 0x10), b));
      await refused(['p0.bin', 'p1.bin', name, 'p3.bin', 'p4.bin'], new RegExp(`flip${offset}\\.bin: checksum mismatch \\(CRC-32 stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\\): the file is corrupted`), 'checksum');
    }
    // In the header: the magic (then it is no part), the version, the width (then the size is wrong).
    await refused(['p0.bin', forged(2, 'magic.bin', (b) => ((b[1] = 0x4d), b)), 'p1.bin'], /magic\.bin: neither a JSON part .* its first bytes are 89 4d 6d 6c/, 'format');
    await refused(['p0.bin', forged(2, 'v2.bin', (b) => ((b[8] = 2), b)), 'p1.bin'], /v2\.bin: binary part version 2 is not supported/, 'version');
    await refused(['p0.bin', forged(2, 'flags.bin', (b) => ((b[12] = 1), b)), 'p1.bin'], /flags\.bin: binary part flags 0x1 are not supported/);
    await refused(['p0.bin', forged(2, 'd.bin', (b) => ((b[16] = 7), b)), 'p1.bin'], /d\.bin: truncated: \d+ bytes, but its header \(d = 7/);
  });

  it('a NaN with a valid checksum: refused, naming the file and the value', async () => {
    const { accumulator: json, shard, rows: _, ...envelope } = parts[3];
    const { n, d, mean, lower } = readPart(parts[3], 'p3').accumulator;
    lower[7] = NaN;
    writeFileSync(at('nan.bin'), encodePartBinary(envelope, shard, n, d, mean, lower)); // a valid container around it
    void json;
    await refused(['p0.bin', 'p1.bin', 'p2.bin', 'nan.bin', 'p4.bin'], /nan\.bin: scatter\[\d+\] is NaN/, 'accumulator.scatter');
    // The merger that met it refuses to go on (its sum holds the NaN).
    const merger = new PartMerger();
    merger.add(readFileSync(at('p0.bin')), 'p0.bin');
    expect(() => merger.add(readFileSync(at('nan.bin')), 'nan.bin')).toThrow(PartMismatchError);
    expect(() => merger.add(readFileSync(at('p1.bin')), 'p1.bin')).toThrow(/this merge stopped at nan\.bin/);
  });

  it('parts of other columns or options are refused as JSON parts are', async () => {
    const other = structuredClone(parts[1]);
    other.settings = { ...other.settings, delimiter: ';' };
    writeFileSync(at('settings.bin'), encodePart(other));
    await refused(['p0.bin', 'settings.bin'], /settings\.bin does not belong with .*p0\.bin: its settings is/, 'settings');
    // Another width: a 5-column data set's part (columns and d both differ).
    const narrow = new Matrix(120, 5, x.data.slice(0, 600));
    writeCsv(at('narrow.csv'), narrow);
    const part = await computeShard([at('narrow.csv')], 1, SHARDS, { workers: 1 });
    writeFileSync(at('narrow.bin'), encodePart(part));
    await refused(['p0.bin', 'narrow.bin'], /narrow\.bin does not belong with .*p0\.bin: its inputs is/, 'inputs');
    // Same files, another width declared in the header only: its size no longer matches.
    await refused(['p0.json', forged(1, 'd5.bin', (b) => ((b[16] = 5), b))], /d5\.bin: truncated|d5\.bin: \d+ bytes after the end/);
  });

  it('a directory, a missing file, zero parts', async () => {
    mkdirSync(at('adir.bin'), { recursive: true });
    await expect(mergeFiles(['p0.bin', 'adir.bin'], 'never')).rejects.toThrow(FileError);
    await expect(mergeFiles(['p0.bin', 'adir.bin'], 'never')).rejects.toThrow(/cannot read .*adir\.bin: is a directory/);
    await expect(mergeFiles(['p0.bin', 'gone.bin'], 'never')).rejects.toThrow(/gone\.bin: no such file/);
    await expect(mergeFiles([], 'never')).rejects.toThrow(/no parts to merge/);
    expect(existsSync(at('never'))).toBe(false);
  });

  it('by the command: --emit part.bin writes a binary part whole (no temporary left), merge reads it', () => {
    const emitted = cli(['pca', 'all.csv', '--shard', '2/5', '--emit', 'cli2.bin', '--workers', '1'], dir);
    expect(emitted.status).toBe(0);
    const scratch = (k: number) => new Float64Array(k);
    const fromCli = readBinaryPart(readFileSync(at('cli2.bin')), 'cli2.bin', scratch);
    const fromApi = readBinaryPart(binary[2], 'p2.bin', scratch);
    expect(fromCli.part).toEqual(fromApi.part);
    // The command's backend may differ from this test's (native against ts): equal to rounding.
    fromCli.accumulator.lower.forEach((v, p) => expect(Math.abs(v - fromApi.accumulator.lower[p])).toBeLessThan(1e-12 * Math.abs(fromApi.accumulator.lower[0])));
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const merged = cli(['merge', 'p0.bin', 'p1.json', 'cli2.bin', 'p3.bin', 'p4.json', '-k', '3', '--out', 'cli-model'], dir);
    expect(merged.stderr).toBe('');
    expect(merged.status).toBe(0);
    expect(modelDifference(readModel(at('cli-model')), readModel(at('json')))).toBeLessThan(1e-12);
  });
});

describe('grouped merge (PackedScatterSum)', () => {
  it("is as accurate as Chan's pairwise merge, data far from the origin included", () => {
    const rng = new Rng(5);
    const d = 7;
    const columns = Array.from({ length: d }, (_, j) => `c${j}`);
    const packed = (acc: PcaAccumulator) => readPart({ ...parts[0], rows: acc.count, data: { ...parts[0].data, columns }, accumulator: acc.toJSON() }, 'p').accumulator;
    for (const offset of [0, 1e8]) {
      const pairwise = new PcaAccumulator(d);
      const sum = new PackedScatterSum();
      const all: Float64Array[] = [];
      for (let part = 0; part < 75; part++) {
        const m = 1 + (part % 9);
        const data = Float64Array.from({ length: m * d }, (_, k) => offset + (k % d) * 3 + rng.normal() * (1 + part / 10));
        for (let i = 0; i < m; i++) all.push(data.slice(i * d, (i + 1) * d));
        const acc = new PcaAccumulator(d).update(new Matrix(m, d, data));
        pairwise.merge(acc);
        const p = packed(acc);
        expect(sum.add(p.n, p.mean, p.lower)).toBe(true);
      }
      sum.settle();
      // Reference: two passes over all rows, the offset (exact in binary) taken off first.
      const mu = new Float64Array(d);
      for (const r of all) for (let j = 0; j < d; j++) mu[j] += (r[j] - offset) / all.length;
      const ref: number[] = [];
      for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) ref.push(all.reduce((s, r) => s + (r[i] - offset - mu[i]) * (r[j] - offset - mu[j]), 0));
      const scale = Math.max(...ref.map(Math.abs));
      const chan = packed(pairwise).lower;
      const errOf = (lower: Float64Array) => Math.max(...ref.map((v, p) => Math.abs(lower[p] - v))) / scale;
      expect(sum.n).toBe(pairwise.count);
      for (let j = 0; j < d; j++) expect(Math.abs(sum.mean[j] - offset - mu[j])).toBeLessThanOrEqual(1e-14 * (offset + 20));
      // At 1e8 ± 10 the rows' own rounding (ulp 1.5e-8) leaves ~4e-10 for both ways (a textbook
      // Σxxᵀ − nμμᵀ would keep no digit); at 0, ~1e-15.
      expect(errOf(sum.lower)).toBeLessThanOrEqual(Math.max(3 * errOf(chan), 1e-14));
      expect(errOf(sum.lower)).toBeLessThan(offset ? 2e-9 : 1e-14);
    }
  });
});

describe('crc32', () => {
  it("is zlib's CRC-32, native and portable alike", () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 131 + 7) & 0xff);
    expect(crc32Portable(new TextEncoder().encode('123456789'))).toBe(0xcbf43926); // the CRC-32 check value
    expect(crc32Portable(bytes)).toBe(crc32(bytes));
    expect(crc32Portable(bytes.subarray(300), crc32Portable(bytes.subarray(0, 300)))).toBe(crc32(bytes));
    const zcrc = (zlib as { crc32?: (b: Uint8Array) => number }).crc32;
    if (zcrc) expect(crc32(bytes)).toBe(zcrc(bytes) >>> 0);
  });
});

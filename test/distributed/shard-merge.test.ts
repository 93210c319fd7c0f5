/**
 * `mmlkit pca FILE... --shard i/n --emit part.json` and `mmlkit merge`: shards of several files
 * merge to the model a local run of one file gives (1e-12), the xargs recipe of the README runs
 * as written, parts that do not belong together are refused with PartMismatchError, bad data in
 * a shard that starts mid-file is located at file:line:column, and a failed shard writes no part.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Matrix, writeNpy } from '../../src/entry/node.js';
import { PartMismatchError } from '../../src/errors.js';
import { PartMerger, readPart } from '../../src/distributed/part.js';
import { computeShard } from '../../src/distributed/shard.js';
import { cli, dataset, main, modelDifference, readModel, writeCsv } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mmlkit-shard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (args: string[]) => cli(args, dir);

const x = dataset(3000, 8);

beforeAll(() => {
  writeCsv(join(dir, 'all.csv'), x);
  // The same rows in three files of unequal size.
  writeCsv(join(dir, 'a.csv'), x, 0, 700);
  writeCsv(join(dir, 'b.csv'), x, 700, 2500);
  writeCsv(join(dir, 'c.csv'), x, 2500, 3000);
  writeNpy(join(dir, 'all.npy'), x);
  writeNpy(join(dir, 'a.npy'), new Matrix(1000, 8, x.data.slice(0, 8000)));
  writeNpy(join(dir, 'b.npy'), new Matrix(2000, 8, x.data.slice(8000)));
  const local = run(['pca', 'all.csv', '-k', '4', '--out', 'local']);
  expect(local.stderr).toBe('');
  expect(local.status).toBe(0);
});

function shardAll(files: string[], n: number, prefix: string, extra: string[] = []): string[] {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const part = `${prefix}-${i}.json`;
    const r = run(['pca', ...files, '--shard', `${i}/${n}`, '--emit', part, ...extra]);
    expect(r.stderr).toMatch(new RegExp(`shard ${i}/${n}: \\d+ rows × \\d+ columns`));
    expect(r.status).toBe(0);
    parts.push(part);
  }
  return parts;
}

describe('shard and merge', () => {
  it('seven shards of three CSV files merge to the local model of the one file (1e-12)', () => {
    const parts = shardAll(['a.csv', 'b.csv', 'c.csv'], 7, 'csv7', ['--workers', '2']);
    const rows = parts.map((p) => JSON.parse(readFileSync(join(dir, p), 'utf8')).rows as number);
    expect(rows.reduce((s, r) => s + r, 0)).toBe(3000); // every row once
    const m = run(['merge', ...parts.reverse(), '-k', '4', '--out', 'merged7']); // any order
    expect(m.status).toBe(0);
    expect(m.stdout).toMatch(/3000 rows × 8 columns of 3 files/);
    expect(readdirSync(join(dir, 'merged7')).sort()).toEqual(['components.csv', 'explained_variance.csv', 'model.json']);
    expect(modelDifference(readModel(join(dir, 'merged7')), readModel(join(dir, 'local')))).toBeLessThan(1e-12);
    expect(readFileSync(join(dir, 'merged7/components.csv'), 'utf8').split('\n')[0]).toBe(readFileSync(join(dir, 'local/components.csv'), 'utf8').split('\n')[0]);
  });

  it('.npy files shard by rows; more shards than some files hold is fine', () => {
    const parts = shardAll(['a.npy', 'b.npy'], 3, 'npy3', ['--workers', '1']);
    expect(run(['merge', ...parts, '-k', '4', '--out', 'mergednpy']).status).toBe(0);
    expect(run(['pca', 'all.npy', '-k', '4', '--out', 'localnpy']).status).toBe(0);
    expect(modelDifference(readModel(join(dir, 'mergednpy')), readModel(join(dir, 'localnpy')))).toBeLessThan(1e-12);
  });

  it('several files without --shard are one data set in this process', () => {
    const r = run(['pca', 'a.csv', 'b.csv', 'c.csv', '-k', '4', '--out', 'three']);
    expect(r.status).toBe(0);
    expect(modelDifference(readModel(join(dir, 'three')), readModel(join(dir, 'local')))).toBeLessThan(1e-12);
    const tooMany = run(['pca', 'a.csv', 'b.csv', '-k', '9', '--out', 'never']);
    expect(tooMany.status).not.toBe(0);
    expect(tooMany.stderr).toMatch(/components.*at most the 8 columns read from 2 files/); // from the heads, before any row
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('64 parts merged on 2 threads equal the local model; a shard in both threads\' groups is refused', async () => {
    const files = ['a.csv', 'b.csv', 'c.csv'].map((f) => join(dir, f));
    for (let i = 0; i < 64; i++) {
      const part = await computeShard(files, i, 64, { workers: 1 });
      writeFileSync(join(dir, `t64-${String(i).padStart(2, '0')}.json`), JSON.stringify(part));
    }
    const parts = Array.from({ length: 64 }, (_, i) => `t64-${String(i).padStart(2, '0')}.json`);
    const r = run(['merge', ...parts, '-k', '4', '--out', 'threads2', '--threads', '2']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(modelDifference(readModel(join(dir, 'threads2')), readModel(join(dir, 'local')))).toBeLessThan(1e-12);
    const twice = run(['merge', ...parts.slice(0, 63), 't64-00.json', '-k', '4', '--out', 'refused', '--threads', '2']);
    expect(twice.stderr).toMatch(/t64-00\.json is shard 0\/64 again \(already merged from t64-00\.json\)/);
    expect(twice.stderr).toMatch(/shard 0\/64 again/);
    expect(twice.status).toBe(1);
  });

  it("the README's xargs -P recipe runs as written", () => {
    const script = [
      'set -e',
      'n=6',
      `seq 0 $((n - 1)) | xargs -P 3 -I{} node ${main} pca a.csv b.csv c.csv --shard {}/$n --emit parts/part-{}.json --workers 1`,
      `node ${main} merge parts/part-*.json -k 4 --out xargs-model`,
    ].join('\n');
    rmSync(join(dir, 'parts'), { recursive: true, force: true });
    spawnSync('mkdir', ['-p', join(dir, 'parts')]);
    const r = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(join(dir, 'parts')).filter((f) => f.endsWith('.json'))).toHaveLength(6);
    expect(modelDifference(readModel(join(dir, 'xargs-model')), readModel(join(dir, 'local')))).toBeLessThan(1e-12);
  });
});

describe('parts that do not belong together are refused', () => {
  let good: string[] = [];
  beforeAll(() => {
    good = shardAll(['a.csv', 'b.csv', 'c.csv'], 3, 'ok3', ['--workers', '1']);
  });
  const text = (p: string) => readFileSync(join(dir, p), 'utf8');
  const mutate = (p: string, name: string, f: (o: Record<string, any>) => void) => {
    const o = JSON.parse(text(p));
    f(o);
    writeFileSync(join(dir, name), JSON.stringify(o));
    return name;
  };

  it('by the command: missing and duplicate shards, other inputs, columns, options, versions', () => {
    const cases: [string[], RegExp][] = [
      [[good[0], good[2]], /shards missing: 1 of 3/],
      [[...good, good[1]], /is shard 1\/3 again \(already merged from ok3-1\.json\)/],
      [[good[0], good[1], mutate(good[2], 'other-input.json', (o) => (o.inputs[1].size += 1))], /other-input\.json does not belong with ok3-0\.json: its inputs is/],
      [[good[0], good[1], mutate(good[2], 'other-count.json', (o) => (o.shard = { index: 2, count: 4 }))], /its shard\.count is 4, not 3/],
      [[good[0], good[1], mutate(good[2], 'other-settings.json', (o) => (o.settings.header = true))], /its settings is/],
      [[good[0], good[1], mutate(good[2], 'v2.json', (o) => (o.version = 2))], /v2\.json: part format version 2 is not supported/],
      [[good[0], good[1], mutate(good[2], 'acc.json', (o) => (o.accumulator.d = 7))], /acc\.json: .*mean holds 8 numbers; d = 7 needs 7/],
      [[good[0], 'local/model.json'], /local\/model\.json: format must be "mmlkit-pca-part"/],
    ];
    for (const [parts, message] of cases) {
      const r = run(['merge', ...parts, '-k', '2', '--out', 'refused']);
      expect(r.stderr).toMatch(message);
      expect(r.status).toBe(1);
      expect(existsSync(join(dir, 'refused'))).toBe(false);
    }
  });

  it('other columns: a part of a 3-column subset', () => {
    expect(run(['pca', 'a.csv', 'b.csv', 'c.csv', '--shard', '2/3', '--emit', 'sub3-2.json', '--columns', 'f0,f1,f2']).status).toBe(0);
    const r = run(['merge', good[0], good[1], 'sub3-2.json', '-k', '2', '--out', 'refused']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/sub3-2\.json does not belong with ok3-0\.json: its data is/);
  });

  it('by the library: PartMismatchError with the field, and a duplicate skipped when asked', () => {
    const m = new PartMerger();
    expect(m.add(text(good[0]), good[0])).toBe(true);
    expect(m.add(text(good[0]), 'again', 'skip')).toBe(false);
    try {
      m.add(text(good[0]), 'again');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PartMismatchError);
      expect((e as PartMismatchError).field).toBe('shard.index');
      expect((e as PartMismatchError).part).toBe('again');
    }
    expect(m.missing()).toEqual([1, 2]);
    expect(() => readPart('{"format":', 'broken.json')).toThrow(PartMismatchError);
  });
});

describe('shard errors', () => {
  it('a bad cell in a shard that starts mid-file is at its file:line:column; no part is written', () => {
    const lines = readFileSync(join(dir, 'b.csv'), 'utf8').split('\n');
    lines[1500] = lines[1500].replace(/,[^,]*$/, ',oops'); // line 1501, the last field
    writeFileSync(join(dir, 'bad.csv'), lines.join('\n'));
    const column = lines[1500].lastIndexOf(',') + 2;
    // Shard 2 of 3 covers the end of bad.csv (a.csv's 700 rows come first).
    const outcomes = [0, 1, 2].map((i) => run(['pca', 'a.csv', 'bad.csv', '--shard', `${i}/3`, '--emit', `bad-${i}.json`, '--workers', '2']));
    const failed = outcomes.filter((r) => r.status !== 0);
    expect(failed).toHaveLength(1);
    expect(failed[0].status).toBe(1);
    expect(failed[0].stderr).toContain(`bad.csv:1501:${column}:`);
    expect(readdirSync(dir).filter((f) => f.startsWith('bad-'))).toHaveLength(2);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('usage: --shard needs --emit; -k and --method randomized do not go with --shard; files of other columns', () => {
    expect(run(['pca', 'a.csv', '--shard', '0/2']).stderr).toMatch(/--shard i\/n and --emit part\.json go together/);
    expect(run(['pca', 'a.csv', '--shard', '0/2', '--emit', 'p.json', '-k', '2']).stderr).toMatch(/-k is not used with --shard/);
    expect(run(['pca', 'a.csv', '--shard', '0/2', '--emit', 'p.json', '--method', 'randomized']).stderr).toMatch(/randomized method's parts need the pass's state: start with --method randomized -k K --emit-state/);
    expect(run(['pca', 'a.csv', '--shard', '2/2', '--emit', 'p.json']).stderr).toMatch(/expected i\/n with 0 ≤ i < n/);
    expect(run(['pca', 'a.csv']).stderr).toMatch(/required option '-k/);
    writeFileSync(join(dir, 'narrow.csv'), 'f0,f1\n1,2\n3,4\n');
    const r = run(['pca', 'a.csv', 'narrow.csv', '--shard', '0/2', '--emit', 'p.json']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/narrow\.csv does not hold the same columns as a\.csv/);
    expect(existsSync(join(dir, 'p.json'))).toBe(false);
  });
});

/**
 * `mmlkit pca` end to end: the built CLI (dist/src/cli/main.js, so the worker file is the
 * compiled one users run) on small files, checked against the library's pca().
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Matrix, readCsv, readNpy, writeNpy } from '../../src/entry/node.js';
import { pca } from '../../src/pca/pca.js';
import { PcaModel } from '../../src/pca/model.js';
import { Rng } from '../../src/random.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const main = join(root, 'dist/src/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'mmlkit-cli-pca-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]) {
  return spawnSync(process.execPath, [main, ...args], { cwd: dir, encoding: 'utf8' });
}

/** n rows of 6 correlated features (3 latent directions + noise) and a class label. */
function dataset(n: number, seed = 7): { x: Matrix; labels: string[] } {
  const rng = new Rng(seed);
  const x = new Matrix(n, 6);
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    const cls = i % 3;
    const a = rng.normal() * 5 + cls * 4;
    const b = rng.normal() * 2;
    const c = rng.normal();
    const row = [a + b, a - b + 100, 2 * a + c, b - c, c + 0.1 * rng.normal(), a + 0.5 * rng.normal()];
    row.forEach((v, j) => (x.data[i * 6 + j] = v));
    labels.push(['setosa', 'versicolor', 'virginica'][cls]);
  }
  return { x, labels };
}

function csvText(x: Matrix, labels?: string[]): string {
  const lines = [['f0', 'f1', 'f2', 'f3', 'f4', 'f5', ...(labels ? ['species'] : [])].join(',')];
  for (let i = 0; i < x.rows; i++) lines.push([...x.data.subarray(i * x.cols, (i + 1) * x.cols)].map(String).concat(labels ? [labels[i]] : []).join(','));
  return lines.join('\n') + '\n';
}

const { x, labels } = dataset(2000);
const csvPath = join(dir, 'iris-like.csv');
const npyPath = join(dir, 'iris-like.npy');

beforeAll(() => {
  writeFileSync(csvPath, csvText(x, labels));
  writeNpy(npyPath, x);
});

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  expect(worst).toBeLessThanOrEqual(tol);
}

function readModel(out: string): PcaModel {
  return PcaModel.fromJSON(JSON.parse(readFileSync(join(dir, out, 'model.json'), 'utf8')));
}

describe('mmlkit pca on CSV', () => {
  it('writes every output, agreeing with pca() on the same data', () => {
    const r = cli(['pca', csvPath, '-k', '3', '--out', 'out1', '--label-column', 'species', '--plot', '--transform', 'csv', '--workers', '2']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/2000 rows × 6 columns/);
    expect(r.stdout).toMatch(/2 workers/);
    const files = readdirSync(join(dir, 'out1')).sort();
    expect(files).toEqual(['components.csv', 'explained_variance.csv', 'model.json', 'projections.csv', 'scatter.svg', 'scree.svg']);

    const ref = pca(x, { components: 3 });
    const model = readModel('out1');
    expectClose(model.mean, ref.mean, 1e-12);
    expectClose(model.components.data, ref.components.data, 1e-9);
    expectClose(model.explainedVariance, ref.explainedVariance, 1e-10);
    expectClose(model.explainedVarianceRatio, ref.explainedVarianceRatio, 1e-10);

    const comps = readCsv(join(dir, 'out1/components.csv'));
    expect(comps.header).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5']);
    expectClose(comps.data.data, ref.components.data, 1e-9);

    const ev = readCsv(join(dir, 'out1/explained_variance.csv'));
    expect(ev.header).toEqual(['component', 'variance', 'ratio', 'cumulative']);
    expect(ev.data.toArray().map((row) => row[0])).toEqual([1, 2, 3]);
    expectClose(ev.data.toArray().map((row) => row[1]), ref.explainedVariance, 1e-10);
    const cum = ev.data.toArray().map((row) => row[3]);
    expect(cum[2]).toBeCloseTo(ref.explainedVarianceRatio.reduce((s, v) => s + v, 0), 12);

    const proj = readCsv(join(dir, 'out1/projections.csv'), { labelColumn: 'species' });
    expect(proj.columns).toEqual(['pc1', 'pc2', 'pc3']);
    expect(proj.labels).toEqual(labels);
    expectClose(proj.data.data, ref.transform(x).data, 1e-9);

    const scatter = readFileSync(join(dir, 'out1/scatter.svg'), 'utf8');
    for (const name of ['setosa', 'versicolor', 'virginica']) expect(scatter).toContain(`>${name}</text>`);
    expect(scatter.match(/<circle /g)!.length).toBe(2000 + 3); // points + legend markers
    const scree = readFileSync(join(dir, 'out1/scree.svg'), 'utf8');
    expect(scree.match(/<rect x=/g)!.length).toBeGreaterThanOrEqual(3);
    expect(scree).toContain('cumulative');
  });

  it('--workers 1 and --workers 2 agree to 1e-10', () => {
    expect(cli(['pca', csvPath, '-k', '4', '--out', 'w1', '--workers', '1', '--label-column', 'species', '--transform']).status).toBe(0);
    expect(cli(['pca', csvPath, '-k', '4', '--out', 'w2', '--workers', '2', '--label-column', 'species', '--transform', '--chunk-rows', '64']).status).toBe(0);
    const [a, b] = [readModel('w1'), readModel('w2')];
    expectClose(a.mean, b.mean, 1e-10);
    expectClose(a.components.data, b.components.data, 1e-10);
    expectClose(a.explainedVariance, b.explainedVariance, 1e-10);
    const [pa, pb] = [readNpy(join(dir, 'w1/projections.npy')), readNpy(join(dir, 'w2/projections.npy'))];
    expect(pa.shape).toEqual([2000, 4]);
    expectClose(pa.data, pb.data, 1e-10);
  });

  it('selects columns by name and index range, and a variance fraction for -k', () => {
    const r = cli(['pca', csvPath, '-k', '0.9', '--out', 'cols', '--columns', 'f0,1-3', '--workers', '2']);
    expect(r.status).toBe(0);
    const sub = new Matrix(2000, 4);
    for (let i = 0; i < 2000; i++) for (let j = 0; j < 4; j++) sub.data[i * 4 + j] = x.data[i * 6 + j];
    const ref = pca(sub, { components: 0.9 });
    const model = readModel('cols');
    expect(model.nComponents).toBe(ref.nComponents);
    expectClose(model.explainedVariance, ref.explainedVariance, 1e-10);
    expect(readCsv(join(dir, 'cols/components.csv')).header).toEqual(['f0', 'f1', 'f2', 'f3']);
  });

  it('a rerun into the same directory replaces the outputs as a whole; other files in it are refused, not deleted', () => {
    expect(cli(['pca', csvPath, '-k', '2', '--out', 'rerun', '--transform', 'csv', '--plot', '--label-column', 'species']).stderr).toBe('');
    writeFileSync(join(dir, 'rerun/notes.txt'), 'mine');
    const refused = cli(['pca', csvPath, '-k', '3', '--out', 'rerun', '--label-column', 'species']);
    expect(refused.stderr).toMatch(/--out rerun holds files mmlkit did not write \(notes\.txt\)/);
    expect(refused.status).toBe(1);
    expect(readModel('rerun').nComponents).toBe(2);
    rmSync(join(dir, 'rerun/notes.txt'));
    expect(cli(['pca', csvPath, '-k', '3', '--out', 'rerun', '--label-column', 'species']).stderr).toBe('');
    expect(readdirSync(join(dir, 'rerun')).sort()).toEqual(['components.csv', 'explained_variance.csv', 'model.json']);
    expect(readModel('rerun').nComponents).toBe(3);
    expect(readdirSync(dir).filter((f) => f.startsWith('.rerun'))).toEqual([]);
  });

  it('reads TSV', () => {
    const tsv = join(dir, 'data.tsv');
    writeFileSync(tsv, csvText(x).replace(/,/g, '\t'));
    expect(cli(['pca', tsv, '-k', '2', '--out', 'tsv']).status).toBe(0);
    expectClose(readModel('tsv').explainedVariance, pca(x, { components: 2 }).explainedVariance, 1e-10);
  });
});

describe('mmlkit pca on .npy', () => {
  it('agrees with pca() and with the CSV run', () => {
    const r = cli(['pca', npyPath, '-k', '3', '--out', 'npy', '--transform', 'npy', '--plot', '--workers', '2']);
    expect(r.status).toBe(0);
    const ref = pca(x, { components: 3 });
    const model = readModel('npy');
    expectClose(model.components.data, ref.components.data, 1e-9);
    expectClose(readNpy(join(dir, 'npy/projections.npy')).data, ref.transform(x).data, 1e-9);
    expect(readdirSync(join(dir, 'npy'))).toContain('scatter.svg');
  });
});

describe('bad input: exit 1, file:line:column, no output', () => {
  function expectBad(path: string, args: string[], where: RegExp): void {
    const out = `bad-${Math.random().toString(36).slice(2)}`;
    const r = cli(['pca', path, '-k', '2', '--out', out, ...args]);
    expect(r.stderr).toMatch(where);
    expect(r.status).toBe(1);
    expect(existsSync(join(dir, out))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes(out))).toEqual([]);
  }

  it('a garbage cell in the first range', () => {
    const text = csvText(x).split('\n');
    text[5] = text[5].replace(/^[^,]*/, '1.2.3');
    const bad = join(dir, 'bad1.csv');
    writeFileSync(bad, text.join('\n'));
    for (const w of ['1', '2']) expectBad(bad, ['--workers', w, '--transform', '--plot'], new RegExp(`^mmlkit: ${bad}:6:1: not a number in field 1: "1\\.2\\.3"`));
  });

  it('a bad cell deep in the second range is located exactly', () => {
    const text = csvText(x).split('\n');
    const cells = text[1900].split(',');
    cells[3] = 'NaN';
    text[1900] = cells.join(',');
    const bad = join(dir, 'bad2.csv');
    writeFileSync(bad, text.join('\n'));
    const column = cells.slice(0, 3).join(',').length + 2;
    for (const w of ['1', '2']) expectBad(bad, ['--workers', w, '--chunk-rows', '100'], new RegExp(`${bad}:1901:${column}: non-finite value "NaN" in field 4`));
  });

  it('a ragged line, an empty file, a missing file, a Fortran-order npy', () => {
    const ragged = join(dir, 'ragged.csv');
    writeFileSync(ragged, 'a,b,c\n1,2,3\n4,5\n');
    expectBad(ragged, [], new RegExp(`${ragged}:3:4: line has 2 fields; expected 3`));
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    expectBad(empty, [], /empty\.csv:1:1: no data/);
    const header = join(dir, 'header-only.csv');
    writeFileSync(header, 'a,b\n');
    expectBad(header, [], /header-only\.csv:2:1: no data rows/);
    expectBad(join(dir, 'nope.csv'), [], /cannot read .*nope\.csv/);
    expectBad(join(root, 'test/fixtures/npy/fortran.npy'), [], /fortran\.npy:1:\d+: Fortran-order/);
  });

  it('an unknown column name', () => {
    expectBad(csvPath, ['--columns', 'f0,petal'], /option 'columns' must be .*got "petal"/);
  });

  it('more components than features', () => {
    expectBad(csvPath, ['-k', '7', '--label-column', 'species'], /option 'components' must be at most .* 6.*got 7/);
  });
});

describe('usage errors exit 2', () => {
  it.each([
    [['pca', 'x.csv']], // no -k
    [['pca', 'x.csv', '-k', '0']],
    [['pca', 'x.csv', '-k', '1.5']],
    [['pca', 'x.csv', '-k', 'ten']],
    [['pca', '-k', '2']],
    [['pca', 'x.csv', '-k', '2', '--workers', '0']],
    [['pca', 'x.csv', '-k', '2', '--transform', 'parquet']],
    [['pca', 'x.csv', '-k', '2', '--backend', 'gpu']],
    [['pca', 'x.csv', '-k', '2', '--header', 'maybe']],
    [['pca', 'x.csv', '-k', '2', '--frobnicate']],
  ])('%j', (args) => {
    const r = cli(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/error:/);
  });
});

it('makes the parent of --out when needed', () => {
  mkdirSync(join(dir, 'deep'), { recursive: true });
  expect(cli(['pca', csvPath, '-k', '2', '--out', 'deep/er/out', '--columns', '0-5']).stderr).toBe('');
  expect(existsSync(join(dir, 'deep/er/out/model.json'))).toBe(true);
});

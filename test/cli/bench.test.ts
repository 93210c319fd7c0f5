/**
 * `mmlkit bench` end to end through the built CLI (dist/src/cli/main.js) at tiny sizes: the
 * decomposition workloads write the JSON shape the README and the lead's scripts read, the
 * numpy rows are there (with the OpenBLAS kernel) when python3 and numpy are, and the
 * interleaved mode writes its ratios. No timing is asserted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as mmlkit from '../../src/entry/node.js';
import { backends } from '../../src/entry/node.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const main = join(root, 'dist/src/cli/main.js');
const out = mkdtempSync(join(tmpdir(), 'mmlkit-cli-bench-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
const hasScipy = hasNumpy && spawnSync('python3', ['-c', 'import scipy.linalg'], { encoding: 'utf8' }).status === 0;
const available = backends().filter((b) => b.available).map((b) => b.name);
const exported = (fn: string) => typeof (mmlkit as unknown as Record<string, unknown>)[fn] === 'function';

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [main, 'bench', ...args, '--out', out], { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
}

interface Row {
  size: string;
  impl: string;
  medianMs: number | null;
  bestMs: number | null;
  samples: number;
  gflops: number | null;
  kernel?: string;
  note?: string;
}

const DECOMPS = ['lu', 'solve', 'inv', 'det', 'qr', 'svd', 'eigh', 'cholesky'];

describe('mmlkit bench (decompositions, n = 8)', () => {
  const run = cli([...DECOMPS, '--sizes', '8', '--time', '5']);

  it('exits cleanly and prints one table per workload', () => {
    expect(run.status, run.stderr).toBe(0);
    for (const w of DECOMPS) expect(run.stdout).toContain(`\n${w}\n`);
  });

  it.each(DECOMPS)('%s writes rows for every backend, ml-matrix and both numpy variants', (w) => {
    const doc = JSON.parse(readFileSync(join(out, `${w}.json`), 'utf8'));
    expect(doc.workload).toBe(w);
    expect(typeof doc.date).toBe('string');
    expect(doc.machine.cores).toBeGreaterThan(0);
    expect(Array.isArray(doc.notes)).toBe(true);
    const rows = doc.rows as Row[];
    for (const r of rows) {
      expect(r.size).toBe('n=8');
      expect(r.medianMs === null || (typeof r.medianMs === 'number' && r.medianMs >= 0)).toBe(true);
      if (r.medianMs === null) expect(r.note).toMatch(/skipped/);
    }
    const fn = w;
    for (const b of available) {
      const r = rows.find((x) => x.impl === b);
      expect(r, `${w} ${b}`).toBeDefined();
      if (exported(fn)) expect(r!.medianMs).not.toBeNull();
      else expect(r!.note).toMatch(/not exported/);
    }
    expect(rows.some((r) => r.impl === 'ml-matrix' && r.medianMs !== null)).toBe(true);
    if (!hasNumpy) return;
    for (const v of ['numpy', 'numpy-env']) {
      const r = rows.find((x) => x.impl === v);
      expect(r, `${w} ${v}`).toBeDefined();
      if (w === 'lu' && !hasScipy) continue;
      expect(r!.medianMs).not.toBeNull();
      expect(r!.kernel).toMatch(/\w/);
    }
    expect(doc.openblas.method).toMatch(/corename/);
    expect(doc.openblas.numpy.libs[0].corename).toMatch(/\w/);
  });

  it('states which OpenBLAS kernel numpy used in the table header', () => {
    if (!hasNumpy) return;
    expect(run.stdout).toMatch(/numpy \(OPENBLAS_CORETYPE\/OPENBLAS_L2_SIZE removed\): numpy [\d.]+, OpenBLAS kernel \w+/);
    expect(run.stdout).toMatch(/numpy-env \(environment as set\)/);
  });
});

describe('numpy variants', () => {
  it('removes the OpenBLAS pinning variables from the numpy worker only, and reads the kernel each ran', () => {
    if (!hasNumpy) return;
    // Sandybridge: a kernel OpenBLAS honours on any x86-64 and never picks itself on a modern CPU.
    const r = spawnSync(process.execPath, [main, 'bench', 'det', '--sizes', '8', '--only', 'numpy,numpy-env', '--time', '5', '--out', join(out, 'env')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, OPENBLAS_CORETYPE: 'Sandybridge', OPENBLAS_L2_SIZE: '1048576' },
    });
    expect(r.status, r.stderr).toBe(0);
    const { openblas } = JSON.parse(readFileSync(join(out, 'env', 'det.json'), 'utf8'));
    expect(openblas['numpy-env'].env).toEqual({ OPENBLAS_CORETYPE: 'Sandybridge', OPENBLAS_L2_SIZE: '1048576' });
    expect(openblas['numpy-env'].libs[0].corename).toBe('Sandybridge');
    expect(openblas.numpy.env).toEqual({});
    if (process.arch === 'x64') expect(openblas.numpy.libs[0].corename).not.toBe('Sandybridge');
  });
});

describe('mmlkit bench --interleave', () => {
  it('alternates the sides and writes best, median and the ratios', () => {
    const r = cli(['det', '--interleave', '3', '--sizes', '8', '--gap', '0']);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(out, 'det-interleaved.json'), 'utf8'));
    expect(doc.mode).toBe('interleaved');
    expect(doc.rounds).toBe(3);
    expect(doc.gapMs).toBe(0);
    expect(doc.sides).toEqual(['native', 'numpy']);
    const res = doc.results[0];
    expect(res.n).toBe(8);
    if (!available.includes('native')) return;
    expect(res.sides.native.ms).toHaveLength(3);
    expect(res.sides.native.bestMs).toBeLessThanOrEqual(res.sides.native.medianMs);
    if (!hasNumpy) return;
    expect(res.sides.numpy.ms).toHaveLength(3);
    expect(typeof res.ratios.native.best).toBe('number');
    expect(typeof res.ratios.native.median).toBe('number');
    expect(r.stdout).toContain('best/numpy');
  });

  it('with wasm as a side: counts the timed calls wasm ran on one thread (here all: MMLKIT_WASM_THREADS=0)', () => {
    if (!available.includes('wasm')) return;
    const r = cli(['det', '--interleave', '2', '--sizes', '8', '--gap', '0', '--only', 'wasm,ts'], { MMLKIT_WASM_THREADS: '0' });
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(out, 'det-interleaved.json'), 'utf8'));
    expect(doc.results[0].sides.wasm.oneThreadCalls).toBe(2);
    expect(doc.results[0].sides.ts.oneThreadCalls).toBeUndefined();
    expect(r.stdout).toContain('wasm ran 2 of its 2 timed calls on one thread');
  });

  it('refuses a workload without an interleaved mode', () => {
    const r = cli(['pca', '--interleave', '2']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/no interleaved mode for pca/);
  });

  it('refuses an unknown workload', () => {
    const r = cli(['nope', '--interleave', '2']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/unknown workload nope/);
  });
});

describe('mmlkit bench pca-wide (40 × 2000)', () => {
  const sklearnPython = process.env.MMLKIT_SKLEARN_PYTHON ?? '/usr/bin/python3';
  const hasSklearn = spawnSync(sklearnPython, ['-c', 'import sklearn'], { encoding: 'utf8' }).status === 0;

  it('times pca() on the backends beside scikit-learn auto (a row, or a skip saying why)', () => {
    const r = cli(['pca-wide', '--sizes', '40', '--time', '5', '--only', 'ts,native-exact,sklearn-auto']);
    expect(r.status, r.stderr).toBe(0);
    const rows = JSON.parse(readFileSync(join(out, 'pca-wide.json'), 'utf8')).rows as Row[];
    expect(rows.every((row) => row.size === '40×2000, k=10')).toBe(true);
    expect(rows.find((row) => row.impl === 'ts')?.medianMs).not.toBeNull();
    if (available.includes('native')) expect(rows.find((row) => row.impl === 'native-exact')?.medianMs).not.toBeNull();
    const sk = rows.find((row) => row.impl === 'sklearn-auto');
    expect(sk).toBeDefined();
    if (hasSklearn) expect(sk!.medianMs).not.toBeNull();
    else expect(sk!.note).toMatch(/skipped/);
  });
});

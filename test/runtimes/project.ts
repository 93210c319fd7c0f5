/**
 * What the runtime tests share: a throw-away consumer project that depends on this repo as
 * `mmlkit` (node_modules/mmlkit is a symlink to the repo root, so imports go through the
 * exports map of package.json and land in the built dist/), and one probe module that every
 * runtime runs, so every runtime is held to the same numbers.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { A4, A4_VALUES, A4_VECTORS } from '../fixtures/eigh-a4.js';
import { IN_CI } from '../helpers/ci.js';
import { expectClose } from '../helpers/close.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export { IN_CI };

/**
 * The probe, plain JavaScript so every runtime loads it as is. `probe(names)` runs, on each
 * named backend that is available, a small matmul, a 37×53 · 53×29 one (sizes that straddle
 * the kernels' blocks; entries are multiples of 1/4, so every partial sum is exact and any
 * summation order gives the same bits) and eigh of A4, and records which backend really ran.
 */
export const PROBE_JS = `
import { backends, eigh, lastDispatch, matmul, withBackend } from 'mmlkit';

const A4 = ${JSON.stringify(A4)};

function quarters(rows, cols, seed) {
  const out = [];
  for (let i = 0; i < rows; i++) {
    const row = [];
    for (let j = 0; j < cols; j++) row.push((((i * 7 + j * 3 + seed) % 11) - 5) / 4);
    out.push(row);
  }
  return out;
}

export function probe(names) {
  const status = backends();
  const results = {};
  for (const name of names) {
    if (!status.find((b) => b.name === name)?.available) continue;
    results[name] = withBackend(name, () => {
      const small = matmul([[1, 2, 3], [4, 5, 6]], [[7, 8], [9, 10], [11, 12]]).toArray();
      const smallRan = lastDispatch();
      const a = quarters(37, 53, 1);
      const b = quarters(53, 29, 4);
      const big = matmul(a, b).toArray();
      const bigRan = lastDispatch();
      const e = eigh(A4);
      const eighRan = lastDispatch();
      return { small, smallRan, a, b, big, bigRan, values: Array.from(e.values), vectors: e.vectors.toArray(), eighRan };
    });
  }
  return { status, results };
}
`;

export interface ProbeOutput {
  status: { name: string; available: boolean; reason?: string; variant?: { name: string; why: string } }[];
  results: Record<string, {
    small: number[][]; smallRan: unknown;
    a: number[][]; b: number[][]; big: number[][]; bigRan: unknown;
    values: number[]; vectors: number[][]; eighRan: unknown;
  }>;
}

/** Checks one backend's probe results: exact matmuls, eigh as numpy, and that it ran there. */
export function expectProbeCorrect(out: ProbeOutput, backend: string): void {
  const r = out.results[backend];
  expect(r, `${backend} did not run: ${JSON.stringify(out.status)}`).toBeDefined();
  expect(r.smallRan).toEqual({ kernel: 'gemm', backend });
  expect(r.small).toEqual([[58, 64], [139, 154]]);
  expect(r.bigRan).toEqual({ kernel: 'gemm', backend });
  expect([r.a.length, r.a[0].length, r.b.length, r.b[0].length]).toEqual([37, 53, 53, 29]);
  const naive = r.a.map((row) => r.b[0].map((_, j) => row.reduce((s, x, p) => s + x * r.b[p][j], 0)));
  expect(r.big).toEqual(naive);
  expect(r.eighRan).toEqual({ kernel: 'symEig', backend });
  expectClose(r.values, A4_VALUES, 1e-13);
  expectClose(r.vectors.flat(), A4_VECTORS.flat(), 1e-13);
}

/**
 * A fresh consumer project in the OS temp folder: package.json, node_modules/mmlkit → repo,
 * probe.js, plus the given files. Returns its path and a function that deletes it (the symlink
 * is removed, never followed).
 */
export function consumerProject(prefix: string, files: Record<string, string>): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(REPO_ROOT, join(dir, 'node_modules', 'mmlkit'), 'dir');
  const all: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'mmlkit-consumer', private: true, type: 'module', dependencies: { mmlkit: '*' } }),
    'probe.js': PROBE_JS,
    ...files,
  };
  for (const [name, text] of Object.entries(all)) writeFileSync(join(dir, name), text);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Outside CI a runtime that cannot start skips its tests with the reason printed; under CI it
 * must fail, so this returns whether to skip and says why.
 */
export function skipMissingRuntime(runtime: string, reason: string | undefined): boolean {
  if (reason === undefined || IN_CI) return false;
  console.warn(`skipping ${runtime} tests: ${reason}`);
  return true;
}

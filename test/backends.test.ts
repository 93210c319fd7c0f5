import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  OptionError, backends, getBackend, lastDispatch, matmul, setBackend, withBackend,
} from '../src/entry/node.js';
import { kernelsFor } from '../src/backend/dispatch.js';
import { KERNEL_NAMES } from '../src/backend/kernels.js';
import { tsKernels } from '../src/backend/ts/index.js';
import { EXPECTED_KERNELS, IN_CI } from './helpers/backends.js';
import { relaxedSimdSupported } from '../src/backend/wasm/variant.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('backend registry', () => {
  it('lists native, wasm and ts in priority order; ts always available', () => {
    const list = backends();
    expect(list.map((b) => b.name)).toEqual(['native', 'wasm', 'ts']);
    expect(list[2]).toMatchObject({ name: 'ts', available: true });
    expect(list[2].kernels).toEqual([...KERNEL_NAMES]);
    for (const b of list) if (!b.available) expect(b.reason).toMatch(/\w/);
  });

  it.runIf(IN_CI)('has every backend available in CI', () => {
    expect(backends().filter((b) => !b.available)).toEqual([]);
  });

  it('each loaded backend implements exactly the kernels expected of it (a stale build fails here)', () => {
    for (const b of backends()) if (b.available) expect(b.kernels, b.name).toEqual([...EXPECTED_KERNELS[b.name]]);
  });

  it("a backend with gemm but no getrf runs the ts LU on its own gemm: same factors as the ts reference", () => {
    const lacking = backends().find((b) => b.available && b.kernels!.includes('gemm') && !b.kernels!.includes('getrf'));
    if (!lacking) return; // every loaded backend has getrf
    const n = 150; // several of the reference's 64-column panels, so the gemm updates run
    const a = Float64Array.from({ length: n * n }, (_, i) => Math.sin(i * 0.37) + (i % (n + 1) === 0 ? 3 : 0));
    const viaBackend = a.slice(), viaTs = a.slice();
    const pivBackend = new Int32Array(n), pivTs = new Int32Array(n);
    withBackend(lacking.name, () => {
      const table = kernelsFor('getrf', n ** 3);
      expect(table.getrf).not.toBe(tsKernels.getrf);
      expect(lastDispatch()).toEqual({ kernel: 'getrf', backend: 'ts' });
      table.getrf(n, n, viaBackend, pivBackend);
    });
    tsKernels.getrf(n, n, viaTs, pivTs);
    expect(pivBackend).toEqual(pivTs);
    let diff = 0;
    for (let i = 0; i < n * n; i++) diff = Math.max(diff, Math.abs(viaBackend[i] - viaTs[i]));
    expect(diff).toBeLessThan(1e-10);
  });

  it('a pinned backend that lacks a kernel runs it on ts, and lastDispatch says so', () => {
    const lacking = backends().find((b) => b.available && b.kernels!.length < KERNEL_NAMES.length);
    if (!lacking) return; // every loaded backend implements every kernel
    const kernel = KERNEL_NAMES.find((k) => !lacking.kernels!.includes(k))!;
    withBackend(lacking.name, () => {
      expect(kernelsFor(kernel, Number.MAX_SAFE_INTEGER)[kernel]).toBe(tsKernels[kernel]);
      expect(lastDispatch()).toEqual({ kernel, backend: 'ts' });
    });
  });

  it("'auto' picks the first available backend", () => {
    setBackend('auto');
    expect(getBackend()).toBe(backends().find((b) => b.available)!.name);
  });

  it('withBackend restores the previous choice, also after a throw and for promises', async () => {
    setBackend('ts');
    expect(() => withBackend('auto', () => { throw new Error('boom'); })).toThrow('boom');
    expect(getBackend()).toBe('ts');
    await withBackend('auto', async () => {
      await Promise.resolve();
    });
    expect(getBackend()).toBe('ts');
    setBackend('auto');
  });

  it('rejects unknown names with OptionError', () => {
    expect(() => setBackend('gpu' as never)).toThrow(OptionError);
    expect(() => setBackend('gpu' as never)).toThrow(/one of 'auto', 'native', 'wasm', 'ts'; got "gpu"/);
  });

  it("under 'auto', tiny products stay on ts; a pinned backend is honoured", () => {
    const first = backends().find((b) => b.available)!.name;
    setBackend('auto');
    matmul([[2]], [[3]]);
    expect(lastDispatch()?.backend).toBe('ts');
    withBackend(first, () => matmul([[2]], [[3]]));
    expect(lastDispatch()?.backend).toBe(first);
  });
});

describe('MMLKIT_BACKEND and the CLI (built dist/)', () => {
  const cli = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['dist/src/cli/main.js', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });

  it('MMLKIT_BACKEND sets the initial backend', () => {
    const r = cli(['backends', '--json'], { MMLKIT_BACKEND: 'ts' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).active).toBe('ts');
  });

  it('`mmlkit backends` says which wasm build runs and why; MMLKIT_WASM_VARIANT=plain forces the plain one', () => {
    const auto = cli(['backends'], { MMLKIT_WASM_VARIANT: '' });
    expect(auto.stdout).toMatch(relaxedSimdSupported() ? /wasm +available \(relaxed SIMD, fused multiply-add: this runtime validates/ : /wasm +available \(SIMD128: this runtime rejects relaxed SIMD/);
    const plain = cli(['backends', '--json'], { MMLKIT_WASM_VARIANT: 'plain' });
    const wasm = JSON.parse(plain.stdout).backends.find((b: { name: string }) => b.name === 'wasm');
    expect(wasm.variant).toEqual({ name: 'plain', why: 'asked for by MMLKIT_WASM_VARIANT=plain' });
  });

  it('an invalid MMLKIT_BACKEND is a clear error, exit 1', () => {
    const r = cli(['backends'], { MMLKIT_BACKEND: 'cuda' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/MMLKIT_BACKEND.*got "cuda"/);
  });

  it('demo runs the PCA pipeline on the shipped digits, with plots coloured by digit', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'mmlkit-demo-'));
    try {
      const r = spawnSync(process.execPath, [join(root, 'dist/src/cli/main.js'), 'demo'], { cwd, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/1797 rows × 64 columns/);
      // scikit-learn 1.x: PCA(svd_solver='full').fit(load_digits().data), printed to 4 decimals.
      const ratios = r.stdout.split('\n').filter((l) => /^\s+\d+\s+\d/.test(l)).map((l) => Number(l.trim().split(/\s+/)[2]));
      expect(ratios.slice(0, 3)).toEqual([0.1489, 0.1362, 0.1179]);
      expect(ratios.length).toBe(10);
      expect(r.stdout).toContain(join('mmlkit-demo', 'scatter.svg'));
      const out = join(cwd, 'mmlkit-demo');
      expect(readdirSync(out).sort()).toEqual(['components.csv', 'explained_variance.csv', 'model.json', 'projections.csv', 'scatter.svg', 'scree.svg']);
      const scatter = readFileSync(join(out, 'scatter.svg'), 'utf8');
      for (let digit = 0; digit <= 9; digit++) expect(scatter).toContain(`>${digit}</text>`);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('a usage error exits 2', () => {
    expect(cli(['frobnicate']).status).toBe(2);
    expect(cli(['demo', '--components', 'zero']).status).toBe(2);
  });

  it('a missing native addon becomes available:false with the reason, not a crash', () => {
    const script = `
      import('./dist/src/index.js').then((m) => {
        const native = m.backends().find((b) => b.name === 'native');
        let err; try { m.setBackend('native'); } catch (e) { err = e; }
        console.log(JSON.stringify({ native, error: err && err.constructor.name, message: err && err.message }));
      });`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.native.available).toBe(false);
    expect(out.native.reason).toMatch(/native runs in Node only/);
    expect(out.error).toBe('BackendUnavailableError');
  });
});

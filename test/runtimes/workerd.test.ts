/**
 * The package in real Cloudflare workerd. A consumer worker importing 'mmlkit' is bundled by
 * wrangler (dry run: resolves the `workerd` export condition and turns the entry's
 * `import … from '../../wasm/mmlkit.wasm'` into a separate compiled-wasm module) and served by
 * miniflare, which runs workerd itself. workerd refuses to compile wasm from bytes, so the
 * worker also reports that refusal: it proves the probe ran in workerd, not in Node.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, consumerProject, expectProbeCorrect, skipMissingRuntime, type ProbeOutput } from './project.js';

/** Within what the pinned workerd (1.20260426) supports; newer dates are refused by it. */
const COMPATIBILITY_DATE = '2026-04-01';

const WORKER_JS = `
import { probe } from './probe.js';

export default {
  async fetch() {
    let compileFromBytes = 'compiled';
    try {
      new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    } catch (err) {
      compileFromBytes = String(err && err.message);
    }
    return Response.json({ userAgent: navigator.userAgent, compileFromBytes, ...probe(['native', 'wasm', 'ts']) });
  },
};
`;

const require = createRequire(import.meta.url);

function packageDir(name: string): string | undefined {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

const wranglerDir = packageDir('wrangler');
const missing = !wranglerDir
  ? 'wrangler is not installed (a devDependency: run npm ci)'
  : !packageDir('miniflare')
    ? 'miniflare is not installed (a devDependency: run npm ci)'
    : undefined;

interface WorkerOutput extends ProbeOutput {
  userAgent: string;
  compileFromBytes: string;
}

describe.skipIf(skipMissingRuntime('workerd', missing))('workerd (wrangler bundle run by miniflare)', () => {
  let project: ReturnType<typeof consumerProject> | undefined;
  let bundleDir = '';
  let out: WorkerOutput;

  beforeAll(async () => {
    if (missing) throw new Error(missing);
    project = consumerProject('mmlkit-workerd-', { 'worker.js': WORKER_JS });
    bundleDir = join(project.dir, 'bundle');
    const wrangler = spawnSync(
      process.execPath,
      [join(wranglerDir!, 'bin', 'wrangler.js'), 'deploy', '--dry-run', '--outdir', 'bundle',
        '--name', 'mmlkit-probe', '--compatibility-date', COMPATIBILITY_DATE, 'worker.js'],
      {
        cwd: project.dir,
        encoding: 'utf8',
        // No banner means no update check against the registry; no metrics; its config (a
        // device id) and logs go to the throw-away project, not the user's home.
        env: {
          ...process.env,
          WRANGLER_HIDE_BANNER: 'true',
          WRANGLER_SEND_METRICS: 'false',
          XDG_CONFIG_HOME: join(project.dir, 'config'),
          WRANGLER_LOG_PATH: join(project.dir, 'logs'),
        },
      },
    );
    if (wrangler.status !== 0) {
      throw new Error(`wrangler deploy --dry-run failed (${wrangler.error?.message ?? `exit ${wrangler.status}`}):\n${wrangler.stderr}\n${wrangler.stdout}`);
    }

    const { Miniflare } = await import('miniflare');
    const mf = new Miniflare({
      scriptPath: join(bundleDir, 'worker.js'),
      modules: true,
      // Module names are paths relative to this; the default (the cwd) would give '../..' names.
      modulesRoot: bundleDir,
      modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
      compatibilityDate: COMPATIBILITY_DATE,
    });
    try {
      const res = await mf.dispatchFetch('http://probe.invalid/');
      const text = await res.text();
      if (res.status !== 200) throw new Error(`worker answered HTTP ${res.status}: ${text}`);
      out = JSON.parse(text) as WorkerOutput;
    } finally {
      await mf.dispose();
    }
  });

  afterAll(() => project?.remove());

  it("wrangler picks the 'workerd' entry and ships the wasm as its own module", () => {
    const bundled = readFileSync(join(bundleDir, 'worker.js'), 'utf8');
    // esbuild heads each input file's code with a comment naming it.
    expect(bundled).toMatch(/\/\/ .*dist\/src\/entry\/workerd\.js\n/);
    expect(bundled).not.toMatch(/dist\/src\/entry\/(node|browser)\.js/);
    const wasmImport = /^import \w+ from "\.\/(\w+-mmlkit\.wasm)";$/m.exec(bundled);
    expect(wasmImport, 'bundle imports the wasm module').not.toBeNull();
    expect(existsSync(join(bundleDir, wasmImport![1]))).toBe(true);
    // The plain build only: the relaxed-SIMD one is not bundled (the worker stays small).
    const wasmFiles = readdirSync(bundleDir).filter((f) => f.endsWith('.wasm'));
    expect(wasmFiles).toEqual([wasmImport![1]]);
    expect(readFileSync(join(bundleDir, wasmFiles[0]))).toEqual(readFileSync(join(REPO_ROOT, 'dist/wasm/mmlkit.wasm')));
    // Printed for the record, never asserted.
    const gz = (f: string) => gzipSync(readFileSync(join(bundleDir, f)), { level: 9 }).length;
    console.log(`workerd bundle: worker.js ${(gz('worker.js') / 1024).toFixed(1)} kB + ${wasmFiles[0]} ${(gz(wasmFiles[0]) / 1024).toFixed(1)} kB gzip`);
  });

  it('wasm runs the plain build, and backends() says why', () => {
    expect(out.status[1].variant).toEqual({ name: 'plain', why: 'the workerd entry bundles the plain build only' });
  });

  it('ran in workerd, which refuses to compile wasm from bytes', () => {
    expect(out.userAgent).toBe('Cloudflare-Workers');
    expect(out.compileFromBytes).toMatch(/Wasm code generation disallowed by embedder/);
  });

  it('wasm is available at import (no init() needed); native is not, with its reason', () => {
    expect(out.status.map((b) => [b.name, b.available])).toEqual([['native', false], ['wasm', true], ['ts', true]]);
    expect(out.status[0].reason).toMatch(/Node only/);
  });

  it('wasm pinned: matmul exact, eigh as numpy', () => expectProbeCorrect(out, 'wasm'));

  it('ts pinned: the same numbers', () => expectProbeCorrect(out, 'ts'));
});

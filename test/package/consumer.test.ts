/**
 * The package as a consumer gets it (issue #13): `npm pack`, the tarball installed into a fresh
 * project with `--ignore-scripts` (no compiler runs, as with npm 11's held-back install
 * scripts), then used the ways consumers use it: ESM import and `require` in Node, the CLI,
 * TypeScript type-checking the declarations (nodenext and bundler resolution, strict, with this
 * repo's TypeScript 7 and a TypeScript 5.x installed into the project), an esbuild bundle and
 * a Vite build loaded in headless Chromium with wasm running.
 *
 * Needs dist/ built (`npm test` builds it first), the npm registry (the project installs
 * typescript@5, esbuild and @types/node beside the tarball) and Chromium. About a minute, most
 * of it the install. Outside CI a missing tool skips with the reason; under CI it fails.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, findBrowser } from '../helpers/chromium.js';
import { REPO_ROOT, skipMissingRuntime } from '../runtimes/project.js';

const run = promisify(execFile);

/** The repo's package.json: what the tarball must carry. */
const PKG = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

/** This platform's folder in prebuildify's layout. */
const PREBUILD_DIR = `prebuilds/${process.platform}-${process.arch}/`;

/**
 * npm run from `npm test` exports its own settings as npm_config_*; `local_prefix` would send
 * the project's install into the repo. MMLKIT_* variables (an addon path, a pinned backend)
 * would make the installed package load something other than what it ships. The children get
 * the environment without those.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_(config_(local_prefix|prefix|call|yes)|package_|lifecycle_|command$|execpath$)|^MMLKIT_/.test(k)) continue;
    env[k] = v;
  }
  return env;
}

interface Ran {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end; a non-zero exit is returned, not thrown. */
async function sh(cmd: string, args: string[], cwd: string, timeout = 120_000): Promise<Ran> {
  try {
    const { stdout, stderr } = await run(cmd, args, { cwd, env: cleanEnv(), encoding: 'utf8', timeout, maxBuffer: 64 * 2 ** 20 });
    return { status: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string; message: string };
    return { status: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? e.message };
  }
}

async function mustRun(cmd: string, args: string[], cwd: string, timeout?: number): Promise<string> {
  const r = await sh(cmd, args, cwd, timeout);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

/** Every file under `dir`, as paths relative to it. */
function walk(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p, base) : [relative(base, p)];
  });
}

// ---------------------------------------------------------------------------------------------
// The consumer project's files.

/** Plain Node, ESM: the `node` condition, and the `./node` subpath. */
const ESM_JS = `
import { backends, matmul, lastDispatch, readCsv, init } from 'mmlkit';
import * as viaSubpath from 'mmlkit/node';
const c = matmul([[1, 2]], [[3], [4]]).toArray();
await init();
console.log(JSON.stringify({ backends: backends(), c, dispatch: lastDispatch(), readCsv: typeof readCsv, subpath: typeof viaSubpath.readCsv }));
`;

/** CommonJS: require() of an ES module (Node ≥ 20.19 and ≥ 22.12 load it synchronously). */
const REQUIRE_CJS = `
const m = require('mmlkit');
console.log(JSON.stringify({ c: m.matmul([[1, 2]], [[3], [4]]).toArray(), readCsv: typeof m.readCsv }));
`;

/** A TypeScript consumer of the default entry (in bundler resolution: the browser's types). */
const APP_TS = `
import { BackendUnavailableError, init, matmul, type Matrix, type WasmSource } from 'mmlkit';

export async function product(wasm: WasmSource): Promise<number> {
  await init({ wasm });
  await init({ wasm: new URL('./mmlkit.wasm', import.meta.url) });
  await init({ wasm: new Uint8Array(8) });
  const c: Matrix = matmul([[1, 2]], [[3], [4]]);
  return c.get(0, 0) + (new BackendUnavailableError('wasm', 'why') instanceof Error ? 1 : 0);
}
`;

/** docs/bundlers.md's esbuild recipe in TypeScript: the file loader's URL, declared by the app. */
const ESBUILD_APP_TS = `
import wasmUrl from 'mmlkit/mmlkit.wasm';
import { init } from 'mmlkit';
export const ready = init({ wasm: new URL(wasmUrl, import.meta.url) });
`;
const WASM_DTS = `declare module 'mmlkit/mmlkit.wasm' { const url: string; export default url; }\n`;

/** A TypeScript consumer of the Node-only exports, by the `./node` subpath (every resolution). */
const NODE_TS = `
import { pca, readCsv, writeCsv, type CsvData } from 'mmlkit/node';

const data: CsvData = readCsv('x.csv');
export const model = pca(data.data, { components: 2 });
export const write: typeof writeCsv = writeCsv;
`;

/** The same by the package name, which only the \`node\` condition (nodenext) reaches. */
const NODE_BY_NAME_TS = `
import { readCsv, readNpy } from 'mmlkit';
export const r: typeof readCsv = readCsv;
export const n: typeof readNpy = readNpy;
`;

const TSCONFIGS: Record<string, object> = {
  // What \`tsc --init\`-style Node projects use; @types/node installed but not listed in "types".
  'tsconfig.nodenext.json': {
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false },
    files: ['app.ts', 'node.ts', 'node-by-name.ts'],
  },
  // Node-only types: no DOM, @types/node.
  'tsconfig.node-lib.json': {
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022'], types: ['node'], strict: true, noEmit: true, skipLibCheck: false },
    files: ['node.ts', 'node-by-name.ts'],
  },
  // Bundler resolution with browser types only: nothing may need @types/node.
  'tsconfig.bundler.json': {
    compilerOptions: { module: 'esnext', moduleResolution: 'bundler', target: 'es2022', lib: ['es2022', 'dom'], types: [], strict: true, noEmit: true, skipLibCheck: false },
    files: ['app.ts', 'node.ts', 'esbuild-app.ts', 'wasm.d.ts'],
  },
};

/** Page code for esbuild: the .wasm taken by esbuild's `file` loader and handed to init(). */
const ESBUILD_EXPLICIT_JS = `
import { backends, init, lastDispatch, matmul } from 'mmlkit';
import wasmUrl from 'mmlkit/mmlkit.wasm';
const out = {};
try {
  out.init = (await init({ wasm: new URL(wasmUrl, import.meta.url) })).map((b) => [b.name, b.available]);
  const n = 32;
  const a = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => ((i * 7 + j * 3) % 11) - 5));
  const c = matmul(a, a);
  out.dispatch = lastDispatch();
  out.c00 = c.get(0, 0);
  out.expected = a[0].reduce((s, x, p) => s + x * a[p][0], 0);
  const bad = await init({ wasm: 'nowhere.wasm' }).then(() => 'resolved', (e) => e.name);
  out.secondInit = bad; // wasm is loaded: a second init does not fetch again
} catch (e) {
  out.error = String(e && e.stack || e);
}
window.__explicit = out;
`;

/** The same bundle set-up without init({ wasm }): esbuild did not copy the file. */
const ESBUILD_DEFAULT_JS = `
import { backends, init } from 'mmlkit';
const out = {};
try {
  await init();
  out.wasm = backends().find((b) => b.name === 'wasm');
  out.badSource = await init({ wasm: '/missing.wasm' }).then(() => 'resolved', (e) => ({ name: e.name, message: e.message }));
} catch (e) {
  out.error = String(e && e.stack || e);
}
window.__default = out;
`;

const ESBUILD_HTML = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module" src="./explicit.js"></script>
<script type="module" src="./default.js"></script>
</head><body></body></html>`;

/** Vite: no option at all; the entry's new URL(…, import.meta.url) is rewritten to the emitted copy. */
const VITE_MAIN_JS = `
import { backends, init, lastDispatch, matmul, createPool } from 'mmlkit';
const out = {};
try {
  out.init = (await init()).map((b) => [b.name, b.available]);
  out.variant = backends().find((b) => b.name === 'wasm').variant;
  const n = 32;
  const a = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => ((i * 5 + j) % 7) - 3));
  matmul(a, a);
  out.dispatch = lastDispatch();
  const pool = createPool({ threads: 1, backend: 'wasm' });
  out.poolDet = await pool.det([[2, 0], [0, 3]]);
  await pool.close();
} catch (e) {
  out.error = String(e && e.stack || e);
}
window.__vite = out;
`;

const VITE_HTML = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module" src="./main.js"></script></head><body></body></html>`;

// ---------------------------------------------------------------------------------------------

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Serves the files under `root` on 127.0.0.1, logging each path and each 404. */
function serve(root: string, log: { path: string; status: number }[]): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path === '/' || path.endsWith('/') ? `${path}index.html` : path));
    const ok = file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile() && MIME[extname(file)];
    log.push({ path, status: ok ? 200 : 404 });
    res.writeHead(ok ? 200 : 404, { 'content-type': ok ? MIME[extname(file)] : 'text/plain', 'cache-control': 'no-store' });
    res.end(ok ? readFileSync(file) : `not found: ${path}`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

interface PackInfo {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string; size: number }[];
}

const browser = findBrowser();
const distBuilt = existsSync(join(REPO_ROOT, 'dist/src/entry/node.js')) && existsSync(join(REPO_ROOT, 'dist/wasm/mmlkit.wasm'));
const skip = skipMissingRuntime('package consumer', !distBuilt ? 'dist/ is not built (npm run build:wasm && npm run build:ts)' : browser.reason);

describe.skipIf(skip)('the packed tarball in a fresh consumer project', () => {
  let tmp = '';
  let app = '';
  let pack: PackInfo;
  let installed = '';
  const served: { path: string; status: number }[] = [];
  let server: Server | undefined;
  let origin = '';

  beforeAll(async () => {
    if (!distBuilt) throw new Error('dist/ is not built: run npm run build:wasm && npm run build:ts');
    if (browser.reason) throw new Error(browser.reason);
    tmp = mkdtempSync(join(tmpdir(), 'mmlkit-consumer-'));
    // dist/ is built already; --ignore-scripts keeps npm from running `prepare` (a second build).
    let t = performance.now();
    const packed = await mustRun('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], REPO_ROOT);
    pack = (JSON.parse(packed) as PackInfo[])[0];
    const packMs = performance.now() - t;
    t = performance.now();
    app = join(tmp, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await mustRun(
      'npm',
      ['install', '--prefix', app, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', join(tmp, pack.filename), 'typescript@5', 'esbuild@0.27', '@types/node@20'],
      app,
      180_000,
    );
    installed = join(app, 'node_modules', 'mmlkit');
    // Printed for the record, never asserted (the registry and the machine set the pace).
    console.log(`npm pack ${(packMs / 1000).toFixed(1)} s; npm install of the tarball + typescript@5, esbuild, @types/node ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const files: Record<string, string> = {
      'esm.js': ESM_JS,
      'require.cjs': REQUIRE_CJS,
      'app.ts': APP_TS,
      'node.ts': NODE_TS,
      'node-by-name.ts': NODE_BY_NAME_TS,
      'esbuild-app.ts': ESBUILD_APP_TS,
      'wasm.d.ts': WASM_DTS,
      'web/explicit-src.js': ESBUILD_EXPLICIT_JS,
      'web/default-src.js': ESBUILD_DEFAULT_JS,
      'out/index.html': ESBUILD_HTML,
      'vite/index.html': VITE_HTML,
      'vite/main.js': VITE_MAIN_JS,
    };
    for (const [name, tsconfig] of Object.entries(TSCONFIGS)) files[name] = JSON.stringify(tsconfig);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(app, name, '..'), { recursive: true });
      writeFileSync(join(app, name), text);
    }
    server = await serve(app, served);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 240_000);

  afterAll(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  describe('the tarball', () => {
    it('carries the built code, wasm, data, docs, LICENSE and CHANGELOG, and is at most 1 MB', () => {
      const paths = pack.files.map((f) => f.path);
      for (const need of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/src/entry/node.js', 'dist/src/entry/browser.d.ts', 'dist/wasm/mmlkit.wasm', 'dist/wasm/mmlkit-relaxed.wasm', 'data/digits.csv', 'docs/pca-accumulator-format.md']) {
        expect(paths, need).toContain(need);
      }
      // Two threads run the shared-memory build of the module that loaded, made at run time: no other .wasm ships.
      expect(paths.filter((p) => p.endsWith('.wasm')).sort()).toEqual(['dist/wasm/mmlkit-relaxed.wasm', 'dist/wasm/mmlkit.wasm']);
      expect(pack.size).toBeLessThanOrEqual(2 ** 20);
      console.log(`tarball ${pack.filename}: ${(pack.size / 1024).toFixed(0)} kB, ${pack.entryCount} files, ${(pack.unpackedSize / 1024).toFixed(0)} kB unpacked`);
    });

    it('has no source maps (they would point at src/, which is not shipped), no bench or examples code', () => {
      const paths = pack.files.map((f) => f.path);
      expect(paths.filter((p) => p.endsWith('.map'))).toEqual([]);
      expect(paths.filter((p) => /^(dist\/)?(bench|examples|test)\//.test(p))).toEqual([]);
      expect(paths.filter((p) => p.startsWith('src/') || p.startsWith('assembly/'))).toEqual([]);
    });

    it('points nowhere outside itself: no ../shared, DESIGN.md or TOOLCHAIN.md in any shipped text, no sourceMappingURL', () => {
      const texts = walk(installed).filter((p) => /\.(js|ts|md|json)$/.test(p));
      const bad = texts.filter((p) => /\.\.\/shared|DESIGN\.md|TOOLCHAIN\.md|DESIGN §|sourceMappingURL/.test(readFileSync(join(installed, p), 'utf8')));
      expect(bad).toEqual([]);
    });

    it('package.json names the repository, homepage, bugs and license', () => {
      const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
      expect(pkg.license).toBe('MIT');
      expect(pkg.repository?.url).toMatch(/^git\+https:\/\//);
      expect(pkg.homepage).toMatch(/^https:\/\//);
      expect(pkg.bugs?.url).toMatch(/^https:\/\//);
    });
  });

  describe('Node', () => {
    it('ESM import: the node condition and the ./node subpath give the Node entry; wasm runs; native as the tarball allows', async () => {
      const r = await sh(process.execPath, ['esm.js'], app);
      expect(r.stderr).toBe('');
      const out = JSON.parse(r.stdout) as { backends: { name: string; available: boolean; reason?: string }[]; c: number[][]; readCsv: string; subpath: string };
      expect(out.c).toEqual([[11]]);
      expect([out.readCsv, out.subpath]).toEqual(['function', 'function']);
      expect(out.backends.find((b) => b.name === 'wasm')?.available).toBe(true);
      const native = out.backends.find((b) => b.name === 'native')!;
      if (pack.files.some((f) => f.path.startsWith(PREBUILD_DIR) && f.path.endsWith('.node'))) {
        // Installed with --ignore-scripts: only a prebuilt addon can be there.
        expect(native, JSON.stringify(native)).toMatchObject({ available: true });
      } else {
        // No prebuild for this platform in the tarball, and no install script ran: unavailable,
        // with a reason that says what to do.
        expect(native.available).toBe(false);
        expect(native.reason).toMatch(/build|rebuild|prebuil/);
      }
    });

    it('require() works where Node can require ES modules, and fails with ERR_REQUIRE_ESM where not', async () => {
      const r = await sh(process.execPath, ['require.cjs'], app);
      if ((process.features as { require_module?: boolean }).require_module) {
        expect(r.stderr).toBe('');
        expect(JSON.parse(r.stdout)).toEqual({ c: [[11]], readCsv: 'function' });
      } else {
        expect(r.status).not.toBe(0);
        expect(r.stderr).toMatch(/ERR_REQUIRE_ESM|require\(\) of ES Module/);
      }
    });

    it('the CLI: --version prints the package version; demo runs on the shipped data; bench says it needs a clone', async () => {
      const bin = join(app, 'node_modules', '.bin', 'mmlkit');
      expect((await mustRun(bin, ['--version'], app)).trim()).toBe(PKG.version);
      const demo = await mustRun(bin, ['demo', '--out', 'demo-out', '--workers', '1'], app);
      expect(demo).toContain('Run it on your own data: npx mmlkit pca'); // installed: npx is the way
      expect(readdirSync(join(app, 'demo-out')).sort()).toEqual(expect.arrayContaining(['model.json', 'scatter.svg', 'scree.svg']));
      const bench = await sh(bin, ['bench', 'matmul'], app);
      expect(bench.status).toBe(1);
      expect(bench.stderr).toMatch(/clone of the repository/);
      // BullMQ and ioredis are optional peers, not installed here: a Redis run says what to install.
      expect(existsSync(join(app, 'node_modules', 'bullmq'))).toBe(false);
      const redis = await sh(bin, ['worker', '--redis', 'redis://127.0.0.1:9'], app);
      expect(redis.status).toBe(1);
      expect(redis.stderr).toMatch(/npm install bullmq ioredis/);
      // The library side: mmlkit/distributed imports without them, and a run rejects the same way.
      const lib = await sh(process.execPath, ['--input-type=module', '-e', "const d = await import('mmlkit/distributed'); await d.runPcaOnRedis(['node_modules/mmlkit/data/digits.csv'], { redis: 'redis://127.0.0.1:9', shards: 2, components: 1, out: 'o' }).catch((e) => console.log(e.name, e.message));"], app);
      expect(lib.stdout).toMatch(/^MmlError .*npm install bullmq ioredis/);
    });
  });

  describe('TypeScript (strict, skipLibCheck off: the shipped declarations are checked)', () => {
    const compilers: [label: string, tsc: () => string, version: RegExp][] = [
      ['TypeScript 7 (this repo)', () => join(REPO_ROOT, 'node_modules', '.bin', 'tsc'), /Version 7\./],
      ['TypeScript 5.x (installed in the project)', () => join(app, 'node_modules', '.bin', 'tsc'), /Version 5\./],
    ];
    const checks = new Map<string, Promise<{ version: string; result: Ran }>>();
    const key = (label: string, config: string) => `${label}: ${config}`;
    // TypeScript 5 for the two resolutions users choose; the lib-less Node set-up with 7 only (it
    // is about which globals the declarations use, not about the compiler).
    const configsFor = (label: string) => Object.keys(TSCONFIGS).filter((c) => label.includes('7') || c !== 'tsconfig.node-lib.json');

    beforeAll(() => {
      // All at once: TypeScript 5 takes several seconds per project, and the machine has two cores.
      for (const [label, tsc] of compilers) {
        for (const config of configsFor(label)) {
          checks.set(key(label, config), (async () => ({ version: await mustRun(tsc(), ['--version'], app), result: await sh(tsc(), ['-p', config], app) }))());
        }
      }
    });

    for (const [label, , version] of compilers) {
      for (const config of configsFor(label)) {
        it(key(label, config), async () => {
          const { version: v, result } = await checks.get(key(label, config))!;
          expect(v).toMatch(version);
          expect(result.stdout + result.stderr).toBe('');
          expect(result.status).toBe(0);
        });
      }
    }
  });

  describe('browsers', () => {
    interface PageResults {
      explicit: { init?: [string, boolean][]; dispatch?: unknown; c00?: number; expected?: number; secondInit?: string; error?: string };
      default: { wasm?: { available: boolean; reason?: string }; badSource?: { name: string; message: string } | string; error?: string };
      vite: { init?: [string, boolean][]; variant?: { name: string; why: string }; dispatch?: unknown; poolDet?: number; error?: string };
      consoleWarnings: string[];
      consoleErrors: string[];
      viteAssets: string[];
    }
    let page: PageResults;

    beforeAll(async () => {
      // esbuild as its users run it: ESM for the browser platform, .wasm through the file loader.
      const esbuild = join(app, 'node_modules', '.bin', 'esbuild');
      for (const name of ['explicit', 'default']) {
        await mustRun(esbuild, [`web/${name}-src.js`, '--bundle', '--format=esm', '--platform=browser', '--target=es2022', '--loader:.wasm=file', `--outfile=out/${name}.js`, '--log-level=warning'], app);
      }
      // Vite from this repo (vitest brings it), run on the project: it resolves mmlkit from there.
      const { build } = await import('vite');
      await build({ root: join(app, 'vite'), configFile: false, base: './', logLevel: 'silent', build: { outDir: join(app, 'vite-out'), target: 'es2022', emptyOutDir: true } });

      const { chromium } = await import('playwright-core');
      const instance = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
      const consoleWarnings: string[] = [];
      const consoleErrors: string[] = [];
      try {
        const tab = await instance.newPage();
        tab.on('console', (m) => {
          if (m.type() === 'warning') consoleWarnings.push(m.text());
          if (m.type() === 'error') consoleErrors.push(m.text());
        });
        tab.on('pageerror', (e) => consoleErrors.push(`uncaught: ${e.message}`));
        const results = async (url: string, names: string[]) => {
          await tab.goto(url);
          await tab
            .waitForFunction((ns) => ns.every((n) => (window as unknown as Record<string, unknown>)[n] !== undefined), names, { timeout: 30_000 })
            .catch((err: Error) => {
              throw new Error(`${url} did not finish: ${err.message}\nconsole: ${[...consoleErrors, ...consoleWarnings].join('\n')}\nserved: ${JSON.stringify(served)}`);
            });
          return tab.evaluate((ns) => ns.map((n) => (window as unknown as Record<string, unknown>)[n]), names);
        };
        const [explicit, dflt] = await results(`${origin}/out/`, ['__explicit', '__default']);
        const [vite] = await results(`${origin}/vite-out/`, ['__vite']);
        page = {
          explicit, default: dflt, vite,
          consoleWarnings, consoleErrors,
          viteAssets: readdirSync(join(app, 'vite-out', 'assets')),
        } as PageResults;
      } finally {
        await instance.close();
      }
    }, 120_000);

    it('esbuild + init({ wasm }) with the file loader: wasm loads and runs the product', () => {
      expect(page.explicit.error).toBeUndefined();
      expect(page.explicit.init).toEqual([['native', false], ['wasm', true], ['ts', true]]);
      expect(page.explicit.dispatch).toEqual({ kernel: 'gemm', backend: 'wasm' });
      expect(page.explicit.c00).toBe(page.explicit.expected);
      expect(page.explicit.secondInit).toBe('resolved');
      expect(served.some((s) => /^\/out\/mmlkit-[\w-]+\.wasm$/.test(s.path) && s.status === 200), JSON.stringify(served)).toBe(true);
    });

    it('esbuild without init({ wasm }): not silent — the reason and a console warning say what to do; a bad source rejects', () => {
      expect(page.default.error).toBeUndefined();
      expect(page.default.wasm?.available).toBe(false);
      expect(page.default.wasm?.reason).toMatch(/HTTP 404.*init\(\{ wasm \}\)/);
      expect(page.consoleWarnings.some((w) => /^mmlkit: wasm unavailable: .*HTTP 404.*init\(\{ wasm \}\)/.test(w)), page.consoleWarnings.join('\n')).toBe(true);
      expect(page.default.badSource).toEqual({ name: 'BackendUnavailableError', message: expect.stringMatching(/missing\.wasm: HTTP 404/) });
    });

    it('Vite: init() with no option finds the copy Vite emitted; the pool worker is bundled too', () => {
      expect(page.vite.error).toBeUndefined();
      // Vite emits the two builds; Chromium has relaxed SIMD, so the page fetches that one only.
      const emitted = (build: RegExp) => page.viteAssets.filter((f) => build.test(f));
      expect(emitted(/^mmlkit-relaxed-[\w-]+\.wasm$/), page.viteAssets.join(', ')).toHaveLength(1);
      expect(emitted(/^mmlkit-(?!relaxed-)[\w-]+\.wasm$/), page.viteAssets.join(', ')).toHaveLength(1);
      expect(emitted(/\.wasm$/), page.viteAssets.join(', ')).toHaveLength(2);
      expect(page.vite.variant?.name).toBe('relaxed');
      const fetched = served.filter((f) => /^\/vite-out\/assets\/.*\.wasm$/.test(f.path)).map((f) => f.path);
      expect(fetched.length, JSON.stringify(fetched)).toBeGreaterThan(0);
      expect(fetched.every((f) => f.includes('/mmlkit-relaxed-')), JSON.stringify(fetched)).toBe(true);
      expect(page.vite.init).toEqual([['native', false], ['wasm', true], ['ts', true]]);
      expect(page.vite.dispatch).toEqual({ kernel: 'gemm', backend: 'wasm' });
      expect(page.vite.poolDet).toBe(6);
    });

    it('no console errors besides the 404s the default esbuild page provokes on purpose', () => {
      const unexpected = page.consoleErrors.filter((e) => !/404/.test(e));
      expect(unexpected).toEqual([]);
    });
  });
});

/**
 * Where the native addon comes from (src/backend/native/load.ts) and what the install script
 * (scripts/build-native.mjs) does, on throwaway package trees: a copy of the built loader
 * (dist/, so `npm run build:ts` first) under a package.json named mmlkit, with build/Release
 * and prebuilds/<platform>-<arch> filled per case. Each case runs in a child process (the
 * loader caches per process). A working x64 addon comes from the repository's
 * prebuilds/linux-x64 or build/Release; without either those cases are skipped (failed in CI).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { IN_CI } from '../helpers/ci.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const target = `${process.platform}-${process.arch}`;
const work = mkdtempSync(join(tmpdir(), 'mmlkit-loader-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const realAddon = [join(repo, 'prebuilds', target, 'mmlkit.node'), join(repo, 'build', 'Release', 'mmlkit.node')].find((p) => existsSync(p));
const withAddon = it.runIf(realAddon !== undefined || IN_CI);

/** An ELF header claiming another CPU (arm64 here, x64 on arm64): what a wrong-arch prebuild looks like to dlopen. */
function foreignElf(): Buffer {
  const h = Buffer.alloc(64);
  h.writeUInt32BE(0x7f454c46, 0);
  h[4] = 2; // 64-bit
  h[5] = 1; // little-endian
  h[6] = 1;
  h.writeUInt16LE(3, 16); // shared object
  h.writeUInt16LE(process.arch === 'arm64' ? 62 : 183, 18);
  return h;
}
const OTHER_ARCH = process.arch === 'arm64' ? 'x64' : 'arm64';

type Content = 'addon' | 'corrupt' | 'foreign';
let trees = 0;

/** A package tree: the loader, optional build/Release and prebuild files, optional install error. */
function tree(opts: { build?: Content; prebuild?: Content; installError?: string; installed?: boolean }): string {
  const root = opts.installed ? join(work, `app${trees++}`, 'node_modules', 'mmlkit') : join(work, `clone${trees++}`);
  for (const f of ['native/load.js', 'env.js', 'package-root.js']) {
    const to = join(root, 'dist', 'src', 'backend', f);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(repo, 'dist', 'src', 'backend', f), to);
  }
  mkdirSync(join(root, 'scripts'));
  copyFileSync(join(repo, 'scripts', 'build-native.mjs'), join(root, 'scripts', 'build-native.mjs'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'mmlkit', type: 'module' }));
  const put = (file: string, what: Content | undefined) => {
    if (!what) return;
    mkdirSync(dirname(file), { recursive: true });
    if (what === 'addon') copyFileSync(realAddon!, file);
    else writeFileSync(file, what === 'corrupt' ? 'not a shared object' : foreignElf());
  };
  put(join(root, 'build', 'Release', 'mmlkit.node'), opts.build);
  put(join(root, 'prebuilds', target, 'mmlkit.node'), opts.prebuild);
  if (opts.installError) {
    mkdirSync(join(root, 'build'), { recursive: true });
    writeFileSync(join(root, 'build', 'native-build-error.txt'), `${opts.installError}\n`);
  }
  return root;
}

/** Loads the tree's addon in a child: where it came from and what was skipped, or the error. */
function load(root: string): { kind?: string; path?: string; skipped?: string[]; isa?: string; error?: string } {
  const script = `
    import('./dist/src/backend/native/load.js').then((m) => {
      try {
        const isa = m.loadNative().info().isa;
        console.log(JSON.stringify({ ...m.nativeOrigin(), isa }));
      } catch (e) { console.log(JSON.stringify({ error: e.message })); }
    });`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.MMLKIT_NATIVE_PATH;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', env });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('native loader: which file, in which order', () => {
  withAddon('only a prebuild: it is loaded (no install script needed)', () => {
    const root = tree({ prebuild: 'addon', installed: true });
    const out = load(root);
    expect(out.error).toBeUndefined();
    expect(out.kind).toBe('prebuild');
    expect(out.path).toBe(join(root, 'prebuilds', target, 'mmlkit.node'));
    expect(out.skipped).toEqual([]);
  });

  withAddon("a local build and a prebuild: the local build wins (it was made here, from these sources)", () => {
    const root = tree({ build: 'addon', prebuild: 'addon' });
    expect(load(root).kind).toBe('local build');
  });

  withAddon('a local build for another CPU: skipped, with the reason, and the prebuild is loaded', () => {
    const root = tree({ build: 'foreign', prebuild: 'addon' });
    const out = load(root);
    expect(out.kind).toBe('prebuild');
    expect(out.skipped).toHaveLength(1);
    expect(out.skipped![0]).toContain(`local build build/Release/mmlkit.node cannot be loaded: it is built for ${OTHER_ARCH}, but this Node runs on ${process.arch} (`);
  });

  it('a prebuild for another CPU and nothing else: unavailable, saying so and naming `npm rebuild mmlkit`', () => {
    const out = load(tree({ prebuild: 'foreign', installed: true }));
    expect(out.kind).toBeUndefined();
    expect(out.error).toContain(`prebuild prebuilds/${target}/mmlkit.node cannot be loaded: it is built for ${OTHER_ARCH}, but this Node runs on ${process.arch} (`);
    expect(out.error).toContain('none was built at install');
    expect(out.error).toMatch(/; run `npm rebuild mmlkit` to build it from source \(needs a C\+\+ compiler, make and python3\)$/);
    expect(out.error).not.toContain('build:native');
  });

  it('a corrupt prebuild: a clear reason, not a crash', () => {
    const out = load(tree({ prebuild: 'corrupt', installed: true }));
    expect(out.error).toContain(`prebuild prebuilds/${target}/mmlkit.node cannot be loaded: it is not a shared library (corrupt or truncated) (`);
    expect(out.error).toContain('npm rebuild mmlkit');
  });

  it("nothing at all, install script's reason recorded: that reason, then the command", () => {
    const why = `no prebuilt addon for ${target}, and g++, make are not installed to build one`;
    const out = load(tree({ installError: why, installed: true }));
    expect(out.error).toBe(`at install: ${why}; run \`npm rebuild mmlkit\` to build it from source (needs a C++ compiler, make and python3)`);
  });

  it('nothing at all in a clone: names the developer script instead', () => {
    const out = load(tree({}));
    expect(out.error).toBe(
      `no prebuilt addon for ${target} in this package; none was built at install (install scripts skipped?); ` +
        'run `npm run build:native` to build it (this is a clone of mmlkit, not an installed package)',
    );
  });
});

/** Runs the tree's install script with PATH holding only node (no compiler, make or python). */
function install(root: string, extraEnv: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string; recorded?: string } {
  const bin = join(work, 'bin-node-only');
  if (!existsSync(bin)) {
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
  }
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: bin };
  delete env.CXX;
  delete env.MMLKIT_SKIP_NATIVE;
  delete env.MMLKIT_PREFER_PREBUILD;
  Object.assign(env, extraEnv);
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-native.mjs')], { cwd: root, encoding: 'utf8', env, timeout: 60_000 });
  const errorFile = join(root, 'build', 'native-build-error.txt');
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, recorded: existsSync(errorFile) ? readFileSync(errorFile, 'utf8').trim() : undefined };
}

describe('install script (no compiler on PATH)', () => {
  withAddon('a prebuild that loads: nothing to build, nothing recorded, no warning', () => {
    const r = install(tree({ prebuild: 'addon', installError: 'stale', installed: true }));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`using the prebuilt native addon for ${target}`);
    expect(r.stderr).toBe('');
    expect(r.recorded).toBeUndefined();
  });

  withAddon('a clone builds from its sources even beside a prebuild that loads (it may be stale); MMLKIT_PREFER_PREBUILD=1 takes the prebuild', () => {
    const clone = tree({ prebuild: 'addon' });
    const r = install(clone);
    expect(r.status).toBe(0);
    expect(r.recorded).toBe('a clone builds from its sources, and g++, make, python3 are not installed to build one');
    expect(r.stderr).toContain('run `npm run build:native`');
    const preferred = install(clone, { MMLKIT_PREFER_PREBUILD: '1' });
    expect(preferred.stdout).toContain(`using the prebuilt native addon for ${target}`);
    expect(preferred.recorded).toBeUndefined();
  });

  it('no prebuild for this platform: one line naming `npm rebuild mmlkit`, the reason recorded, exit 0', () => {
    const r = install(tree({ installed: true }));
    expect(r.status).toBe(0);
    expect(r.recorded).toBe(`no prebuilt addon for ${target}, and g++, make, python3 are not installed to build one`);
    // No terminal here, so the line goes to stderr.
    expect(r.stderr.trim().split('\n')).toEqual([
      `mmlkit: native addon unavailable (${r.recorded}); mmlkit runs on wasm. ` +
        'To get it: install a C++ compiler, make and python3, then run `npm rebuild mmlkit`.',
    ]);
  });

  it('a prebuild that does not load (another CPU): tries to build, and says why neither worked', () => {
    const r = install(tree({ prebuild: 'foreign', installed: true }));
    expect(r.status).toBe(0);
    expect(r.recorded).toMatch(new RegExp(`^the prebuilt addon for ${target} does not load here: Error: .*, and g\\+\\+, make, python3 are not installed to build one$`));
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

/**
 * MMLKIT_NATIVE_PATH naming a file that is missing or not an addon makes the native backend
 * unavailable with that reason (setBackend('native') throws it) — it used to load
 * build/Release silently, so a sanitizer run could test the wrong binary. Runs the built
 * dist/ in a child process, as test/backends.test.ts does (the loader caches per process).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mmlkit-native-path-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function nativeStatus(nativePath: string): { native: { available: boolean; reason?: string }; error?: string; message?: string } {
  const script = `
    import('./dist/src/entry/node.js').then((m) => {
      const native = m.backends().find((b) => b.name === 'native');
      let err; try { m.setBackend('native'); } catch (e) { err = e; }
      console.log(JSON.stringify({ native, error: err && err.constructor.name, message: err && err.message }));
    });`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, MMLKIT_NATIVE_PATH: nativePath, MMLKIT_BACKEND: '' },
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('MMLKIT_NATIVE_PATH that does not load', () => {
  it('a missing file: native unavailable, naming the path; no fallback to build/Release', () => {
    const missing = join(dir, 'nope', 'mmlkit.node');
    const out = nativeStatus(missing);
    expect(out.native.available).toBe(false);
    expect(out.native.reason).toBe(`MMLKIT_NATIVE_PATH names ${missing}, which does not exist`);
    expect(out.error).toBe('BackendUnavailableError');
    expect(out.message).toContain(missing);
  });

  it('a file that is not an addon: native unavailable with the loader error', () => {
    const junk = join(dir, 'junk.node');
    writeFileSync(junk, 'not a shared object');
    const out = nativeStatus(junk);
    expect(out.native.available).toBe(false);
    expect(out.native.reason).toContain(`MMLKIT_NATIVE_PATH names ${junk}, which cannot be loaded: `);
    expect(out.error).toBe('BackendUnavailableError');
  });
});

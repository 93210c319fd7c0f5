/**
 * `init({ wasm })` (issue #13): the wasm module from a URL, a Response, bytes or a compiled
 * module, for bundles that left mmlkit.wasm behind. Each case runs the browser entry in a fresh
 * Node process (wasm loads once per process; Node's fetch serves http, so file URLs are read
 * through a stubbed fetch as in entries.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OptionError } from '../src/errors.js';
import { compileWasm } from '../src/backend/wasm/compile.js';
import { relaxedSimdSupported } from '../src/backend/wasm/variant.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const WASM = new URL('../dist/wasm/mmlkit.wasm', import.meta.url);

/** Runs `body` after importing the browser entry as `m`, with fetch reading local files; prints JSON. */
function browserEntry(body: string): { wasm: unknown; product?: unknown; error?: { name: string; message: string }; fetched: string[] } {
  const r = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `
      import { readFileSync } from 'node:fs';
      import { fileURLToPath } from 'node:url';
      const fetched = [];
      globalThis.fetch = async (url) => {
        fetched.push(String(url));
        try { return new Response(readFileSync(fileURLToPath(new URL(url, 'file://${root}')))); }
        catch { return new Response('not found', { status: 404 }); }
      };
      const m = await import('./dist/src/entry/browser.js');
      const out = { fetched };
      try {
        ${body}
        out.product = m.withBackend('wasm', () => m.matmul([[1, 2], [3, 4]], [[5], [6]]).toArray());
      } catch (err) {
        out.error = { name: err.name, message: err.message };
      }
      out.wasm = m.backends().find((b) => b.name === 'wasm');
      console.log(JSON.stringify(out));`,
    ],
    { cwd: root, encoding: 'utf8' },
  );
  if (r.status !== 0 || !r.stdout) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

describe('init({ wasm })', () => {
  const wasmFile = JSON.stringify(fileURLToPath(WASM));
  // [what, code, fetches]: only the URL cases fetch, once, what they name.
  const cases: [string, string, number][] = [
    ['a URL', `await m.init({ wasm: new URL('dist/wasm/mmlkit.wasm', 'file://${root}') });`, 1],
    ['a string URL', `await m.init({ wasm: 'file://${root}dist/wasm/mmlkit.wasm' });`, 1],
    ['a Response', `await m.init({ wasm: new Response(readFileSync(${wasmFile})) });`, 0],
    ['a promise of a Response', `await m.init({ wasm: Promise.resolve(new Response(readFileSync(${wasmFile}))) });`, 0],
    ['an ArrayBuffer', `const b = readFileSync(${wasmFile}); await m.init({ wasm: b.buffer.slice(b.byteOffset, b.byteOffset + b.length) });`, 0],
    ['a Uint8Array that is a view into a larger buffer', `const b = readFileSync(${wasmFile}); const big = new Uint8Array(b.length + 24); big.set(b, 16); await m.init({ wasm: big.subarray(16, 16 + b.length) });`, 0],
    ['a WebAssembly.Module', `await m.init({ wasm: new WebAssembly.Module(readFileSync(${wasmFile})) });`, 0],
  ];
  for (const [what, body, fetches] of cases) {
    it(`loads wasm from ${what}, without fetching the default location`, () => {
      const out = browserEntry(body);
      expect(out.error).toBeUndefined();
      expect(out.wasm).toMatchObject({ available: true });
      expect(out.product).toEqual([[17], [39]]);
      expect(out.fetched).toEqual(fetches === 0 ? [] : [`file://${root}dist/wasm/mmlkit.wasm`]);
    });
  }

  it('rejects a source that cannot be loaded with BackendUnavailableError naming it and the HTTP status', () => {
    const out = browserEntry(`await m.init({ wasm: 'file://${root}nowhere/mmlkit.wasm' });`);
    expect(out.error?.name).toBe('BackendUnavailableError');
    expect(out.error?.message).toMatch(/nowhere\/mmlkit\.wasm: HTTP 404/);
    expect(out.wasm).toMatchObject({ available: false });
  });

  it('says when the bytes are not wasm (an HTML page served in place of the file)', () => {
    const out = browserEntry(`await m.init({ wasm: new Response('<!doctype html><html></html>') });`);
    expect(out.error?.name).toBe('BackendUnavailableError');
    expect(out.error?.message).toMatch(/the Response given is not a wasm file \(28 bytes starting '<!doctype html><'; an HTML page/);
  });

  it('refuses a value of another kind, and unknown options, with OptionError', () => {
    expect(browserEntry(`await m.init({ wasm: 42 });`).error).toMatchObject({ name: 'OptionError', message: expect.stringMatching(/option 'init: wasm' must be a URL .*; got 42/) });
    expect(browserEntry(`await m.init({ wasmUrl: 'x' });`).error).toMatchObject({ name: 'OptionError', message: expect.stringMatching(/unknown option 'init: wasmUrl'.*'wasm'/) });
  });

  describe('the two builds (plain mmlkit.wasm, relaxed-SIMD mmlkit-relaxed.wasm)', () => {
    const plainUrl = `file://${root}dist/wasm/mmlkit.wasm`;
    const relaxedUrl = `file://${root}dist/wasm/mmlkit-relaxed.wasm`;
    const picked = relaxedSimdSupported() ? 'relaxed' : 'plain';

    it('init({ wasm, wasmRelaxed }) fetches only the build this runtime picks', () => {
      const out = browserEntry(`await m.init({ wasm: '${plainUrl}', wasmRelaxed: '${relaxedUrl}' });`);
      expect(out.error).toBeUndefined();
      expect(out.product).toEqual([[17], [39]]);
      expect(out.fetched).toEqual([picked === 'relaxed' ? relaxedUrl : plainUrl]);
      expect(out.wasm).toMatchObject({ available: true, variant: { name: picked } });
    });

    it("init({ wasmVariant: 'plain' }) fetches the default plain file, whatever the runtime has", () => {
      const out = browserEntry(`await m.init({ wasmVariant: 'plain' });`);
      expect(out.fetched).toEqual([plainUrl]);
      expect(out.wasm).toMatchObject({ available: true, variant: { name: 'plain', why: "asked for by init({ wasmVariant: 'plain' })" } });
    });

    it("init({ wasmVariant: 'relaxed' }) where relaxed SIMD is rejected rejects with BackendUnavailableError; a bad value with OptionError", () => {
      const out = browserEntry(`await m.init({ wasmVariant: 'relaxed' });`);
      if (picked === 'relaxed') expect(out.wasm).toMatchObject({ available: true, variant: { name: 'relaxed' } });
      else expect(out.error).toMatchObject({ name: 'BackendUnavailableError', message: expect.stringMatching(/relaxed-SIMD build, which this runtime rejects/) });
      expect(browserEntry(`await m.init({ wasmVariant: 'turbo' });`).error).toMatchObject({ name: 'OptionError', message: expect.stringMatching(/init: wasmVariant.*'auto', 'plain', 'relaxed'.*"turbo"/) });
    });
  });

  it('without an option, a failed default fetch resolves, leaves the reason naming the fix, and warns once', () => {
    const r = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `
        globalThis.fetch = async () => new Response('nope', { status: 404 });
        const m = await import('./dist/src/entry/browser.js');
        const status = await m.init();
        console.log(JSON.stringify(status.find((b) => b.name === 'wasm')));`],
      { cwd: root, encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    const wasm = JSON.parse(r.stdout);
    expect(wasm.available).toBe(false);
    expect(wasm.reason).toMatch(/mmlkit\.wasm: HTTP 404.*init\(\{ wasm \}\).*docs\/bundlers\.md/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^mmlkit: wasm unavailable: /);
  });

  it('compileWasm passes a module through and refuses null with OptionError', async () => {
    const module = new WebAssembly.Module(readFileSync(WASM));
    expect(await compileWasm(module)).toBe(module);
    await expect(compileWasm(null as never)).rejects.toThrow(OptionError);
  });
});

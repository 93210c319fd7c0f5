/**
 * The platform entries of the exports map, loaded from the built package (dist/): the browser
 * entry must find its .wasm next to it and become usable after `await init()`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { relaxedSimdSupported } from '../src/backend/wasm/variant.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function runModule(script: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
}

describe('export conditions', () => {
  it("the 'node' condition resolves to the Node entry with native and wasm", () => {
    const r = runModule(`
      import { backends } from 'mmlkit';
      console.log(JSON.stringify(backends()));`);
    expect(r.stderr).toBe('');
    const list = JSON.parse(r.stdout) as { name: string; available: boolean }[];
    expect(list.find((b) => b.name === 'wasm')?.available).toBe(true);
  });

  it('the browser entry fetches the wasm build it picks (dist/wasm/mmlkit-relaxed.wasm where relaxed SIMD validates, else mmlkit.wasm) relative to itself on init()', () => {
    // Node's fetch has no file: URLs; a browser would fetch over HTTP from the same place.
    const r = runModule(`
      import { readFileSync } from 'node:fs';
      import { fileURLToPath } from 'node:url';
      const fetched = [];
      globalThis.fetch = async (url) => { fetched.push(String(url)); return new Response(readFileSync(fileURLToPath(url))); };
      const m = await import('./dist/src/entry/browser.js');
      const before = m.backends().find((b) => b.name === 'wasm');
      await m.init();
      const c = m.withBackend('wasm', () => m.matmul([[1, 2], [3, 4]], [[5], [6]]));
      console.log(JSON.stringify({ before, after: m.backends(), fetched, c: c.toArray() }));`);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.before.available).toBe(false);
    expect(out.before.reason).toMatch(/init\(\)/);
    expect(out.fetched).toHaveLength(1);
    const build = relaxedSimdSupported() ? 'relaxed' : 'plain';
    expect(out.fetched[0]).toMatch(build === 'relaxed' ? /\/dist\/wasm\/mmlkit-relaxed\.wasm$/ : /\/dist\/wasm\/mmlkit\.wasm$/);
    expect(out.after[1].variant.name).toBe(build);
    expect(out.after.map((b: { name: string; available: boolean }) => [b.name, b.available])).toEqual([
      ['native', false],
      ['wasm', true],
      ['ts', true],
    ]);
    expect(out.c).toEqual([[17], [39]]);
  });
});

/**
 * The two builds of the wasm module (issue #12): which one loads, why, and the fallbacks.
 * `plain` runs everywhere; `relaxed` (fused multiply-add) where the runtime validates relaxed
 * SIMD — Node ≥ 22 and Chromium, not Node 20 without a flag. The kernel suites run both builds
 * where both can run (test/helpers/backends.ts); this file checks the choosing. A runtime with
 * or without relaxed SIMD is imitated by answering the probe through a spy on WebAssembly.validate.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OptionError } from '../src/errors.js';
import { init } from '../src/entry/node.js';
import { loadWasmSync, packageModule, wasmPath } from '../src/backend/wasm/load-node.js';
import { loadBuild, loadBuildSync } from '../src/backend/wasm/load-variant.js';
import { pickVariant, relaxedSimdSupported } from '../src/backend/wasm/variant.js';
import type { Kernels } from '../src/backend/kernels.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const realValidate = WebAssembly.validate;
/** Whether this runtime really has relaxed SIMD (Node 20: no; the real relaxed module then fails to compile). */
const HAS_RELAXED = relaxedSimdSupported();

/** Makes this runtime answer the relaxed-SIMD probe (a module under 64 bytes) with `has`. */
function runtimeWithRelaxed(has: boolean): void {
  vi.spyOn(WebAssembly, 'validate').mockImplementation((bytes) => ((bytes as Uint8Array).byteLength < 64 ? has : realValidate(bytes)));
}

function product(table: Partial<Kernels>): number[] {
  const c = new Float64Array(4);
  table.gemm!(0, 0, 2, 2, 2, 1, new Float64Array([1, 2, 3, 4]), new Float64Array([5, 6, 7, 8]), 0, c);
  return Array.from(c);
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('the relaxed-SIMD probe', () => {
  it('agrees with WebAssembly.validate of the relaxed build itself', () => {
    expect(relaxedSimdSupported()).toBe(WebAssembly.validate(readFileSync(wasmPath('relaxed'))));
    expect(WebAssembly.validate(readFileSync(wasmPath('plain')))).toBe(true);
  });
});

describe('picking a build (Node loader)', () => {
  it('auto: relaxed where the runtime validates it, plain where it does not, each saying why', () => {
    runtimeWithRelaxed(true);
    // Without real relaxed SIMD the relaxed file then fails to compile: the fallback to plain.
    expect(loadWasmSync().variant).toEqual(
      HAS_RELAXED
        ? { name: 'relaxed', why: expect.stringMatching(/validates relaxed SIMD/) }
        : { name: 'plain', why: expect.stringMatching(/^the relaxed-SIMD build failed to load \(.*relaxed/) },
    );
    runtimeWithRelaxed(false);
    expect(loadWasmSync().variant).toEqual({ name: 'plain', why: expect.stringMatching(/rejects relaxed SIMD/) });
  });

  it('MMLKIT_WASM_VARIANT forces a build; init({ wasmVariant }) wins over it', () => {
    vi.stubEnv('MMLKIT_WASM_VARIANT', 'plain');
    expect(loadWasmSync().variant).toEqual({ name: 'plain', why: 'asked for by MMLKIT_WASM_VARIANT=plain' });
    runtimeWithRelaxed(true);
    if (HAS_RELAXED) {
      expect(loadWasmSync('relaxed').variant).toEqual({ name: 'relaxed', why: "asked for by init({ wasmVariant: 'relaxed' })" });
      vi.stubEnv('MMLKIT_WASM_VARIANT', ' Relaxed ');
      expect(loadWasmSync().variant?.name).toBe('relaxed');
    } else {
      // Forced, the relaxed build's compile error is the answer: no quiet plain instead.
      expect(() => loadWasmSync('relaxed')).toThrow(/relaxed/);
    }
    vi.stubEnv('MMLKIT_WASM_VARIANT', '');
    expect(pickVariant().forced).toBe(false);
  });

  it('forcing relaxed where the runtime rejects it fails with the reason (no silent plain)', () => {
    runtimeWithRelaxed(false);
    vi.stubEnv('MMLKIT_WASM_VARIANT', 'relaxed');
    expect(() => loadWasmSync()).toThrow(/MMLKIT_WASM_VARIANT=relaxed asks for the relaxed-SIMD build, which this runtime rejects/);
  });

  it('a value that is not a build is an OptionError naming where it came from', () => {
    vi.stubEnv('MMLKIT_WASM_VARIANT', 'fast');
    expect(() => loadWasmSync()).toThrow(OptionError);
    expect(() => loadWasmSync()).toThrow(/MMLKIT_WASM_VARIANT.*'auto', 'plain', 'relaxed'.*"fast"/);
    expect(() => pickVariant(3)).toThrow(/init: wasmVariant/);
  });

  it('a relaxed build that fails to load falls back to plain, saying why; forced, it fails', () => {
    runtimeWithRelaxed(true);
    const broken = { plain: () => packageModule('plain'), relaxed: (): WebAssembly.Module => { throw new Error('cannot read mmlkit-relaxed.wasm'); } };
    const table = loadBuildSync(undefined, broken);
    expect(table.variant).toEqual({ name: 'plain', why: 'the relaxed-SIMD build failed to load (cannot read mmlkit-relaxed.wasm)' });
    expect(product(table)).toEqual([19, 22, 43, 50]);
    expect(() => loadBuildSync('relaxed', broken)).toThrow(/cannot read/);
  });

  it('init({ wasmVariant }) with a value that is not a build rejects with OptionError', async () => {
    await expect(init({ wasmVariant: 'fast' as 'auto' })).rejects.toThrow(OptionError);
  });
});

describe('picking a build (init() in browsers and workerd)', () => {
  const plain = packageModule('plain');
  // The relaxed module compiles only where the runtime has relaxed SIMD; elsewhere a second
  // plain instance stands in for it (which module is used is what these tests look at).
  const relaxed = relaxedSimdSupported() ? packageModule('relaxed') : new WebAssembly.Module(readFileSync(wasmPath('plain')));

  it("only the picked build is compiled: the entry's own, or the application's wasmRelaxed / wasm", async () => {
    runtimeWithRelaxed(true);
    const used: WebAssembly.Module[] = [];
    const builds = { plain: vi.fn(async () => plain), relaxed: vi.fn(async () => relaxed) };
    expect((await loadBuild(undefined, undefined, builds, (m) => used.push(m))).variant?.name).toBe('relaxed');
    expect(builds.plain).not.toHaveBeenCalled();
    expect((await loadBuild(plain, { relaxed }, builds, (m) => used.push(m))).variant?.name).toBe('relaxed');
    expect((await loadBuild(plain, { relaxed, variant: 'plain' }, builds, (m) => used.push(m))).variant).toEqual({ name: 'plain', why: "asked for by init({ wasmVariant: 'plain' })" });
    expect(used).toEqual([relaxed, relaxed, plain]);
    // init({ wasm }) alone is the application's module, whichever build it is.
    expect((await loadBuild(plain, undefined, builds)).variant).toEqual({ name: 'given', why: 'init({ wasm }) gave the module' });
    runtimeWithRelaxed(false);
    expect((await loadBuild(plain, { relaxed }, builds, (m) => used.push(m))).variant?.name).toBe('plain');
    expect(used.at(-1)).toBe(plain);
  });

  it("an entry without a relaxed build (workerd) runs plain and says so; forcing relaxed there fails", async () => {
    runtimeWithRelaxed(true);
    const onlyPlain = { plain: async () => plain };
    expect((await loadBuild(undefined, undefined, onlyPlain)).variant).toEqual({ name: 'plain', why: expect.stringMatching(/ships the plain build only.*wasmRelaxed/) });
    await expect(loadBuild(undefined, { variant: 'relaxed' }, onlyPlain)).rejects.toThrow(/does not ship/);
  });

  it("the default relaxed build failing to fetch falls back to plain; the application's own failing rejects", async () => {
    runtimeWithRelaxed(true);
    const missing = async (): Promise<WebAssembly.Module> => { throw new Error('cannot fetch mmlkit-relaxed.wasm: HTTP 404'); };
    const table = await loadBuild(undefined, undefined, { plain: async () => plain, relaxed: missing });
    expect(table.variant).toEqual({ name: 'plain', why: 'the relaxed-SIMD build failed to load (cannot fetch mmlkit-relaxed.wasm: HTTP 404)' });
    await expect(loadBuild(plain, { relaxed: new Uint8Array(8) }, { plain: async () => plain })).rejects.toThrow(/not a wasm file/);
  });
});

describe.runIf(!relaxedSimdSupported() && process.versions.node.startsWith('20.'))('Node 20 with --experimental-wasm-relaxed-simd', () => {
  it('picks and runs the relaxed build', () => {
    const r = spawnSync(
      process.execPath,
      ['--experimental-wasm-relaxed-simd', '--input-type=module', '-e', `
        const m = await import('./dist/src/entry/node.js');
        const c = m.withBackend('wasm', () => m.matmul([[1, 2], [3, 4]], [[5, 6], [7, 8]]).toArray());
        console.log(JSON.stringify({ wasm: m.backends().find((b) => b.name === 'wasm'), c }));`],
      { cwd: root, encoding: 'utf8', env: { ...process.env, MMLKIT_WASM_VARIANT: '' } },
    );
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.wasm.variant).toEqual({ name: 'relaxed', why: expect.stringMatching(/validates relaxed SIMD/) });
    expect(out.c).toEqual([[19, 22], [43, 50]]);
  });
});

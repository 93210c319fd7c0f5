/**
 * The shared-memory build two threads run (src/backend/wasm/threads/shared-memory-build.ts): a
 * one-byte change to the module's memory import, and a clear refusal of anything else — bytes
 * that are not a module, cut short, or a module that defines its own memory or has no maximum.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NO_SPLITS } from '../src/backend/wasm/kernels.js';
import { wasmPath } from '../src/backend/wasm/load-node.js';
import { NotShareable, sharedMemoryBuild } from '../src/backend/wasm/threads/shared-memory-build.js';
import { relaxedSimdSupported } from '../src/backend/wasm/variant.js';

/** A module of just an import section with `entries`, each [module, field, kind, ...descriptor bytes]. */
function withImports(...entries: [string, string, ...number[]][]): Uint8Array {
  const body: number[] = [entries.length];
  for (const [module, field, ...desc] of entries) {
    for (const name of [module, field]) body.push(name.length, ...Array.from(name, (c) => c.charCodeAt(0)));
    body.push(...desc);
  }
  return Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x02, body.length, ...body);
}

describe('sharedMemoryBuild', () => {
  const builds = relaxedSimdSupported() ? ['plain', 'relaxed'] as const : ['plain'] as const;
  it.each(builds)('the %s build: one byte differs, and the result compiles and runs over a shared memory', (variant) => {
    const bytes = new Uint8Array(readFileSync(wasmPath(variant)));
    const shared = sharedMemoryBuild(bytes);
    const changed = shared.reduce((count, b, i) => count + (b !== bytes[i] ? 1 : 0), 0);
    expect(changed).toBe(1);
    expect(shared.length).toBe(bytes.length);
    const memory = new WebAssembly.Memory({ initial: 64, maximum: 65536, shared: true });
    const exports = new WebAssembly.Instance(new WebAssembly.Module(shared), { env: { memory, ...NO_SPLITS } }).exports as { heapBase(): number };
    expect(exports.heapBase()).toBeGreaterThan(0);
    // The original refuses a shared memory, and the build a plain one: the change is the whole difference.
    expect(() => new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory, ...NO_SPLITS } })).toThrow();
    expect(sharedMemoryBuild(shared)).toEqual(shared); // already shared: unchanged
  });

  it('sets the shared bit past imports of every other kind', () => {
    const bytes = withImports(['env', 'f', 0x00, 0x00], ['env', 't', 0x01, 0x70, 0x01, 0x01, 0x02], ['env', 'g', 0x03, 0x7f, 0x00], ['env', 'memory', 0x02, 0x01, 0x01, 0x80, 0x80, 0x04]);
    const shared = sharedMemoryBuild(bytes);
    expect(shared[shared.length - 5]).toBe(0x03); // flags, then min (1 byte) and max (65536: 3 bytes)
  });

  it.each([
    ['bytes that are not wasm', Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9), /not a wasm module/],
    ['a module cut short in its import section', withImports(['env', 'memory', 0x02, 0x01, 0x01, 0x80]).subarray(0, 14), /ends in the middle|runs past the end/],
    ['a module with no imports', Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00), /defines its own memory/],
    ['a memory import without a maximum', withImports(['env', 'memory', 0x02, 0x00, 0x01]), /no maximum/],
    ['a memory imported under another name', withImports(['js', 'mem', 0x02, 0x01, 0x01, 0x02]), /js\.mem, not env\.memory/],
    ['an import of an unknown kind', withImports(['env', 'x', 0x09, 0x00]), /unknown kind 9/],
    ['a name longer than the module', Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x02, 0x04, 0x01, 0x7f, 0x61, 0x61), /runs past the end/],
  ])('refuses %s, saying why', (_what, bytes, why) => {
    expect(() => sharedMemoryBuild(bytes)).toThrow(NotShareable);
    expect(() => sharedMemoryBuild(bytes)).toThrow(why);
  });
});

/**
 * Memory that comes back (issue #11): `release()` hands back wasm's linear memory (which can
 * only grow) and native's gemm scratch; wasm also drops a big instance by itself after 10 s
 * idle. Results after a release are unchanged (a fresh instance / fresh scratch).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Matrix, matmul, release } from '../src/entry/node.js';
import { BACKENDS } from './helpers/backends.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MB = 2 ** 20;

function settled(): NodeJS.MemoryUsage {
  gc();
  gc();
  return process.memoryUsage();
}

const available = new Set(BACKENDS.filter((b) => b.available).map((b) => b.name));
const n = 1900; // three 1900² operands: ~83 MB of wasm memory, past the 64 MB idle-release mark
const a = new Matrix(n, n, Float64Array.from({ length: n * n }, (_, i) => ((i * 7919) % 13) - 6));

afterEach(() => {
  vi.useRealTimers();
});

describe('release()', () => {
  it.runIf(available.has('wasm'))('gives back wasm linear memory; the next call still gives the same product', () => {
    const first = matmul(a, a, { backend: 'wasm' });
    const grown = settled().external;
    release();
    const after = settled().external;
    expect(grown - after).toBeGreaterThan(60 * MB);
    expect(Array.from(matmul(a, a, { backend: 'wasm' }).data.subarray(0, 1000))).toEqual(Array.from(first.data.subarray(0, 1000)));
    release();
  });

  it.runIf(available.has('native'))('gives back native gemm scratch (RSS falls)', () => {
    const first = matmul(a, a, { backend: 'native' });
    const grown = settled().rss;
    release();
    const after = settled().rss;
    // The scratch is 2 × 16 MB packed panels for this size; the trimmed heap may give back more.
    expect(grown - after).toBeGreaterThan(16 * MB);
    const again = matmul(a, a, { backend: 'native' }).data;
    expect(again.every((v, i) => v === first.data[i])).toBe(true); // (toEqual on 3.6 M entries takes ~30 s)
  });

  it.runIf(available.has('wasm'))('wasm drops a big instance by itself after 10 s idle, not before', () => {
    vi.useFakeTimers();
    release();
    matmul(a, a, { backend: 'wasm' });
    const grown = settled().external;
    vi.advanceTimersByTime(9_000);
    expect(grown - settled().external).toBeLessThan(8 * MB); // still held: used 9 s ago
    vi.advanceTimersByTime(2_000);
    expect(grown - settled().external).toBeGreaterThan(60 * MB);
  });
});

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
// wasm memory is measured as RSS: where wasm splits large calls across two threads its memory
// is a SharedArrayBuffer, which process.memoryUsage().external does not count, and whose pages
// go back once the helper thread has ended too — so a drop is looked for over half a second.
function rssDropWithin(grown: number, ms: number): number {
  let best = grown - settled().rss;
  for (let waited = 0; waited < ms && best <= 60 * MB; waited += 50) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50); // a real sleep, fake timers or not
    best = Math.max(best, grown - settled().rss);
  }
  return best;
}

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
    const grown = settled().rss;
    release();
    expect(rssDropWithin(grown, 500)).toBeGreaterThan(60 * MB);
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
    const grown = settled().rss;
    vi.advanceTimersByTime(9_000);
    expect(grown - settled().rss).toBeLessThan(8 * MB); // still held: used 9 s ago
    vi.advanceTimersByTime(2_000);
    expect(rssDropWithin(grown, 500)).toBeGreaterThan(60 * MB);
  });
});

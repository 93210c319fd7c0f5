/**
 * The addon keeps freed large blocks in the C heap (native/src/heap_retention.cc): on glibc it
 * sets malloc's mmap and trim thresholds when it loads, unless MMLKIT_HEAP_RETAIN=0. Each case
 * runs in a child process, since the setting is per process and made once.
 *
 * The behaviour checked is the one that matters: memory freed by a garbage collection (several
 * 8 MB ArrayBuffers at once, as V8 frees results) is reused by the next allocations instead of
 * being faulted in again page by page. Without the setting, glibc serves the second batch of
 * eight 8 MB arrays from fresh mappings (measured on Node 20 and 24: 16352-16366 page faults of
 * the batch's 16384 pages); with it the batch reuses the first's memory (1993-4079 faults).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { IN_CI } from '../helpers/ci.js';
import { addonPath } from '../helpers/native-addon.js';

// The addon the package loads here (a local build, the prebuild, or MMLKIT_NATIVE_PATH: the
// sanitizer build under scripts/sanitize.sh); the child processes require that file.
const addon = addonPath();
const glibc = process.platform === 'linux' && Boolean((process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime);
const runs = it.runIf((addon !== undefined || IN_CI) && glibc);

// Loads the addon, then three times: eight 8 MB arrays written in full, dropped, collected.
// Prints the addon's heap report and the page faults of the 2nd batch's writes (the first batch
// is fresh memory either way; by the 3rd, glibc's own heuristic has often caught up).
const child = `
const addon = require(${JSON.stringify(addon)});
const { heap, sanitizer } = addon.info();
const settle = () => { gc(); gc(); };
let faults = 0;
for (let batch = 0; batch < 3; batch++) {
  let keep = [];
  const before = process.resourceUsage().minorPageFault;
  for (let i = 0; i < 8; i++) keep.push(new Float64Array(1 << 20).fill(1));
  if (batch === 1) faults = process.resourceUsage().minorPageFault - before;
  keep = null;
  settle();
}
console.log(JSON.stringify({ heap, faults, sanitizer }));
`;

interface ChildReport {
  heap: { retained: boolean; why?: string; mmapThreshold?: number; trimThreshold?: number };
  faults: number;
  sanitizer: string;
}

function run(env: Record<string, string>): ChildReport {
  const r = spawnSync(process.execPath, ['--expose-gc', '-e', child], { env: { ...process.env, ...env }, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

describe('native: freed heap memory is kept for reuse', () => {
  runs('by default: the addon reports the thresholds, and a batch after a collection reuses the memory freed', () => {
    const { heap, faults, sanitizer } = run({});
    if (sanitizer.includes('address')) {
      // AddressSanitizer replaces malloc, and its mallopt refuses: reported, nothing changed.
      expect(heap).toEqual({ retained: false, why: "malloc refused the settings (a replacement allocator, such as a sanitizer's)" });
      return;
    }
    expect(heap).toEqual({ retained: true, mmapThreshold: 32 * 2 ** 20, trimThreshold: 128 * 2 ** 20 });
    // 64 MB = 16384 pages when fresh; reused memory does not fault.
    expect(faults).toBeLessThan(8192);
  });

  runs('MMLKIT_HEAP_RETAIN=0: malloc is left as it was, and the same batch faults its pages in again', () => {
    const { heap, faults } = run({ MMLKIT_HEAP_RETAIN: '0' });
    expect(heap).toEqual({ retained: false, why: 'MMLKIT_HEAP_RETAIN=0' });
    expect(faults).toBeGreaterThan(12000);
  });

  runs('MMLKIT_HEAP_RETAIN is read as MMLKIT_WASM_THREADS is: " 0 " turns it off, any other value leaves it on', () => {
    expect(run({ MMLKIT_HEAP_RETAIN: ' 0 ' }).heap).toEqual({ retained: false, why: 'MMLKIT_HEAP_RETAIN=0' });
    for (const v of ['1', '00', 'no', '0x', '']) {
      const { heap, sanitizer } = run({ MMLKIT_HEAP_RETAIN: v });
      // Under AddressSanitizer the setting is refused whatever the variable says (above).
      if (sanitizer.includes('address')) expect(heap.why, JSON.stringify(v)).toMatch(/refused/);
      else expect(heap.retained, JSON.stringify(v)).toBe(true);
    }
  });

  runs('a process whose environment sets malloc\'s thresholds keeps its own settings', () => {
    const envs: Record<string, string>[] = [{ GLIBC_TUNABLES: 'glibc.malloc.trim_threshold=1048576' }, { MALLOC_MMAP_THRESHOLD_: '65536' }];
    for (const env of envs) {
      expect(run(env).heap).toEqual({ retained: false, why: "malloc's thresholds were set by the environment" });
    }
  });
});

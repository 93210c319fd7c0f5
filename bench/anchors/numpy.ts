/**
 * numpy as an outside anchor, timed in a python3 subprocess on the same machine in the same
 * run. Optional: when python3 or numpy is missing the anchor is skipped with a note.
 */
import { spawnSync } from 'node:child_process';

/**
 * Times `stmt` after `setup` (Python source) and returns the median milliseconds, or a
 * reason string when numpy cannot run here.
 */
export function timeNumpy(setup: string, stmt: string, repeats = 5): number | string {
  const script = [
    'import time, numpy as np',
    'rng = np.random.default_rng(1)',
    setup,
    `f = lambda: ${stmt}`,
    'f()',
    'ts = []',
    `for _ in range(${repeats}):`,
    '    t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)',
    'ts.sort(); print(ts[len(ts) // 2] * 1000)',
  ].join('\n');
  const r = spawnSync('python3', ['-c', script], { encoding: 'utf8', timeout: 120_000 });
  if (r.error) return `python3 unavailable: ${r.error.message}`;
  if (r.status !== 0) return `numpy failed: ${r.stderr.trim().split('\n').pop()}`;
  return Number(r.stdout.trim());
}

/**
 * worker_threads terminated while they run native kernels must not take the process down: a
 * Node-API call that fails because the worker's environment is being torn down used to abort
 * the whole process ("terminate called after throwing an instance of 'Napi::Error'", seen in
 * `mmlkit pca` when a bad input stopped its worker pool). The stress script lives in its own
 * process so an abort shows up as its exit status instead of killing the test runner.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends.js';

const script = fileURLToPath(new URL('./terminate-stress.mjs', import.meta.url));
const entry = new URL('../../dist/src/entry/node.js', import.meta.url).href;
const native = BACKENDS.find((b) => b.name === 'native')!;

describe('native kernels under worker.terminate()', () => {
  it.runIf(native.available)('60 workers terminated mid-call (some calls throwing from the glue): the process survives', () => {
    const r = spawnSync(process.execPath, [script, entry, '60'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).not.toMatch(/terminate called|Aborted|FATAL/);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('survived 60');
  });
});

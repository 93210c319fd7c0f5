/**
 * The randomized method over shard/merge: `mmlkit pca --method randomized -k K --emit-state`,
 * then per pass `--shard i/n --pass-state S --emit P` for every shard and `mmlkit merge P...
 * --pass-state S --emit-state S'`; after the last pass the model, equal to the in-memory sketch
 * of all rows. Parts of another pass, data set or method, shards twice or missing, and a
 * merge with nowhere to put the next state are refused, writing nothing. In-process (~1 s).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MmlError, OptionError, PartMismatchError } from '../../src/errors.js';
import { Matrix } from '../../src/matrix.js';
import { writeNpy } from '../../src/io/npy.js';
import { RandomizedPcaSketch } from '../../src/pca/randomized-sketch.js';
import { initPassState, runSketchShardCommand } from '../../src/distributed/pass-state.js';
import { computeShard } from '../../src/distributed/shard.js';
import { runSketchMergeCommand } from '../../src/cli/merge.js';
import { cli, dataset, modelDifference, readModel, writeCsv } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mmlkit-passes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => join(dir, name);
const x = dataset(600, 6);
const SHARDS = 3;
const quiet = { print: () => {}, workers: 1 };
const options = { components: 2, oversamples: 2, powerIterations: 1, seed: 4 };

async function shardsOf(pass: number, state: string): Promise<string[]> {
  const parts: string[] = [];
  for (let i = 0; i < SHARDS; i++) {
    await runSketchShardCommand([at('all.csv')], { shard: { index: i, count: SHARDS }, passState: at(state), emit: at(`p${pass}-${i}.json`), ...quiet });
    parts.push(at(`p${pass}-${i}.json`));
  }
  return parts;
}

let pass0: string[] = [];
beforeAll(async () => {
  writeCsv(at('all.csv'), x);
  expect((await initPassState([at('all.csv')], { ...options, emitState: at('s0.json') })).passes).toBe(2);
  pass0 = await shardsOf(0, 's0.json');
});

describe('randomized method over shard/merge', () => {
  it('two passes of three shards give the model of the sketch of all rows', async () => {
    const first = runSketchMergeCommand(pass0.slice().reverse(), { passState: at('s0.json'), emitState: at('s1.json'), out: at('model'), print: () => {} });
    expect(first).toEqual({ done: false, pass: 1, passes: 2, rows: 600 });
    expect(existsSync(at('model'))).toBe(false);
    const pass1 = await shardsOf(1, 's1.json');
    const last = runSketchMergeCommand(pass1, { passState: at('s1.json'), out: at('model'), print: () => {} });
    expect(last.done).toBe(true);
    const sketch = new RandomizedPcaSketch(options, 6);
    while (!sketch.done) sketch.update(x).endPass();
    expect(modelDifference(readModel(at('model')), sketch.finish())).toBeLessThan(1e-10);
  });

  it('wide data (more columns than the covariance method takes) shards for the randomized method; the covariance part is refused', async () => {
    const d = 8300;
    const rows = new Matrix(3, d, Float64Array.from({ length: 3 * d }, (_, i) => Math.sin(i)));
    writeNpy(at('wide.npy'), rows);
    expect((await initPassState([at('wide.npy')], { components: 2, oversamples: 2, powerIterations: 0, emitState: at('wide-s0.json') })).passes).toBe(1);
    await runSketchShardCommand([at('wide.npy')], { shard: { index: 1, count: 2 }, passState: at('wide-s0.json'), emit: at('wide-p.json'), ...quiet });
    expect((JSON.parse(readFileSync(at('wide-p.json'), 'utf8')) as { rows: number }).rows).toBe(2);
    await expect(computeShard([at('wide.npy')], 0, 2, { workers: 1 })).rejects.toThrow(/at most 8192 columns with --method covariance/);
  });

  it('refuses parts of another pass, method or data set, a shard twice or missing; writes nothing', async () => {
    const merge = (parts: string[], state = 's1.json', emitState: string | null = at('never.json')) => () => runSketchMergeCommand(parts, { passState: at(state), emitState: emitState ?? undefined, out: at('never'), print: () => {} });
    if (!existsSync(at('s1.json'))) runSketchMergeCommand(pass0, { passState: at('s0.json'), emitState: at('s1.json'), out: at('unused'), print: () => {} });
    expect(merge(pass0)).toThrow(/p0-0\.json: is a part of pass 1; the state .*s1\.json is at pass 2 of 2/);
    expect(merge([pass0[0], pass0[1]], 's0.json')).toThrow(/shards missing: 2 of 3/);
    expect(merge([pass0[0], pass0[0], pass0[1]], 's0.json')).toThrow(/is shard 0\/3 again/);
    writeFileSync(at('cov.json'), JSON.stringify(await computeShard([at('all.csv')], 0, SHARDS, { workers: 1 })));
    expect(merge([at('cov.json')], 's0.json')).toThrow(/method "covariance": a covariance part is merged without --pass-state/);
    const other = JSON.parse(readFileSync(pass0[1], 'utf8'));
    other.settings.delimiter = ';';
    writeFileSync(at('other.json'), JSON.stringify(other));
    expect(merge([pass0[0], at('other.json')], 's0.json')).toThrow(PartMismatchError);
    expect(merge([pass0[0], at('other.json')], 's0.json')).toThrow(/other\.json: its settings differ from the state .*s0\.json's/);
    // Ending a pass with nowhere to put the next state: an OptionError, and no state written.
    expect(merge(pass0, 's0.json', null)).toThrow(OptionError);
    expect(merge(pass0, 's0.json', null)).toThrow(/option '--emit-state' must be where the state of pass 2 of 2 goes/);
    expect(existsSync(at('never.json'))).toBe(false);
    expect(existsSync(at('never'))).toBe(false);
  });

  it('refuses a damaged state, and files that are not the state\'s', async () => {
    const state = JSON.parse(readFileSync(at('s0.json'), 'utf8'));
    state.sketch.plan.basis = state.sketch.plan.basis.slice(0, 16);
    writeFileSync(at('bad-state.json'), JSON.stringify(state));
    expect(() => runSketchMergeCommand(pass0, { passState: at('bad-state.json'), emitState: at('x.json'), out: at('never'), print: () => {} })).toThrow(/bad-state\.json: RandomizedPcaPass\.fromJSON: basis/);
    writeCsv(at('narrow.csv'), new Matrix(50, 5, x.data.slice(0, 250)));
    await expect(runSketchShardCommand([at('narrow.csv')], { shard: { index: 0, count: 2 }, passState: at('s0.json'), emit: at('never.json'), ...quiet })).rejects.toThrow(MmlError);
    expect(existsSync(at('never.json'))).toBe(false);
  });

  it('by the command: usage errors exit 2', () => {
    const r = cli(['pca', 'all.csv', '-k', '2', '--emit-state', 's.json'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--emit-state starts the randomized method over shard\/merge: give --method randomized and -k/);
    expect(existsSync(at('s.json'))).toBe(false);
  });
});

/**
 * RandomizedPcaSketch.toJSON / fromJSON (`mmlkit-rpca-state`): a fit whose state goes through
 * JSON between every pass — or mid-pass, with the rows already fed — ends with the very model
 * of the fit that never left memory; a state that does not hold together is refused.
 */
import { describe, expect, it } from 'vitest';
import { FormatError, MmlError, ShapeError } from '../../src/errors.js';
import { Matrix } from '../../src/matrix.js';
import { RandomizedPcaSketch, type RandomizedPcaSketchJson } from '../../src/pca/randomized-sketch.js';
import { Rng } from '../../src/random.js';

const rng = new Rng(3);
const n = 300;
const d = 12;
const x = new Matrix(n, d, Float64Array.from({ length: n * d }, (_, i) => 5 + (i % d) * rng.normal() + rng.normal() * 0.1));
const chunks = [0, 70, 160, 300].slice(1).map((end, i, ends) => new Matrix(end - (i ? ends[i - 1] : 0), d, x.data.slice((i ? ends[i - 1] : 0) * d, end * d)));
const options = { components: 3, oversamples: 2, powerIterations: 2, seed: 7 };

function inMemory() {
  const s = new RandomizedPcaSketch(options, d);
  while (!s.done) {
    for (const c of chunks) s.update(c);
    s.endPass();
  }
  return s.finish();
}

describe('RandomizedPcaSketch state JSON', () => {
  it('between every pass and mid-pass: the same model, bit for bit', () => {
    const expected = inMemory();
    let s = new RandomizedPcaSketch(options, d);
    let passes = 0;
    while (!s.done) {
      s.update(chunks[0]);
      s = RandomizedPcaSketch.fromJSON(JSON.stringify(s)); // mid-pass: the first chunk's sums go along
      s.update(chunks[1]).update(chunks[2]);
      s.endPass();
      passes++;
      if (!s.done) {
        const before = JSON.stringify(s);
        s = RandomizedPcaSketch.fromJSON(JSON.parse(before) as RandomizedPcaSketchJson);
        expect(JSON.stringify(s)).toBe(before);
      }
    }
    expect(passes).toBe(3);
    const model = s.finish();
    expect(Array.from(model.explainedVariance)).toEqual(Array.from(expected.explainedVariance));
    expect(Array.from(model.components.data)).toEqual(Array.from(expected.components.data));
    expect(Array.from(model.mean)).toEqual(Array.from(expected.mean));
  });

  it("a restored state's plan is the same JSON text as the original's, key order included (the Redis engine names a pass's jobs by its hash)", () => {
    const s = new RandomizedPcaSketch(options, d).update(x).endPass();
    const restored = RandomizedPcaSketch.fromJSON(JSON.stringify(s));
    expect(JSON.stringify(restored.plan())).toBe(JSON.stringify(s.plan()));
  });

  it('partials from elsewhere merge into a restored state', () => {
    const s = RandomizedPcaSketch.fromJSON(JSON.stringify(new RandomizedPcaSketch(options, d)));
    const partial = s.plan().partial();
    for (const c of chunks) partial.update(c);
    s.merge(JSON.stringify(partial)).endPass();
    expect(s.pass).toBe(1);
    expect((JSON.parse(JSON.stringify(s)) as RandomizedPcaSketchJson).first!.n).toBe(n);
  });

  it('refuses a state that does not hold together, naming the field', () => {
    const good = JSON.parse(JSON.stringify(new RandomizedPcaSketch(options, d).update(x).endPass())) as RandomizedPcaSketchJson;
    const bad = (edit: (j: RandomizedPcaSketchJson) => void) => {
      const j = structuredClone(good);
      edit(j);
      return () => RandomizedPcaSketch.fromJSON(j);
    };
    expect(RandomizedPcaSketch.fromJSON(good).pass).toBe(1);
    expect(bad((j) => ((j as { format: string }).format = 'mmlkit-rpca-pass'))).toThrow(FormatError);
    expect(bad((j) => (j.first = null))).toThrow(/first must hold n, trace and mean from pass 2 on/);
    expect(bad((j) => (j.first!.mean = j.first!.mean.slice(0, 32)))).toThrow(/first\.mean must hold d = 12 finite numbers; got 3\b/); // 32 base64 characters: 3 doubles
    expect(bad((j) => (j.first!.mean = 'not base64!'))).toThrow(/first\.mean: /);
    expect(bad((j) => (j.components = 4))).toThrow(/components is 4 but the plan's is 3/);
    expect(bad((j) => (j.powerIterations = 5))).toThrow(/powerIterations is 5 but the plan's is 2/);
    expect(bad((j) => (j.plan.basis = 'AAAA'))).toThrow(FormatError);
    // The Krylov history: one block per pass done, of the declared size, finite.
    expect(good.krylov.widths).toEqual([good.plan.width]);
    expect(bad((j) => (j.krylov.widths = [3, 3]))).toThrow(/krylov\.widths must list at most 1 block widths/);
    expect(bad((j) => (j.krylov.basis = j.krylov.basis.slice(0, 32)))).toThrow(/krylov\.basis must hold \d+ × 12 finite numbers; got 3\b/);
    expect(bad((j) => (j.krylov.products = 'not base64!'))).toThrow(/krylov\.products: /);
    expect(bad((j) => ((j.krylov as { exhausted: unknown }).exhausted = 'no'))).toThrow(/krylov\.exhausted must be true or false/);
    expect(bad((j) => ((j as { krylov: unknown }).krylov = null))).toThrow(FormatError);
    // A partial of another pass (pass 0's, into pass 1's state).
    const pass0 = new RandomizedPcaSketch(options, d).update(chunks[0]);
    const stray = JSON.parse(JSON.stringify(pass0)).partial;
    expect(bad((j) => (j.partial = stray))).toThrow(ShapeError);
    try {
      bad((j) => (j.seed = 8))();
    } catch (err) {
      expect((err as FormatError).field).toBe('seed');
    }
  });

  it('has no state before d is known or after the last pass', () => {
    expect(() => JSON.stringify(new RandomizedPcaSketch(options))).toThrow(/number of features is not known yet/);
    const s = new RandomizedPcaSketch({ ...options, powerIterations: 0 }, d).update(x).endPass();
    expect(() => s.toJSON()).toThrow(MmlError);
    expect(() => s.toJSON()).toThrow(/all 1 passes are done; call finish\(\)/);
  });
});

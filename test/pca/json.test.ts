/**
 * JSON round trips: a model and an accumulator written with JSON.stringify and read back are
 * the same bit for bit, and behave the same; the accumulator format is the documented one.
 */
import { describe, expect, it } from 'vitest';
import { PcaAccumulator } from '../../src/pca/accumulator.js';
import { PcaModel } from '../../src/pca/model.js';
import { pca } from '../../src/pca/pca.js';
import { Matrix } from '../../src/matrix.js';
import { dataset } from './fixtures.js';

describe('PcaModel JSON', () => {
  const x = dataset('breast_cancer');

  it.each([false, true])('round-trips exactly (whiten: %s)', (whiten) => {
    const model = pca(x, { components: 0.999, whiten });
    const back = PcaModel.fromJSON(JSON.stringify(model));
    expect(back.toJSON()).toEqual(model.toJSON());
    expect(back.components.data).toEqual(model.components.data);
    expect(back.mean).toEqual(model.mean);
    expect(back.whiten).toBe(whiten);
    expect(back.transform(x).data).toEqual(model.transform(x).data);
    // also from the parsed object, not only from text
    expect(PcaModel.fromJSON(JSON.parse(JSON.stringify(model))).toJSON()).toEqual(model.toJSON());
  });

  it('writes the documented fields', () => {
    const json = pca([[0, 0], [2, 2], [4, 4]], { components: 1 }).toJSON();
    // The axis is (1, 1)/√2 to within an ulp (the eigensolver's last bit is not specified).
    expect(json.components[0][0]).toBeCloseTo(Math.SQRT1_2, 15);
    expect(json.components[0][1]).toBe(json.components[0][0]);
    expect({ ...json, components: [[Math.SQRT1_2, Math.SQRT1_2]] }).toEqual({
      format: 'mmlkit-pca-model',
      version: 1,
      nSamples: 3,
      nFeatures: 2,
      nComponents: 1,
      whiten: false,
      mean: [2, 2],
      components: [[Math.SQRT1_2, Math.SQRT1_2]],
      explainedVariance: [8],
      explainedVarianceRatio: [1],
      singularValues: [4],
      noiseVariance: 0,
    });
  });
});

describe('PcaAccumulator JSON', () => {
  const x = dataset('iris');

  it('round-trips exactly and keeps accumulating as the original would', () => {
    const first = new Matrix(100, 4, x.data.slice(0, 400));
    const rest = new Matrix(50, 4, x.data.slice(400));
    const acc = new PcaAccumulator().update(first);
    const back = PcaAccumulator.fromJSON(JSON.stringify(acc));
    expect(back.toJSON()).toEqual(acc.toJSON());
    expect(back.covariance().data).toEqual(acc.covariance().data);
    expect(back.update(rest).toJSON()).toEqual(acc.update(rest).toJSON());
  });

  it('is the documented format: base64 little-endian float64, lower triangle row by row', () => {
    const acc = new PcaAccumulator().update([[1, 2], [3, 6]]); // mean (2, 4), scatter [[2, 4], [4, 8]]
    const json = acc.toJSON();
    expect(json).toMatchObject({ format: 'mmlkit-pca-accumulator', version: 1, n: 2, d: 2, encoding: 'float64-le-base64' });
    const decode = (s: string) => Array.from(new Float64Array(new Uint8Array(Buffer.from(s, 'base64')).buffer));
    expect(decode(json.mean)).toEqual([2, 4]);
    expect(decode(json.scatter)).toEqual([2, 4, 8]);
  });

  it('an accumulator that has seen nothing round-trips (d unknown or given)', () => {
    expect(PcaAccumulator.fromJSON(new PcaAccumulator().toJSON()).features).toBeUndefined();
    const given = PcaAccumulator.fromJSON(JSON.stringify(new PcaAccumulator(3)));
    expect(given.features).toBe(3);
    expect(given.count).toBe(0);
    expect(given.update([[1, 2, 3], [4, 5, 6]]).count).toBe(2);
  });
});

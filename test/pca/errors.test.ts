/**
 * Every refusal is a typed error whose message names what was expected and what was given.
 */
import { describe, expect, it } from 'vitest';
import { FormatError, NonFiniteError, OptionError, ShapeError } from '../../src/errors.js';
import { PcaAccumulator } from '../../src/pca/accumulator.js';
import { PcaModel } from '../../src/pca/model.js';
import { pca } from '../../src/pca/pca.js';
import { backends, withBackend } from '../../src/backend/registry.js';
import { Matrix } from '../../src/matrix.js';
import { randomMatrix } from '../../src/random.js';
import { thrown } from '../helpers/thrown.js';

const X = [[1, 2, 3], [4, 5, 7], [7, 8, 8], [0, 1, 1]];


describe('pca() refuses', () => {
  it.each([0, -1, 1.5, 4, NaN, Infinity, 1, '2'])('components: %s outside 1..min(n, d) or (0, 1) (OptionError)', (k) => {
    if (k === 1) {
      expect(pca(X, { components: 1 }).nComponents).toBe(1); // 1 is an integer count, not 100 %
      return;
    }
    const err = thrown(() => pca(X, { components: k as number }));
    expect(err).toBeInstanceOf(OptionError);
    expect(err.message).toContain("option 'components'");
    if (k === 4) expect(err.message).toMatch(/at most min\(n, d\) = 3.*got 4/);
  });

  it('an unknown method, a non-boolean whiten', () => {
    expect(thrown(() => pca(X, { method: 'svd' as 'gram' })).message).toBe(`option 'method' must be 'auto', 'covariance', 'gram', 'truncated' or 'randomized'; got "svd"`);
    expect(thrown(() => pca(X, { whiten: 1 as unknown as boolean }))).toBeInstanceOf(OptionError);
  });

  it('fewer than 2 rows, or no columns (ShapeError)', () => {
    const one = thrown(() => pca([[1, 2, 3]]));
    expect(one).toBeInstanceOf(ShapeError);
    expect(one.message).toBe('pca: PCA needs at least 2 rows (variances divide by n − 1); got 1');
    expect(thrown(() => pca(new Matrix(5, 0)))).toBeInstanceOf(ShapeError);
  });

  it.each(['covariance', 'gram', 'truncated', 'randomized', 'auto'] as const)('NaN and Inf with their position (%s route)', (method) => {
    const err = thrown(() => pca([[1, 2, 3], [4, NaN, 6], [7, 8, 9]], { method, components: 1 })) as NonFiniteError;
    expect(err).toBeInstanceOf(NonFiniteError);
    expect(err.message).toBe('pca: entry (1, 1) is NaN; PCA needs finite values');
    expect(err.position).toEqual([1, 1]);
    const inf = thrown(() => pca([[1, 2], [Infinity, 3], [0, 0]], { method, components: 1 })) as NonFiniteError;
    expect(inf.position).toEqual([1, 0]);
  });

  it.each(backends().filter((b) => b.available).map((b) => b.name))('the first NaN/Inf of a large X on %s (the one colStats pass, threaded on native)', (backend) => {
    const x = randomMatrix(600, 500, 4);
    x.data[401 * 500 + 0] = Infinity;
    x.data[400 * 500 + 7] = NaN;
    for (const method of ['randomized', 'auto'] as const) {
      const err = thrown(() => withBackend(backend, () => pca(x, { method, components: 5 }))) as NonFiniteError;
      expect(err).toBeInstanceOf(NonFiniteError);
      expect(err.message).toBe('pca: entry (400, 7) is NaN; PCA needs finite values');
      expect(err.position).toEqual([400, 7]);
    }
  });
});

describe('PcaAccumulator refuses', () => {
  it('a chunk of the wrong width (ShapeError naming both)', () => {
    const acc = new PcaAccumulator().update([[1, 2, 3]]);
    const err = thrown(() => acc.update([[1, 2], [3, 4]])) as ShapeError;
    expect(err).toBeInstanceOf(ShapeError);
    expect(err.message).toBe('PcaAccumulator.update: chunk is 2×2; the accumulator holds rows of 3 features');
    expect(thrown(() => new PcaAccumulator(4).update([[1, 2, 3]]))).toBeInstanceOf(ShapeError);
  });

  it('NaN, naming the row in the chunk and the row overall, and stays unchanged', () => {
    const acc = new PcaAccumulator().update([[1, 2], [3, 4], [5, 7]]);
    const before = JSON.stringify(acc);
    const err = thrown(() => acc.update([[1, 1], [2, 2], [3, NaN]])) as NonFiniteError;
    expect(err).toBeInstanceOf(NonFiniteError);
    expect(err.message).toBe('PcaAccumulator.update: entry (2, 1) of the chunk (row 5 overall) is NaN; PCA needs finite values');
    expect(err.position).toEqual([2, 1]);
    expect(JSON.stringify(acc)).toBe(before);
  });

  it('a bad d, merging different widths, finishing with too few rows', () => {
    expect(thrown(() => new PcaAccumulator(0))).toBeInstanceOf(OptionError);
    expect(thrown(() => new PcaAccumulator(2.5))).toBeInstanceOf(OptionError);
    const merge = thrown(() => new PcaAccumulator().update([[1, 2]]).merge(new PcaAccumulator().update([[1, 2, 3]])));
    expect(merge).toBeInstanceOf(ShapeError);
    expect(merge.message).toBe('PcaAccumulator.merge: cannot merge rows of 3 features into an accumulator of 2');
    expect(thrown(() => new PcaAccumulator().update([[1, 2]]).finish()).message).toBe(
      'PcaAccumulator.finish: PCA needs at least 2 rows (variances divide by n − 1); got 1',
    );
    expect(thrown(() => new PcaAccumulator().update(X).finish({ components: 5 }))).toBeInstanceOf(OptionError);
  });
});

describe('PcaAccumulator.fromJSON refuses (FormatError naming the field)', () => {
  const good = new PcaAccumulator().update(X).toJSON();
  const cases: [string, Record<string, unknown>, string][] = [
    ['format', { ...good, format: 'other' }, 'format must be "mmlkit-pca-accumulator"; got "other"'],
    ['version', { ...good, version: 2 }, 'version 2 is not supported (this mmlkit reads version 1)'],
    ['encoding', { ...good, encoding: 'json' }, 'encoding must be "float64-le-base64"; got "json"'],
    ['n', { ...good, n: -1 }, 'n must be an integer ≥ 0; got -1'],
    ['d', { ...good, d: 2.5 }, 'd must be an integer ≥ 1 or null; got 2.5'],
    ['mean', { ...good, mean: Buffer.from(new Float64Array([1]).buffer).toString('base64') }, 'mean holds 1 numbers; d = 3 needs 3'],
    ['mean', { ...good, mean: 'AAAA' }, 'mean: 3 bytes is not a whole number of float64 values'],
    ['scatter', { ...good, scatter: `!${good.scatter.slice(1)}` }, 'scatter: invalid base64 character "!" at offset 0'],
    ['scatter', { ...good, scatter: 7 }, 'scatter must be a base64 string; got 7'],
  ];
  it.each(cases)('%s: %j', (field, json, message) => {
    const err = thrown(() => PcaAccumulator.fromJSON(json)) as FormatError;
    expect(err).toBeInstanceOf(FormatError);
    expect(err.field).toBe(field);
    expect(err.message).toBe(`PcaAccumulator.fromJSON: ${message}`);
  });

  it('non-finite numbers and a negative scatter diagonal', () => {
    const nan = Buffer.from(new Float64Array([1, NaN, 3]).buffer).toString('base64');
    expect((thrown(() => PcaAccumulator.fromJSON({ ...good, mean: nan })) as FormatError).message).toBe('PcaAccumulator.fromJSON: mean[1] is NaN');
    const neg = Buffer.from(new Float64Array([1, 0, -2, 0, 0, 1]).buffer).toString('base64');
    expect((thrown(() => PcaAccumulator.fromJSON({ ...good, scatter: neg })) as FormatError).field).toBe('scatter');
  });

  it('text that is not JSON, or not an object', () => {
    expect(thrown(() => PcaAccumulator.fromJSON('{oops'))).toBeInstanceOf(FormatError);
    expect(thrown(() => PcaAccumulator.fromJSON('[1, 2]')).message).toBe('PcaAccumulator.fromJSON: expected a JSON object; got an array of length 2');
  });
});

describe('PcaModel refuses', () => {
  const model = pca(X, { components: 2 });

  it('transform / inverseTransform of the wrong width, or with NaN', () => {
    const err = thrown(() => model.transform([[1, 2]]));
    expect(err).toBeInstanceOf(ShapeError);
    expect(err.message).toBe('PcaModel.transform: X is 1×2; the model needs 3 columns (features)');
    expect(thrown(() => model.inverseTransform([[1, 2, 3]])).message).toBe(
      'PcaModel.inverseTransform: Z is 1×3; the model needs 2 columns (components)',
    );
    const nan = thrown(() => model.transform([[1, 2, 3], [1, NaN, 0]])) as NonFiniteError;
    expect(nan).toBeInstanceOf(NonFiniteError);
    expect(nan.position).toEqual([1, 1]);
  });

  it('bad JSON (FormatError naming the field)', () => {
    const good = model.toJSON();
    const bad = (patch: Record<string, unknown>) => thrown(() => PcaModel.fromJSON({ ...good, ...patch })) as FormatError;
    expect(bad({ version: 0 }).field).toBe('version');
    expect(bad({ format: 'x' }).field).toBe('format');
    expect(bad({ components: [good.components[0]] }).message).toBe('PcaModel.fromJSON: components must be an array of 2 rows; got an array of length 1');
    expect(bad({ components: [good.components[0], [1, 2]] }).field).toBe('components[1]');
    expect(bad({ mean: [1, 2, null] }).message).toBe('PcaModel.fromJSON: mean[2] must be a finite number; got null');
    expect(bad({ explainedVariance: [1, -1] }).field).toBe('explainedVariance');
    expect(bad({ nComponents: 4 }).field).toBe('nComponents');
    expect(bad({ whiten: 'no' }).field).toBe('whiten');
    expect(bad({ noiseVariance: -1 }).field).toBe('noiseVariance');
  });
});

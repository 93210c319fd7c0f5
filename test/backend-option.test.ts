/**
 * The per-call `{ backend }` option (issue #11): every function that runs kernels takes it, runs
 * that call (and what it calls) on that backend, gives what withBackend gives, and leaves the
 * process-wide choice alone. Functions that had no options now take `{ backend }` and refuse
 * any other key.
 */
import { describe, expect, it } from 'vitest';
import * as mml from '../src/entry/node.js';
import { randomMatrix } from '../src/random.js';
import { BACKENDS } from './helpers/backends.js';

const A = randomMatrix(70, 70, 1);
const S = mml.matmul(mml.transpose(A), A);
const X = randomMatrix(150, 9, 2);
const y = Float64Array.from({ length: 150 }, (_, i) => i % 3);

/** [function, arguments before the options, extra options]. */
const CALLS: [string, unknown[], object?][] = [
  ['matmul', [A, A]],
  ['solve', [A, X.data.subarray(0, 70)]],
  ['inv', [A]],
  ['det', [A]],
  ['slogdet', [A]],
  ['lu', [A]],
  ['cholesky', [S]],
  ['qr', [A]],
  ['svd', [A], { vectors: false }],
  ['pinv', [X]],
  ['cond', [A]],
  ['rank', [X]],
  ['isSingular', [A]],
  ['rowEchelon', [randomMatrix(12, 12, 3)]],
  ['gramSchmidt', [randomMatrix(12, 6, 4)]],
  ['changeBasis', [A, S]],
  ['reflectionMatrix', [randomMatrix(5, 5, 5)]],
  ['transformPoints', [A, randomMatrix(70, 4, 6)]],
  ['eigh', [S]],
  ['eig', [randomMatrix(10, 10, 7)]],
  ['pageRank', [mml.linkMatrix([[0, 1, 1], [1, 0, 1], [1, 0, 0]])]],
  ['powerIteration', [S]],
  ['mean', [X]],
  ['cov', [X]],
  ['affineCov', [mml.cov(X), randomMatrix(4, 9, 8)]],
  ['standardize', [X]],
  ['projectionMatrix', [randomMatrix(9, 3, 9)]],
  ['project', [X, randomMatrix(9, 3, 9)]],
  ['leastSquares', [X, y]],
  ['pairwiseDistances', [X, undefined]],
  ['nearestNeighbors', [randomMatrix(5, 9, 10), X, 3]],
  ['knn', [X, y, randomMatrix(5, 9, 10), 3]],
  ['pca', [X], { components: 2 }],
];

const fns = mml as unknown as Record<string, (...a: unknown[]) => unknown>;
const names = BACKENDS.filter((b) => b.available).map((b) => b.name);

function plain(v: unknown): string {
  return JSON.stringify(v, (_, x) => (ArrayBuffer.isView(x) ? Array.from(x as unknown as ArrayLike<number>) : x instanceof mml.PcaModel ? x.toJSON() : x));
}

describe.each(names)('{ backend: %s }', (backend) => {
  it.each(CALLS)('%s runs on it and gives what withBackend gives', (fn, args, extra = {}) => {
    const before = mml.getBackend();
    const expected = mml.withBackend(backend, () => fns[fn](...args, { ...extra }));
    mml.withBackend('ts', () => fns.matmul([[1]], [[1]])); // a dispatch elsewhere, so the next check means something
    const got = fns[fn](...args, { ...extra, backend });
    expect(plain(got)).toBe(plain(expected));
    const ran = mml.lastDispatch();
    // Every call above runs at least one kernel; its last one ran where it was pinned (or on ts
    // for a kernel that backend lacks).
    expect([backend, 'ts']).toContain(ran!.backend);
    if (backend === 'ts') expect(ran!.backend).toBe('ts');
    expect(mml.getBackend()).toBe(before);
  });
});

describe('the backend option is checked', () => {
  it('a bad name is an OptionError naming the function and the option', () => {
    const e = (() => {
      try {
        mml.svd(A, { backend: 'gpu' as never });
      } catch (x) {
        return x;
      }
    })() as mml.OptionError;
    expect(e).toBeInstanceOf(mml.OptionError);
    expect([e.fn, e.option, e.value]).toEqual(['svd', 'backend', 'gpu']);
  });

  it('functions without options of their own refuse any other key', () => {
    expect(() => mml.det(A, { tol: 1 } as never)).toThrow(mml.OptionError);
    expect(() => mml.matmul(A, A, 3 as never)).toThrow(mml.OptionError);
  });

  it('backend: undefined means the current choice', () => {
    expect(plain(mml.det(A, { backend: undefined }))).toBe(plain(mml.det(A)));
  });

  it('a pinned call inside a withBackend scope wins, and the scope is back after it', () => {
    mml.withBackend('ts', () => {
      mml.matmul(A, A, { backend: names[0] });
      expect([names[0], 'ts']).toContain(mml.lastDispatch()!.backend);
      expect(mml.getBackend()).toBe('ts');
    });
  });
});
